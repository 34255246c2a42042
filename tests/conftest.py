"""Database fixtures: every engine the store supports, each test on a fresh, dropped database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from assess.storage.db import create_schema, make_engine

POSTGRES_ENV = "ASSESS_TEST_POSTGRES_URL"
_POSTGRES_URL = os.environ.get(POSTGRES_ENV, "").strip()

# PostgreSQL joins only when a server is named (`. .ci/postgres.sh` starts one), so a plain
# `pytest` needs nothing but SQLite.
_ALL_KINDS = [
    pytest.param("sqlite-memory", id="sqlite-memory"),
    pytest.param("sqlite-file", id="sqlite-file"),
]
_SHARED_KINDS = [pytest.param("sqlite-file", id="sqlite-file")]
if _POSTGRES_URL:
    for kinds in (_ALL_KINDS, _SHARED_KINDS):
        kinds.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL (password included) of a fresh, empty schema on the test server, dropped after.

    The schema travels in the URL (`options=-csearch_path=...`), so the URL opens the same
    database from a subprocess, e.g. the CLI's `--db`.
    """
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(_POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = admin.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(_POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _migrated(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    try:
        create_schema(engine)
        yield engine
    finally:
        engine.dispose()


def engine_for(kind: str, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty database of `kind` with the schema created; disposed (and dropped) after.
    A PostgreSQL one lives in a schema of its own (`engine.url` rendered with its password opens
    the same database elsewhere)."""
    if kind == "postgres":
        with postgres_schema() as url:
            yield from _migrated(url)
        return
    yield from _migrated(
        "sqlite://" if kind == "sqlite-memory" else f"sqlite:///{tmp_path / 'assess.db'}"
    )


@pytest.fixture(params=_ALL_KINDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """Every supported database: in-memory and file SQLite, and PostgreSQL when configured."""
    yield from engine_for(request.param, tmp_path)


@pytest.fixture(params=_SHARED_KINDS)
def shared_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """Databases that several connections (threads, processes) can open at once: file SQLite,
    and PostgreSQL when configured."""
    yield from engine_for(request.param, tmp_path)
