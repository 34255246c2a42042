"""Tell cheaply whether the database changed since the last look (the app's cache key)."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from pathlib import Path

from sqlalchemy import Engine, func, select

from assess import db


def content_marker(engine: Engine) -> str:
    """Row counts, the newest ids, the newest scorecard update and the length of the rating
    audit trail (every rating write appends to it), as one string, in one query.

    Edits that keep all of those (a renamed candidate) leave it unchanged.
    """
    c, s, r, a = db.Candidate, db.Scorecard, db.Rating, db.RatingAudit
    query = select(
        select(func.count(c.id)).scalar_subquery(),
        select(func.max(c.id)).scalar_subquery(),
        select(func.count(s.id)).scalar_subquery(),
        select(func.max(s.updated_at)).scalar_subquery(),
        select(func.count(r.id)).scalar_subquery(),
        select(func.max(a.id)).scalar_subquery(),
    )
    with db.transaction(engine, readonly=True) as session:
        row = session.execute(query).one()
    return "/".join(str(x) for x in row)


class ChangeWatch:
    """A version of the database content that changes whenever it changes.

    A SQLite file is watched through `PRAGMA data_version` on a connection of its own, which
    changes whenever any other connection (this process or another, such as a command-line
    import) commits; a look costs microseconds and misses nothing, a rename included. Other
    databases (PostgreSQL, in-memory SQLite) fall back to `content_marker`, one query per look.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._generation = 0
        # A watcher made anew (its cache cleared) counts from 1 again; the token keeps its
        # versions apart from the old one's, which may still key cached data.
        self._token = uuid.uuid4().hex[:8]
        self._seen: int | None = None
        self._connection: sqlite3.Connection | None = None
        path = db.sqlite_file(engine.url)
        if path is not None:
            self._connection = _watcher_connection(path, engine)

    def version(self) -> str:
        """The current version: equal strings mean the content has not changed in between."""
        if self._connection is None:
            return content_marker(self._engine)
        with self._lock:  # one connection, shared by the server's script threads
            try:
                (value,) = self._connection.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                raise db.StoreError(
                    f"cannot read the database at {db.display_url(self._engine.url)}: {exc}"
                ) from exc
            if value != self._seen:
                self._seen = value
                self._generation += 1
            return f"{self._token}.{self._generation}"

    def close(self) -> None:
        """Close the watching connection (the engine is the caller's)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _watcher_connection(path: Path, engine: Engine) -> sqlite3.Connection:
    try:
        # autocommit, so that no read transaction pins an old snapshot between looks
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise db.StoreError(
            f"cannot open the database at {db.display_url(engine.url)}: {exc}"
        ) from exc
