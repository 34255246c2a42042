"""Schema revisions (Alembic): which revision a database is at, and upgrading it under a lock.

Policy: opening a database never changes its schema, with one exception. A database with no
tables at all is brought to the newest revision at once (so the first command or page just
works). A database at an older revision is refused with one sentence that says to run
`python -m assess db upgrade`; one at a revision this code does not know is refused too. A
database made before migrations existed (the four tables, no `alembic_version`) counts as
revision 0001; `db upgrade` records that and applies what came after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from assess.storage.db import TABLES, StoreError, display_url, transaction

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic itself is imported only to upgrade or write a revision: opening a database that is
# up to date needs the revision list alone, and importing Alembic costs a reader ~0.2 s.

FOLDER: Final = Path(__file__).resolve().parent
# The revision a database made before migrations is taken to be at.
BASELINE: Final = "0001"
VERSION_TABLE: Final = "alembic_version"
# PostgreSQL advisory lock taken around every upgrade, so that processes starting together on
# an empty database create the schema once (the others wait, then find it made).
SCHEMA_LOCK: Final = 0x41535353  # "ASSS"
_APP_TABLES: Final = frozenset(table.name for table in TABLES)


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: `revision` None = no schema yet; `recorded` False = made before
    migrations (no `alembic_version` row, taken to be BASELINE)."""

    revision: str | None
    recorded: bool

    def describe(self) -> str:
        """The state in words, e.g. "revision 0001" or "no schema"."""
        if self.revision is None:
            return "no schema"
        if not self.recorded:
            return f"revision {self.revision} (made before migrations)"
        return f"revision {self.revision}"


def config(connection: Connection | None = None, *, folder: Path = FOLDER) -> Config:
    """Alembic's configuration, in code: the scripts in `folder` (this one), run on
    `connection`."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(folder))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def revisions(folder: Path = FOLDER) -> list[str]:
    """Every revision, oldest first: NNNN for each versions/NNNN_<slug>.py, where revision NNNN
    revises NNNN - 1 (new_revision writes them so; a test holds Alembic's reading to this)."""
    return sorted(path.name[:4] for path in (folder / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def head(folder: Path = FOLDER) -> str:
    """The newest revision this code knows."""
    found = revisions(folder)
    assert found, "versions/ holds no revision"
    return found[-1]


def known(revision: str, folder: Path = FOLDER) -> bool:
    """Whether this code has the script of `revision`."""
    return revision in revisions(folder)


def new_revision(message: str, *, folder: Path = FOLDER) -> Path:
    """Write the next revision's file, versions/NNNN_<message>.py (NNNN one more than the
    newest), from script.py.mako, revising the newest; returns its path. Fill in its upgrade()."""
    from alembic import command

    found = revisions(folder)
    number = int(found[-1]) + 1 if found else 1
    made = command.revision(
        config(folder=folder), message=message, rev_id=f"{number:04d}", head="head"
    )
    assert not isinstance(made, list) and made is not None
    return Path(made.path)


def read_state(connection: Connection) -> SchemaState:
    """The schema state, read without writing anything (no lock beyond a reader's)."""
    where = display_url(connection.engine.url)
    names = set(inspect(connection).get_table_names())
    if VERSION_TABLE in names:
        rows = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
        if len(rows) > 1:
            raise StoreError(
                f"the database at {where} records {len(rows)} schema revisions "
                f"({', '.join(sorted(rows))}); CTO Assess keeps one line of revisions"
            )
        if rows:
            return SchemaState(revision=str(rows[0]), recorded=True)
    ours = names & _APP_TABLES
    if not ours:
        return SchemaState(revision=None, recorded=False)
    if ours != _APP_TABLES:
        raise StoreError(
            f"the database at {where} has the tables {', '.join(sorted(ours))} but not "
            f"{', '.join(sorted(_APP_TABLES - ours))}: it is not a CTO Assess database"
        )
    return SchemaState(revision=BASELINE, recorded=False)


def state(engine: Engine) -> SchemaState:
    """The schema state of `engine`'s database, read in a read-only transaction."""
    with transaction(engine, readonly=True) as session:
        return read_state(session.connection())


def _newer(engine: Engine, revision: str, folder: Path = FOLDER) -> StoreError:
    return StoreError(
        f"the database at {display_url(engine.url)} is at schema revision {revision}, which "
        f"this code does not know (its newest is {head(folder)}): use the release that "
        "upgraded it"
    )


def _older(engine: Engine, found: SchemaState) -> StoreError:
    return StoreError(
        f"the database at {display_url(engine.url)} is at schema {found.describe()}, older "
        f"than this code's {head()}: back it up and run "
        f"`python -m assess db upgrade --db {display_url(engine.url)}`"
    )


def ensure_ready(engine: Engine) -> None:
    """Check that the database is at the newest revision; an empty one is upgraded to it.

    Raises StoreError (one sentence) for an older or unknown revision. A database already at the
    newest revision is only read: this never waits for or blocks another process's writes.
    """
    found = state(engine)
    if found.revision is None:
        upgrade(engine)
        return
    if not known(found.revision):
        raise _newer(engine, found.revision)
    if found.revision != head():
        raise _older(engine, found)


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other upgrade or (on SQLite) writer can enter.

    SQLite: BEGIN IMMEDIATE (the engine's begin hook) with foreign key enforcement off, so a
    table rebuilt by a revision does not cascade its drop to the rows referring to it; every
    reference is checked before the commit instead. PostgreSQL: an advisory transaction lock.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        if sqlite:
            # Only takes effect outside a transaction, so before BEGIN.
            raw.cursor().execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                if not sqlite:
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK}
                    )
                yield connection
                if sqlite:
                    broken = sorted(
                        {
                            f"{row[0]} -> {row[2]}"
                            for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
                        }
                    )
                    if broken:
                        raise StoreError(
                            f"cannot upgrade the database at {display_url(engine.url)}: the "
                            f"revisions left rows referring to missing ones ({', '.join(broken)});"
                            " nothing was changed"
                        )
        finally:
            if sqlite:
                raw.cursor().execute("PRAGMA foreign_keys = ON")


def upgrade(
    engine: Engine, target: str = "head", *, folder: Path = FOLDER
) -> tuple[SchemaState, SchemaState]:
    """Bring the database to `target` (default: the newest revision of the scripts in
    `folder`) in one transaction, under the schema lock; returns the state before and after.
    Running it again changes nothing.

    The state is read again once the lock is held, so of several processes upgrading at once
    one does the work and the others find it done. A database made before migrations is first
    recorded as BASELINE.
    """
    from alembic import command
    from alembic.util import CommandError

    try:
        with _schema_lock(engine) as connection:
            before = read_state(connection)
            if before.revision is not None and not known(before.revision, folder):
                raise _newer(engine, before.revision, folder)
            cfg = config(connection, folder=folder)
            if before.revision is not None and not before.recorded:
                command.stamp(cfg, BASELINE)
            command.upgrade(cfg, target)
            after = read_state(connection)
    except DBAPIError as exc:
        reason = exc.orig if exc.orig is not None else exc
        first = (str(reason).strip().splitlines() or [type(reason).__name__])[0]
        raise StoreError(
            f"cannot upgrade the database at {display_url(engine.url)}: {first}"
        ) from exc
    except CommandError as exc:
        raise StoreError(
            f"cannot upgrade the database at {display_url(engine.url)}: {exc}"
        ) from exc
    return before, after
