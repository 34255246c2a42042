"""Database tables and engines (SQLAlchemy 2): SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    false,
    text,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from assess.domain.vocab import (
    FEEDBACK_VISIBILITY,
    PIPELINE_STAGES,
    RECOMMENDATIONS,
    ROLES,
    SCORECARD_STATES,
    SEARCH_ROLES,
    SEARCH_STATUSES,
    SIGN_IN_METHODS,
)

ENV_VAR: Final = "ASSESS_DATABASE_URL"
# The PostgreSQL channel every write transaction notifies on commit (a hint; see watch.py).
CHANGE_CHANNEL: Final = "assess_changes"
DEFAULT_URL: Final = "sqlite:///data/assess.db"
# Seconds a SQLite writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S: Final = 30.0
AUDIT_ACTIONS: Final[tuple[str, ...]] = ("created", "changed", "deleted")

# The unique index that makes a scorecard's identity: candidate, interviewer, date, type, search.
SCORECARD_IDENTITY: Final = "uq_scorecards_interview"

# Option on an engine/connection telling the begin hook that the transaction only reads.
_READONLY_OPTION: Final = "assess_readonly"


class StoreError(Exception):
    """A database problem the app and CLI can show as it is (one sentence, no traceback)."""


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the only kind of time the database holds)."""
    return dt.datetime.now(dt.UTC)


