"""The use cases: each takes the acting person and its dependencies, and owns its transaction."""
