"""Database fixtures: every engine the store supports, each test on a fresh, dropped database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from postgres_schemas import POSTGRES_URL, postgres_schema
from sqlalchemy import Engine

from assess.storage.db import create_schema, make_engine

# Properties are checked on their outcomes, never on how long one example took: a per-example
# deadline is a timed test, and on two shared cores under load it fails at random.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

# PostgreSQL joins only when a server is named (`. .ci/postgres.sh` starts one), so a plain
# `pytest` needs nothing but SQLite.
_ALL_KINDS = [
    pytest.param("sqlite-memory", id="sqlite-memory"),
    pytest.param("sqlite-file", id="sqlite-file"),
]
_SHARED_KINDS = [pytest.param("sqlite-file", id="sqlite-file")]
if POSTGRES_URL:
    for kinds in (_ALL_KINDS, _SHARED_KINDS):
        kinds.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))


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
