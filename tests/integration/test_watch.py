"""ChangeWatch: the version the app's caches are keyed by moves with every commit, only then."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import HANDS_ON, PEOPLE, VISION, card, write_tiny_rubric
from sqlalchemy import Engine

from assess.domain.rubric import Rubric, load_rubric
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.candidates import add_candidate
from assess.services.users import add_user
from assess.storage import db, store
from assess.storage.watch import ChangeWatch, content_marker

# The search tables' part of an empty database's marker: searches (count, newest edit),
# overrides (count, newest change), pipeline moves, team (count, newest id, role sum),
# interviews, assignments (count, newest id each) and the scorecards' search ids.
NO_SEARCHES = "0/None/0/None/0/None/0/None/None/0/None/0/None/None"
# candidates, scorecards, ratings, rating audit; then stakeholders and needs; then the searches
VIEWS = "0/None/None"
EMPTY_MARKER = f"0/None/0/None/0/None/{VIEWS}/{NO_SEARCHES}"
ADMIN = Actor("Ada Admin", "cli")


@pytest.fixture
def watch(engine: Engine) -> Iterator[ChangeWatch]:
    watch = ChangeWatch(engine)
    if engine.dialect.name == "postgresql":
        assert watch.wait_listening()
    yield watch
    watch.close()


def _settled(watch: ChangeWatch) -> str:
    """The version once the notifications of the writes so far have arrived (PostgreSQL hears
    them a moment after the commit): three equal looks in a row."""
    looks = [watch.version()]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (len(looks) < 3 or len(set(looks[-3:])) > 1):
        time.sleep(0.1)
        looks.append(watch.version())
    return looks[-1]


def _counted(version: str) -> str:
    """A counted version without the listener's hint (`~heard`, PostgreSQL only)."""
    return version.split("~")[0]


def _add(engine: Engine, name: str) -> int:
    with db.transaction(engine) as session:
        return store.add_candidate(name, session=session)


def test_version_holds_while_nothing_changes(engine: Engine, watch: ChangeWatch) -> None:
    _add(engine, "Ada Test")
    first = _settled(watch)
    with db.transaction(engine, readonly=True) as session:
        store.list_candidates(session=session)
    assert [watch.version() for _ in range(3)] == [first] * 3


def test_version_moves_with_every_write(engine: Engine, watch: ChangeWatch) -> None:
    seen = [watch.version()]
    cid = _add(engine, "Ada Test")
    seen.append(watch.version())
    _add(engine, "Bo Test")
    seen.append(watch.version())
    with db.transaction(engine) as session:
        store.delete_candidate(cid, session=session)
    seen.append(watch.version())
    assert len(set(seen)) == 4, seen


def test_a_rolled_back_write_is_no_change(engine: Engine, watch: ChangeWatch) -> None:
    before = _settled(watch)
    with pytest.raises(RuntimeError), db.transaction(engine) as session:
        store.add_candidate("Ada Test", session=session)
        raise RuntimeError("abandoned")
    assert _settled(watch) == before


def test_sqlite_file_sees_a_rename_which_counts_cannot(tmp_path: Path) -> None:
    engine = db.open_database(f"sqlite:///{tmp_path / 'assess.db'}")
    watch = ChangeWatch(engine)
    try:
        cid = _add(engine, "Ada Test")
        before, marker = watch.version(), content_marker(engine)
        with db.transaction(engine) as session:
            store.update_candidate(cid, session=session, name="Ada Lovelace")
        assert content_marker(engine) == marker  # same counts and ids: the query alone is blind
        assert watch.version() != before
    finally:
        watch.close()
        engine.dispose()


