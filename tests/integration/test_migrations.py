"""Schema migrations: revision 0001 is release 0.1's schema, the models match the migrated
schema, old databases upgrade with every row and score intact, a database at another revision
is refused in one sentence, readers take no write lock, and first uses and demo runs may race."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner, Result
from postgres_schemas import POSTGRES_ENV, POSTGRES_URL, postgres_schema
from sqlalchemy import Connection, Engine, insert, select, text

from assess.cli.main import cli
from assess.domain.demo import PEOPLE, demo_scorecards
from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import load_rubric
from assess.domain.scoring import score
from assess.services.actor import Actor
from assess.services.schema import schema_state, upgrade_schema
from assess.storage import db, migrations
from assess.storage.migrations import BASELINE, SchemaState, helpers
from assess.storage.store import add_candidate, ratings_frame

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "db" / "release-0.1.sqlite"
POSTGRES = pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)
KINDS = [pytest.param("sqlite", id="sqlite")]
if POSTGRES_URL:
    KINDS.append(POSTGRES)
# Release 0.1's tables in foreign-key order (a parent before the rows referring to it).
RELEASE_TABLES = ("candidates", "scorecards", "ratings", "rating_audit")


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


@contextmanager
def empty_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with nothing in it: a new SQLite file or a new PostgreSQL schema."""
    if kind == "postgres":
        with postgres_schema() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'new' / 'assess.db'}"


def fixture_copy(tmp_path: Path) -> str:
    """A copy of the committed release-0.1 database (the original is never opened); its URL."""
    target = tmp_path / "release-0.1.sqlite"
    shutil.copyfile(FIXTURE, target)
    return f"sqlite:///{target}"


def release_columns() -> dict[str, list[str]]:
    """The columns each table had in release 0.1, read from the fixture itself."""
    with sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True) as conn:
        return {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in RELEASE_TABLES
        }


# --- the schema ---------------------------------------------------------------------------------


def test_models_and_migrated_schema_agree(engine: Engine) -> None:
    # `engine` is migrated to head; an empty autogenerate diff means no table changed without
    # a revision (columns, types, nullability, indexes, unique and foreign keys).
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.Base.metadata) == []


_UNQUOTED = re.compile(r'^CREATE TABLE "(\w+)" \(')


