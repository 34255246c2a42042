"""Candidate use cases: list, look up, add, edit and erase a candidate (erasure lives with the
other data rights in services/privacy.py)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from assess.services import audit
from assess.services.actor import Actor
from assess.services.privacy import ErasureDone, erase_candidate
from assess.storage import store
from assess.storage.db import transaction
from assess.storage.store import CandidateInfo, Erasure

__all__ = [
    "CandidateInfo",
    "Erasure",
    "ErasureDone",
    "add_candidate",
    "erase_candidate",
    "get_candidate",
    "list_candidates",
    "update_candidate",
]


def _fields(info: CandidateInfo) -> dict[str, object]:
    return {
        "name": info.name,
        "email": info.email,
        "current_title": info.current_title,
        "notes": info.notes,
    }


def _audit(
    session: Session, actor: Actor, action: str, info: CandidateInfo, **details: object
) -> None:
    # about the candidate: an erasure removes these entries with them
    audit.record(
        session,
        actor,
        action,
        entity="candidate",
        entity_id=info.id,
        candidate_id=info.id,
        details=dict(details),
    )


def list_candidates(*, actor: Actor, engine: Engine, search: str = "") -> list[CandidateInfo]:
    """Candidates by name; `search` keeps those whose name, email or title contains it."""
    actor.may("candidates.read")
    with transaction(engine, readonly=True) as session:
        return store.list_candidates(session=session, search=search)


def get_candidate(candidate_id: int, *, actor: Actor, engine: Engine) -> CandidateInfo:
    """One candidate, or a StoreError naming the id."""
    actor.may("candidates.read")
    with transaction(engine, readonly=True) as session:
        return store.get_candidate(candidate_id, session=session)


def add_candidate(
    name: str,
    *,
    actor: Actor,
    engine: Engine,
    email: str | None = None,
    current_title: str = "",
    notes: str = "",
) -> CandidateInfo:
    """Add a candidate; returns them as lists show them."""
    actor.may("candidates.write")
    with transaction(engine) as session:
        new_id = store.add_candidate(
            name, session=session, email=email or None, current_title=current_title, notes=notes
        )
        added = store.get_candidate(new_id, session=session)
        _audit(session, actor, "candidate.added", added, new=_fields(added))
        return added


def update_candidate(
    candidate_id: int,
    *,
    actor: Actor,
    engine: Engine,
    name: str,
    email: str | None,
    current_title: str,
    notes: str,
) -> CandidateInfo:
    """Replace a candidate's name, email, title and notes; returns the stored result."""
    actor.may("candidates.write")
    with transaction(engine) as session:
        before = _fields(store.get_candidate(candidate_id, session=session))
        store.update_candidate(
            candidate_id,
            session=session,
            name=name,
            email=email or None,
            current_title=current_title,
            notes=notes,
        )
        after = store.get_candidate(candidate_id, session=session)
        changed = {k for k, v in _fields(after).items() if before[k] != v}
        if changed:
            _audit(
                session,
                actor,
                "candidate.updated",
                after,
                old={k: before[k] for k in sorted(changed)},
                new={k: _fields(after)[k] for k in sorted(changed)},
            )
        return after
