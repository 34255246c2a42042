"""Schema use cases: which revision the database is at, and upgrading it to this code's."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from assess.services.actor import Actor
from assess.storage import migrations
from assess.storage.migrations import SchemaState


def schema_state(*, engine: Engine) -> SchemaState:
    """The database's schema revision, read without writing. Anyone who can open the database
    may ask: it names a revision, no person or rating."""
    return migrations.state(engine)


def schema_verdict(found: SchemaState) -> str:
    """What `found` means for this code, in words (the `db current` line after the URL)."""
    newest = migrations.head()
    if found.revision is None:
        return f"no schema yet (the first command or page creates revision {newest})"
    if not migrations.known(found.revision):
        return f"revision {found.revision}, newer than this code's {newest}"
    if found.revision != newest:
        return f"{found.describe()}, older than this code's {newest}: run `db upgrade`"
    if not found.recorded:
        return f"{found.describe()}, up to date (`db upgrade` records the revision)"
    return f"{found.describe()}, up to date"


def upgrade_schema(*, actor: Actor, engine: Engine) -> tuple[SchemaState, SchemaState]:
    """Bring the database to this code's newest revision (a new one is created) in one
    transaction under the schema lock; the state before and after. Admins only."""
    actor.may("schema.upgrade")
    return migrations.upgrade(engine)
