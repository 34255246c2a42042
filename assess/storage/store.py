"""Use cases over the database: candidates, scorecards, ratings, their audit trail and erasure.

Every function takes the session of the caller's `transaction(engine)` and never commits: a use
case is all or nothing together with whatever else the caller does in that transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeVar

import pandas as pd
from sqlalchemy import (
    CursorResult,
    Executable,
    Row,
    String,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assess.domain import limits
from assess.domain.bulk import collector_paused
from assess.domain.ratings import RATINGS_FRAME_COLUMNS
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.storage.columnar import read_ratings
from assess.storage.db import (
    CANDIDATES,
    RATING_AUDIT,
    RATINGS,
    SCORECARDS,
    TABLES,
    Candidate,
    Rating,
    Scorecard,
    StoreError,
    UTCDateTime,
    create_schema,
    database_url,
    make_engine,
    open_database,
    transaction,
    utcnow,
)
from assess.storage.plan import (
    PlanError,
    StoredCard,
    WritePlan,
    match_cards,
    plan_writes,
)

__all__ = [
    "RATINGS_FRAME_COLUMNS",
    "SCORECARDS_FRAME_COLUMNS",
    "UNSET",
    "CandidateInfo",
    "Erasure",
    "ImportSummary",
    "StoreError",
    "add_candidate",
    "create_schema",
    "database_fingerprint",
    "database_url",
    "delete_candidate",
    "get_candidate",
    "import_scorecards",
    "import_scorecards_with_ids",
    "list_candidates",
    "lock_writers",
    "make_engine",
    "open_database",
    "ratings_frame",
    "save_scorecard",
    "scorecard_for",
    "scorecards_frame",
    "submit_scorecard",
    "transaction",
    "update_candidate",
]

SCORECARDS_FRAME_COLUMNS: Final = (
    "interview",
    "candidate",
    "candidate_name",
    "interviewer",
    "interview_type",
    "interview_date",
    "recommendation",
    "state",
    "submitted_at",
    "notes",
    "ratings",
    "assessed",
    "created_at",
    "updated_at",
)
# Bound parameters per IN list; well under SQLite's and PostgreSQL's limits.
_CHUNK: Final = 500
# Key of the PostgreSQL advisory lock that serialises scorecard writers (SQLite's BEGIN
# IMMEDIATE does the same there), so two imports never create the same candidate twice.
_WRITER_LOCK: Final = 0x41535345  # "ASSE"
# From this many rows on, PostgreSQL bulk inserts go through COPY.
_COPY_FROM: Final = 1000
# The rating trail's columns as the writer fills them, in the order of its rows.
_AUDIT_COLUMNS: Final = (
    "at",
    "actor",
    "candidate_id",
    "scorecard_id",
    "competency",
    "action",
    "old_rating",
    "new_rating",
    "old_evidence",
    "new_evidence",
)

T = TypeVar("T")


class _Unset(Enum):
    UNSET = "unset"


UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; all zero when it changed nothing."""

    candidates_added: int = 0
    scorecards_added: int = 0
    scorecards_updated: int = 0
    ratings_added: int = 0
    ratings_changed: int = 0
    ratings_deleted: int = 0


@dataclass(frozen=True)
class Erasure:
    """Rows removed by erasing one candidate."""

    candidates: int
    scorecards: int
    ratings: int
    audit_rows: int


@dataclass(frozen=True)
class CandidateInfo:
    """A candidate as lists and forms show them, with how many scorecards they have."""

    id: int
    name: str
    email: str | None
    current_title: str
    source: str | None
    external_id: str | None
    notes: str
    is_demo: bool
    created_at: dt.datetime
    scorecards: int
    submitted: int
    keep: bool = False


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _require_actor(actor: str) -> str:
    cleaned = actor.strip()
    if not cleaned:
        raise StoreError("actor: say who makes the change (must not be empty)")
    return cleaned


def _lock_writers(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITER_LOCK})


def lock_writers(session: Session) -> None:
    """Wait until no other writer is inside its transaction, and keep them out until this one
    ends: a check-then-insert (e.g. the demo data) cannot race. PostgreSQL: an advisory
    transaction lock; SQLite: the BEGIN IMMEDIATE of every writing transaction already did it."""
    _lock_writers(session)


# --- candidates --------------------------------------------------------------------------------


