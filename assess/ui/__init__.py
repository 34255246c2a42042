"""The Streamlit side of CTO Assess: one module per page, shared widgets, the cache wrappers."""
