"""User use cases: add and manage users, sign in with a password or by single sign-on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from assess.domain.vocab import ROLES, SIGN_IN_METHODS
from assess.services import audit, passwords
from assess.services.actor import Actor
from assess.storage import users
from assess.storage.db import StoreError, User, transaction, utcnow
from assess.storage.users import UserInfo

__all__ = [
    "UserInfo",
    "actor_for",
    "add_user",
    "deactivate",
    "first_use",
    "list_users",
    "reset_password",
    "set_role",
    "sign_in",
    "sso_user",
    "user_by_id",
]


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise StoreError(f"role: {role!r} is not one of {', '.join(ROLES)}")
    return role


def _check_password(password: str) -> str:
    problem = passwords.password_problem(password)
    if problem is not None:
        raise StoreError(problem)
    return passwords.hash_password(password)


def _audit(session: Session, actor: Actor, action: str, user_id: int, **details: object) -> None:
    audit.record(
        session,
        actor,
        action,
        entity="user",
        entity_id=user_id,
        details=dict(details),
    )


def actor_for(user: UserInfo) -> Actor:
    """The Actor a signed-in user acts as in the app."""
    return Actor(user.name, "app", role=user.role, user_id=user.id, email=user.email)


def first_use(*, engine: Engine) -> bool:
    """True while the database has no user at all (the app then says how to make the first)."""
    with transaction(engine, readonly=True) as session:
        return users.count_users(session) == 0


def add_user(
    email: str,
    *,
    actor: Actor,
    engine: Engine,
    name: str,
    role: str,
    password: str | None = None,
    sign_in_method: str = "password",
) -> UserInfo:
    """Add a user. A password account needs a password (hashed with argon2id, never stored);
    a single-sign-on account has none and is matched by its email."""
    actor.may("users.manage")
    _check_role(role)
    if sign_in_method not in SIGN_IN_METHODS:
        raise StoreError(f"sign-in: {sign_in_method!r} is not one of {', '.join(SIGN_IN_METHODS)}")
    if "@" not in email or not email.strip():
        raise StoreError(f"email: {email!r} is not an email address")
    if not name.strip():
        raise StoreError("name: must not be empty")
    if sign_in_method == "password":
        if password is None:
            raise StoreError("password: a password account needs a password")
        hashed: str | None = _check_password(password)
    else:
        hashed = None
    with transaction(engine) as session:
        new_id = users.add_user(
            session, email=email, name=name, role=role, sign_in=sign_in_method, password_hash=hashed
        )
        _audit(session, actor, "user.added", new_id, role=role, sign_in=sign_in_method)
        row = users.user_row(session, user_id=new_id)
        assert row is not None
        return users.info(row)


def list_users(*, actor: Actor, engine: Engine) -> list[UserInfo]:
    """Every user, by name."""
    actor.may("users.manage")
    with transaction(engine, readonly=True) as session:
        return users.list_users(session)


def _change(
    email: str, actor: Actor, engine: Engine, action: str, apply: Callable[..., dict[str, object]]
) -> UserInfo:
    actor.may("users.manage")
    with transaction(engine) as session:
        row = users.require_user(session, email)
        details = apply(row)
        row.updated_at = utcnow()
        session.flush()
        _audit(session, actor, action, row.id, **details)
        return users.info(row)


def set_role(email: str, role: str, *, actor: Actor, engine: Engine) -> UserInfo:
    """Give a user another role."""
    _check_role(role)

    def apply(row: User) -> dict[str, object]:
        old, row.role = row.role, role
        return {"old_role": old, "new_role": role}

    return _change(email, actor, engine, "user.role_changed", apply)


def deactivate(email: str, *, actor: Actor, engine: Engine) -> UserInfo:
    """Stop a user signing in (their scorecards stay)."""

    def apply(row: User) -> dict[str, object]:
        row.active = False
        return {}

    return _change(email, actor, engine, "user.deactivated", apply)


def reset_password(email: str, password: str, *, actor: Actor, engine: Engine) -> UserInfo:
    """Set a new password (and clear a lockout)."""
    hashed = _check_password(password)

    def apply(row: User) -> dict[str, object]:
        row.password_hash, row.sign_in = hashed, "password"
        row.failed_sign_ins, row.locked_until = 0, None
        return {}

    return _change(email, actor, engine, "user.password_reset", apply)


def sign_in(
    email: str, password: str, *, engine: Engine, now: dt.datetime | None = None
) -> UserInfo | None:
    """The user when the email and password match an active, unlocked password account, else
    None: the caller shows one message whatever the reason (passwords.SIGN_IN_REFUSED_KEY).

    A wrong password counts towards the lockout (five in a row lock the account for 15
    minutes); the right one clears the count.
    """
    now = now or utcnow()
    with transaction(engine) as session:
        row = users.user_row(session, email=email)
        account = None
        if row is not None and row.sign_in == "password" and row.password_hash:
            account = passwords.Credentials(
                password_hash=row.password_hash,
                lockout=passwords.Lockout(row.failed_sign_ins, row.locked_until),
                active=row.active,
            )
        outcome = passwords.check_sign_in(
            account, password[: passwords.MAX_PASSWORD_LENGTH], now=now
        )
        if row is None or account is None:
            return None
        if outcome.lockout is not None:
            row.failed_sign_ins = outcome.lockout.failures
            row.locked_until = outcome.lockout.locked_until
        if outcome.new_hash is not None:
            row.password_hash = outcome.new_hash
        session.flush()
        return users.info(row) if outcome.ok else None


def sso_user(email: str, *, engine: Engine) -> UserInfo | None:
    """The active user a single-sign-on identity's email belongs to, or None (no access)."""
    with transaction(engine, readonly=True) as session:
        row = users.user_row(session, email=email)
        return users.info(row) if row is not None and row.active else None


def user_by_id(user_id: int, *, engine: Engine) -> UserInfo | None:
    """The active user with that id (a signed-in session's), or None once deactivated."""
    with transaction(engine, readonly=True) as session:
        row = users.user_row(session, user_id=user_id)
        return users.info(row) if row is not None and row.active else None
