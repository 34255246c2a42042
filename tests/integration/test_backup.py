"""`backup` and `restore` through the CLI: a consistent copy while another connection writes, and
the files restore refuses with the database unchanged."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from builders import HANDS_ON, VISION, card
from click.testing import CliRunner, Result

from assess.cli.main import cli
from assess.services.actor import Actor
from assess.services.backup import restore_database
from assess.storage import migrations, store
from assess.storage.db import create_schema, make_engine, transaction
from assess.storage.watch import ChangeWatch


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """A SQLite database with Anna (2 ratings) and Bo (1 rating)."""
    path = tmp_path / "assess.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with transaction(engine) as session:
        store.import_scorecards(
            [
                card("Anna Berg", ratings=((HANDS_ON, 4, "Built it"), (VISION, 3, "Saw it"))),
                card("Bo Lund", ratings=((HANDS_ON, 2, "Tried"),)),
            ],
            session=session,
            actor="test",
        )
    engine.dispose()
    yield path


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM candidates ORDER BY name")]


def test_backup_is_a_consistent_private_single_file(db_path: Path, tmp_path: Path) -> None:
    # Another process is half-way through a write: the backup holds only what is committed.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO candidates (name, current_title, notes, is_demo, created_at) "
        "VALUES ('Uncommitted Person', '', '', 0, '2026-12-01 10:00:00')"
    )
    target = tmp_path / "copies" / "backup.db"
    result = _run("backup", str(target), "--db", f"sqlite:///{db_path}")
    writer.execute("COMMIT")
    writer.close()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{target}: backup of sqlite:///{db_path} (2 candidates, 2 scorecards, 3 ratings, "
        f"3 audit rows, {target.stat().st_size} bytes)\n"
    )
    assert _names(target) == ["Anna Berg", "Bo Lund"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.db"]


@pytest.mark.parametrize(
    ("db", "target", "message"),
    [
        ("sqlite:///{tmp}/assess.db", "{tmp}/assess.db", "{tmp}/assess.db: already exists; "
         "name a new file"),
        ("sqlite:///{tmp}/none.db", "{tmp}/b.db", "sqlite:///{tmp}/none.db: no database file to "
         "back up"),
        ("postgresql://u:secret@127.0.0.1:9/assess", "{tmp}/b.db",
         "postgresql+psycopg://u:***@127.0.0.1:9/assess is PostgreSQL: back it up with pg_dump "
         "(pg_dump -Fc -f FILE DBNAME) and restore it with pg_restore"),
    ],
)  # fmt: skip
def test_backup_refusals(db_path: Path, tmp_path: Path, db: str, target: str, message: str) -> None:
    result = _run("backup", target.format(tmp=tmp_path), "--db", db.format(tmp=tmp_path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == message.format(tmp=tmp_path) + "\n"
    assert not (tmp_path / "b.db").exists()


def test_restore_puts_a_backup_back_under_a_running_reader(db_path: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    backup = tmp_path / "backup.db"
    assert _run("backup", str(backup), "--db", url).exit_code == 0
    ids = {name: i for i, name in enumerate(_names(db_path), start=1)}
    assert _run("candidate", "erase", str(ids["Anna Berg"]), "--yes", "--db", url).exit_code == 0
    assert _names(db_path) == ["Bo Lund"]

    # The app keeps its engine and watcher open across the restore.
    app = make_engine(url)
    watch = ChangeWatch(app)
    try:
        before = watch.version()
        result = _run("restore", str(backup), "--db", url)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == (
            f"{url}: restored from {backup} (2 candidates, 2 scorecards, 3 ratings, "
            f"3 audit rows, {backup.stat().st_size} bytes)\n"
        )
        assert watch.version() != before
        with transaction(app, readonly=True) as session:
            assert [c.name for c in store.list_candidates(session=session)] == [
                "Anna Berg",
                "Bo Lund",
            ]
            assert len(store.ratings_frame(session=session)) == 3
    finally:
        watch.close()
        app.dispose()


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with sqlite3.connect(path) as conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()

    return change


def _text(path: Path) -> None:
    path.write_text("candidate,email\nAnna Berg,anna@example.se\n", encoding="utf-8")


def _garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)


NEWER = "made by a newer CTO Assess"
HEAD = migrations.head()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_text, "not a CTO Assess backup (not a SQLite database file)"),
        (_garbage, "not a readable SQLite database: file is not a database"),
        (_sql("DROP TABLE rating_audit"), "not a CTO Assess database (no table rating_audit)"),
        (_sql("ALTER TABLE ratings DROP COLUMN evidence"),
         "not a CTO Assess database (table ratings has no column evidence)"),
        (_sql("ALTER TABLE candidates ADD COLUMN hired_on DATE"),
         f"not a CTO Assess database at schema revision {HEAD} (table candidates has a column "
         "hired_on that revision does not have)"),
        (_sql("UPDATE alembic_version SET version_num = '9999'"),
         f"{NEWER} (schema revision 9999; this version knows revisions up to {HEAD}): upgrade "
         "CTO Assess to restore it"),
        (_sql("INSERT INTO alembic_version VALUES ('9998')"),
         "not a CTO Assess database (2 schema revisions recorded)"),
    ],
)  # fmt: skip
def test_restore_refuses_with_the_database_unchanged(
    db_path: Path, tmp_path: Path, spoil: Callable[[Path], None], message: str
) -> None:
    url = f"sqlite:///{db_path}"
    backup = tmp_path / "backup.db"
    assert _run("backup", str(backup), "--db", url).exit_code == 0
    spoil(backup)
    with transaction(engine := make_engine(url), readonly=True) as session:
        before = store.database_fingerprint(session=session)
    result = _run("restore", str(backup), "--db", url)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{backup}: {message}\n"
    with transaction(engine, readonly=True) as session:
        assert store.database_fingerprint(session=session) == before
    engine.dispose()


def _versions(tmp_path: Path, *numbers: str) -> Path:
    """A migrations folder whose versions/ holds (empty) revisions with these numbers."""
    folder = tmp_path / "migrations"
    (folder / "versions").mkdir(parents=True)
    for number in numbers:
        (folder / "versions" / f"{number}_step.py").write_text(
            f'revision = "{number}"\n', encoding="utf-8"
        )
    return folder


@pytest.mark.parametrize(
    ("spoil", "revision"),
    [
        (_sql("SELECT 1"), HEAD),
        # made before migrations: no alembic_version, taken to be the baseline
        (_sql("DROP TABLE alembic_version"), migrations.BASELINE),
    ],
)
def test_restore_takes_an_older_revision_as_it_is(
    db_path: Path, tmp_path: Path, spoil: Callable[[Path], None], revision: str
) -> None:
    backup = tmp_path / "backup.db"
    shutil.copy(db_path, backup)
    spoil(backup)
    newer_code = _versions(tmp_path, HEAD, "9000")  # a version of the code one revision ahead
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        contents = restore_database(
            actor=Actor("Lena Admin", "cli"), engine=engine, source=backup, folder=newer_code
        )
    finally:
        engine.dispose()
    assert (contents.candidates, contents.ratings, contents.revision) == (2, 3, revision)
    assert _names(tmp_path / "fresh.db") == ["Anna Berg", "Bo Lund"]


def test_restoring_an_older_backup_says_to_upgrade(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.db"
    url = f"sqlite:///{db_path}"
    assert _run("backup", str(backup), "--db", url).exit_code == 0
    # This version of the code is one revision ahead of the backup.
    monkeypatch.setattr(migrations, "head", lambda folder=migrations.FOLDER: "9000")
    monkeypatch.setattr(migrations, "known", lambda revision, folder=migrations.FOLDER: True)
    result = _run("restore", str(backup), "--db", url)
    assert result.exit_code == 0
    assert result.stderr == (
        f"{url}: the backup is at schema revision {HEAD}, older than this version's 9000: run "
        f"`python -m assess db upgrade --db {url}` before using it\n"
    )
