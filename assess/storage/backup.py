"""Copies of a SQLite database: SQLite's online backup API out to a file and back in, with the
checks that a file is a CTO Assess database this version can read."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import Engine

from assess.storage.db import TABLES, StoreError, display_url, sqlite_connection

SQLITE_MAGIC: Final = b"SQLite format 3\x00"
# Alembic's bookkeeping table, present once the schema has migrations.
ALEMBIC_TABLE: Final = "alembic_version"
MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION_LINE: Final = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.M)
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


def known_revisions(folder: Path = MIGRATIONS_DIR) -> frozenset[str]:
    """The Alembic revisions this code ships (none before the schema has migrations)."""
    if not folder.is_dir():
        return frozenset()
    found: set[str] = set()
    for script in folder.glob("*.py"):
        found.update(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
    return frozenset(found)


def _count(connection: sqlite3.Connection, path: Path) -> Contents:
    candidates, scorecards, ratings, audit_rows = (
        int(connection.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0])
        for table in TABLES
    )
    return Contents(candidates, scorecards, ratings, audit_rows, bytes=path.stat().st_size)


def check_backup(path: Path, *, revisions: frozenset[str] | None = None) -> Contents:
    """What `path` holds, or a StoreError `FILE: reason` when it is not a CTO Assess database
    (not SQLite, damaged, tables or columns missing) or comes from a newer schema (a table or
    column this code does not know, or an Alembic revision it does not ship)."""
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
        problem = _schema_problem(connection, revisions)
        if problem:
            raise StoreError(f"{path}: {problem}")
        return _count(connection, path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a readable SQLite database: {exc}") from exc
    finally:
        connection.close()


def _schema_problem(connection: sqlite3.Connection, revisions: frozenset[str] | None) -> str:
    (check,) = connection.execute("PRAGMA quick_check").fetchone()
    if check != "ok":
        return f"damaged SQLite database ({check})"
    tables = {
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    for table in TABLES:
        if table.name not in tables:
            return f"not a CTO Assess database (no table {table.name})"
        columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
        missing = sorted(set(table.c.keys()) - columns)
        if missing:
            return f"not a CTO Assess database (table {table.name} has no column {missing[0]})"
        extra = sorted(columns - set(table.c.keys()))
        if extra:
            return (
                f"made by a newer CTO Assess (table {table.name} has a column {extra[0]} this "
                "version does not know): upgrade CTO Assess to restore it"
            )
    if ALEMBIC_TABLE in tables:
        known = known_revisions() if revisions is None else revisions
        for (revision,) in connection.execute(f"SELECT version_num FROM {ALEMBIC_TABLE}"):
            if revision not in known:
                return (
                    f"made by a newer CTO Assess (schema revision {revision}, which this "
                    "version does not know): upgrade CTO Assess to restore it"
                )
    return ""


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
            contents = _count(copy, partial)
        finally:
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StoreError(f"{target}: cannot write the backup: {reason}") from exc
    return contents


def restore_from(
    engine: Engine, source: Path, *, revisions: frozenset[str] | None = None
) -> Contents:
    """Replace everything in the engine's SQLite database with the backup `source`, after
    `check_backup`. The backup API writes through SQLite's locks, in place: connections open
    elsewhere (the app) see one more commit and read the restored data."""
    if engine.dialect.name != "sqlite":
        raise StoreError(
            f"{display_url(engine.url)} is PostgreSQL: restore a pg_dump backup with pg_restore"
        )
    contents = check_backup(source, revisions=revisions)
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
