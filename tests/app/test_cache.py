"""The app's caches: what no profile changes is computed once per data version, and a write
gives a new version, so nothing computed before it is read again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from builders import card as build_card
from sqlalchemy import Engine

from assess.domain.rubric import load_rubric
from assess.domain.schemas import ScorecardIn
from assess.services.actor import Actor
from assess.storage import db, store

RUBRIC = load_rubric()
COMPS = RUBRIC.competency_ids


def _card(name: str, who: str, ratings: dict[str, int | None]) -> ScorecardIn:
    return build_card(
        name,
        interviewer=who,
        day=dt.date(2026, 11, 2),
        ratings=tuple((c, r, "") for c, r in ratings.items()),
    )


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    with db.transaction(eng) as session:
        store.import_scorecards(
            [
                _card("Ada", "Jon", {COMPS[0]: 4, COMPS[1]: 2}),
                _card("Ada", "Kim", {COMPS[0]: 2, COMPS[1]: 3}),
                _card("Bo", "Jon", {COMPS[0]: 3}),
            ],
            session=session,
            actor="test",
        )
    from assess.ui import cache

    cache.set_actor(Actor("Test Admin", "app"))  # as the sign-in gate leaves a session
    yield eng
    eng.dispose()


def _write(engine: Engine, card: ScorecardIn) -> None:
    from assess.ui import cache

    with db.transaction(engine) as session:
        store.import_scorecards([card], session=session, actor="test")
    cache.changed()


def test_profile_independent_data_is_shared_and_invalidated_by_a_write(engine: Engine) -> None:
    from assess.ui import cache

    first = cache.data_version()
    ready = cache.prepared_data(first)
    assert ready is cache.prepared_data(first)  # one object for every profile and session
    ada = ready.row(1)
    assert ready.level[ada, :2].tolist() == [3.0, 2.5]
    assert ready.count[ada, :2].tolist() == [2, 2]
    # Jon 4 and Kim 2 on the first competency: two points apart, a disagreement
    assert ready.disputed[ada, :2].tolist() == [True, False]
    assert ready.scorecards.tolist() == [2, 1]
    rankings = [cache.ranking(first, p) for p in RUBRIC.profiles()[:3]]
    assert all(list(r["candidate"]) in ([1, 2], [2, 1]) for r in rankings)

    _write(engine, _card("Ada", "Lena", {COMPS[0]: 5, COMPS[1]: None}))
    second = cache.data_version()
    assert second != first
    fresh = cache.prepared_data(second)
    assert fresh is not ready
    assert fresh.level[ada, :2].tolist() == [11 / 3, 2.5]
    assert fresh.count[ada, :2].tolist() == [3, 2]
    assert fresh.disputed[ada, :2].tolist() == [True, False]
    assert fresh.scorecards.tolist() == [3, 1]
    ranked = cache.ranking(second, RUBRIC.profiles()[0])
    assert ranked.set_index("candidate").at[1, "scorecards"] == 3
    # the data of the old version is what it was: cached objects are never changed in place
    assert ready.level[ada, :2].tolist() == [3.0, 2.5]
    assert np.array_equal(cache.prepared_data(first).count, ready.count)


def test_a_new_candidate_appears_in_the_next_versions_ranking(engine: Engine) -> None:
    from assess.ui import cache

    profile = RUBRIC.profiles()[0]
    before = cache.ranking(cache.data_version(), profile)
    _write(engine, _card("Cy", "Jon", {c: 5 for c in COMPS}))
    after = cache.ranking(cache.data_version(), profile)
    assert len(before) == 2
    assert len(after) == 3
    assert after.iloc[0]["name"] == "Cy"
    assert after.iloc[0]["fit"] == 100.0
