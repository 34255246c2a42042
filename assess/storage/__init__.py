"""Persistence: SQLAlchemy tables, the engine, queries, the change watch and migrations."""
