"""Tell cheaply whether the database changed since the last look (the app's cache key)."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, func, select

from assess.storage import db


def content_marker(engine: Engine) -> str:
    """Row counts, the newest ids, the newest scorecard update, the length of the rating
    audit trail (every rating write appends to it), the stakeholders' views and needs answers
    (their count and newest change), then the searches': their count and newest edit, the
    target overrides' count and newest change, the pipeline's moves (every move and every
    candidate added appends one), the hiring team's size, newest id and a sum over its roles (a
    role changed in place), the interviews and their assignments (count, newest id), and the
    scorecards' search ids; as one string, in one query.

    Edits that keep all of those (a renamed candidate) leave it unchanged.
    """
    c, s, r, a = db.Candidate, db.Scorecard, db.Rating, db.RatingAudit
    # a search's stakeholders and needs answers: every write sets set_at, a removal the count
    sh, nd = db.SearchStakeholder, db.SearchNeeds
    team = db.SearchTeamMember
    query = select(
        select(func.count(c.id)).scalar_subquery(),
        select(func.max(c.id)).scalar_subquery(),
        select(func.count(s.id)).scalar_subquery(),
        select(func.max(s.updated_at)).scalar_subquery(),
        select(func.count(r.id)).scalar_subquery(),
        select(func.max(a.id)).scalar_subquery(),
        select(func.count(sh.id)).scalar_subquery(),
        select(func.max(sh.set_at)).scalar_subquery(),
        select(func.max(nd.set_at)).scalar_subquery(),
        select(func.count(db.Search.id)).scalar_subquery(),
        select(func.max(db.Search.updated_at)).scalar_subquery(),
        select(func.count(db.SearchOverride.id)).scalar_subquery(),
        select(func.max(db.SearchOverride.set_at)).scalar_subquery(),
        select(func.count(db.PipelineMove.id)).scalar_subquery(),
        select(func.max(db.PipelineMove.id)).scalar_subquery(),
        select(func.count(team.id)).scalar_subquery(),
        select(func.max(team.id)).scalar_subquery(),
        # the three roles have three lengths (9, 11, 14): one member's new role moves the sum
        select(func.sum(team.id * func.length(team.role))).scalar_subquery(),
        select(func.count(db.InterviewPlan.id)).scalar_subquery(),
        select(func.max(db.InterviewPlan.id)).scalar_subquery(),
        select(func.count(db.InterviewAssignment.id)).scalar_subquery(),
        select(func.max(db.InterviewAssignment.id)).scalar_subquery(),
        select(func.sum(s.search_id)).scalar_subquery(),
    )
    with db.transaction(engine, readonly=True) as session:
        row = session.execute(query).one()
    return "/".join(str(x) for x in row)


# How long the listener waits for a notification before it looks whether to stop; and how long
# it waits before it connects again after losing its connection.
_LISTEN_POLL_S = 1.0
_RECONNECT_S = 2.0


class _Listener:
    """One connection per watched PostgreSQL database and process, in a daemon thread, that
    LISTENs on `db.CHANGE_CHANNEL` and counts what it hears: a hint that another server or
    the command line committed a write. While it has no connection (at start, after a lost
    one) every look counts as a change, since notifications may have been missed meanwhile."""

    def __init__(self, engine: Engine) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._lock = threading.Lock()
        self._heard = 0
        self._listening = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="assess-listen", daemon=True)
        self._thread.start()

    def heard(self) -> int:
        """Notifications heard so far (moving on every look while not listening)."""
        with self._lock:
            if not self._listening:
                self._heard += 1
            return self._heard

    def wait_listening(self, timeout: float) -> bool:
        """Whether the listener is connected and listening within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._listening:
                    return True
            time.sleep(0.05)
        return False

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {db.CHANGE_CHANNEL}")
                    with self._lock:
                        self._listening = True
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=_LISTEN_POLL_S):
                            with self._lock:
                                self._heard += 1
            except psycopg.Error:
                pass  # the database went away: the change query still answers every look
            with self._lock:
                self._listening = False
            self._stop.wait(_RECONNECT_S)

    def close(self) -> None:
        """Stop listening (within about a second) and close the connection."""
        self._stop.set()
        self._thread.join(timeout=_LISTEN_POLL_S + 1.0)


