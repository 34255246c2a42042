"""The candidate's rights as use cases: see everything held (export), erasure, retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assess.domain.retention import Inactive, select_inactive
from assess.services.actor import Actor
from assess.storage import store
from assess.storage.db import CANDIDATES, StoreError, transaction, utcnow
from assess.storage.personal import (
    ErasureLog,
    ErasureRecord,
    candidate_data,
    erasure_log_for,
    latest_activity,
    scrub_erased,
)

EXPORT_FORMAT: Final = "cto-assess-candidate-export"
EXPORT_VERSION: Final = 1


@dataclass(frozen=True)
class Erased:
    """One erased candidate: the rows removed and the record the erasure log keeps."""

    candidate_id: int
    rows: store.Erasure
    record: ErasureRecord


@dataclass(frozen=True)
class ErasureDone:
    """What an erasure did. `warnings`: what failed after the erasing commit (scrubbing the
    files, writing the erasure log), one sentence each; the candidates are erased regardless."""

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
    `format`, `version`, `exported_at`, `candidate`, `scorecards` (with `ratings`), `audit`.
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


def _recorded(
    removed: list[tuple[int, store.Erasure]],
    *,
    actor: Actor,
    engine: Engine,
    log: ErasureLog | None,
    reason: str,
) -> ErasureDone:
    """After the erasing commit: scrub the files, then log one record per erased candidate."""
    at = utcnow()
    erased = tuple(
        Erased(
            candidate_id=cid,
            rows=rows,
            record=ErasureRecord(
                at=at,
                actor=actor.audit_name,
                source=actor.source,
                reason=reason,
                candidates=rows.candidates,
                scorecards=rows.scorecards,
                ratings=rows.ratings,
                audit_rows=rows.audit_rows,
            ),
        )
        for cid, rows in removed
    )
    if not erased:
        return ErasureDone(erased)
    warnings = []
    # Each step is tried even when the one before failed: the erasure itself is committed.
    try:
        scrub_erased(engine)
    except StoreError as exc:
        warnings.append(str(exc))
    target = log or erasure_log_for(engine)
    try:
        for item in erased:
            target.append(item.record)
    except StoreError as exc:
        warnings.append(str(exc))
    return ErasureDone(erased, tuple(warnings))


def erase_candidate(
    candidate_id: int, *, actor: Actor, engine: Engine, log: ErasureLog | None = None
) -> ErasureDone:
    """Erase a candidate with every scorecard, rating and audit row about them, leave nothing
    readable in the database files, and record the erasure (without personal data) in `log`
    (default: the database's erasure log). A StoreError (nothing erased) when there is no such
    candidate; what fails after the commit comes back as warnings."""
    actor.may("candidates.erase")
    with transaction(engine) as session:
        rows = store.delete_candidate(candidate_id, session=session)
    return _recorded([(candidate_id, rows)], actor=actor, engine=engine, log=log, reason="request")


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
    log: ErasureLog | None = None,
    now: dt.datetime | None = None,
) -> tuple[list[Inactive], ErasureDone]:
    """Erase every candidate `inactive_candidates` selects (returned in the same order as the
    erasures), chosen and erased in one transaction so that no activity slips in between, each
    recorded with the reason "retention"."""
    actor.may("candidates.erase")
    with transaction(engine) as session:
        selected = _select_inactive(session, inactive_days=inactive_days, now=now or utcnow())
        removed = [(item.id, store.delete_candidate(item.id, session=session)) for item in selected]
    return selected, _recorded(removed, actor=actor, engine=engine, log=log, reason="retention")