def _catalogue(conn: Connection) -> set[tuple[Any, ...]]:
    """Every table, column, constraint (CHECKs included) and index as the database states them."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name != ?",
            (migrations.VERSION_TABLE,),
        )
        # A table rebuilt by a revision (batch mode: copy, drop, rename) is stated with its name
        # quoted, CREATE TABLE "x", as SQLite's RENAME writes it; the same table either way.
        return {(k, n, t, _UNQUOTED.sub(r"CREATE TABLE \1 (", sql or "") or sql)
                for k, n, t, sql in rows}  # fmt: skip
    schema = conn.scalar(text("SELECT current_schema()"))
    columns = conn.execute(
        text(
            "SELECT table_name, column_name, ordinal_position, data_type, "
            "character_maximum_length, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name != :version"
        ),
        {"version": migrations.VERSION_TABLE},
    )
    constraints = conn.execute(
        text(
            "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relname != :version"
        ),
        {"version": migrations.VERSION_TABLE},
    )
    indexes = conn.execute(
        text(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename != :version"
        ),
        {"version": migrations.VERSION_TABLE},
    )
    return (
        {("column", *row) for row in columns}
        | {("constraint", *row) for row in constraints}
        | {("index", t, n, d.replace(f"{schema}.", "")) for t, n, d in indexes}
    )


@pytest.mark.parametrize("kind", KINDS)
def test_head_schema_is_what_the_models_create(kind: str, tmp_path: Path) -> None:
    # Stricter than autogenerate: CHECK constraints and every name compared as the database
    # reports them, against the schema create_all makes from the models.
    with empty_database(kind, tmp_path) as url, empty_database(kind, tmp_path / "b") as other:
        migrated, created = db.make_engine(url), db.make_engine(other)
        try:
            migrations.upgrade(migrated)
            db.Base.metadata.create_all(created)
            with migrated.connect() as a, created.connect() as b:
                mine, theirs = _catalogue(a), _catalogue(b)
            assert len(mine) >= 11  # release 0.1 had 4 tables and 7 indexes
            assert mine == theirs
        finally:
            migrated.dispose()
            created.dispose()


def test_revision_0001_is_exactly_the_schema_release_0_1_made(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    old = db.make_engine(fixture_copy(tmp_path))
    try:
        migrations.upgrade(engine, BASELINE)
        with engine.connect() as a, old.connect() as b:
            mine, release = _catalogue(a), _catalogue(b)
    finally:
        engine.dispose()
        old.dispose()
    assert {name for kind, name, _, _ in release if kind == "index"} == {
        "ix_scorecards_candidate_id",
        "ix_rating_audit_scorecard_id",
        "ix_rating_audit_candidate_id",
        "sqlite_autoindex_candidates_1",
        "sqlite_autoindex_scorecards_1",
        "sqlite_autoindex_scorecards_2",
        "sqlite_autoindex_ratings_1",
    }
    assert mine == release


def test_the_revisions_form_one_line_from_the_baseline() -> None:
    # The fast revision list (file names) is what Alembic reads from the scripts themselves.
    scripts = ScriptDirectory.from_config(migrations.config())
    chain = [(script.revision, script.down_revision) for script in scripts.walk_revisions()]
    found = migrations.revisions()
    assert found[0] == BASELINE
    assert found == [f"{n:04d}" for n in range(1, len(found) + 1)]
    assert list(reversed(chain)) == list(zip(found, [None, *found[:-1]], strict=True))
    assert migrations.head() == found[-1] == scripts.get_current_head()
    files = sorted(p.name for p in (migrations.FOLDER / "versions").glob("*.py"))
    assert [name[:4] for name in files] == found


# --- opening: new, current, older, newer, not ours -----------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_database_is_created_at_head_on_first_use(kind: str, tmp_path: Path) -> None:
    with empty_database(kind, tmp_path) as url:
        engine = db.open_database(url)
        try:
            assert migrations.state(engine) == SchemaState(migrations.head(), recorded=True)
        finally:
            engine.dispose()
        result = run(["db", "current", "--db", url])
        shown = db.display_url(url)
        assert (result.exit_code, result.stdout) == (
            0,
            f"{shown}: revision {migrations.head()}, up to date\n",
        )
        result = run(["db", "upgrade", "--db", url])
        assert result.stdout == f"{shown}: at revision {migrations.head()} already, nothing to do\n"


def test_db_current_on_a_missing_file_says_so_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "assess.db"
    result = run(["db", "current", "--db", f"sqlite:///{path}"])
    assert (result.exit_code, result.stdout) == (
        0,
        f"sqlite:///{path}: no database yet (the first command or page creates it)\n",
    )
    assert not (tmp_path / "data").exists()


def test_db_upgrade_creates_a_new_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = run(["db", "upgrade", "--db", url])
    assert (result.exit_code, result.stdout) == (
        0,
        f"{url}: upgraded from no schema to revision {migrations.head()}\n",
    )


def _stamp(url: str, revision: str) -> None:
    engine = db.open_database(url)
    try:
        with db.transaction(engine) as session:
            session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        engine.dispose()


def test_a_database_newer_than_the_code_is_refused_in_one_sentence(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    _stamp(url, "0099")
    sentence = (
        f"the database at {url} is at schema revision 0099, which this code does not know "
        f"(its newest is {migrations.head()}): use the release that upgraded it"
    )
    with pytest.raises(db.StoreError) as caught:
        db.open_database(url)
    assert str(caught.value) == sentence
    for args in (["db", "upgrade"], ["report", "--kind", "ratings"]):
        result = run([*args, "--db", url])
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", sentence + "\n")
    result = run(["reliability", "--db", url])
    assert (result.exit_code, result.stderr) == (1, f"reliability: {sentence}\n")
    result = run(["db", "current", "--db", url])
    assert result.stdout == f"{url}: revision 0099, newer than this code's {migrations.head()}\n"


def test_a_database_older_than_the_code_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only 0001 exists today, so a code one revision ahead is simulated.
    monkeypatch.setattr(migrations, "head", lambda: "0002")
    monkeypatch.setattr(migrations, "known", lambda revision: revision in ("0001", "0002"))
    url = fixture_copy(tmp_path)
    sentence = (
        f"the database at {url} is at schema revision 0001 (made before migrations), older "
        f"than this code's 0002: back it up and run `python -m assess db upgrade --db {url}`"
    )
    with pytest.raises(db.StoreError) as caught:
        db.open_database(url)
    assert str(caught.value) == sentence
    result = run(["report", "--kind", "ratings", "--db", url])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", sentence + "\n")
    result = run(["db", "current", "--db", url])
    assert result.stdout == (
        f"{url}: revision 0001 (made before migrations), older than this code's 0002: "
        "run `db upgrade`\n"
    )


def test_a_database_with_only_some_of_the_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE candidates (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(db.StoreError) as caught:
        db.open_database(f"sqlite:///{path}")
    assert str(caught.value) == (
        f"the database at sqlite:///{path} has the tables candidates but not rating_audit, "
        "ratings, scorecards: it is not a CTO Assess database"
    )


# --- upgrading the release 0.1 database ----------------------------------------------------------


def _snapshot(url: str) -> tuple[dict[str, list[tuple[Any, ...]]], pd.DataFrame, pd.DataFrame]:
    """Every release-0.1 column of every row (typed, so SQLite and PostgreSQL compare), every
    rating with drafts, and the fit of every candidate against every profile."""
    rubric = load_rubric()
    tables = {table.name: table for table in db.TABLES}
    engine = db.make_engine(url)  # no schema check: this reads the database as it is
    try:
        with db.transaction(engine, readonly=True) as session:
            rows = {
                name: [
                    tuple(row)
                    for row in session.execute(
                        select(*(tables[name].c[c] for c in columns)).order_by(tables[name].c.id)
                    )
                ]
                for name, columns in release_columns().items()
            }
            everything = ratings_frame(session=session, submitted_only=False)
            submitted = ratings_frame(session=session)
    finally:
        engine.dispose()
    return rows, everything, score(submitted, rubric.profiles(), settings=rubric.settings)


def _check_fixture_rows(rows: dict[str, list[tuple[Any, ...]]]) -> None:
    # What make_release_0_1.py put in: the demo data and the hand-made cards around it.
    assert {name: len(found) for name, found in rows.items()} == {
        "candidates": 14,
        "scorecards": 48,
        "ratings": 376,
        "rating_audit": 379,
    }
    states = [card[6] for card in rows["scorecards"]]
    assert (states.count("draft"), states.count("submitted")) == (4, 44)
    actions = [audit[6] for audit in rows["rating_audit"]]
    assert [actions.count(a) for a in ("created", "changed", "deleted")] == [377, 1, 1]
    karin = rows["candidates"][12]
    assert karin[1:3] == ("Karin Ekström", "karin.ekstrom@example.com")


def _upgrade_and_compare(url: str, before: tuple[Any, ...]) -> None:
    result = run(["db", "upgrade", "--db", url])
    assert (result.exit_code, result.stdout) == (
        0,
        f"{db.display_url(url)}: upgraded from revision 0001 (made before migrations) to "
        f"revision {migrations.head()}\n",
    )
    after = _snapshot(url)
    assert after[0] == before[0]
    pd.testing.assert_frame_equal(after[1], before[1], check_exact=True)
    pd.testing.assert_frame_equal(after[2], before[2], check_exact=True)
    engine = db.open_database(url)
    try:
        assert migrations.state(engine) == SchemaState(migrations.head(), recorded=True)
        with db.transaction(engine) as session:  # still writable: ids go on from the old ones
            assert add_candidate("New Person", session=session) == 15
    finally:
        engine.dispose()


def test_the_release_0_1_database_upgrades_on_sqlite_with_every_row_and_score(
    tmp_path: Path,
) -> None:
    url = fixture_copy(tmp_path)
    before = _snapshot(url)
    _check_fixture_rows(before[0])
    assert len(before[2]) == 14 * len(load_rubric().profiles())
    _upgrade_and_compare(url, before)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason=f"{POSTGRES_ENV} is not set")
def test_the_release_0_1_database_upgrades_on_postgres_with_every_row_and_score(
    tmp_path: Path,
) -> None:
    source = fixture_copy(tmp_path)
    before = _snapshot(source)
    columns = release_columns()
    with postgres_schema() as url:
        # A PostgreSQL database as release 0.1 left it: revision 0001's tables with the fixture's
        # rows and no alembic_version.
        engine = db.make_engine(url)
        reader = db.make_engine(source)
        try:
            migrations.upgrade(engine, BASELINE)
            tables = {table.name: table for table in db.TABLES}
            with db.transaction(reader, readonly=True) as old, db.transaction(engine) as new:
                for name in RELEASE_TABLES:
                    table = tables[name]
                    picked = [table.c[c] for c in columns[name]]
                    data = [dict(row._mapping) for row in old.execute(select(*picked))]
                    new.execute(insert(table), data)
                    new.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) "
                             f"FROM {name}")
                    )  # fmt: skip
                new.execute(text(f"DROP TABLE {migrations.VERSION_TABLE}"))
        finally:
            engine.dispose()
            reader.dispose()
        loaded = _snapshot(url)
        assert loaded[0] == before[0]
        _upgrade_and_compare(url, before)


# --- locks --------------------------------------------------------------------------------------


def test_read_only_commands_run_while_another_connection_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "assess.db"
    url = f"sqlite:///{path}"
    assert run(["demo", "--db", url]).exit_code == 0
    readers = [
        ["report", "--kind", "summary", "--archetype", "technology_visionary", "--stage",
         "growth", "--db", url],
        ["report", "--kind", "ratings", "--db", url],
        ["reliability", "--json", "--db", url],
        ["db", "current", "--db", url],
    ]  # fmt: skip
    expected = [run(args).stdout for args in readers]
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    writer = sqlite3.connect(path, isolation_level=None, timeout=0.2)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO candidates (name, current_title, notes, is_demo, created_at) "
            "VALUES ('Held Open', '', '', 0, '2026-12-01 10:00:00')"
        )
        for args, output in zip(readers, expected, strict=True):
            result = run(args)
            assert (result.exit_code, result.stderr) == (0, ""), args
            assert result.stdout == output
        # The lock is real: a writing command gives up after the short busy timeout.
        result = run(["demo", "--db", url])
        assert (result.exit_code, result.stderr) == (
            1,
            f"cannot open the database at {url}: database is locked\n",
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()


_RACER = """
import sys, time
from pathlib import Path

