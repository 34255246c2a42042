"""The `backup` and `restore` commands: a consistent copy of a SQLite database, and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import Engine

from assess.cli.common import cli_actor, db_option, errors
from assess.storage import migrations
from assess.storage.backup import Contents
from assess.storage.db import StoreError, database_url, display_url, make_engine, sqlite_file


@contextmanager
def _engine(db_url: str | None) -> Iterator[Engine]:
    """The engine of --db as it is: a backup must not create tables, nor a restore before it
    checked the file. Disposed at the end; a StoreError exits 1."""
    with errors():
        engine = make_engine(database_url(db_url))
        try:
            yield engine
        finally:
            engine.dispose()


def _rows(contents: Contents) -> str:
    return (
        f"{contents.candidates} candidates, {contents.scorecards} scorecards, "
        f"{contents.ratings} ratings, {contents.audit_rows} audit rows, {contents.bytes} bytes"
    )


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def backup_command(file: Path, db_url: str | None) -> None:
    """Copy the SQLite database to the new FILE while the app keeps running (SQLite's online
    backup API: a consistent snapshot). For PostgreSQL use pg_dump."""
    from assess.services.backup import backup_database

    with _engine(db_url) as engine:
        path = sqlite_file(engine.url)
        if path is not None and not path.is_file():
            raise StoreError(f"{display_url(engine.url)}: no database file to back up")
        contents = backup_database(actor=cli_actor(None), engine=engine, target=file)
    click.echo(f"{file}: backup of {display_url(database_url(db_url))} ({_rows(contents)})")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def restore_command(file: Path, db_url: str | None) -> None:
    """Replace everything in the SQLite database with the backup FILE. Refuses a file that is
    not a CTO Assess database or comes from a newer version; a running app reads the restored
    data on its next click."""
    from assess.services.backup import restore_database

    with _engine(db_url) as engine:
        contents = restore_database(actor=cli_actor(None), engine=engine, source=file)
    shown = display_url(database_url(db_url))
    click.echo(f"{shown}: restored from {file} ({_rows(contents)})")
    newest = migrations.head()
    if contents.revision != newest:
        click.echo(
            f"{shown}: the backup is at schema revision {contents.revision}, older than this "
            f"version's {newest}: run `python -m assess db upgrade --db {shown}` before using it",
            err=True,
        )