def test_sqlite_file_sees_another_process_commit(tmp_path: Path) -> None:
    path = tmp_path / "assess.db"
    engine = db.open_database(f"sqlite:///{path}")
    watch = ChangeWatch(engine)
    try:
        before = watch.version()
        # e.g. `python -m assess import` while the app is open
        code = (
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            'c.execute("INSERT INTO candidates (name, email, current_title, notes, is_demo, '
            "created_at) VALUES ('Cy Test', NULL, '', '', 0, '2026-11-23 10:00:00')\")\n"
            "c.commit()\n"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
        after = watch.version()
        assert after != before
        assert watch.version() == after
    finally:
        watch.close()
        engine.dispose()


def test_version_is_a_generation_on_sqlite_files_else_the_content_marker(
    engine: Engine,
) -> None:
    watch = ChangeWatch(engine)
    try:
        if db.sqlite_file(engine.url) is not None:
            token, generation = watch.version().split(".")
            assert (len(token), generation) == (8, "1")
            _add(engine, "Ada Test")
            assert watch.version() == f"{token}.2"
            # a watcher made anew never repeats an old one's versions
            again = ChangeWatch(engine)
            assert again.version().split(".") != [token, "1"]
            assert again.version().endswith(".1")
            again.close()
        else:  # in-memory SQLite has no file to watch, PostgreSQL no data_version
            assert content_marker(engine) == EMPTY_MARKER
            token, counted = _counted(watch.version()).split(":")
            assert (len(token), counted) == (8, f"{EMPTY_MARKER}#0")
            cid = _add(engine, "Ada Test")
            after = f"1/{cid}/0/None/0/None/{VIEWS}/{NO_SEARCHES}"
            assert _counted(watch.version()) == f"{token}:{after}#0"
            watch.note_write()
            assert _counted(watch.version()) == f"{token}:{after}#1"
            # a watcher made anew never repeats an old one's versions
            again = ChangeWatch(engine)
            assert again.version() != watch.version()
            assert _counted(again.version()).endswith(f":{after}#0")
            again.close()
    finally:
        watch.close()


def test_unreadable_sqlite_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "assess.db"
    engine = db.open_database(f"sqlite:///{path}")
    watch = ChangeWatch(engine)
    try:
        engine.dispose()
        watch.close()
        path.write_bytes(b"this is not a database" * 100)
        broken = ChangeWatch(engine)
        with pytest.raises(db.StoreError, match=r"^cannot read the database at sqlite:///.*"):
            broken.version()
        broken.close()
    finally:
        engine.dispose()


def test_watch_connection_is_shared_safely_by_threads(tmp_path: Path) -> None:
    engine = db.open_database(f"sqlite:///{tmp_path / 'assess.db'}")
    watch = ChangeWatch(engine)
    start = watch.version()
    errors: list[BaseException] = []
    seen: list[str] = []

    def look() -> None:
        try:
            for _ in range(300):
                seen.append(watch.version())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for thread in threads:
        thread.start()
    writes = 5
    for i in range(writes):
        _add(engine, f"Candidate {i}")
    for thread in threads:
        thread.join()
    final = watch.version()
    watch.close()
    engine.dispose()
    assert errors == []
    token = start.split(".")[0]
    generations = sorted({int(v.split(".")[1]) for v in [*seen, final]})
    # one generation per change seen, never more: looks that race never count a change twice
    # (without the lock this fails in most runs, not all: a race detector, not a proof)
    assert final == f"{token}.{generations[-1]}"
    assert generations[-1] <= writes + 1
    assert final != start


@pytest.mark.parametrize("how", ["replaced", "removed"])
def test_a_file_replaced_or_removed_under_the_app_is_a_store_error(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "assess.db"
    engine = db.open_database(f"sqlite:///{path}")
    watch = ChangeWatch(engine)
    try:
        _add(engine, "Ada Test")
        watch.version()
        if how == "replaced":  # e.g. a backup copied over it while the app runs
            backup = db.open_database(f"sqlite:///{tmp_path / 'backup.db'}")
            backup.dispose()
            (tmp_path / "backup.db").replace(path)
        else:
            path.unlink()
        message = (
            f"the database file at sqlite:///{path} was removed or replaced while the app "
            "was running: restart the app to open it again"
        )
        with pytest.raises(db.StoreError) as caught:
            watch.version()
        assert str(caught.value) == message
        with pytest.raises(db.StoreError) as caught:
            watch.ensure_same_file()  # what every page asks before it uses the engine
        assert str(caught.value) == message
    finally:
        watch.close()
        engine.dispose()


def test_writes_noted_by_the_app_change_a_counted_version(engine: Engine) -> None:
    watch = ChangeWatch(engine)
    try:
        watch.ensure_same_file()  # nothing replaced: no error, on every kind of database
        cid = _add(engine, "Ada Test")
        before = watch.version()
        with db.transaction(engine) as session:
            store.update_candidate(cid, session=session, name="Ada Lovelace")
        watch.note_write()  # what the app does after every write it makes
        assert watch.version() != before
    finally:
        watch.close()


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///data/assess.db", Path("data/assess.db")),
        ("sqlite:////tmp/x/assess.db", Path("/tmp/x/assess.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://assess@localhost/assess", None),
    ],
)
def test_sqlite_file_names_only_sqlite_files(url: str, path: Path | None) -> None:
    from sqlalchemy.engine import make_url

    assert db.sqlite_file(make_url(url)) == path


def test_another_servers_rename_shows_in_this_one(shared_engine: Engine) -> None:
    """Two app servers on one database: a rename through one keeps every count the change
    query reads, yet the other's version moves (SQLite: data_version; PostgreSQL: the NOTIFY
    its listener hears)."""
    first = shared_engine
    second = db.make_engine(first.url.render_as_string(hide_password=False))
    mine, theirs = ChangeWatch(first), ChangeWatch(second)
    try:
        if first.dialect.name == "postgresql":
            assert mine.wait_listening() and theirs.wait_listening()
        cid = _add(first, "Ada Test")
        before = _settled(theirs)
        marker = content_marker(second)
        with db.transaction(first) as session:
            store.update_candidate(cid, session=session, name="Ada Lovelace")
        assert content_marker(second) == marker
        assert _settled(theirs) != before
        # reads notify nothing
        quiet = _settled(theirs)
        with db.transaction(first, readonly=True) as session:
            store.list_candidates(session=session)
        assert _settled(theirs) == quiet
    finally:
        mine.close()
        theirs.close()
        second.dispose()


def test_every_search_write_moves_the_content_marker(engine: Engine, tmp_path: Path) -> None:
    """A search edit, override, pipeline move, team or plan change made through another server
    or the command line shows in the marker (a server that is not the writer sees only it)."""
    tiny: Rubric = load_rubric(write_tiny_rubric(tmp_path / "rubric"))
    user = add_user("lena@example.com", actor=ADMIN, engine=engine, name="Lena Ek",
                    role="interviewer", sign_in_method="sso").id  # fmt: skip
    anna = add_candidate("Anna Berg", actor=ADMIN, engine=engine).id
    made: dict[str, Any] = {}

    def search() -> None:
        made["search"] = svc.add_search(
            actor=ADMIN,
            engine=engine,
            rubric=tiny,
            title="CTO",
            archetype="technical_leader",
            stage="startup",
        ).id

    def target(level: int | None, weight: int | None) -> None:
        svc.set_target(
            made["search"],
            actor=ADMIN,
            engine=engine,
            rubric=tiny,
            competency=PEOPLE,
            level=level,
            weight=weight,
            reason="a big team",
        )

    def team(role: str) -> None:
        svc.set_team_member(made["search"], actor=ADMIN, engine=engine, user_id=user, role=role)

    def interview() -> None:
        made["interview"] = svc.add_interview(made["search"], actor=ADMIN, engine=engine,
                                              rubric=tiny, name="Deep dive", kind="technical",
                                              focus=[HANDS_ON, VISION, PEOPLE]).id  # fmt: skip

    steps: list[tuple[str, Any]] = [
        ("search added", search),
        ("override set", lambda: target(5, None)),
        ("the same override changed", lambda: target(None, 2)),
        ("candidate added", lambda: svc.add_to_search(made["search"], anna, actor=ADMIN,
                                                      engine=engine)),
        ("candidate moved", lambda: svc.move_candidate(made["search"], anna, actor=ADMIN,
                                                       engine=engine, stage="screening")),
        ("team member added", lambda: team("interviewer")),
        ("team role changed", lambda: team("hiring_manager")),
        ("interview planned", interview),
        ("interviewer assigned", lambda: svc.assign_interviewer(made["interview"], anna, user,
                                                                actor=ADMIN, engine=engine)),
        ("team member removed", lambda: svc.remove_team_member(made["search"], user,
                                                               actor=ADMIN, engine=engine)),
        ("scorecard filed in the search", lambda: svc.import_into_search(
            [card("Anna Berg")], actor=ADMIN, engine=engine, search_ids=[made["search"]])),
    ]  # fmt: skip
    unchanged = []
    for name, step in steps:
        before = content_marker(engine)
        step()
        if content_marker(engine) == before:
            unchanged.append(name)
    assert unchanged == []