def _candidate_name(name: str, where: str = "name") -> str:
    cleaned = name.strip()
    if not cleaned:
        raise StoreError(f"candidate {where}: must not be empty")
    if len(cleaned) > 200:
        raise StoreError(f"candidate {where}: at most 200 characters, got {len(cleaned)}")
    problem = limits.line_problem(cleaned, limit=limits.NAME_MAX)
    if problem is not None:
        raise StoreError(f"candidate {where}: {problem}")
    return cleaned


def _check_candidate_text(*values: object) -> None:
    """StoreError for the first field a database would refuse or that would mislead a reader;
    `values` in the order of limits.CANDIDATE_TEXT, those not given (UNSET, None) unchecked."""
    for field, value in zip(limits.CANDIDATE_TEXT, values, strict=True):
        if isinstance(value, str):
            problem = limits.candidate_problem(field, value.strip())
            if problem is not None:
                raise StoreError(f"candidate {field}: {problem}")


def _check_external_unique(
    session: Session, source: str | None, external_id: str | None, *, except_id: int | None = None
) -> None:
    if external_id is None:
        return
    query = select(Candidate.id).where(
        Candidate.external_id == external_id,
        Candidate.source.is_(None) if source is None else Candidate.source == source,
    )
    other = session.scalar(query)
    if other is not None and other != except_id:
        raise StoreError(
            f"candidate external_id: {source or '(no source)'} id {external_id!r} "
            f"already belongs to candidate {other}"
        )


def add_candidate(
    name: str,
    *,
    session: Session,
    email: str | None = None,
    current_title: str = "",
    source: str | None = None,
    external_id: str | None = None,
    notes: str = "",
    is_demo: bool = False,
) -> int:
    """Add a candidate and return their id."""
    _check_candidate_text(email, current_title, source, external_id, notes)
    source, external_id = _clean(source), _clean(external_id)
    _check_external_unique(session, source, external_id)
    new_id = session.scalar(
        insert(CANDIDATES)
        .values(
            name=_candidate_name(name),
            email=_clean(email),
            current_title=current_title.strip(),
            source=source,
            external_id=external_id,
            notes=notes,
            is_demo=is_demo,
            created_at=utcnow(),
        )
        .returning(CANDIDATES.c.id)
    )
    assert new_id is not None
    return int(new_id)


def update_candidate(
    candidate_id: int,
    *,
    session: Session,
    name: str | _Unset = UNSET,
    email: str | _Unset | None = UNSET,
    current_title: str | _Unset = UNSET,
    source: str | _Unset | None = UNSET,
    external_id: str | _Unset | None = UNSET,
    notes: str | _Unset = UNSET,
    is_demo: bool | _Unset = UNSET,
    keep: bool | _Unset = UNSET,
) -> None:
    """Change the fields given; the others keep their values. A change stamps `updated_at`."""
    _check_candidate_text(email, current_title, source, external_id, notes)
    row = session.get(Candidate, candidate_id)
    if row is None:
        raise StoreError(f"candidate {candidate_id}: no such candidate")
    new_source = row.source if isinstance(source, _Unset) else _clean(source)
    new_external = row.external_id if isinstance(external_id, _Unset) else _clean(external_id)
    # Checked before any attribute changes, so autoflush cannot hit the constraint first.
    _check_external_unique(session, new_source, new_external, except_id=candidate_id)
    row.source, row.external_id = new_source, new_external
    if not isinstance(name, _Unset):
        row.name = _candidate_name(name)
    if not isinstance(email, _Unset):
        row.email = _clean(email)
    if not isinstance(current_title, _Unset):
        row.current_title = current_title.strip()
    if not isinstance(notes, _Unset):
        row.notes = notes
    if not isinstance(is_demo, _Unset):
        row.is_demo = is_demo
    if not isinstance(keep, _Unset):
        row.keep = keep
    if session.is_modified(row):
        # An edit is activity: retention counts from it.
        row.updated_at = utcnow()
    session.flush()


def _candidate_infos(session: Session, candidate_id: int | None = None) -> list[CandidateInfo]:
    submitted = func.count(case((Scorecard.state == "submitted", 1)))
    query = (
        select(Candidate, func.count(Scorecard.id), submitted)
        .outerjoin(Scorecard, Scorecard.candidate_id == Candidate.id)
        .group_by(Candidate.id)
        .order_by(Candidate.name, Candidate.id)
    )
    if candidate_id is not None:
        query = query.where(Candidate.id == candidate_id)
    return [
        CandidateInfo(
            id=c.id,
            name=c.name,
            email=c.email,
            current_title=c.current_title,
            source=c.source,
            external_id=c.external_id,
            notes=c.notes,
            is_demo=c.is_demo,
            created_at=c.created_at,
            scorecards=int(n),
            submitted=int(s),
            keep=c.keep,
        )
        for c, n, s in session.execute(query)
    ]


