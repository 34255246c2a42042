"""Personal data at rest: what is held about a candidate, their latest activity, and scrubbing
erased rows out of the database files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any, Final

from sqlalchemy import Engine, Row, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assess.storage.db import (
    AUDIT_EVENTS,
    CANDIDATES,
    RATING_AUDIT,
    RATINGS,
    SCORECARDS,
    TABLES,
    StoreError,
    sqlite_connection,
    sqlite_file,
)

# Why a candidate was erased, as the audit trail's erasure entry says.
ERASURE_REASONS: Final[tuple[str, ...]] = ("request", "retention")
# Every table that can hold a candidate's data; an erasure scrubs them all.
PERSONAL_TABLES: Final = (*TABLES, AUDIT_EVENTS)


# --- what is held ------------------------------------------------------------------------------


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _as_dict(row: Row[Any], *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row._asdict().items():
        if key in skip:
            continue
        out[key] = _iso(value) if isinstance(value, dt.date) else value
    return out


def candidate_data(candidate_id: int, *, session: Session) -> dict[str, Any]:
    """Every row held about one candidate, JSON-ready: `candidate` (their record), `scorecards`
    (each with its `ratings`, evidence included), `audit` (every rating audit row about them)
    and `events` (every entry of the audit trail of people's writes about them), oldest first.
    Times are ISO 8601 in UTC."""
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


def latest_activity(*, session: Session) -> dict[int, dt.datetime]:
    """Each candidate's latest activity: the newest of their record's creation or last edit, a
    scorecard's creation, update or submission, and a rating change in the audit trail."""
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
