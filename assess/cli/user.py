"""The `user` commands: add users, list them, change a role, deactivate, set a new password."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from assess.cli.common import cli_actor, database, db_option, fail
from assess.domain.vocab import ROLES, SIGN_IN_METHODS

actor_option = click.option(
    "--actor", default=None, help="Who makes the change, for the audit trail (default: your login)."
)
stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)


def _password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or asked twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@click.group("user")
def user_group() -> None:
    """Manage the people who sign in to the app and their roles."""


@user_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The name scorecards show for this user.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--sign-in",
    "method",
    type=click.Choice(SIGN_IN_METHODS),
    default="password",
    show_default=True,
    help="sso: signs in through [auth] single sign-on, matched by email; no password.",
)
@stdin_option
@actor_option
@db_option
def add_command(
    email: str,
    name: str,
    role: str,
    method: str,
    password_stdin: bool,
    actor: str | None,
    db_url: str | None,
) -> None:
    """Add a user; a password account's password is asked for (never an argument)."""
    from assess.services.users import add_user

    password = _password(password_stdin) if method == "password" else None
    with database(db_url) as engine:
        added = add_user(
            email,
            actor=cli_actor(actor),
            engine=engine,
            name=name,
            role=role,
            password=password,
            sign_in_method=method,
        )
    click.echo(f"added {added.email} ({added.name}) as {added.role}, user {added.id}")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@db_option
def list_command(as_json: bool, db_url: str | None) -> None:
    """Every user: email, name, role, how they sign in, whether active."""
    from assess.services.users import list_users

    with database(db_url) as engine:
        everyone = list_users(actor=cli_actor(None), engine=engine)
    if as_json:
        rows = [
            {k: v for k, v in dataclasses.asdict(u).items() if k in JSON_FIELDS} for u in everyone
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not everyone:
        click.echo(
            "no users yet: add the first admin with `user add EMAIL --name NAME --role admin`"
        )
    for u in everyone:
        state = "active" if u.active else "deactivated"
        click.echo(f"{u.email:32} {u.name:28} {u.role:15} {u.sign_in:9} {state}")


JSON_FIELDS = ("id", "email", "name", "role", "sign_in", "active")


@user_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@actor_option
@db_option
def set_role_command(email: str, role: str, actor: str | None, db_url: str | None) -> None:
    """Give a user another role."""
    from assess.services.users import set_role

    with database(db_url) as engine:
        changed = set_role(email, role, actor=cli_actor(actor), engine=engine)
    click.echo(f"{changed.email}: role {changed.role}")


@user_group.command("deactivate")
@click.argument("email")
@actor_option
@db_option
def deactivate_command(email: str, actor: str | None, db_url: str | None) -> None:
    """Stop a user signing in; their scorecards stay."""
    from assess.services.users import deactivate

    with database(db_url) as engine:
        changed = deactivate(email, actor=cli_actor(actor), engine=engine)
    click.echo(f"{changed.email}: deactivated")


@user_group.command("reset-password")
@click.argument("email")
@stdin_option
@actor_option
@db_option
def reset_password_command(
    email: str, password_stdin: bool, actor: str | None, db_url: str | None
) -> None:
    """Set a new password for a user (and lift a lockout)."""
    from assess.services.users import reset_password

    password = _password(password_stdin)
    if not password:
        fail(["password: must not be empty"])
    with database(db_url) as engine:
        changed = reset_password(email, password, actor=cli_actor(actor), engine=engine)
    click.echo(f"{changed.email}: new password set")
