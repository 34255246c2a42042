"""The candidate's rights as use cases: see everything held (export), erasure, retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assess.domain.retention import Inactive, select_inactive
from assess.services import audit
from assess.services.actor import Actor
from assess.storage import store, users
from assess.storage.db import CANDIDATES, StoreError, transaction, utcnow
from assess.storage.personal import (
    candidate_data,
    delete_search_rows,
    latest_activity,
    scrub_erased,
)

EXPORT_FORMAT: Final = "cto-assess-candidate-export"
EXPORT_VERSION: Final = 1


@dataclass(frozen=True)
class Erased:
    """One erased candidate: the rows removed, how many entries of the audit trail of people's
    writes went with them, and how many rows of searches (pipeline places, their history,
    interview assignments)."""

    candidate_id: int
    rows: store.Erasure
    events: int
    search_rows: int = 0


@dataclass(frozen=True)
class ErasureDone:
    """What an erasure did. `warnings`: what failed after the erasing commit (scrubbing the
    files), one sentence each; the candidates are erased regardless."""

    erased: tuple[Erased, ...]
    warnings: tuple[str, ...] = ()


def mark_keep(
    candidate_id: int, *, actor: Actor, engine: Engine, keep: bool = True
) -> store.CandidateInfo:
    """Mark a candidate to keep (retention never erases them; someone hired, say), or with
    `keep=False` clear the mark. A StoreError when there is no such candidate."""
    actor.may("candidates.write")
    with transaction(engine) as session:
        store.update_candidate(candidate_id, session=session, keep=keep)
        return store.get_candidate(candidate_id, session=session)


def export_candidate(
    candidate_id: int, *, actor: Actor, engine: Engine, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Everything held about one candidate (GDPR art. 15 and 20) as one JSON-ready object:
    `format`, `version`, `exported_at`, `candidate`, `searches` (each with its pipeline
    `history`), `interviews`, `scorecards` (with `ratings`), `audit`, `events`.
    A StoreError when there is no such candidate."""
    actor.may("candidates.export")
    with transaction(engine, readonly=True) as session:
        held = candidate_data(candidate_id, session=session)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": (now or utcnow()).isoformat(),
        **held,
    }


def _erase(session: Session, candidate_id: int, *, actor: Actor, reason: str) -> Erased:
    """Delete the candidate with everything about them, the audit trail's entries about them
    included (they hold old and new names), and write the erasure's own entry: who, when, why
    and how many rows, and nothing about the person; not even the id, which SQLite gives the
    next new candidate when it was the highest."""
    search_rows = delete_search_rows(candidate_id, session=session)
    rows = store.delete_candidate(candidate_id, session=session)
    events = users.forget_candidate_events(session, candidate_id)
    audit.record(
        session,
        actor,
        "candidate.erased",
        entity="candidate",
        entity_id=None,
        details={
            "reason": reason,
            "candidates": rows.candidates,
            "scorecards": rows.scorecards,
            "ratings": rows.ratings,
            "audit_rows": rows.audit_rows,
            "events": events,
            "search_rows": search_rows,
        },
    )
    return Erased(candidate_id=candidate_id, rows=rows, events=events, search_rows=search_rows)


def _scrubbed(erased: list[Erased], engine: Engine) -> ErasureDone:
    """After the erasing commit: make the erased rows unreadable in the database files."""
    if not erased:
        return ErasureDone(())
    try:
        scrub_erased(engine)
    except StoreError as exc:
        return ErasureDone(tuple(erased), (str(exc),))
    return ErasureDone(tuple(erased))


def erase_candidate(candidate_id: int, *, actor: Actor, engine: Engine) -> ErasureDone:
    """Erase a candidate with every scorecard, rating and audit row about them, record the
    erasure in the audit trail (without personal data) in the same transaction, then leave
    nothing readable in the database files. A StoreError (nothing erased) when there is no such
    candidate; what fails after the commit comes back as warnings."""
    actor.may("candidates.erase")
    with transaction(engine) as session:
        erased = _erase(session, candidate_id, actor=actor, reason="request")
    return _scrubbed([erased], engine)


def _select_inactive(session: Session, *, inactive_days: int, now: dt.datetime) -> list[Inactive]:
    # Those marked to keep are never selected.
    names: dict[int, str] = {
        cid: name
        for cid, name in session.execute(
            select(CANDIDATES.c.id, CANDIDATES.c.name).where(CANDIDATES.c.keep.is_(False))
        )
    }
    try:
        return select_inactive(
            latest_activity(session=session), names, inactive_days=inactive_days, now=now
        )
    except ValueError as exc:
        raise StoreError(str(exc)) from exc


def inactive_candidates(
    *, actor: Actor, engine: Engine, inactive_days: int, now: dt.datetime | None = None
) -> list[Inactive]:
    """Candidates not marked to keep whose latest activity (see `latest_activity`) is at least
    `inactive_days` days old, oldest activity first; 0 selects everyone not kept.
    Age = max(now - latest activity, 0)."""
    actor.may("candidates.erase")
    with transaction(engine, readonly=True) as session:
        return _select_inactive(session, inactive_days=inactive_days, now=now or utcnow())


def apply_retention(
    *,
    actor: Actor,
    engine: Engine,
    inactive_days: int,
    now: dt.datetime | None = None,
) -> tuple[list[Inactive], ErasureDone]:
    """Erase every candidate `inactive_candidates` selects (returned in the same order as the
    erasures), chosen and erased in one transaction so that no activity slips in between, each
    recorded with the reason "retention"."""
    actor.may("candidates.erase")
    with transaction(engine) as session:
        selected = _select_inactive(session, inactive_days=inactive_days, now=now or utcnow())
        erased = [_erase(session, item.id, actor=actor, reason="retention") for item in selected]
    return selected, _scrubbed(erased, engine)