_BindProcessor = Callable[[Any], Any]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A point in time stored as naive UTC and read back timezone-aware.

    SQLite has no time zones and PostgreSQL would convert to the session's zone, so both get the
    same naive UTC value and every reader gets an aware UTC datetime.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)

    def bind_processor(self, dialect: Dialect) -> _BindProcessor | None:
        convert = super().bind_processor(dialect)
        if convert is None:
            return None
        # A bulk write stamps every row with the same `now` object; converting it once instead
        # of per row saves a third of a 100,000-rating import. One tuple, so threads sharing
        # this processor always read a matching (value, result) pair.
        last: list[tuple[object, Any]] = [(None, None)]

        def process(value: Any) -> Any:
            seen, result = last[0]
            if value is not None and value is seen:
                return result
            result = convert(value)
            last[0] = (value, result)
            return result

        return process


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Base(DeclarativeBase):
    # Named constraints make database errors say which rule was broken.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Candidate(Base):
    """A person being assessed; `source`/`external_id` name them in another system."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    current_title: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Never erased by retention, whatever their activity (someone hired, say).
    keep: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # When the record was last edited; None: not since it was added.
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Scorecard(Base):
    """One interviewer's assessment of one candidate in one interview."""

    __tablename__ = "scorecards"
    __table_args__ = (
        # One interview of a candidate in one search is one scorecard; scorecards without a
        # search count as a search of their own (NULLs never collide in a unique index).
        Index(
            SCORECARD_IDENTITY,
            "candidate_id",
            "interviewer",
            "interview_date",
            "interview_type",
            text("COALESCE(search_id, 0)"),
            unique=True,
        ),
        UniqueConstraint("source", "external_id"),
        CheckConstraint(
            f"recommendation IS NULL OR recommendation IN ({_in_list(RECOMMENDATIONS)})",
            name="recommendation",
        ),
        CheckConstraint(f"state IN ({_in_list(SCORECARD_STATES)})", name="state"),
        # A submitted scorecard always says when it was submitted.
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name="submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    interviewer: Mapped[str] = mapped_column(String(200))
    interview_type: Mapped[str] = mapped_column(String(200))
    interview_date: Mapped[dt.date] = mapped_column(Date)
    recommendation: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The system the external id belongs to (the candidate's source when imported).
    source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(128))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The search the interview belongs to; None for scorecards stored without one.
    search_id: Mapped[int | None] = mapped_column(
        ForeignKey("searches.id", ondelete="SET NULL"), index=True
    )


class Rating(Base):
    """A rating (1-5, NULL = not assessed) of one competency on one scorecard."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "competency"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    evidence: Mapped[str] = mapped_column(Text, default="")


class RatingAudit(Base):
    """Who created, changed or deleted a rating, when, and from what to what.

    `scorecard_id` is no foreign key: the trail outlives the rows it describes. It goes with the
    candidate on erasure (foreign key with cascade, and deleted explicitly by the store).
    """

    __tablename__ = "rating_audit"
    __table_args__ = (
        CheckConstraint(f"action IN ({_in_list(AUDIT_ACTIONS)})", name="action"),
        Index(None, "scorecard_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    scorecard_id: Mapped[int] = mapped_column()
    competency: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    old_rating: Mapped[int | None] = mapped_column(SmallInteger)
    new_rating: Mapped[int | None] = mapped_column(SmallInteger)
    old_evidence: Mapped[str | None] = mapped_column(Text)
    new_evidence: Mapped[str | None] = mapped_column(Text)


class User(Base):
    """A member of the hiring team who signs in: their role decides what they may do."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_in_list(ROLES)})", name="role"),
        CheckConstraint(f"sign_in IN ({_in_list(SIGN_IN_METHODS)})", name="sign_in"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # kept in lower case, so one address is one account whatever its spelling
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # the name as scorecards compare interviewers (name_key): unique, so two users are never
    # one interviewer
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sign_in: Mapped[str] = mapped_column(String(16), default="password")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    failed_sign_ins: Mapped[int] = mapped_column(SmallInteger, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(Base):
    """Every write a person makes (candidate edits, erasures, imports, user changes, reopened
    scorecards): who, when, what, and the old and new values as JSON. Rating changes have
    their own trail (rating_audit); an erasure is recorded here without personal data."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    actor_user_id: Mapped[int | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column()
    # the candidate an entry is about (no foreign key: entries outlive rows; deleted on erasure)
    candidate_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class (typed as a Table, not a FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


# The tables for Core statements (bulk writes skip the ORM's per-row work).
CANDIDATES: Final = table_of(Candidate)
SCORECARDS: Final = table_of(Scorecard)
RATINGS: Final = table_of(Rating)
RATING_AUDIT: Final = table_of(RatingAudit)
USERS: Final = table_of(User)
AUDIT_EVENTS: Final = table_of(AuditEvent)
TABLES: Final = (CANDIDATES, SCORECARDS, RATINGS, RATING_AUDIT)


# --- searches: a CTO position with its target, pipeline, hiring team and interview plan ------


class Search(Base):
    """One CTO position: its target is the archetype x stage profile plus its overrides."""

    __tablename__ = "searches"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in_list(SEARCH_STATUSES)})", name="status"),
        CheckConstraint(
            f"feedback_visibility IN ({_in_list(FEEDBACK_VISIBILITY)})", name="feedback_visibility"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(200), default="")
    archetype: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    notes: Mapped[str] = mapped_column(Text, default="")
    feedback_visibility: Mapped[str] = mapped_column(String(16), default="after_submit")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchOverride(Base):
    """A search's own target level and/or weight for one competency, with why and who."""

    __tablename__ = "search_overrides"
    __table_args__ = (
        UniqueConstraint("search_id", "competency"),
        CheckConstraint("level IS NULL OR (level >= 1 AND level <= 5)", name="level_range"),
        CheckConstraint("weight IS NULL OR (weight >= 0 AND weight <= 3)", name="weight_range"),
        CheckConstraint("level IS NOT NULL OR weight IS NOT NULL", name="sets_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(64))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    weight: Mapped[int | None] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchCandidate(Base):
    """A candidate in a search, at one pipeline stage (a candidate can be in several)."""

    __tablename__ = "search_candidates"
    __table_args__ = (
        UniqueConstraint("search_id", "candidate_id"),
        CheckConstraint(f"stage IN ({_in_list(PIPELINE_STAGES)})", name="stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), default="sourced")
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PipelineMove(Base):
    """Who moved a candidate in a search from which stage to which, when and why."""

    __tablename__ = "pipeline_moves"
    __table_args__ = (
        CheckConstraint(
            f"from_stage IS NULL OR from_stage IN ({_in_list(PIPELINE_STAGES)})", name="from_stage"
        ),
        CheckConstraint(f"to_stage IN ({_in_list(PIPELINE_STAGES)})", name="to_stage"),
        Index(None, "search_id", "candidate_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class SearchTeamMember(Base):
    """A user's role on one search's hiring team."""

    __tablename__ = "search_team"
    __table_args__ = (
        UniqueConstraint("search_id", "user_id"),
        CheckConstraint(f"role IN ({_in_list(SEARCH_ROLES)})", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class InterviewPlan(Base):
    """One interview of a search's plan: name, kind (the scorecards' interview type), focus."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(
        ForeignKey("searches.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(200))
    # competency ids, in the order the scorecard shows them (3-6, checked by the service)
    focus: Mapped[list[str]] = mapped_column(JSON)
    interview_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class InterviewAssignment(Base):
    """Who interviews a candidate in one interview of the plan."""

    __tablename__ = "interview_assignments"
    __table_args__ = (UniqueConstraint("interview_id", "candidate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


# --- defining the role: the needs answers and the stakeholders' views of a search ------------


class SearchStakeholder(Base):
    """One stakeholder's own target for a search: a level 1-5 and a weight 0-3 per competency.

    A stakeholder is a user on the search or a person named by the recruiter (the CEO, a
    board member) who has no account; `user_id` links the former."""

    __tablename__ = "search_stakeholders"
    __table_args__ = (UniqueConstraint("search_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # {competency id: {"level": 1-5, "weight": 0-3}}, checked by the service
    profile: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchNeeds(Base):
    """A search's answers to the needs questionnaire and the archetype x stage chosen from
    the recommendation (one row per search, replaced when answered again)."""

    __tablename__ = "search_needs"
    __table_args__ = (UniqueConstraint("search_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id", ondelete="CASCADE"))
    # {question id: answer}, checked against the questionnaire by the service
    answers: Mapped[dict[str, str | int | float]] = mapped_column(JSON)
    archetype: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def database_url(explicit: str | None = None) -> str:
    """The database to use: `explicit` (the `--db` option), else $ASSESS_DATABASE_URL, else the
    SQLite file `data/assess.db` under the current directory."""
    for candidate in (explicit, os.environ.get(ENV_VAR)):
        if candidate is not None and candidate.strip():
            return candidate.strip()
    return DEFAULT_URL


def display_url(url: str | URL) -> str:
    """The URL as it may be shown to people: password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def _normalise_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"cannot open the database at {url}: not a database URL "
            "(expected e.g. sqlite:///data/assess.db or postgresql+psycopg://user@host/db)"
        ) from exc
    # psycopg 3 is the PostgreSQL driver we ship; plain postgresql:// would ask for psycopg2.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database or another backend."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL (files), a busy timeout and
    BEGIN IMMEDIATE for writing transactions so that concurrent writers queue instead of failing."""
    parsed = _normalise_url(url)
    shown = display_url(parsed)
    try:
        if parsed.get_backend_name() != "sqlite":
            return create_engine(parsed, pool_pre_ping=True)
        path = sqlite_file(parsed)
        if path is None:
            # One shared connection, or every connection would see its own empty database.
            engine = create_engine(
                parsed,
                poolclass=StaticPool,
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
            )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot open the database at {shown}: {exc}") from exc
            engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
    except (NoSuchModuleError, ArgumentError) as exc:
        raise StoreError(f"cannot open the database at {shown}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine, wal=sqlite_file(parsed) is not None)
    return engine


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        # pysqlite would BEGIN lazily before the first write only; we issue BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        # Deleted rows are overwritten with zeros, not left in free space where a copy of the
        # file would still show an erased candidate (SQLite's upstream default is OFF).
        cursor.execute("PRAGMA secure_delete = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
            # WAL with NORMAL stays consistent; only a power cut may lose the latest commits.
            cursor.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache (default 2 MiB), so a large import is not spilled to disk
            # page by page before it commits.
            cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a second writer waits (busy timeout)
        # instead of failing when it later upgrades a stale read snapshot.
        readonly = conn.get_execution_options().get(_READONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def _first_line(exc: Exception) -> str:
    """What the driver said (the first line of the error it raised), else the error's type."""
    reason = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    words = str(reason).strip()
    return words.splitlines()[0] if words else type(reason).__name__


def _cannot_open(engine: Engine, exc: Exception) -> StoreError:
    return StoreError(f"cannot open the database at {display_url(engine.url)}: {_first_line(exc)}")


# Any error the database driver raised (SQLAlchemy wraps them all in this class), for the app's
# and the CLI's last line of defence, which show it with `database_error` as one sentence.
DatabaseFailure: Final = DBAPIError


def database_error(exc: DBAPIError) -> StoreError:
    """A database error that got past the checks, as one sentence: what the database said
    (its first line) and that the transaction was rolled back. The app and the CLI show this
    instead of a traceback (a `transaction` block rolls back before the error leaves it)."""
    return StoreError(f"the database refused the change ({_first_line(exc)}); nothing was written")


def create_schema(engine: Engine) -> None:
    """Bring the database to the newest schema revision by migration (a new one is created);
    see `assess.storage.migrations.upgrade`."""
    from assess.storage import migrations

    migrations.upgrade(engine)


def open_database(url: str | None = None) -> Engine:
    """The engine for `database_url(url)` at the newest schema revision, or a StoreError.

    A database without tables is created; one at another revision is refused, and one already
    up to date is only read (see `assess.storage.migrations.ensure_ready`).
    """
    from assess.storage import migrations

    engine = make_engine(database_url(url))
    try:
        migrations.ensure_ready(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise _cannot_open(engine, exc) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def transaction(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A session in one database transaction: committed when the block ends, rolled back if it
    raises. `readonly=True` never writes (rolled back at the end; PostgreSQL enforces it) and on
    SQLite does not wait for writers."""
    bind = engine.execution_options(**{_READONLY_OPTION: True}) if readonly else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            session.connection()
        except DBAPIError as exc:
            raise _cannot_open(engine, exc) from exc
        if readonly and engine.dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION READ ONLY"))
        with _outer(session, commit=not readonly):
            yield session
            if not readonly and engine.dialect.name == "postgresql":
                # delivered at commit, never on rollback: every app server's change watch
                # listens for it (watch.ChangeWatch), so a write shows in all of them
                session.execute(text(f"NOTIFY {CHANGE_CHANNEL}"))


@contextmanager
def _outer(session: Session, *, commit: bool) -> Iterator[None]:
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    if commit:
        session.commit()
    else:
        session.rollback()


@contextmanager
def sqlite_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    """A pooled connection of a SQLite engine as the driver's own object, outside any
    transaction (checkpoints and the backup API refuse to run inside one)."""
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        if not isinstance(connection, sqlite3.Connection):
            raise StoreError(f"{display_url(engine.url)} is not a SQLite database")
        yield connection
    finally:
        raw.close()