from assess.domain.rubric import load_rubric
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.storage.db import open_database

url, go, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
rubric = load_rubric()
while not go.exists():  # every process is imported and waiting before any of them opens
    time.sleep(0.005)
engine = open_database(url)
if mode == "demo":
    summary = load_demo(actor=Actor("racer", "cli"), engine=engine, rubric=rubric)
    print(summary.candidates_added)
else:
    print("opened")
engine.dispose()
"""


@pytest.mark.parametrize("mode", ["open", "demo"])
@pytest.mark.parametrize("kind", KINDS)
def test_processes_starting_together_on_an_empty_database_all_succeed(
    kind: str, mode: str, tmp_path: Path
) -> None:
    processes = 8
    go = tmp_path / "go"
    with empty_database(kind, tmp_path) as url:
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", _RACER, url, str(go), mode],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        go.touch()
        results = [racer.communicate(timeout=120) for racer in racers]
        assert [
            (racer.returncode, err) for racer, (_, err) in zip(racers, results, strict=True)
        ] == [(0, "")] * processes
        outputs = sorted(out.strip() for out, _ in results)
        engine = db.open_database(url)
        try:
            assert migrations.state(engine) == SchemaState(migrations.head(), recorded=True)
            with db.transaction(engine, readonly=True) as session:
                counts = {
                    table.name: session.scalar(select(sa.func.count()).select_from(table))
                    for table in db.TABLES
                }
        finally:
            engine.dispose()
    if mode == "open":
        assert outputs == ["opened"] * processes
        assert set(counts.values()) == {0}
        return
    # One process added the demo data; the others waited for it and added nothing.
    assert outputs == ["0"] * (processes - 1) + [str(len(PEOPLE))]
    cards = demo_scorecards(load_rubric())
    assert counts == {
        "candidates": len(PEOPLE),
        "scorecards": len(cards),
        "ratings": sum(len(card.ratings) for card in cards),
        "rating_audit": sum(len(card.ratings) for card in cards),
    }


# --- the helpers later revisions use ------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "values", "sql"),
    [
        ("state", ("draft", "submitted"), "state IN ('draft', 'submitted')"),
        ("action", ("created",), "action IN ('created')"),
        ("note", ("it's",), "note IN ('it''s')"),
    ],
)
def test_in_list_writes_the_check_as_the_models_do(
    column: str, values: tuple[str, ...], sql: str
) -> None:
    assert helpers.in_list(column, values) == sql


def test_in_list_needs_a_value() -> None:
    with pytest.raises(ValueError, match=r"^state: a CHECK needs at least one allowed value$"):
        helpers.in_list("state", ())


NEXT_REVISION = '''
def upgrade() -> None:
    """Candidates' notes may be empty (NULL); ratings get a reviewer's note."""
    with helpers.alter_table("candidates") as batch:
        batch.alter_column("notes", existing_type=sa.Text(), nullable=True)
    op.add_column("ratings", sa.Column("reviewer_note", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the reviewer's note; notes must be given again."""
    op.drop_column("ratings", "reviewer_note")
    with helpers.alter_table("candidates") as batch:
        batch.alter_column("notes", existing_type=sa.Text(), nullable=False)
