"""What every command shares: the --db/--rubric/--actor options, one error path, the engine."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from sqlalchemy.engine import Engine

from assess.domain.rubric import DEFAULT_RUBRIC_DIR, Rubric, RubricError, load_rubric
from assess.imports.csv_file import ImportFailed
from assess.services.actor import Actor
from assess.storage.db import StoreError, open_database

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db", "db_url", default=None, help="Database URL (default: $ASSESS_DATABASE_URL or SQLite)."
)
search_option = click.option(
    "--search",
    "search_id",
    type=int,
    default=None,
    help="A search id (see `search list`): its scorecards and target profile only.",
)
# who a change is recorded under in the history; the system user when not given
actor_option = click.option(
    "--actor", default=None, help="Who acts, for the history (default: the system user)."
)
rubric_option = click.option(
    "--rubric",
    "--dir",
    "rubric_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_RUBRIC_DIR,
    show_default=False,
    help="Rubric folder (default: the shipped rubrics/).",
)


def fail(lines: list[str]) -> NoReturn:
    """Print each problem on stderr and exit 1 (invalid input, nothing written)."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


@contextmanager
def errors(prefix: str = "") -> Iterator[None]:
    """The one error path: a domain error becomes its lines on stderr and exit 1."""
    try:
        yield
    except (ImportFailed, RubricError) as exc:
        fail(exc.problems)
    except StoreError as exc:
        fail([f"{prefix}{exc}"])


class Group(click.Group):
    """The command group: a database error that got past every check ends the command with
    one sentence on stderr and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from assess.storage.db import DatabaseFailure, database_error

        try:
            return super().invoke(ctx)
        except DatabaseFailure as exc:
            fail([str(database_error(exc))])


def rubric_or_exit(folder: Path) -> Rubric:
    """The rubric in `folder`, or exit 1 with one `file: location: message` line per problem."""
    with errors():
        return load_rubric(folder)
    raise AssertionError("unreachable")  # pragma: no cover - errors() exits


@contextmanager
def database(db_url: str | None, prefix: str = "") -> Iterator[Engine]:
    """The engine of --db (or $ASSESS_DATABASE_URL), disposed at the end; StoreError exits 1."""
    with errors(prefix):
        engine = open_database(db_url)
        try:
            yield engine
        finally:
            engine.dispose()


def cli_actor(name: str | None) -> Actor:
    """Who runs the command, for the audit trail: --actor, else the operating-system user."""
    if name and name.strip():
        return Actor(name.strip(), "cli")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container) and no $USER
        user = "cli"
    return Actor(user or "cli", "cli")
