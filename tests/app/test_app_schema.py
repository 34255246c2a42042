"""The app on a database at another schema revision: every page shows the one sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from assess.storage import db, migrations

pytestmark = pytest.mark.apptest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "assess/ui/pages").glob("*_page.py"))
# The rubric page reads no database, so it works whatever the database's revision.
NO_DATABASE = "assess/ui/pages/rubric_page.py"


def _expected(sentence: str) -> list[list[str]]:
    return [[] if page == NO_DATABASE else [sentence] for page in PAGES]


def _errors_on_every_page(url: str, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    monkeypatch.setenv(db.ENV_VAR, url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    found = []
    for page in PAGES:
        at.switch_page(page).run()
        assert [e.value for e in at.exception] == [], page
        found.append([e.value for e in at.error])
    return found


def test_a_database_newer_than_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = db.open_database(url)
    with db.transaction(engine) as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    sentence = (
        f"the database at {url} is at schema revision 0099, which this code does not know "
        f"(its newest is {migrations.head()}): use the release that upgraded it"
    )
    assert len(PAGES) == 7
    assert _errors_on_every_page(url, monkeypatch) == _expected(sentence)


def test_a_database_older_than_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A code one revision ahead of the release-0.1 fixture, as the next schema change makes it.
    monkeypatch.setattr(migrations, "head", lambda: "0002")
    monkeypatch.setattr(migrations, "known", lambda revision: revision in ("0001", "0002"))
    path = tmp_path / "app.db"
    shutil.copyfile(ROOT / "tests/fixtures/db/release-0.1.sqlite", path)
    url = f"sqlite:///{path}"
    sentence = (
        f"the database at {url} is at schema revision 0001 (made before migrations), older "
        f"than this code's 0002: back it up and run `python -m assess db upgrade --db {url}`"
    )
    assert _errors_on_every_page(url, monkeypatch) == _expected(sentence)