'''


def _scripts_with(tmp_path: Path, message: str, body: str) -> tuple[Path, Path]:
    """A copy of the migration scripts with one more revision from new_revision, its upgrade()
    and downgrade() replaced by `body`; the folder and the new file."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    made = migrations.new_revision(message, folder=folder)
    written = made.read_text(encoding="utf-8")
    head, _, _ = written.partition("\ndef upgrade() -> None:")
    made.write_text(head + body, encoding="utf-8")
    return folder, made


def test_a_new_revision_is_numbered_next_and_upgrades_the_release_0_1_database(
    tmp_path: Path,
) -> None:
    # The path every later schema change takes: a file from new_revision, filled in, applied to
    # a database made before migrations (recorded as 0001, then upgraded through every revision
    # to the new one, numbered after today's head).
    today = migrations.revisions()
    newest = f"{int(today[-1]) + 1:04d}"
    folder, made = _scripts_with(tmp_path, "notes may be empty", NEXT_REVISION)
    assert made == folder / "versions" / f"{newest}_notes_may_be_empty.py"
    written = made.read_text(encoding="utf-8")
    assert f'revision: str = "{newest}"\ndown_revision: str | None = "{today[-1]}"\n' in written
    assert migrations.revisions(folder) == [*today, newest]

    url = fixture_copy(tmp_path)
    before = _snapshot(url)
    engine = db.make_engine(url)
    try:
        assert migrations.upgrade(engine, folder=folder) == (
            SchemaState("0001", recorded=False),
            SchemaState(newest, recorded=True),
        )
        with engine.connect() as conn:
            columns = {c["name"]: c for c in sa.inspect(conn).get_columns("candidates")}
            assert columns["notes"]["nullable"] is True
            assert "reviewer_note" in {c["name"] for c in sa.inspect(conn).get_columns("ratings")}
            # The rebuilt table keeps its constraint names; enforcement is back on afterwards.
            ddl = str(
                conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = 'candidates'"
                ).scalar()
            )
            assert "CONSTRAINT uq_candidates_source_external_id UNIQUE (source, external_id)" in ddl
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    after = _snapshot(url)
    _check_fixture_rows(after[0])
    assert after[0] == before[0]
    pd.testing.assert_frame_equal(after[1], before[1], check_exact=True)
    pd.testing.assert_frame_equal(after[2], before[2], check_exact=True)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("recruiter", False), ("hiring_manager", False), ("interviewer", False)],
)
def test_only_an_admin_upgrades_the_schema(role: str, allowed: bool, tmp_path: Path) -> None:
    engine = db.make_engine(fixture_copy(tmp_path))
    try:
        actor = Actor("Lena Ek", "app", role=role)
        if allowed:
            upgrade_schema(actor=actor, engine=engine)
        else:
            with pytest.raises(PermissionDenied) as caught:
                upgrade_schema(actor=actor, engine=engine)
            assert str(caught.value) == (
                f"not allowed: a user with the role {role} cannot upgrade the database schema"
            )
        expected = SchemaState(migrations.head(), True) if allowed else SchemaState(BASELINE, False)
        assert schema_state(engine=engine) == expected
    finally:
        engine.dispose()


BREAKING_REVISION = """
def upgrade() -> None:
    \"\"\"Loses a candidate but not their scorecards: a broken revision.\"\"\"
    op.execute("DELETE FROM candidates WHERE id = 13")


def downgrade() -> None:
    \"\"\"Nothing to undo.\"\"\"
"""


def test_a_revision_that_breaks_a_reference_on_sqlite_changes_nothing(tmp_path: Path) -> None:
    folder, _ = _scripts_with(tmp_path, "lose a candidate", BREAKING_REVISION)
    url = fixture_copy(tmp_path)
    before = _snapshot(url)
    engine = db.make_engine(url)
    try:
        with pytest.raises(db.StoreError) as caught:
            migrations.upgrade(engine, folder=folder)
        assert str(caught.value) == (
            f"cannot upgrade the database at {url}: the revisions left rows referring to "
            "missing ones (pipeline_moves -> candidates, rating_audit -> candidates, scorecards "
            "-> candidates, search_candidates -> candidates); nothing was changed"
        )
        assert migrations.state(engine) == SchemaState(BASELINE, recorded=False)
    finally:
        engine.dispose()
    assert _snapshot(url)[0] == before[0]
