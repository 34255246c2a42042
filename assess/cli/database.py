"""The `db` commands: which schema revision a database is at, and upgrading it."""

from __future__ import annotations

import click

from assess.cli.common import cli_actor, db_option, errors


@click.group("db")
def db_group() -> None:
    """Show or upgrade the database's schema revision."""


@db_group.command("current")
@db_option
def current_command(db_url: str | None) -> None:
    """Print the database's schema revision and whether it needs `db upgrade`; writes nothing."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from assess.services.schema import schema_state, schema_verdict
    from assess.storage.db import database_url, display_url, make_engine, sqlite_file

    url = database_url(db_url)
    shown = display_url(url)
    try:
        path = sqlite_file(make_url(url))
    except ArgumentError:
        path = None  # make_engine says what is wrong with the URL
    if path is not None and not path.exists():
        # Opening would create the file; `current` only looks.
        click.echo(f"{shown}: no database yet (the first command or page creates it)")
        return
    with errors():
        # Not open_database: that refuses a database at another revision, which is what
        # this command is for.
        engine = make_engine(url)
        try:
            found = schema_state(engine=engine)
        finally:
            engine.dispose()
    click.echo(f"{shown}: {schema_verdict(found)}")


@db_group.command("upgrade")
@db_option
def upgrade_command(db_url: str | None) -> None:
    """Upgrade the database to this code's schema revision (a new one is created), in one
    transaction; running it again changes nothing. Back the database up first."""
    from assess.services.schema import upgrade_schema
    from assess.storage.db import database_url, display_url, make_engine

    url = database_url(db_url)
    with errors():
        engine = make_engine(url)
        try:
            before, after = upgrade_schema(actor=cli_actor(None), engine=engine)
        finally:
            engine.dispose()
    shown = display_url(url)
    if before == after:
        click.echo(f"{shown}: at {after.describe()} already, nothing to do")
    else:
        click.echo(f"{shown}: upgraded from {before.describe()} to {after.describe()}")