def list_candidates(*, session: Session, search: str = "") -> list[CandidateInfo]:
    """Candidates by name; `search` keeps those whose name, email or title contains it
    (case-insensitive, also for å, ä, ö, which SQLite's lower() leaves alone)."""
    infos = _candidate_infos(session)
    needle = search.strip().casefold()
    if not needle:
        return infos
    return [
        info
        for info in infos
        if needle in info.name.casefold()
        or needle in (info.email or "").casefold()
        or needle in info.current_title.casefold()
    ]


def get_candidate(candidate_id: int, *, session: Session) -> CandidateInfo:
    """One candidate, or a StoreError naming the id."""
    found = _candidate_infos(session, candidate_id)
    if not found:
        raise StoreError(f"candidate {candidate_id}: no such candidate")
    return found[0]


def delete_candidate(candidate_id: int, *, session: Session) -> Erasure:
    """Erase a candidate: their scorecards, ratings and every audit row about them."""
    if session.get(Candidate, candidate_id) is None:
        raise StoreError(f"candidate {candidate_id}: no such candidate")
    card_ids = select(SCORECARDS.c.id).where(SCORECARDS.c.candidate_id == candidate_id)
    erasure = Erasure(
        ratings=_deleted(session, delete(RATINGS).where(RATINGS.c.scorecard_id.in_(card_ids))),
        # Also rows written while one of these scorecards belonged to someone else.
        audit_rows=_deleted(
            session,
            delete(RATING_AUDIT).where(
                (RATING_AUDIT.c.candidate_id == candidate_id)
                | RATING_AUDIT.c.scorecard_id.in_(card_ids)
            ),
        ),
        scorecards=_deleted(
            session, delete(SCORECARDS).where(SCORECARDS.c.candidate_id == candidate_id)
        ),
        candidates=_deleted(session, delete(CANDIDATES).where(CANDIDATES.c.id == candidate_id)),
    )
    # The ORM copies of erased rows must not be flushed back or read later.
    session.expunge_all()
    return erasure


def _deleted(session: Session, statement: Executable) -> int:
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


# --- resolving candidates for incoming scorecards -----------------------------------------------


def _describe(ref: CandidateRef) -> str:
    parts = []
    if ref.name:
        parts.append(f"name {ref.name!r}")
    if ref.email:
        parts.append(f"email {ref.email!r}")
    if ref.external_id:
        parts.append(f"{ref.source or '(no source)'} id {ref.external_id!r}")
    return ", ".join(parts) or "no name, email or id"


