"""The analysis pages' reads of one search: its scorecards only, as each actor may see them,
as columnar codes and as the long frame alike; a search the actor is not on is refused."""

from __future__ import annotations

import pytest
from builders import HANDS_ON, PEOPLE, VISION, card, write_tiny_rubric
from sqlalchemy import Engine
from test_search_services import ADMIN, LENA, MANAGER, PER, _two_searches

from assess.domain.rubric import Rubric, load_rubric
from assess.services import reads
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.imports import import_cards
from assess.storage.db import StoreError


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("rubric") / "r"))


def _rate(engine: Engine, who: str, candidate: str, search: int | None, ratings: object) -> None:
    cards = [card(candidate, interviewer=who, ratings=ratings)]  # type: ignore[arg-type]
    if search is None:
        import_cards(cards, actor=ADMIN, engine=engine)
    else:
        svc.import_into_search(cards, actor=ADMIN, engine=engine, search_ids=[search])


def _filled(engine: Engine, tiny: Rubric) -> tuple[int, int]:
    """Search 1: Anna rated by Lena and Per, Bo by Per (Lena does not interview Bo); search 2:
    Cecilia rated by Per; and a rating of Anna in no search."""
    one, two, *_ = _two_searches(engine, tiny)
    _rate(engine, "Lena Ek", "Anna", one, ((HANDS_ON, 3, "x"), (VISION, 4, "y")))
    _rate(engine, "Per Holm", "Anna", one, ((HANDS_ON, 4, ""), (PEOPLE, None, "")))
    _rate(engine, "Per Holm", "Bo", one, ((HANDS_ON, 2, ""),))
    _rate(engine, "Per Holm", "Cecilia", two, ((VISION, 5, ""),))
    _rate(engine, "Sara Lind", "Anna", None, ((PEOPLE, 5, ""),))
    return one, two


def _seen(columns_frame: object) -> list[tuple[str, str, str, float]]:
    frame = columns_frame  # the long frame
    return sorted(
        (str(r.candidate_name), str(r.interviewer), str(r.competency), float(r.rating))
        for r in frame.itertuples()  # type: ignore[attr-defined]
    )


ANNA_LENA = [("Anna", "Lena Ek", HANDS_ON, 3.0), ("Anna", "Lena Ek", VISION, 4.0)]
ANNA_PER = [("Anna", "Per Holm", HANDS_ON, 4.0), ("Anna", "Per Holm", PEOPLE, float("nan"))]
BO_PER = [("Bo", "Per Holm", HANDS_ON, 2.0)]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ADMIN, sorted(ANNA_LENA + ANNA_PER + BO_PER)),
        (MANAGER, sorted(ANNA_LENA + ANNA_PER + BO_PER)),
        # Lena interviews Anna only, and sees Per's ratings once her own is in (the default)
        (LENA, sorted(ANNA_LENA + ANNA_PER)),
        # Per interviews Anna; Bo's card is his own, but Bo is not his candidate on the plan
        (PER, sorted(ANNA_LENA + ANNA_PER)),
    ],
    ids=["admin", "hiring_manager", "interviewer", "other_interviewer"],
)
def test_a_search_read_holds_its_scorecards_as_the_actor_may_see_them(
    engine: Engine, tiny: Rubric, who: Actor, expected: list[tuple[str, str, str, float]]
) -> None:
    one, _ = _filled(engine, tiny)
    columns = reads.rating_columns(actor=who, engine=engine, search_id=one)
    frame = reads.ratings(actor=who, engine=engine, search_id=one)
    # NaN != NaN: compare the not-assessed ratings as text
    as_text = [tuple(map(str, row)) for row in expected]
    assert [tuple(map(str, row)) for row in _seen(columns.frame())] == as_text
    assert [tuple(map(str, row)) for row in _seen(frame)] == as_text
    assert columns.frame().drop(columns="evidence").equals(frame.drop(columns="evidence"))


def test_a_search_the_actor_is_not_on_is_refused(engine: Engine, tiny: Rubric) -> None:
    _, two = _filled(engine, tiny)
    for read in (reads.rating_columns, reads.ratings):
        with pytest.raises(StoreError, match=rf"^search: no search with id {two}$"):
            read(actor=LENA, engine=engine, search_id=two)
    # nothing of search 2 reaches the hiring manager of search 1 either
    with pytest.raises(StoreError, match=rf"^search: no search with id {two}$"):
        reads.rating_columns(actor=MANAGER, engine=engine, search_id=two)
    # an admin sees search 2: Cecilia only, not the rating of Anna in no search
    names = reads.rating_columns(actor=ADMIN, engine=engine, search_id=two).names()
    assert list(names.values()) == ["Cecilia"]
