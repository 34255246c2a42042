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


def _errors(url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # the sign-in gate reads the database before any page, so the sentence is all there is
    monkeypatch.setenv(db.ENV_VAR, url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert [e.value for e in at.exception] == []
    assert list(at.text_input) == []  # no sign-in form on a database that cannot be used
    return [e.value for e in at.error]


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
    assert _errors(url, monkeypatch) == [sentence]


def test_a_database_older_than_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.db"
    shutil.copyfile(ROOT / "tests/fixtures/db/release-0.1.sqlite", path)
    url = f"sqlite:///{path}"
    sentence = (
        f"the database at {url} is at schema revision 0001 (made before migrations), older "
        f"than this code's {migrations.head()}: back it up and run "
        f"`python -m assess db upgrade --db {url}`"
    )
    assert _errors(url, monkeypatch) == [sentence]
