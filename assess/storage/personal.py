"""Personal data at rest: what is held about a candidate, their latest activity, and scrubbing
erased rows out of the database files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any, Final

from sqlalchemy import Engine, Row, delete, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assess.storage.db import (
    AUDIT_EVENTS,
    CANDIDATES,
    RATING_AUDIT,
    RATINGS,
    SCORECARDS,
    TABLES,
    InterviewAssignment,
    InterviewPlan,
    PipelineMove,
    Search,
    SearchCandidate,
    StoreError,
    User,
    sqlite_connection,
    sqlite_file,
    table_of,
)

# The search tables with rows about one candidate: their place in a pipeline, its history (who
# moved them and why) and who interviews them.
SEARCH_ROWS: Final = (InterviewAssignment, PipelineMove, SearchCandidate)
# Every table that can hold a candidate's data; an erasure scrubs them all.
PERSONAL_TABLES: Final = (*TABLES, AUDIT_EVENTS, *(table_of(model) for model in SEARCH_ROWS))


# --- what is held ------------------------------------------------------------------------------


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _as_dict(row: Row[*tuple[Any, ...]], *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row._asdict().items():
        if key in skip:
            continue
        out[key] = _iso(value) if isinstance(value, dt.date) else value
    return out


def candidate_data(candidate_id: int, *, session: Session) -> dict[str, Any]:
    """Every row held about one candidate, JSON-ready: `candidate` (their record), `searches`
    (each search they are in with their stage and its `history`: every move, who made it, when
    and why), `interviews` (the interviews of a search's plan they are assigned to, with the
    interviewer), `scorecards` (each with its `ratings`, evidence included), `audit` (every
    rating audit row about them) and `events` (every entry of the audit trail of people's
    writes about them), oldest first. Times are ISO 8601 in UTC."""
    person = session.execute(select(CANDIDATES).where(CANDIDATES.c.id == candidate_id)).first()
    if person is None:
        raise StoreError(f"candidate {candidate_id}: no such candidate")
    cards = session.execute(
        select(SCORECARDS)
        .where(SCORECARDS.c.candidate_id == candidate_id)
        .order_by(SCORECARDS.c.interview_date, SCORECARDS.c.id)
    ).all()
    card_ids = [card.id for card in cards]
    ratings: dict[int, list[dict[str, Any]]] = {card_id: [] for card_id in card_ids}
    if card_ids:
        query = (
            select(RATINGS)
            .where(RATINGS.c.scorecard_id.in_(card_ids))
            .order_by(RATINGS.c.scorecard_id, RATINGS.c.competency)
        )
        for rating in session.execute(query):
            ratings[rating.scorecard_id].append(_as_dict(rating, skip=("id", "scorecard_id")))
    # The same rows the erasure removes: also those written while a scorecard of theirs
    # belonged to someone else.
    about = RATING_AUDIT.c.candidate_id == candidate_id
    if card_ids:
        about = about | RATING_AUDIT.c.scorecard_id.in_(card_ids)
    audit = session.execute(
        select(RATING_AUDIT).where(about).order_by(RATING_AUDIT.c.at, RATING_AUDIT.c.id)
    ).all()
    events = session.execute(
        select(AUDIT_EVENTS)
        .where(AUDIT_EVENTS.c.candidate_id == candidate_id)
        .order_by(AUDIT_EVENTS.c.at, AUDIT_EVENTS.c.id)
    ).all()
    return {
        "candidate": _as_dict(person),
        "searches": _searches(candidate_id, session),
        "interviews": _interviews(candidate_id, session),
        "scorecards": [
            {**_as_dict(card, skip=("candidate_id",)), "ratings": ratings[card.id]}
            for card in cards
        ],
        "audit": [_as_dict(row) for row in audit],
        "events": [
            {**_as_dict(row, skip=("details",)), "details": json.loads(row.details)}
            for row in events
        ],
    }


def _searches(candidate_id: int, session: Session) -> list[dict[str, Any]]:
    """The candidate's pipeline rows, by search id, each with its moves, oldest first."""
    places = session.execute(
        select(
            SearchCandidate.search_id.label("search"),
            Search.title,
            Search.client,
            SearchCandidate.stage,
            SearchCandidate.added_at,
        )
        .join(Search, Search.id == SearchCandidate.search_id)
        .where(SearchCandidate.candidate_id == candidate_id)
        .order_by(SearchCandidate.search_id)
    ).all()
    moves = session.execute(
        select(
            PipelineMove.search_id,
            PipelineMove.from_stage,
            PipelineMove.to_stage,
            PipelineMove.actor,
            PipelineMove.at,
            PipelineMove.reason,
        )
        .where(PipelineMove.candidate_id == candidate_id)
        .order_by(PipelineMove.at, PipelineMove.id)
    ).all()
    history: dict[int, list[dict[str, Any]]] = {}
    for move in moves:
        history.setdefault(move.search_id, []).append(_as_dict(move, skip=("search_id",)))
    return [{**_as_dict(p), "history": history.get(p.search, [])} for p in places]


