"""The upgrade to searches: the release-0.1 database lands in one "Imported" search with every
candidate and scorecard, and every score is what it was."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from assess.domain.reports import build_report
from assess.domain.rubric import load_rubric
from assess.domain.scoring import score
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.storage import db, migrations
from assess.storage.store import ratings_frame

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "release-0.1.sqlite"
ADMIN = Actor("Ada Admin", "cli")


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[db.Engine, pd.DataFrame]:
    """A copy of the release-0.1 database upgraded to the head, and its ratings before."""
    target = tmp_path / "release-0.1.sqlite"
    shutil.copyfile(FIXTURE, target)
    engine = db.make_engine(f"sqlite:///{target}")
    with db.transaction(engine, readonly=True) as session:
        before = ratings_frame(session=session)
    migrations.upgrade(engine)
    yield engine, before
    engine.dispose()


def test_every_candidate_and_scorecard_is_in_imported(
    upgraded: tuple[db.Engine, pd.DataFrame],
) -> None:
    engine, _ = upgraded
    (imported,) = svc.list_searches(actor=ADMIN, engine=engine)
    assert (imported.id, imported.title, imported.archetype, imported.stage, imported.status) == (
        1,
        "Imported",
        "infrastructure_commander",
        "pre_seed",
        "open",
    )
    assert imported.feedback_visibility == "after_submit"
    with db.transaction(engine, readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(db.Scorecard)) == 48
        assert set(session.scalars(select(db.Scorecard.search_id))) == {1}
        stages = dict(
            session.execute(
                select(db.SearchCandidate.stage, func.count()).group_by(db.SearchCandidate.stage)
            ).all()
        )
        moves = session.execute(
            select(
                db.PipelineMove.from_stage,
                db.PipelineMove.to_stage,
                db.PipelineMove.actor,
                db.PipelineMove.reason,
            )
        ).all()
    # every candidate of the fixture has a scorecard, so all 14 are at "interviewing"
    assert stages == {"interviewing": 14}
    assert len(moves) == 14
    assert set(moves) == {
        (
            None,
            "interviewing",
            "schema upgrade",
            "put into the Imported search by the upgrade to searches",
        )
    }


def test_scores_in_imported_are_what_they_were(upgraded: tuple[db.Engine, pd.DataFrame]) -> None:
    engine, before = upgraded
    rubric = load_rubric()
    profile = rubric.profile("infrastructure_commander", "pre_seed")
    expected = score(before, [profile], settings=rubric.settings)
    _, fits = svc.search_scores(1, actor=ADMIN, engine=engine, rubric=rubric)
    pd.testing.assert_frame_equal(fits, expected, check_exact=True)
    ratings = svc.search_ratings(1, actor=ADMIN, engine=engine)
    pd.testing.assert_frame_equal(ratings, before, check_exact=True)
    # the search's summary report is today's report for its archetype x stage, to the digit
    by_search = build_report("summary", ratings, rubric, profile=profile)
    by_profile = build_report(
        "summary", before, rubric, archetype="infrastructure_commander", stage="pre_seed"
    )
    pd.testing.assert_frame_equal(by_search, by_profile, check_exact=True)


def test_a_new_database_gets_no_imported_search(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        migrations.upgrade(engine)
        assert svc.list_searches(actor=ADMIN, engine=engine) == []
    finally:
        engine.dispose()


def test_a_candidate_without_scorecards_is_sourced(tmp_path: Path) -> None:
    target = tmp_path / "release-0.1.sqlite"
    shutil.copyfile(FIXTURE, target)
    with sqlite3.connect(target) as conn:
        conn.execute(
            "INSERT INTO candidates (name, current_title, notes, is_demo, created_at) "
            "VALUES ('Nils Nyman', '', '', 0, '2026-11-30 10:00:00.000000')"
        )
    engine = db.make_engine(f"sqlite:///{target}")
    try:
        migrations.upgrade(engine)
        view = svc.show_search(1, actor=ADMIN, engine=engine, rubric=load_rubric())
        stages = {p.name: p.stage for p in view.pipeline}
        assert stages["Nils Nyman"] == "sourced"
        assert list(stages.values()).count("interviewing") == 14
    finally:
        engine.dispose()
