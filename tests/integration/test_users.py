"""Users: argon2id hashes, the five-failure lockout, the user commands and their audit trail."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from assess.cli.main import cli
from assess.services import users
from assess.services.actor import Actor
from assess.storage import db
from assess.storage.db import StoreError, User
from assess.storage.users import events

ADMIN = Actor("Ada Admin", "cli")
PASSWORD = "correct horse battery staple"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = db.open_database("sqlite://")
    yield eng
    eng.dispose()


def _hash(engine: Engine, email: str) -> str | None:
    with db.transaction(engine, readonly=True) as session:
        return session.scalar(select(User.password_hash).where(User.email == email))


def test_a_password_is_kept_only_as_an_argon2id_hash(engine: Engine) -> None:
    users.add_user(
        "Lena@Example.se", actor=ADMIN, engine=engine, name="Lena Ek", role="recruiter",
        password=PASSWORD,
    )  # fmt: skip
    stored = _hash(engine, "lena@example.se")
    assert stored is not None and stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    assert users.sign_in("LENA@example.se", PASSWORD, engine=engine) is not None


def test_five_failures_lock_the_account_for_fifteen_minutes(engine: Engine) -> None:
    users.add_user(
        "bo@example.se", actor=ADMIN, engine=engine, name="Bo Berg", role="interviewer",
        password=PASSWORD,
    )  # fmt: skip
    for minute in range(5):
        at = T0 + dt.timedelta(minutes=minute)
        assert users.sign_in("bo@example.se", "wrong guess!", engine=engine, now=at) is None
    # locked: the right password is refused too, and says nothing different
    assert (
        users.sign_in("bo@example.se", PASSWORD, engine=engine, now=T0 + dt.timedelta(minutes=5))
        is None
    )
    assert (
        users.sign_in("bo@example.se", PASSWORD, engine=engine, now=T0 + dt.timedelta(minutes=18))
        is None
    )
    # 15 minutes after the fifth failure (at minute 4) the lock is over
    opened = users.sign_in(
        "bo@example.se", PASSWORD, engine=engine, now=T0 + dt.timedelta(minutes=19)
    )
    assert opened is not None and opened.name == "Bo Berg"
    # a success clears the count: four more failures do not lock it
    for minute in range(20, 24):
        users.sign_in(
            "bo@example.se", "wrong guess!", engine=engine, now=T0 + dt.timedelta(minutes=minute)
        )
    assert (
        users.sign_in("bo@example.se", PASSWORD, engine=engine, now=T0 + dt.timedelta(minutes=24))
        is not None
    )


def test_a_reset_lifts_a_lock_and_a_deactivated_user_cannot_sign_in(engine: Engine) -> None:
    users.add_user(
        "bo@example.se", actor=ADMIN, engine=engine, name="Bo Berg", role="interviewer",
        password=PASSWORD,
    )  # fmt: skip
    for _ in range(5):
        users.sign_in("bo@example.se", "wrong guess!", engine=engine)
    assert users.sign_in("bo@example.se", PASSWORD, engine=engine) is None
    users.reset_password("bo@example.se", "a brand new password", actor=ADMIN, engine=engine)
    assert users.sign_in("bo@example.se", "a brand new password", engine=engine) is not None
    users.deactivate("bo@example.se", actor=ADMIN, engine=engine)
    assert users.sign_in("bo@example.se", "a brand new password", engine=engine) is None
    assert users.sso_user("bo@example.se", engine=engine) is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss"},
         "role: 'boss' is not one of admin, recruiter, hiring_manager, interviewer"),
        ({"password": "short"}, "password: must have at least 12 characters"),
        ({"password": None}, "password: a password account needs a password"),
        ({"name": "  "}, "name: must not be empty"),
        ({"email": "not-an-email"}, "email: 'not-an-email' is not an email address"),
        ({"name": "lena  EK"},
         "user name: 'lena  EK' is taken; scorecards name their interviewer, so two users "
         "cannot share a name (add a middle initial)"),
        ({"email": "LENA@example.se"},
         "user lena@example.se: a user with this email exists already"),
    ],
)  # fmt: skip
def test_a_bad_user_is_refused_with_the_field(
    engine: Engine, kwargs: dict[str, object], message: str
) -> None:
    users.add_user(
        "lena@example.se", actor=ADMIN, engine=engine, name="Lena Ek", role="recruiter",
        sign_in_method="sso",
    )  # fmt: skip
    given: dict[str, object] = {
        "email": "new@example.se", "name": "New Person", "role": "interviewer",
        "password": PASSWORD,
    } | kwargs  # fmt: skip
    email = str(given.pop("email"))
    with pytest.raises(StoreError) as refused:
        users.add_user(email, actor=ADMIN, engine=engine, **given)  # type: ignore[arg-type]
    assert str(refused.value) == message
    assert [u.email for u in users.list_users(actor=ADMIN, engine=engine)] == ["lena@example.se"]


def _run(*args: str, stdin: str | None = None) -> object:
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_the_user_commands_and_their_audit_trail(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    added = _run(
        "user", "add", "rita@example.se", "--name", "Rita Ek", "--role", "recruiter",
        "--password-stdin", "--actor", "ops", "--db", url, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output  # type: ignore[attr-defined]
    assert added.output == "added rita@example.se (Rita Ek) as recruiter, user 1\n"  # type: ignore[attr-defined]
    assert (
        _run(
            "user", "set-role", "rita@example.se", "admin", "--actor", "ops", "--db", url
        ).exit_code
        == 0
    )  # type: ignore[attr-defined]
    assert (
        _run("user", "deactivate", "RITA@example.se", "--actor", "ops", "--db", url).exit_code == 0
    )  # type: ignore[attr-defined]
    listed = _run("user", "list", "--json", "--db", url)
    assert json.loads(listed.output) == [  # type: ignore[attr-defined]
        {"id": 1, "email": "rita@example.se", "name": "Rita Ek", "role": "admin",
         "active": False, "sign_in": "password"},
    ]  # fmt: skip
    unknown = _run("user", "set-role", "nobody@example.se", "admin", "--db", url)
    assert unknown.exit_code == 1  # type: ignore[attr-defined]
    assert unknown.stderr == "user nobody@example.se: no such user\n"  # type: ignore[attr-defined]
    bad_role = _run("user", "set-role", "rita@example.se", "boss", "--db", url)
    assert bad_role.exit_code == 2  # type: ignore[attr-defined]
    engine = db.open_database(url)
    with db.transaction(engine, readonly=True) as session:
        trail = [(e["action"], e["actor"], e["details"]) for e in events(session)]
    engine.dispose()
    assert trail == [
        ("user.added", "ops", {"role": "recruiter", "sign_in": "password"}),
        ("user.role_changed", "ops", {"old_role": "recruiter", "new_role": "admin"}),
        ("user.deactivated", "ops", {}),
    ]
