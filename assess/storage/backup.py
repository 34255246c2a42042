"""Copies of a SQLite database: SQLite's online backup API out to a file and back in, with the
checks that a file is a CTO Assess database this version can read."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import Engine

from assess.storage import migrations
from assess.storage.db import TABLES, StoreError, display_url, sqlite_connection

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
# Pages copied per step of the backup API; between steps other connections may write.
_PAGES_PER_STEP: Final = 1024


@dataclass(frozen=True)
class Contents:
    """How many rows a database file holds, as the backup and restore messages show them."""

    candidates: int
    scorecards: int
    ratings: int
    audit_rows: int
    bytes: int
    # The schema revision the file is at ("0001" for a file made before migrations).
    revision: str = migrations.BASELINE


def _count(connection: sqlite3.Connection, path: Path, revision: str) -> Contents:
    candidates, scorecards, ratings, audit_rows = (
        int(connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0])
        for table in TABLES
    )
    return Contents(
        candidates, scorecards, ratings, audit_rows, bytes=path.stat().st_size, revision=revision
    )


def check_backup(path: Path, *, folder: Path = migrations.FOLDER) -> Contents:
    """What `path` holds, or a StoreError `FILE: reason` when it is not a CTO Assess database
    (not SQLite, damaged, a table missing; at this code's newest revision, a column missing or
    unknown) or comes from a newer schema (a revision the scripts in `folder` do not have).
    A file at an older revision passes: `db upgrade` brings it up to date after the restore."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if magic != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a CTO Assess backup (not a SQLite database file)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open: {exc}") from exc
    try:
        revision, problem = _schema_problem(connection, folder)
        if problem:
            raise StoreError(f"{path}: {problem}")
        return _count(connection, path, revision)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a readable SQLite database: {exc}") from exc
    finally:
        connection.close()


def _schema_problem(connection: sqlite3.Connection, folder: Path) -> tuple[str, str]:
    """The file's schema revision, and what is wrong with it ("" when nothing is)."""
    (check,) = connection.execute("PRAGMA quick_check").fetchone()
    if check != "ok":
        return "", f"damaged SQLite database ({check})"
    tables = {
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    revision = migrations.BASELINE
    if migrations.VERSION_TABLE in tables:
        found = [
            r for (r,) in connection.execute(f"SELECT version_num FROM {migrations.VERSION_TABLE}")
        ]
        if len(found) != 1:
            return "", f"not a CTO Assess database ({len(found)} schema revisions recorded)"
        revision = str(found[0])
        if not migrations.known(revision, folder):
            return revision, (
                f"made by a newer CTO Assess (schema revision {revision}; this version knows "
                f"revisions up to {migrations.head(folder)}): upgrade CTO Assess to restore it"
            )
    for table in TABLES:
        if table.name not in tables:
            return revision, f"not a CTO Assess database (no table {table.name})"
    if revision != migrations.head(folder):
        return revision, ""  # older: its columns are those of its own revision
    for table in TABLES:
        columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
        missing = sorted(set(table.c.keys()) - columns)
        if missing:
            return (
                revision,
                f"not a CTO Assess database (table {table.name} has no column {missing[0]})",
            )
        extra = sorted(columns - set(table.c.keys()))
        if extra:
            return revision, (
                f"not a CTO Assess database at schema revision {revision} (table {table.name} "
                f"has a column {extra[0]} that revision does not have)"
            )
    return revision, ""


def backup_to(engine: Engine, target: Path) -> Contents:
    """Copy the engine's SQLite database to the new file `target` with SQLite's online backup
    API: a consistent snapshot even while the app and imports write. The copy is one
    self-contained file (rollback journal, not WAL), readable by its owner only, and appears
    under its name only once complete."""
    if engine.dialect.name != "sqlite":
        raise StoreError(
            f"{display_url(engine.url)} is PostgreSQL: back it up with pg_dump "
            "(pg_dump -Fc -f FILE DBNAME) and restore it with pg_restore"
        )
    if target.exists():
        raise StoreError(f"{target}: already exists; name a new file")
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        copy = sqlite3.connect(partial)
        try:
            with sqlite_connection(engine) as source:
                source.backup(copy, pages=_PAGES_PER_STEP)
            copy.execute("PRAGMA journal_mode = DELETE")
            # The copy's own schema check also proves it readable before it gets its name.
            revision, _ = _schema_problem(copy, migrations.FOLDER)
            contents = _count(copy, partial, revision)
        finally:
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StoreError(f"{target}: cannot write the backup: {reason}") from exc
    return contents


def restore_from(engine: Engine, source: Path, *, folder: Path = migrations.FOLDER) -> Contents:
    """Replace everything in the engine's SQLite database with the backup `source`, after
    `check_backup`. The backup API writes through SQLite's locks, in place: connections open
    elsewhere (the app) see one more commit and read the restored data."""
    if engine.dialect.name != "sqlite":
        raise StoreError(
            f"{display_url(engine.url)} is PostgreSQL: restore a pg_dump backup with pg_restore"
        )
    contents = check_backup(source, folder=folder)
    try:
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            with sqlite_connection(engine) as target:
                backup.backup(target, pages=_PAGES_PER_STEP)
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: cannot restore into {display_url(engine.url)}: {exc}") from exc
    return contents
