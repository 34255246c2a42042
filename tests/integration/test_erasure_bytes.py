"""After an erasure the database's own files hold no byte of the candidate: SQLite's main file and
write-ahead log, PostgreSQL's relation files (heap, TOAST, indexes), the audit trail included; a
reader that keeps SQLite's log busy makes a warning, and the next erasure finishes the job."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from builders import HANDS_ON, VISION, card
from click.testing import CliRunner
from sqlalchemy import Engine, event, text

from assess.cli.main import cli
from assess.domain.rubric import load_rubric
from assess.domain.schemas import ScorecardIn
from assess.services import candidates, privacy, searches
from assess.services.actor import Actor
from assess.storage import db, store, users
from assess.storage.db import create_schema, make_engine, sqlite_connection, transaction

ADMIN = Actor("Lena Admin", "cli")
WARNING = (
    "the erasure is committed, but other connections kept the database's write-ahead log busy, "
    "so it still holds the erased rows until the next checkpoint",
)
POSTGRES_ENV = "ASSESS_TEST_POSTGRES_URL"  # as tests/conftest.py reads it


def _noise(token: str, length: int) -> str:
    """Text that does not compress (PostgreSQL would store compressed text in other bytes)."""
    out, block = [], token.encode()
    while sum(map(len, out)) < length:
        block = hashlib.sha256(block).digest()
        out.append(block.hex())
    return "".join(out)[:length]


class Person:
    """A candidate whose every field carries a token no other test writes."""

    def __init__(self, first: str) -> None:
        token = uuid.uuid4().hex[:10]
        self.name = f"{first} Åkerlund {token}"
        self.email = f"{first.lower()}.{token}@example.se"
        self.renamed = f"{first} Renamed {token}"
        # Longer than a SQLite page and PostgreSQL's TOAST threshold: overflow pages, TOAST rows.
        self.long_evidence = f"LONG-{token}-" + _noise(token, 9000)
        self.evidence = f"Led the incident review {token}"
        self.move_reason = f"Strong referral from {token}"

    def cards(self) -> list[ScorecardIn]:
        ratings = ((HANDS_ON, 4, self.long_evidence), (VISION, 3, self.evidence))
        return [card(self.name, email=self.email, ratings=ratings)]

    def needles(self) -> dict[str, bytes]:
        """Pieces that must be gone: whole short fields, and slices from across the long one."""
        pieces = {
            "name": self.name,
            "renamed": self.renamed,
            "email": self.email,
            "evidence": self.evidence,
            "move_reason": self.move_reason,
        }
        for start in (0, 2000, 4500, 8000):
            pieces[f"long[{start}:]"] = self.long_evidence[start : start + 40]
        return {key: value.encode("utf-8") for key, value in pieces.items()}


def _stored(engine: Engine) -> tuple[Person, Person, int]:
    """Zelda (renamed once, so an old version of her row exists too) and Kept; Zelda's id."""
    zelda, kept = Person("Zelda"), Person("Kept")
    with transaction(engine) as session:
        store.import_scorecards(zelda.cards() + kept.cards(), session=session, actor="test")
        ids = {c.name: c.id for c in store.list_candidates(session=session)}
    # Through the service, so the audit trail of people's writes holds the old and new name too.
    candidates.update_candidate(ids[zelda.name], actor=ADMIN, engine=engine, name=zelda.renamed,
                                email=zelda.email, current_title="", notes="")  # fmt: skip
    # Both in a search, moved with a reason that names them: the pipeline's history is theirs too.
    rubric = load_rubric()
    sid = searches.add_search(
        actor=ADMIN, engine=engine, rubric=rubric, title="CTO",
        archetype=rubric.archetypes[0].id, stage=rubric.stage_ids[0],
    ).id  # fmt: skip
    for person in (zelda, kept):
        cid = ids[person.name]
        searches.add_to_search(sid, cid, actor=ADMIN, engine=engine)
        searches.move_candidate(sid, cid, actor=ADMIN, engine=engine, stage="screening",
                                reason=person.move_reason)  # fmt: skip
    return zelda, kept, ids[zelda.name]


def _found(data: bytes, needles: dict[str, bytes]) -> list[str]:
    return sorted(key for key, needle in needles.items() if needle in data)


def _erase_and_scan(engine: Engine, files: Callable[[], bytes]) -> None:
    """Before the erasure the files hold every piece of Zelda; after it none, and Kept's still."""
    zelda, kept, zelda_id = _stored(engine)
    assert _found(files(), zelda.needles()) == sorted(zelda.needles())
    done = privacy.erase_candidate(zelda_id, actor=ADMIN, engine=engine)
    assert done.warnings == ()
    data = files()
    assert _found(data, zelda.needles()) == []
    assert _found(data, kept.needles()) == ["email", "evidence", "long[0:]", "long[2000:]",
                                            "long[4500:]", "long[8000:]", "move_reason",
                                            "name"]  # fmt: skip


