"""The audit trail of people's writes, as the services record it: the actor spelled out once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assess.services.actor import Actor
from assess.storage import users


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    entity: str,
    entity_id: int | None,
    candidate_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One audit_events entry for `actor` in the caller's transaction (who, where from, what)."""
    users.record_event(
        session,
        actor=actor.audit_name,
        actor_user_id=actor.user_id,
        source=actor.source,
        action=action,
        entity=entity,
        entity_id=entity_id,
        candidate_id=candidate_id,
        details=details,
    )