class ChangeWatch:
    """A version of the database content that changes whenever it changes.

    A SQLite file is watched through `PRAGMA data_version` on a connection of its own, whose
    value moves whenever any other connection (this process or another, such as a command-line
    import) commits: a look costs microseconds and misses nothing, a rename included. A file
    removed or replaced under the same name while the app runs (a backup copied over it) is a
    StoreError: the open connections, and SQLite's write-ahead log beside the file, still
    belong to the old one, so only a restart reads the new file safely.
    Other databases (PostgreSQL, in-memory SQLite) fall back to `content_marker`, one query
    per look, plus the writes this process notes (`note_write`). On PostgreSQL a listener
    (`_Listener`, one connection per process) adds what it hears of every write transaction's
    NOTIFY (`db.transaction`), so that an edit that keeps the counts (a rename) made through
    another server or the command line shows on the next look too; the query stays the truth,
    the notification only a hint. On in-memory SQLite such an edit by another process is not
    seen.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._generation = 0
        self._writes = 0
        # A watcher made anew (its cache cleared) counts from 1 again; the token keeps its
        # versions apart from the old one's, which may still key cached data.
        self._token = uuid.uuid4().hex[:8]
        self._seen: int | None = None
        self._path = db.sqlite_file(engine.url)
        self._identity: tuple[int, int] | None = None
        self._connection: sqlite3.Connection | None = None
        self._listener: _Listener | None = None
        if engine.dialect.name == "postgresql":
            self._listener = _Listener(engine)
        if self._path is not None:
            self._identity = _identity(self._path)
            try:
                # autocommit, so that no read transaction pins an old snapshot between looks
                self._connection = sqlite3.connect(
                    self._path, isolation_level=None, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise db.StoreError(f"cannot open the database at {self._shown()}: {exc}") from exc

    def version(self) -> str:
        """The current version: equal strings mean the content has not changed in between."""
        if self._path is None:
            # what the listener heard is read before the query: a change it hears meanwhile
            # then shows in the next look, never hides in this one
            hint = f"~{self._listener.heard()}" if self._listener is not None else ""
            marker = content_marker(self._engine)
            with self._lock:
                return f"{self._token}:{marker}#{self._writes}{hint}"
        with self._lock:  # one connection, shared by the server's script threads
            if self._connection is None:
                raise db.StoreError(f"the database at {self._shown()} is closed")
            self._check_file()
            try:
                (value,) = self._connection.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                raise db.StoreError(f"cannot read the database at {self._shown()}: {exc}") from exc
            if value != self._seen:
                self._seen = value
                self._generation += 1
            return f"{self._token}.{self._generation}"

    def ensure_same_file(self) -> None:
        """Raise a StoreError when the SQLite file was removed or replaced since the watcher
        opened it (nothing to check for other databases). Writing on would mix the old file's
        write-ahead log into the new file."""
        if self._path is not None:
            self._check_file()

    def _check_file(self) -> None:
        assert self._path is not None
        if _identity(self._path) != self._identity:
            raise db.StoreError(
                f"the database file at {self._shown()} was removed or replaced while the "
                "app was running: restart the app to open it again"
            )

    def note_write(self) -> None:
        """Note a write made through this process, for databases watched by `content_marker`
        (a SQLite file sees every commit by itself)."""
        with self._lock:
            self._writes += 1

    def wait_listening(self, timeout: float = 10.0) -> bool:
        """Whether the PostgreSQL listener is listening within `timeout` seconds (False for
        other databases, which have none)."""
        return self._listener is not None and self._listener.wait_listening(timeout)

    def close(self) -> None:
        """Close the watching connections (the engine is the caller's)."""
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _shown(self) -> str:
        return db.display_url(self._engine.url)


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode; None when there is no file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)