def _interviews(candidate_id: int, session: Session) -> list[dict[str, Any]]:
    """The interviews the candidate is assigned to, with who interviews them."""
    rows = session.execute(
        select(
            InterviewPlan.search_id.label("search"),
            InterviewPlan.id.label("interview"),
            InterviewPlan.name,
            InterviewPlan.kind,
            InterviewPlan.interview_date.label("date"),
            User.name.label("interviewer"),
        )
        .join(InterviewAssignment, InterviewAssignment.interview_id == InterviewPlan.id)
        .join(User, User.id == InterviewAssignment.user_id)
        .where(InterviewAssignment.candidate_id == candidate_id)
        .order_by(InterviewPlan.search_id, InterviewPlan.id, User.name)
    ).all()
    return [_as_dict(row) for row in rows]


def delete_search_rows(candidate_id: int, *, session: Session) -> int:
    """Delete the candidate's pipeline rows, their history and interview assignments (the
    foreign keys would cascade, but an erasure says what it removed); returns how many."""
    total = 0
    for model in SEARCH_ROWS:
        result = session.execute(delete(model).where(model.candidate_id == candidate_id))
        total += int(getattr(result, "rowcount", 0) or 0)
    return total


def latest_activity(*, session: Session) -> dict[int, dt.datetime]:
    """Each candidate's latest activity: the newest of their record's creation or last edit, a
    scorecard's creation, update or submission, a rating change in the audit trail, and a move
    in a search's pipeline (joining one included)."""
    latest: dict[int, dt.datetime] = {}

    def take(rows: Any) -> None:
        for candidate_id, when in rows:
            if when is not None and (candidate_id not in latest or when > latest[candidate_id]):
                latest[candidate_id] = when

    for column in (CANDIDATES.c.created_at, CANDIDATES.c.updated_at):
        take(session.execute(select(CANDIDATES.c.id, column)))
    for column in (SCORECARDS.c.created_at, SCORECARDS.c.updated_at, SCORECARDS.c.submitted_at):
        take(
            session.execute(
                select(SCORECARDS.c.candidate_id, func.max(column)).group_by(
                    SCORECARDS.c.candidate_id
                )
            )
        )
    take(
        session.execute(
            select(RATING_AUDIT.c.candidate_id, func.max(RATING_AUDIT.c.at)).group_by(
                RATING_AUDIT.c.candidate_id
            )
        )
    )
    take(
        session.execute(
            select(PipelineMove.candidate_id, func.max(PipelineMove.at)).group_by(
                PipelineMove.candidate_id
            )
        )
    )
    return latest


# --- scrubbing ---------------------------------------------------------------------------------


def scrub_erased(engine: Engine) -> None:
    """Make erased rows unreadable in the database's own files, after the erasing commit.

    SQLite (with `secure_delete` on every connection, so freed space is zeroed): a
    `wal_checkpoint(TRUNCATE)` copies the zeroed pages into the main file and empties the
    write-ahead log, which still held the rows as written. PostgreSQL: a plain VACUUM only marks
    dead rows' space free and leaves their bytes in the heap files, so it is `VACUUM FULL` of
    every table that can hold personal data, which rewrites them (and their TOAST and index
    files) into new files; it runs outside a transaction and briefly locks each table.
    Raises StoreError when that could not be done; the erasure itself stands.
    """
    backend = engine.dialect.name
    try:
        if backend == "sqlite":
            if sqlite_file(engine.url) is None:
                return  # in memory: nothing on disk
            # On the driver's connection: SQLAlchemy would open a transaction around it, and a
            # checkpoint inside one fails. It waits (busy timeout) for readers of older
            # snapshots; busy=1 means it gave up.
            with sqlite_connection(engine) as connection:
                busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise StoreError(
                    "the erasure is committed, but other connections kept the database's "
                    "write-ahead log busy, so it still holds the erased rows until the next "
                    "checkpoint"
                )
        elif backend == "postgresql":
            quote = engine.dialect.identifier_preparer.quote
            names = ", ".join(quote(t.name) for t in PERSONAL_TABLES)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"VACUUM FULL {names}"))
    except (DBAPIError, sqlite3.Error) as exc:
        reason = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        raise StoreError(
            f"the erasure is committed, but cleaning the database files failed: {reason}"
        ) from exc
