"""Users and the audit trail of people's writes: the rows and the queries, nothing more."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from assess.domain.schemas import name_key
from assess.storage.db import AUDIT_EVENTS, USERS, AuditEvent, StoreError, User, utcnow


@dataclass(frozen=True)
class UserInfo:
    """A user as lists show them; never the password hash."""

    id: int
    email: str
    name: str
    role: str
    active: bool
    sign_in: str
    locked_until: dt.datetime | None
    created_at: dt.datetime


def _info(row: User) -> UserInfo:
    return UserInfo(
        id=row.id,
        email=row.email,
        name=row.name,
        role=row.role,
        active=row.active,
        sign_in=row.sign_in,
        locked_until=row.locked_until,
        created_at=row.created_at,
    )


def normal_email(email: str) -> str:
    """An email as accounts are keyed: trimmed, lower case."""
    return email.strip().lower()


def count_users(session: Session) -> int:
    """How many users exist (none: the app says how to create the first admin)."""
    return int(session.scalar(select(func.count()).select_from(USERS)) or 0)


def user_row(
    session: Session, *, email: str | None = None, user_id: int | None = None
) -> User | None:
    """The user with that email (any spelling) or id, or None."""
    if user_id is not None:
        return session.get(User, user_id)
    assert email is not None
    return session.scalar(select(User).where(User.email == normal_email(email)))


def require_user(session: Session, email: str) -> User:
    """The user with that email, or a StoreError naming it."""
    row = user_row(session, email=email)
    if row is None:
        raise StoreError(f"user {normal_email(email)}: no such user")
    return row


def list_users(session: Session) -> list[UserInfo]:
    """Every user, by name."""
    return [_info(row) for row in session.scalars(select(User).order_by(User.name, User.id))]


def info(row: User) -> UserInfo:
    """A stored user as lists show them."""
    return _info(row)


def add_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    sign_in: str,
    password_hash: str | None,
) -> int:
    """Insert a user; a taken email or display name is a StoreError saying which."""
    email, name = normal_email(email), name.strip()
    if user_row(session, email=email) is not None:
        raise StoreError(f"user {email}: a user with this email exists already")
    key = name_key(name)
    if session.scalar(select(User.id).where(User.name_key == key)) is not None:
        raise StoreError(
            f"user name: {name!r} is taken; scorecards name their interviewer, so two users "
            "cannot share a name (add a middle initial)"
        )
    now = utcnow()
    new_id = session.scalar(
        insert(USERS)
        .values(
            email=email,
            name=name,
            name_key=key,
            role=role,
            active=True,
            sign_in=sign_in,
            password_hash=password_hash,
            failed_sign_ins=0,
            locked_until=None,
            created_at=now,
            updated_at=now,
        )
        .returning(USERS.c.id)
    )
    assert new_id is not None
    return int(new_id)


def record_event(
    session: Session,
    *,
    actor: str,
    actor_user_id: int | None,
    source: str,
    action: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, Any] | None = None,
    candidate_id: int | None = None,
) -> None:
    """Append one entry to the audit trail (details as JSON)."""
    session.execute(
        insert(AUDIT_EVENTS).values(
            at=utcnow(),
            actor=actor,
            actor_user_id=actor_user_id,
            source=source,
            action=action,
            entity=entity,
            entity_id=entity_id,
            candidate_id=candidate_id,
            details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def events(session: Session, *, entity: str | None = None) -> list[dict[str, Any]]:
    """The audit trail, oldest first (optionally of one kind of entity), details decoded."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if entity is not None:
        query = query.where(AuditEvent.entity == entity)
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "actor_user_id": e.actor_user_id,
            "source": e.source,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "candidate_id": e.candidate_id,
            "details": json.loads(e.details),
        }
        for e in session.scalars(query)
    ]


def forget_candidate_events(session: Session, candidate_id: int) -> int:
    """Delete the audit entries about a candidate (they hold old and new personal data);
    returns how many. The erasure's own entry is written after, with counts only."""
    result = session.execute(
        delete(AUDIT_EVENTS).where(AUDIT_EVENTS.c.candidate_id == candidate_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)