class _CandidateIndex:
    """Candidates by every key an incoming reference can match on.

    Matching order: (source, external_id), else email (case-insensitive), else name
    (case-insensitive). A name match is taken only when that candidate has no email or the same
    one, since two people can share a name. Candidates created earlier in the same batch are
    matched like stored ones.
    """

    def __init__(self, session: Session) -> None:
        self.by_ext: dict[tuple[str | None, str], int] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.email_of: dict[int, str | None] = {}
        self.has_ext: set[int] = set()
        self.new: list[dict[str, Any]] = []
        self.fill: dict[int, dict[str, Any]] = {}
        rows = session.execute(
            select(
                Candidate.id,
                Candidate.name,
                Candidate.email,
                Candidate.source,
                Candidate.external_id,
            )
        )
        for cid, name, email, source, external_id in rows:
            self._register(cid, name, email, source, external_id)

    def _register(
        self, cid: int, name: str, email: str | None, source: str | None, ext: str | None
    ) -> None:
        if ext is not None:
            self.by_ext[(source, ext)] = cid
            self.has_ext.add(cid)
        if email is not None:
            self.by_email.setdefault(email.casefold(), []).append(cid)
        self.by_name.setdefault(name.casefold(), []).append(cid)
        self.email_of[cid] = email

    def _single(self, ids: list[int], what: str, where: str) -> int | None:
        if len(ids) > 1:
            shown = ", ".join(str(i) if i > 0 else "new" for i in sorted(ids))
            raise StoreError(
                f"{where}: {what} matches {len(ids)} candidates ({shown}); "
                "give an email or an external id to tell them apart"
            )
        return ids[0] if ids else None

    def resolve(self, ref: CandidateRef, where: str) -> int:
        """The candidate id for `ref` (negative: -n is the n-th candidate created here)."""
        email, source, ext = _clean(ref.email), _clean(ref.source), _clean(ref.external_id)
        found: int | None = None
        if ext is not None:
            found = self.by_ext.get((source, ext))
        if found is None and email is not None:
            found = self._single(self.by_email.get(email.casefold(), []), f"email {email!r}", where)
        if found is None and ref.name:
            same_person = [
                cid
                for cid in self.by_name.get(ref.name.casefold(), [])
                if email is None
                or self.email_of[cid] is None
                or (self.email_of[cid] or "").casefold() == email.casefold()
            ]
            found = self._single(same_person, f"name {ref.name!r}", where)
        if found is not None:
            self._complete(found, email, source, ext)
            return found
        if not ref.name:
            raise StoreError(
                f"{where}: no candidate matches {_describe(ref)} and without a name "
                "none can be created"
            )
        new_id = -(len(self.new) + 1)
        self.new.append(
            {
                "name": _candidate_name(ref.name, f"name ({where})"),
                "email": email,
                "current_title": "",
                "source": source if ext is not None else None,
                "external_id": ext,
                "notes": "",
                "is_demo": False,
            }
        )
        self._register(new_id, ref.name, email, source if ext else None, ext)
        return new_id

    def _complete(self, cid: int, email: str | None, source: str | None, ext: str | None) -> None:
        """Remember the email and external id a matched candidate lacked, so the next import
        matches on them."""
        if cid < 0:
            return
        changes = self.fill.setdefault(cid, {})
        if email is not None and self.email_of.get(cid) is None:
            changes["email"] = email
            self.email_of[cid] = email
            self.by_email.setdefault(email.casefold(), []).append(cid)
        if ext is not None and cid not in self.has_ext and (source, ext) not in self.by_ext:
            changes["source"], changes["external_id"] = source, ext
            self.by_ext[(source, ext)] = cid
            self.has_ext.add(cid)


# --- writing scorecards -------------------------------------------------------------------------


def _card_fields(card: ScorecardIn, candidate_id: int, search_id: int | None) -> dict[str, Any]:
    ext = _clean(card.external_id)
    return {
        "candidate_id": candidate_id,
        "search_id": search_id,
        "interviewer": card.interviewer,
        "interview_type": card.interview_type,
        "interview_date": card.interview_date,
        "recommendation": card.recommendation,
        "state": card.state,
        "source": _clean(card.candidate.source) if ext is not None else None,
        "external_id": ext,
        "notes": card.notes,
    }


def _ratings_of(card: ScorecardIn, where: str) -> dict[str, RatingIn]:
    given: dict[str, RatingIn] = {}
    for rating in card.ratings:
        competency = rating.competency.strip()
        if not competency:
            raise StoreError(f"{where}: a rating has an empty competency")
        if competency in given:
            raise StoreError(f"{where}: competency {competency!r} is rated twice")
        given[competency] = rating
    return given


def _load_scorecards(
    session: Session, candidate_ids: list[int], ext_keys: list[str]
) -> list[StoredCard]:
    columns = (
        Scorecard.id,
        Scorecard.candidate_id,
        Scorecard.interviewer,
        Scorecard.interview_type,
        Scorecard.interview_date,
        Scorecard.recommendation,
        Scorecard.state,
        Scorecard.source,
        Scorecard.external_id,
        Scorecard.notes,
        Scorecard.search_id,
    )
    found: dict[int, StoredCard] = {}

    def take(rows: Iterable[Row[Any]]) -> None:
        for row in rows:
            values = row._asdict()
            card_id = values.pop("id")
            found[card_id] = StoredCard(card_id, values)

    for chunk in _chunks(candidate_ids):
        take(session.execute(select(*columns).where(Scorecard.candidate_id.in_(chunk))))
    for ext_chunk in _chunks(ext_keys):
        take(session.execute(select(*columns).where(Scorecard.external_id.in_(ext_chunk))))
    return list(found.values())


def _driver_error(session: Session, statement: str, exc: Exception) -> DBAPIError:
    """A driver's error as SQLAlchemy raises it from a statement, so the callers' one
    `DatabaseFailure` handler also catches what a bulk write below the ORM refused."""
    dialect = session.get_bind().dialect
    wrapped = DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect)
    assert isinstance(wrapped, DBAPIError)  # `exc` is the driver's own error
    return wrapped


