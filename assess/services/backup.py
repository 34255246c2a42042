"""Backups as use cases: a consistent copy of the database, and putting one back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from assess.services.actor import Actor
from assess.storage import migrations
from assess.storage.backup import Contents, backup_to, restore_from


def backup_database(*, actor: Actor, engine: Engine, target: Path) -> Contents:
    """Copy the SQLite database to the new file `target` while it stays in use; a StoreError
    for PostgreSQL (pg_dump does that) or when `target` exists or cannot be written."""
    actor.may("database.backup")
    return backup_to(engine, target)


def restore_database(
    *, actor: Actor, engine: Engine, source: Path, folder: Path = migrations.FOLDER
) -> Contents:
    """Replace the SQLite database's whole content with the backup `source`; a StoreError,
    with nothing changed, when `source` is not a CTO Assess database or is from a newer schema
    (a revision the migration scripts in `folder` do not have). A backup at an older revision
    is restored as it is; `db upgrade` then brings it up to date."""
    actor.may("database.restore")
    return restore_from(engine, source, folder=folder)
