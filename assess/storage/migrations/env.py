"""Alembic's environment: runs the revisions in versions/ on the connection the caller gives.

`assess.storage.migrations.upgrade` hands over a connection that already holds the schema lock
and an open transaction; Alembic then neither commits nor opens connections of its own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from assess.storage.db import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "run migrations with `python -m assess db upgrade`, which locks the database first"
    )
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite: rebuilt tables (batch mode) keep the constraint names the models give them.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