def _bulk_rows(
    session: Session, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows given as tuples in the order of `names`, below SQLAlchemy's per-row
    work: COPY on PostgreSQL (from _COPY_FROM rows on), the driver's executemany on SQLite.

    Column types still convert values (e.g. aware datetimes to naive UTC) as in an INSERT;
    psycopg sends an executemany row by row (pipelined), while COPY streams the rows in one
    command, and SQLAlchemy's statement building per row costs more than SQLite's insert.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name not in ("postgresql", "sqlite") or (
        dialect.name == "postgresql" and len(rows) < _COPY_FROM
    ):
        session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    # the dialect's own conversion, as an INSERT applies it (SQLite: dates as text)
    converters = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    if any(convert is not None for convert in converters):
        rows = [
            [
                value if convert is None else convert(value)
                for value, convert in zip(row, converters, strict=True)
            ]
            for row in rows
        ]
    driver = session.connection().connection.dbapi_connection
    assert driver is not None
    column_list = ", ".join(f'"{name}"' for name in names)
    if dialect.name == "postgresql":
        statement = f'COPY "{table.name}" ({column_list}) FROM STDIN'
    else:
        marks = ", ".join("?" for _ in names)
        statement = f'INSERT INTO "{table.name}" ({column_list}) VALUES ({marks})'
    try:
        if dialect.name == "postgresql":
            with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        else:
            cursor = driver.cursor()
            try:
                cursor.executemany(statement, rows)
            finally:
                cursor.close()
    except dialect.loaded_dbapi.Error as exc:
        raise _driver_error(session, statement, exc) from exc


def _bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows (all with the same keys) with `_bulk_rows`."""
    if rows:
        names = list(rows[0])
        _bulk_rows(session, table, names, [[row[name] for name in names] for row in rows])


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows and return their new ids in the order of `rows`.

    The ids are taken first: on PostgreSQL from the table's sequence; on SQLite as the next
    ones after the largest (what SQLite itself would pick for a table without AUTOINCREMENT;
    no other writer can insert meanwhile, as every writing transaction begins IMMEDIATE).
    SQLite's INSERT ... RETURNING would have to go one row per statement to keep the order.
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql" and len(rows) >= _COPY_FROM:
        new_ids = list(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table.name, "n": len(rows)},
            )
        )
    elif dialect == "sqlite":
        first = int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
        new_ids = list(range(first, first + len(rows)))
    else:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    _bulk_insert(session, table, [{"id": i, **row} for i, row in zip(new_ids, rows, strict=True)])
    return new_ids


@collector_paused()  # a fresh pause on every call: a contextmanager is also a decorator
def _write_scorecards(
    session: Session,
    cards: Sequence[ScorecardIn],
    *,
    actor: str,
    candidate_ids: Sequence[int | None],
    search_ids: Sequence[int | None],
    label: str = "scorecard",
) -> tuple[ImportSummary, list[int]]:
    """Create or update every card (each in the search beside it) in bulk, with the cycle
    collector paused; returns the summary and each card's scorecard id."""
    actor = _require_actor(actor)
    _lock_writers(session)
    now = utcnow()
    wheres = [f"{label} {i + 1}" if len(cards) > 1 else label for i in range(len(cards))]

    given = [_ratings_of(card, where) for card, where in zip(cards, wheres, strict=True)]

    # 1. Candidates: match or plan new ones, then insert those in one statement.
    resolved: list[int] = []
    index: _CandidateIndex | None = None
    for card, forced, where in zip(cards, candidate_ids, wheres, strict=True):
        if forced is not None:
            resolved.append(forced)
            continue
        if index is None:
            index = _CandidateIndex(session)
        resolved.append(index.resolve(card.candidate, where))
    forced_ids = sorted({c for c in candidate_ids if c is not None})
    if forced_ids:
        known = set(session.scalars(select(Candidate.id).where(Candidate.id.in_(forced_ids))))
        missing = [c for c in forced_ids if c not in known]
        if missing:
            raise StoreError(f"candidate {missing[0]}: no such candidate")
    new_candidate_ids: list[int] = []
    if index is not None and index.new:
        rows = [{**row, "created_at": now} for row in index.new]
        new_candidate_ids = _insert_returning_ids(session, CANDIDATES, rows)
    if index is not None:
        fills = [{"id": cid, **changes} for cid, changes in index.fill.items() if changes]
        for fill in fills:
            session.execute(
                update(CANDIDATES)
                .where(CANDIDATES.c.id == fill["id"])
                .values({k: v for k, v in fill.items() if k != "id"})
            )
    resolved = [new_candidate_ids[-c - 1] if c < 0 else c for c in resolved]

    # 2. Scorecards: match each card to a stored one (external id first), or plan a new one.
    all_fields = [
        _card_fields(card, cid, sid)
        for card, cid, sid in zip(cards, resolved, search_ids, strict=True)
    ]
    ext_keys = sorted({f["external_id"] for f in all_fields if f["external_id"] is not None})
    existing = _load_scorecards(session, sorted(set(resolved)), ext_keys)
    try:
        targets = match_cards(all_fields, existing, wheres)
    except PlanError as exc:
        raise StoreError(str(exc)) from None

    # 3. Stored ratings of the matched scorecards, to diff against what the cards give.
    matched_ids = sorted({t.id for t in targets if t is not None})
    stored: dict[int, dict[str, tuple[int, int | None, str]]] = {}
    for chunk in _chunks(matched_ids):
        stored_rows = session.execute(
            select(
                Rating.scorecard_id, Rating.competency, Rating.id, Rating.rating, Rating.evidence
            ).where(Rating.scorecard_id.in_(chunk))
        )
        for card_id, competency, rid, value, evidence in stored_rows:
            stored.setdefault(card_id, {})[competency] = (rid, value, evidence)

    # 4. Plan every write (pure), then 5. apply it.
    plan = plan_writes(all_fields, targets, given, stored, now=now)
    _apply(session, plan, actor=actor, candidate_ids=resolved, now=now)
    summary = ImportSummary(
        candidates_added=len(new_candidate_ids),
        scorecards_added=len(plan.new_cards),
        scorecards_updated=plan.changed_cards,
        ratings_added=len(plan.rating_inserts),
        ratings_changed=len(plan.rating_updates),
        ratings_deleted=len(plan.rating_deletes),
    )
    return summary, plan.ids


def _update_by_id(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE rows by id, one Core executemany per set of columns changed."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        columns = tuple(sorted(k for k in row if k != "id"))
        groups.setdefault(columns, []).append({f"_{k}": v for k, v in row.items()})
    for columns, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({name: bindparam(f"_{name}") for name in columns})
        )
        session.execute(statement, params)


def _audit_new_ratings(session: Session, *, after: int, actor: str, now: dt.datetime) -> None:
    """The "created" trail of every rating with an id above `after`, copied inside SQLite in
    rating order: what `_bulk_rows` would send row by row for a batch of new ratings only."""
    columns = select(
        literal(now, UTCDateTime),
        literal(actor, String()),
        SCORECARDS.c.candidate_id,
        RATINGS.c.scorecard_id,
        RATINGS.c.competency,
        literal("created", String()),
        RATINGS.c.rating,
        RATINGS.c.evidence,
    )
    rows = (
        columns.join_from(RATINGS, SCORECARDS, SCORECARDS.c.id == RATINGS.c.scorecard_id)
        .where(RATINGS.c.id > after)
        .order_by(RATINGS.c.id)
    )
    names = ("at", "actor", "candidate_id", "scorecard_id", "competency", "action")
    session.execute(insert(RATING_AUDIT).from_select([*names, "new_rating", "new_evidence"], rows))


def _apply(
    session: Session, plan: WritePlan, *, actor: str, candidate_ids: list[int], now: dt.datetime
) -> None:
    """Write a plan: new scorecards (ids back in order), then ratings and the audit trail."""
    ids = plan.ids
    if plan.new_cards:
        new_ids = _insert_returning_ids(session, SCORECARDS, plan.new_cards)
        for slot, new_id in zip(plan.new_card_slots, new_ids, strict=True):
            ids[slot] = new_id
    _update_by_id(session, SCORECARDS, plan.card_updates)
    for chunk in _chunks(plan.rating_deletes):
        session.execute(delete(RATINGS).where(RATINGS.c.id.in_(chunk)))
    _update_by_id(session, RATINGS, plan.rating_updates)
    # Only new ratings (a first import): their trail repeats them, so SQLite copies it itself.
    only_created = (
        session.get_bind().dialect.name == "sqlite"
        and len(plan.audits) == len(plan.rating_inserts)
        and all(e.action == "created" for e in plan.audits)
    )
    last_id = 0
    if only_created and plan.rating_inserts:
        last_id = int(session.scalar(select(func.coalesce(func.max(RATINGS.c.id), 0))) or 0)
    if plan.rating_inserts:
        _bulk_rows(
            session,
            RATINGS,
            ("scorecard_id", "competency", "rating", "evidence"),
            [
                (ids[slot], row["competency"], row["rating"], row["evidence"])
                for slot, row in plan.rating_inserts
            ],
        )
    if only_created:
        if plan.rating_inserts:
            _audit_new_ratings(session, after=last_id, actor=actor, now=now)
        return
    _bulk_rows(
        session,
        RATING_AUDIT,
        _AUDIT_COLUMNS,
        [
            (
                now,
                actor,
                candidate_ids[e.slot],
                ids[e.slot],
                e.competency,
                e.action,
                e.old_rating,
                e.new_rating,
                e.old_evidence,
                e.new_evidence,
            )
            for e in plan.audits
        ],
    )


def import_scorecards(
    cards: list[ScorecardIn],
    *,
    session: Session,
    actor: str,
    search_ids: Sequence[int | None] | None = None,
) -> ImportSummary:
    """Store many scorecards at once: candidates are matched or created, scorecards created or
    updated by identity, so importing the same cards again changes nothing.

    A scorecard is identified by (source, external_id) when it has an external id, else by
    (candidate, interviewer, interview_date, interview_type, search): `search_ids` gives each
    card's search (None, or no list: none). An update makes the stored ratings exactly the ones
    the card gives (changed, added, and removed ones are audited) and files the card into the
    search given, if any. Cards are numbered from 1 in error messages, in the order given.
    """
    summary, _ = import_scorecards_with_ids(
        cards, session=session, actor=actor, search_ids=search_ids
    )
    return summary


def import_scorecards_with_ids(
    cards: list[ScorecardIn],
    *,
    session: Session,
    actor: str,
    search_ids: Sequence[int | None] | None = None,
) -> tuple[ImportSummary, list[int]]:
    """As `import_scorecards`, with each card's scorecard id, in the order given."""
    searches = [None] * len(cards) if search_ids is None else list(search_ids)
    if len(searches) != len(cards):
        raise ValueError(f"{len(searches)} search ids for {len(cards)} scorecards")
    return _write_scorecards(
        session, cards, actor=actor, candidate_ids=[None] * len(cards), search_ids=searches
    )


def save_scorecard(
    card: ScorecardIn,
    *,
    session: Session,
    actor: str,
    candidate_id: int | None = None,
    search_id: int | None = None,
) -> int:
    """Create or update one scorecard (identity as for imports, in `search_id`, None: no
    search) and return its id.

    `candidate_id` names the candidate directly (the app knows it); otherwise the card's
    candidate reference is matched as in an import. A card whose state is "submitted" is
    submitted now, unless it already was.
    """
    _, ids = _write_scorecards(
        session, [card], actor=actor, candidate_ids=[candidate_id], search_ids=[search_id]
    )
    return ids[0]


def submit_scorecard(scorecard_id: int, *, session: Session) -> None:
    """Mark a scorecard submitted (scored from now on); submitting twice changes nothing."""
    row = session.get(Scorecard, scorecard_id)
    if row is None:
        raise StoreError(f"scorecard {scorecard_id}: no such scorecard")
    if row.state != "submitted":
        now = utcnow()
        row.state, row.submitted_at, row.updated_at = "submitted", now, now
        session.flush()


def scorecard_for(
    candidate_id: int,
    interviewer: str,
    interview_date: dt.date,
    interview_type: str,
    *,
    session: Session,
    search_id: int | None = None,
) -> ScorecardIn | None:
    """The stored scorecard of that interview in `search_id` (None: of no search), to edit a
    draft, or None."""
    card = session.scalar(
        select(Scorecard).where(
            Scorecard.candidate_id == candidate_id,
            Scorecard.interviewer == interviewer.strip(),
            Scorecard.interview_date == interview_date,
            Scorecard.interview_type == interview_type.strip(),
            # `== None` renders as IS NULL: a card without a search is found among those
            Scorecard.search_id == search_id,
        )
    )
    if card is None:
        return None
    person = session.get(Candidate, candidate_id)
    assert person is not None  # the foreign key guarantees it
    ratings = session.execute(
        select(Rating.competency, Rating.rating, Rating.evidence)
        .where(Rating.scorecard_id == card.id)
        .order_by(Rating.id)
    )
    return ScorecardIn.model_validate(
        {
            "candidate": {
                "name": person.name,
                "email": person.email,
                "source": person.source,
                "external_id": person.external_id,
            },
            "interviewer": card.interviewer,
            "interview_type": card.interview_type,
            "interview_date": card.interview_date,
            "recommendation": card.recommendation,
            "state": card.state,
            "external_id": card.external_id,
            "notes": card.notes,
            "ratings": [{"competency": c, "rating": r, "evidence": e} for c, r, e in ratings],
        }
    )


@dataclass(frozen=True)
class SubmittedCard:
    """A submitted scorecard as a recruiter picks one to reopen."""

    id: int
    interviewer: str
    interview_type: str
    interview_date: dt.date
    submitted_at: dt.datetime | None


def scorecard_row(scorecard_id: int, *, session: Session) -> Scorecard:
    """One stored scorecard, or a StoreError naming the id."""
    row = session.get(Scorecard, scorecard_id)
    if row is None:
        raise StoreError(f"scorecard {scorecard_id}: no such scorecard")
    return row


def scorecard_ratings(scorecard_id: int, *, session: Session) -> dict[str, list[Any]]:
    """A scorecard's ratings as competency -> [rating, evidence], for the audit trail."""
    rows = session.execute(
        select(Rating.competency, Rating.rating, Rating.evidence)
        .where(Rating.scorecard_id == scorecard_id)
        .order_by(Rating.competency)
    )
    return {c: [r, e] for c, r, e in rows}


def submitted_scorecards(candidate_id: int, *, session: Session) -> list[SubmittedCard]:
    """A candidate's submitted scorecards, by interview date."""
    rows = session.execute(
        select(
            Scorecard.id,
            Scorecard.interviewer,
            Scorecard.interview_type,
            Scorecard.interview_date,
            Scorecard.submitted_at,
        )
        .where(Scorecard.candidate_id == candidate_id, Scorecard.state == "submitted")
        .order_by(Scorecard.interview_date, Scorecard.id)
    )
    return [SubmittedCard(*row) for row in rows]


def reopen(scorecard_id: int, *, session: Session) -> None:
    """Make a submitted scorecard a draft again (the service audits why)."""
    row = scorecard_row(scorecard_id, session=session)
    row.state, row.submitted_at, row.updated_at = "draft", None, utcnow()
    session.flush()


# --- reading for scoring and reports ------------------------------------------------------------


def ratings_frame(*, session: Session, submitted_only: bool = True) -> pd.DataFrame:
    """Every rating, one row each (not-assessed ones with rating NaN): `columnar.read_ratings`
    as the long frame.

    Columns are RATINGS_FRAME_COLUMNS: `candidate` and `interview` are the candidate and
    scorecard ids (int64), `rating` is float64. Ordered by candidate, scorecard, competency.
    """
    return read_ratings(session=session, submitted_only=submitted_only).frame()


def scorecards_frame(*, session: Session) -> pd.DataFrame:
    """Every scorecard, drafts included, with how many ratings it holds and how many of them
    assess something. Columns are SCORECARDS_FRAME_COLUMNS, ordered by candidate, then id."""
    assessed = func.count(Rating.rating)
    query = (
        select(
            Scorecard.id,
            Candidate.id,
            Candidate.name,
            Scorecard.interviewer,
            Scorecard.interview_type,
            Scorecard.interview_date,
            Scorecard.recommendation,
            Scorecard.state,
            Scorecard.submitted_at,
            Scorecard.notes,
            func.count(Rating.id),
            assessed,
            Scorecard.created_at,
            Scorecard.updated_at,
        )
        .select_from(Scorecard)
        .join(Candidate, Scorecard.candidate_id == Candidate.id)
        .outerjoin(Rating, Rating.scorecard_id == Scorecard.id)
        .group_by(Scorecard.id, Candidate.id, Candidate.name)
        .order_by(Candidate.id, Scorecard.id)
    )
    rows = session.execute(query).all()
    frame = pd.DataFrame.from_records(
        [tuple(row) for row in rows], columns=list(SCORECARDS_FRAME_COLUMNS)
    )
    return frame.astype(
        {"interview": "int64", "candidate": "int64", "ratings": "int64", "assessed": "int64"}
    )


def _normalised(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def database_fingerprint(*, session: Session) -> tuple[dict[str, int], str]:
    """Row counts per table and a sha256 over every table's rows in primary-key order, so that
    "nothing changed" can be proven by comparing two fingerprints."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for table in TABLES:
        digest.update(f"table {table.name}\n".encode())
        count = 0
        result = session.execute(select(table).order_by(*table.primary_key.columns))
        for row in result:
            digest.update(json.dumps([_normalised(v) for v in row], ensure_ascii=False).encode())
            digest.update(b"\n")
            count += 1
        counts[table.name] = count
    return counts, digest.hexdigest()
