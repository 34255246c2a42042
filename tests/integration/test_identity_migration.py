"""Revision 0006: a database at 0005 upgrades with every scorecard and rating as it was, and from
then on one interview has a scorecard per search (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from postgres_schemas import POSTGRES_URL, postgres_schema
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from assess.storage import db, migrations

KINDS = [pytest.param("sqlite", id="sqlite")]
if POSTGRES_URL:
    KINDS.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))
DAY = dt.date(2026, 11, 2)
SEARCHES = db.Search.__table__
AT = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


@contextmanager
def at_0005(kind: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a new database migrated to revision 0005 only."""

    @contextmanager
    def url() -> Iterator[str]:
        if kind == "postgres":
            with postgres_schema() as found:
                yield found
        else:
            yield f"sqlite:///{tmp_path / 'at-0005.db'}"

    with url() as found:
        engine = db.make_engine(found)
        try:
            migrations.upgrade(engine, "0005")
            yield engine
        finally:
            engine.dispose()


def card(candidate: int, search: int | None, **overrides: Any) -> dict[str, Any]:
    return {
        "candidate_id": candidate,
        "interviewer": "Lena Ek",
        "interview_type": "technical",
        "interview_date": DAY,
        "state": "submitted",
        "submitted_at": AT,
        "notes": "",
        "created_at": AT,
        "updated_at": AT,
        "search_id": search,
        **overrides,
    }


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with db.transaction(engine, readonly=True) as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(table.c.id))]
            for table in (db.CANDIDATES, db.SCORECARDS, db.RATINGS)
        }


def refused(engine: Engine, row: dict[str, Any]) -> bool:
    try:
        with db.transaction(engine) as session:
            session.execute(insert(db.SCORECARDS).values(row))
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("kind", KINDS)
def test_0006_keeps_every_card_and_lets_one_interview_have_a_card_per_search(
    kind: str, tmp_path: Path
) -> None:
    with at_0005(kind, tmp_path) as engine:
        with db.transaction(engine) as session:
            for title in ("CTO Acme", "CTO Beta"):
                session.execute(
                    insert(SEARCHES).values(
                        title=title,
                        client="",
                        archetype="big_thinker",
                        stage="growth",
                        status="open",
                        notes="",
                        feedback_visibility="after_submit",
                        created_at=AT,
                        updated_at=AT,
                    )
                )
            acme, beta = session.scalars(select(SEARCHES.c.id).order_by(SEARCHES.c.id))
            anna = session.scalar(
                insert(db.CANDIDATES)
                .values(name="Anna Berg", current_title="", notes="", is_demo=False, created_at=AT)
                .returning(db.CANDIDATES.c.id)
            )
            assert anna is not None
            in_acme = session.scalar(
                insert(db.SCORECARDS).values(card(anna, acme)).returning(db.SCORECARDS.c.id)
            )
            session.execute(insert(db.SCORECARDS).values(card(anna, None, interviewer="Per Holm")))
            session.execute(
                insert(db.RATINGS).values(
                    scorecard_id=in_acme, competency="tech_vision", rating=4, evidence="road map"
                )
            )
        # before: the same interview in another search collides
        assert refused(engine, card(anna, beta))
        before = contents(engine)

        migrations.upgrade(engine)

        assert migrations.state(engine).revision == migrations.head() == "0006"
        assert contents(engine) == before
        assert not refused(engine, card(anna, beta))
        # still one card per interview and search, no search counting as one
        assert refused(engine, card(anna, acme))
        assert refused(engine, card(anna, beta))
        assert refused(engine, card(anna, None, interviewer="Per Holm"))
        assert not refused(engine, card(anna, None))
        with engine.connect() as conn:
            # the ratings still refer to the scorecards table (SQLite rebuilt it under its name)
            if kind == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                sql = conn.scalar(
                    text("SELECT sql FROM sqlite_master WHERE name = 'uq_scorecards_interview'")
                )
                assert sql == (
                    "CREATE UNIQUE INDEX uq_scorecards_interview ON scorecards (candidate_id, "
                    "interviewer, interview_date, interview_type, COALESCE(search_id, 0))"
                )
