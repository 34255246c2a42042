"""The command line: click commands over the services, one option set and one error path."""