@contextmanager
def _busy_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another connection holding a read snapshot, so no checkpoint can empty the WAL; with a
    short busy timeout, so that the checkpoint gives up in 0.2 s instead of 30 s."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM candidates").fetchone()
    try:
        yield reader
    finally:
        reader.close()


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_bytes(path: Path) -> bytes:
    """The main file and the write-ahead log (and a rollback journal, if any)."""
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'assess.db'}")
    create_schema(engine)
    # A second connection stays open, as the app's would: SQLite's last close checkpoints and
    # deletes the WAL by itself, which would hide a missing checkpoint.
    with engine.connect():
        yield engine
    engine.dispose()


def test_every_sqlite_connection_zeroes_deleted_content(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_sqlite_erasure_leaves_nothing_in_main_file_or_wal(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "assess.db"
    _erase_and_scan(sqlite_engine, lambda: _sqlite_bytes(path))
    assert path.with_name("assess.db-wal").stat().st_size == 0


@pytest.mark.parametrize(
    ("secure_delete", "checkpoint", "left"),
    [
        # Without the checkpoint the WAL still holds every row as it was written.
        ("ON", False, ["email", "evidence", "long[0:]", "long[2000:]", "long[4500:]",
                       "long[8000:]", "move_reason", "name", "renamed"]),
        # Without secure_delete the freed pages and cells keep their bytes in the main file.
        ("OFF", True, ["email", "evidence", "long[0:]", "long[2000:]", "long[4500:]",
                       "long[8000:]", "move_reason", "name", "renamed"]),
    ],
)  # fmt: skip
def test_the_scan_sees_what_each_half_of_the_scrub_removes(
    sqlite_engine: Engine, tmp_path: Path, secure_delete: str, checkpoint: bool, left: list[str]
) -> None:
    path = tmp_path / "assess.db"
    sqlite_engine.dispose()

    @event.listens_for(sqlite_engine, "connect")
    def _override(dbapi_connection: sqlite3.Connection, record: object) -> None:
        dbapi_connection.execute(f"PRAGMA secure_delete = {secure_delete}")

    with sqlite_engine.connect():
        zelda, _, zelda_id = _stored(sqlite_engine)
        with transaction(sqlite_engine) as session:
            store.delete_candidate(zelda_id, session=session)
        if checkpoint:
            with sqlite_connection(sqlite_engine) as raw:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _found(_sqlite_bytes(path), zelda.needles()) == left


# --- PostgreSQL --------------------------------------------------------------------------------


def _postgres_bytes(engine: Engine) -> bytes:
    """Every file of the test database's relations (pg_wal excluded: see the README), read
    after a CHECKPOINT has written the shared buffers out."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CHECKPOINT"))
        data_dir = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        files = [
            path
            for (path,) in conn.execute(
                text(
                    "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                    "WHERE c.relnamespace = current_schema()::regnamespace "
                    "OR c.oid IN (SELECT t.reltoastrelid FROM pg_class t "
                    "  WHERE t.relnamespace = current_schema()::regnamespace) "
                    "OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t "
                    "  ON t.reltoastrelid = i.indrelid "
                    "  WHERE t.relnamespace = current_schema()::regnamespace)"
                )
            )
            if path is not None
        ]
    try:
        return b"".join(
            segment.read_bytes()
            for name in files
            for segment in sorted((data_dir / name).parent.glob(Path(name).name + "*"))
            if segment.name == Path(name).name or segment.name[len(Path(name).name)] in "._"
        )
    except PermissionError:
        pytest.skip("the PostgreSQL data directory is not readable by this user")


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV, "").strip(), reason=f"no ${POSTGRES_ENV}")
@pytest.mark.parametrize("shared_engine", ["postgres"], indirect=True)
def test_postgres_erasure_leaves_nothing_in_relation_files(
    shared_engine: Engine, tmp_path: Path
) -> None:
    _erase_and_scan(shared_engine, lambda: _postgres_bytes(shared_engine))


def test_a_reader_holding_the_log_makes_a_warning_and_the_next_erasure_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "assess.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    zelda, kept, zelda_id = _stored(engine)
    try:
        with _busy_reader(path, monkeypatch):
            done = privacy.erase_candidate(zelda_id, actor=ADMIN, engine=engine)
            assert done.warnings == WARNING
            with transaction(engine, readonly=True) as session:
                assert [e["action"] for e in users.events(session)][-1] == "candidate.erased"
            assert _found(_sqlite_bytes(path), zelda.needles()) != []  # as the warning says
        with transaction(engine, readonly=True) as session:
            (kept_info,) = store.list_candidates(session=session)
        done = privacy.erase_candidate(kept_info.id, actor=ADMIN, engine=engine)
        assert done.warnings == ()
        data = _sqlite_bytes(path)
        assert (_found(data, zelda.needles()), _found(data, kept.needles())) == ([], [])
    finally:
        engine.dispose()


def test_the_command_prints_the_warning_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "assess.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    _, _, zelda_id = _stored(engine)
    engine.dispose()
    with _busy_reader(path, monkeypatch):
        result = CliRunner().invoke(
            cli,
            ["candidate", "erase", str(zelda_id), "--yes", "--db", f"sqlite:///{path}"],
        )
    assert result.exit_code == 1
    assert (
        result.stdout
        == f"candidate {zelda_id}: erased with 1 scorecards, 2 ratings and 2 audit rows\n"
    )
    assert result.stderr == WARNING[0] + "\n"
