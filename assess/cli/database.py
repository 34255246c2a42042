"""The `db` commands: which schema revision a database is at, and upgrading it."""

from __future__ import annotations

import click

from assess.cli.common import db_option, fail


@click.group("db")
def db_group() -> None:
    """Show or upgrade the database's schema revision."""


@db_group.command("current")
@db_option
def current_command(db_url: str | None) -> None:
    """Print the database's schema revision and whether it needs `db upgrade`; writes nothing."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from assess.storage import migrations
    from assess.storage.db import StoreError, database_url, display_url, make_engine, sqlite_file

    url = database_url(db_url)
    shown = display_url(url)
    try:
        try:
            path = sqlite_file(make_url(url))
        except ArgumentError:
            path = None  # make_engine says what is wrong with the URL
        if path is not None and not path.exists():
            # Opening would create the file; `current` only looks.
            click.echo(f"{shown}: no database yet (the first command or page creates it)")
            return
        engine = make_engine(url)
        try:
            found = migrations.state(engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        fail([str(exc)])
    newest = migrations.head()
    if found.revision is None:
        verdict = f"no schema yet (the first command or page creates revision {newest})"
    elif not migrations.known(found.revision):
        verdict = f"revision {found.revision}, newer than this code's {newest}"
    elif found.revision != newest:
        verdict = f"{found.describe()}, older than this code's {newest}: run `db upgrade`"
    elif not found.recorded:
        verdict = f"{found.describe()}, up to date (`db upgrade` records the revision)"
    else:
        verdict = f"{found.describe()}, up to date"
    click.echo(f"{shown}: {verdict}")


@db_group.command("upgrade")
@db_option
def upgrade_command(db_url: str | None) -> None:
    """Upgrade the database to this code's schema revision (a new one is created), in one
    transaction; running it again changes nothing. Back the database up first."""
    from assess.storage import migrations
    from assess.storage.db import StoreError, database_url, display_url, make_engine

    url = database_url(db_url)
    try:
        engine = make_engine(url)
        try:
            before, after = migrations.upgrade(engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        fail([str(exc)])
    shown = display_url(url)
    if before == after:
        click.echo(f"{shown}: at {after.describe()} already, nothing to do")
    else:
        click.echo(f"{shown}: upgraded from {before.describe()} to {after.describe()}")
