"""The scorecard writer's plan on its own: matching and the writes it decides, no database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assess.domain.schemas import RatingIn
from assess.storage.plan import (
    AuditEntry,
    PlanError,
    StoredCard,
    match_cards,
    plan_writes,
)

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 2)


def fields(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "candidate_id": 1,
        "interviewer": "Lena Ek",
        "interview_type": "technical",
        "interview_date": DAY,
        "recommendation": "yes",
        "state": "submitted",
        "source": None,
        "external_id": None,
        "notes": "",
        "search_id": None,
    }
    return {**base, **overrides}


def ratings(*given: tuple[str, int | None, str]) -> dict[str, RatingIn]:
    return {c: RatingIn(competency=c, rating=r, evidence=e) for c, r, e in given}


def test_a_new_card_is_inserted_with_every_rating_audited() -> None:
    plan = plan_writes(
        [fields()], [None], [ratings(("tech_vision", 4, "road map"), ("data_ai", None, ""))], {},
        now=NOW,
    )  # fmt: skip
    assert plan.ids == [0]
    assert plan.new_card_slots == [0]
    assert plan.new_cards == [
        {**fields(), "submitted_at": NOW, "created_at": NOW, "updated_at": NOW}
    ]
    assert plan.rating_inserts == [
        (0, {"competency": "tech_vision", "rating": 4, "evidence": "road map"}),
        (0, {"competency": "data_ai", "rating": None, "evidence": ""}),
    ]
    assert plan.audits == [
        AuditEntry(0, "tech_vision", "created", new_rating=4, new_evidence="road map"),
        AuditEntry(0, "data_ai", "created", new_rating=None, new_evidence=""),
    ]
    assert (plan.card_updates, plan.rating_updates, plan.rating_deletes) == ([], [], [])
    assert plan.changed_cards == 0


def test_a_new_draft_has_no_submitted_time() -> None:
    plan = plan_writes([fields(state="draft")], [None], [{}], {}, now=NOW)
    assert plan.new_cards[0]["submitted_at"] is None


STORED = StoredCard(7, fields())
STORED_RATINGS = {7: {"tech_vision": (70, 4, "road map"), "data_ai": (71, 2, "thin")}}


@pytest.mark.parametrize(
    ("card", "given", "updates", "inserts", "changes", "deletes", "audits"),
    [
        pytest.param(
            fields(),
            ratings(("tech_vision", 4, "road map"), ("data_ai", 2, "thin")),
            [], [], [], [], [],
            id="the same card writes nothing",
        ),
        pytest.param(
            fields(),
            ratings(("tech_vision", 5, "road map"), ("data_ai", 2, "thin")),
            [{"id": 7, "updated_at": NOW}],
            [],
            [{"id": 70, "rating": 5, "evidence": "road map"}],
            [],
            [AuditEntry(0, "tech_vision", "changed", old_rating=4, new_rating=5)],
            id="a changed rating, evidence the same: evidence not in the audit",
        ),
        pytest.param(
            fields(notes="debrief"),
            ratings(("tech_vision", 4, "road map, costed"), ("people_leadership", 3, "")),
            [{"id": 7, "notes": "debrief", "updated_at": NOW}],
            [(0, {"competency": "people_leadership", "rating": 3, "evidence": ""})],
            [{"id": 70, "rating": 4, "evidence": "road map, costed"}],
            [71],
            [
                AuditEntry(0, "tech_vision", "changed", old_rating=4, new_rating=4,
                           old_evidence="road map", new_evidence="road map, costed"),
                AuditEntry(0, "people_leadership", "created", new_rating=3, new_evidence=""),
                AuditEntry(0, "data_ai", "deleted", old_rating=2, old_evidence="thin"),
            ],
            id="changed evidence, a new and a removed competency, a changed note",
        ),
        pytest.param(
            fields(state="draft"),
            ratings(("tech_vision", 4, "road map"), ("data_ai", 2, "thin")),
            [{"id": 7, "state": "draft", "submitted_at": None, "updated_at": NOW}],
            [], [], [], [],
            id="a state change sets submitted_at with it",
        ),
    ],
)  # fmt: skip
def test_a_matched_card_is_diffed_against_what_is_stored(
    card: dict[str, Any],
    given: dict[str, RatingIn],
    updates: list[dict[str, Any]],
    inserts: list[tuple[int, dict[str, Any]]],
    changes: list[dict[str, Any]],
    deletes: list[int],
    audits: list[AuditEntry],
) -> None:
    plan = plan_writes([card], [STORED], [given], STORED_RATINGS, now=NOW)
    assert plan.ids == [7]
    assert plan.new_cards == []
    assert plan.card_updates == updates
    assert plan.rating_inserts == inserts
    assert plan.rating_updates == changes
    assert plan.rating_deletes == deletes
    assert plan.audits == audits
    assert plan.changed_cards == (1 if updates else 0)


def test_a_card_without_an_external_id_leaves_the_stored_one_alone() -> None:
    stored = StoredCard(7, fields(source="greenhouse", external_id="93001"))
    plan = plan_writes([fields()], [stored], [{}], {}, now=NOW)
    assert plan.card_updates == []


def test_match_prefers_the_external_id_then_the_natural_key() -> None:
    by_ext = StoredCard(1, fields(source="greenhouse", external_id="9", interviewer="Other"))
    by_key = StoredCard(2, fields())
    cards = [
        fields(source="greenhouse", external_id="9"),
        fields(interviewer="  LENA  EK "),
        fields(interview_type="leadership"),
    ]
    assert match_cards(cards, [by_ext, by_key], ["a", "b", "c"]) == [by_ext, by_key, None]


def test_two_cards_for_one_interview_are_refused_with_both_places() -> None:
    with pytest.raises(PlanError) as info:
        match_cards([fields(), fields(interviewer="lena ek")], [], ["row 2", "row 5"])
    assert str(info.value) == (
        "row 2 and row 5 are the same scorecard (interviewer 'lena ek', 2026-11-02, "
        "'technical'); give each interview once"
    )


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (fields(search_id=3), 3),  # the same interview in its own search: that card
        (fields(search_id=4), None),  # in another search: a card of its own
        (fields(), None),  # no search is a search of its own too
    ],
)
def test_the_search_is_part_of_the_natural_key(card: dict[str, Any], expected: int | None) -> None:
    in_three = StoredCard(3, fields(search_id=3))
    found = match_cards([card], [in_three], ["a"])[0]
    assert (found.id if found is not None else None) == expected


def test_one_interview_in_two_searches_of_one_batch_is_two_cards() -> None:
    cards = [fields(search_id=1), fields(search_id=2), fields()]
    assert match_cards(cards, [], ["a", "b", "c"]) == [None, None, None]


@pytest.mark.parametrize(
    ("search_id", "updates"),
    [
        (5, [{"id": 7, "search_id": 5, "updated_at": NOW}]),  # moves to the search given
        (3, []),  # already there
        (None, []),  # no search given: the stored one stays
    ],
)
def test_a_card_matched_by_external_id_moves_only_to_a_search_given(
    search_id: int | None, updates: list[dict[str, Any]]
) -> None:
    stored = StoredCard(7, fields(source="greenhouse", external_id="93001", search_id=3))
    card = fields(source="greenhouse", external_id="93001", search_id=search_id)
    plan = plan_writes([card], [stored], [{}], {}, now=NOW)
    assert plan.card_updates == updates
