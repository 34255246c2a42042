"""Searches (pure): the target profile with overrides and its sources, checks, progress, fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from builders import HANDS_ON, PEOPLE, VISION, write_tiny_rubric
from hypothesis import given
from hypothesis import strategies as st

from assess.domain.rubric import Rubric, load_rubric
from assess.domain.scoring import gap_table, score
from assess.domain.searches import (
    Assignment,
    CardState,
    Interview,
    ProgressCell,
    SearchInputError,
    TargetOverride,
    check_focus,
    check_move,
    check_override,
    check_search,
    check_search_role,
    describe_target,
    is_overdue,
    profile_as_dict,
    progress,
    progress_counts,
    search_profile,
    sees_colleagues,
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("rubric") / "r"))


@pytest.fixture(scope="module")
def shipped() -> Rubric:
    return load_rubric(Path(__file__).resolve().parents[2] / "rubrics")


OVERRIDES = (
    TargetOverride(PEOPLE, 5, 3, "leads 40 engineers from day one", "Lena Ek"),
    TargetOverride(VISION, None, 2, "the board asks for a roadmap", "Per Holm"),
)


def test_profile_without_overrides_is_the_rubrics(tiny: Rubric) -> None:
    resolved = search_profile(tiny, "technical_leader", "growth")
    assert resolved.profile == tiny.profile("technical_leader", "growth")
    assert profile_as_dict(resolved) == {
        HANDS_ON: {"level": 4, "weight": 3, "source": "archetype+stage"},
        VISION: {"level": 3, "weight": 1, "source": "archetype+stage"},
        PEOPLE: {"level": 4, "weight": 2, "source": "archetype+stage"},
    }


def test_overrides_replace_numbers_and_say_where_each_comes_from(tiny: Rubric) -> None:
    resolved = search_profile(tiny, "technical_leader", "startup", OVERRIDES)
    assert profile_as_dict(resolved) == {
        HANDS_ON: {"level": 4, "weight": 3, "source": "archetype+stage"},
        VISION: {
            "level": 3,
            "weight": 2,
            "source": "override",
            "reason": "the board asks for a roadmap",
            "set_by": "Per Holm",
            "overrides": ["weight"],
        },
        PEOPLE: {
            "level": 5,
            "weight": 3,
            "source": "override",
            "reason": "leads 40 engineers from day one",
            "set_by": "Lena Ek",
            "overrides": ["level", "weight"],
        },
    }
    vision = resolved.target(VISION)
    assert (vision.level_source, vision.weight_source) == ("archetype+stage", "override")
    assert describe_target(vision) == (
        "tech_vision                  level 3 (archetype+stage)    weight 2 (override)"
        "  reason: the board asks for a roadmap (set by Per Holm)"
    )
    # the scoring Profile keeps the archetype's own numbers as its base
    people = resolved.profile.target(PEOPLE)
    assert (people.level, people.weight, people.base_level, people.base_weight) == (5, 3, 3, 2)


def test_fit_against_a_search_profile_by_hand(tiny: Rubric) -> None:
    """Targets 4/3/5 and weights 3/2/3 (two of them overridden), levels 3.5/2/4:
    a = 2.5/3, 1/2, 3/4; shares 3/8, 2/8, 3/8; fit = 100 x (5/16 + 1/8 + 9/32) = 71.875;
    points lost 6.25, 12.5, 9.375; people leadership is a must-have miss (weight 3, 5 - 4 >= 1).
    Against the rubric's profile alone (targets 4/3/3, weights 3/1/2) the same levels fit 83.33."""
    ratings = pd.DataFrame(
        {
            "candidate": [1, 1, 1, 1],
            "interviewer": ["Lena Ek", "Per Holm", "Lena Ek", "Lena Ek"],
            "interview": [10, 11, 10, 10],
            "competency": [HANDS_ON, HANDS_ON, VISION, PEOPLE],
            "rating": [3.0, 4.0, 2.0, 4.0],
        }
    )
    resolved = search_profile(tiny, "technical_leader", "startup", OVERRIDES)
    row = score(ratings, [resolved.profile], settings=tiny.settings).iloc[0]
    assert row["fit"] == pytest.approx(71.875, abs=1e-12)
    assert row["coverage"] == pytest.approx(100.0)
    assert row["critical_gaps"] == 1
    gaps = gap_table(ratings, 1, resolved.profile, settings=tiny.settings)
    assert gaps["points_lost"].tolist() == pytest.approx([6.25, 12.5, 9.375])
    assert gaps["critical_gap"].tolist() == [False, False, True]
    plain = score(ratings, [tiny.profile("technical_leader", "startup")], settings=tiny.settings)
    assert plain.iloc[0]["fit"] == pytest.approx(250 / 3)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "title: must not be empty"),
        ({"title": "x" * 201}, "title: at most 200 characters, got 201"),
        (
            {"archetype": "wizard"},
            "archetype: unknown archetype 'wizard'; one of technical_leader, operational_manager",
        ),
        ({"stage": "seed"}, "stage: unknown stage 'seed'; one of startup, growth"),
        ({"status": "paused"}, "status: unknown status 'paused'; one of open, on_hold, closed"),
        (
            {"feedback_visibility": "later"},
            "feedback_visibility: unknown visibility 'later'; one of never, after_submit, always",
        ),
    ],
)
def test_search_checks_name_the_field(tiny: Rubric, fields: dict[str, str], message: str) -> None:
    values = {"title": "CTO, Acme", "archetype": "technical_leader", "stage": "startup"} | fields
    with pytest.raises(SearchInputError) as caught:
        check_search(tiny, **values)
    assert str(caught.value) == message
    assert caught.value.field == message.split(":")[0]


@pytest.mark.parametrize(
    ("competency", "level", "weight", "reason", "message"),
    [
        ("coding", 3, None, "why", "competency: unknown competency 'coding'; one of "
         "hands_on_engineering, tech_vision, people_leadership"),
        (VISION, None, None, "why", "level: an override sets a level, a weight or both"),
        (VISION, 0, None, "why", "level: must be 1-5, got 0"),
        (VISION, 6, 2, "why", "level: must be 1-5, got 6"),
        (VISION, None, 4, "why", "weight: must be 0-3, got 4"),
        (VISION, None, -1, "why", "weight: must be 0-3, got -1"),
        (VISION, 4, None, "   ", "reason: an override needs a reason"),
    ],
)  # fmt: skip
def test_override_checks_name_the_field(
    tiny: Rubric, competency: str, level: int | None, weight: int | None, reason: str, message: str
) -> None:
    assert (
        message_of(
            lambda: check_override(
                tiny, competency=competency, level=level, weight=weight, reason=reason
            )
        )
        == message
    )


def test_good_override_passes(tiny: Rubric) -> None:
    check_override(tiny, competency=VISION, level=1, weight=0, reason="not this time")
    check_override(tiny, competency=VISION, level=5, weight=3, reason="all in")


def message_of(call: Callable[[], object]) -> str:
    """The one-line message of the SearchInputError `call` raises."""
    with pytest.raises(SearchInputError) as caught:
        call()
    return str(caught.value)


def test_move_focus_and_role_checks() -> None:
    assert message_of(lambda: check_move("sourced", "hold")) == (
        "stage: unknown pipeline stage 'hold'; one of sourced, screening, interviewing, final, "
        "offer, hired, rejected, withdrawn"
    )
    assert message_of(lambda: check_move("offer", "offer")) == (
        "stage: the candidate is at offer already"
    )
    check_move(None, "sourced")
    check_move("rejected", "screening")
    assert message_of(lambda: check_search_role("admin")) == (
        "role: unknown role on a search 'admin'; one of recruiter, hiring_manager, interviewer"
    )
    assert check_search_role("interviewer") == "interviewer"


@pytest.mark.parametrize(
    ("focus", "message"),
    [
        (["tech_vision", "people_leadership"], "focus: an interview focuses on 3-6 competencies, "
         "got 2"),
        (["tech_vision"] * 3, "focus: a competency is named twice"),
        (["tech_vision", "coding", "cloud"], "focus: unknown competency 'coding'; one of "),
    ],
)  # fmt: skip
def test_focus_checks(shipped: Rubric, focus: list[str], message: str) -> None:
    with pytest.raises(SearchInputError) as caught:
        check_focus(shipped, focus)
    assert str(caught.value).startswith(message)


def test_focus_takes_three_to_six(shipped: Rubric) -> None:
    ids = shipped.competency_ids
    assert check_focus(shipped, ids[:3]) == tuple(ids[:3])
    assert check_focus(shipped, ids[:6]) == tuple(ids[:6])
    assert message_of(lambda: check_focus(shipped, ids[:7])) == (
        "focus: an interview focuses on 3-6 competencies, got 7"
    )


DAY = dt.date(2026, 11, 10)
TECH = Interview(1, "Technical deep dive", "technical", (HANDS_ON, VISION, PEOPLE), DAY)
LEAD = Interview(2, "Leadership", "leadership", (PEOPLE, VISION, HANDS_ON), None)


def test_progress_states_and_overdue() -> None:
    assignments = [
        Assignment(1, 100, "Lena Ek"),
        Assignment(1, 100, "Per Holm"),
        Assignment(1, 200, "Lena Ek"),
        Assignment(2, 100, "Sara Lind"),
    ]
    cards = [
        CardState(100, "lena  ek", "Technical", DAY, "submitted"),  # names compare as stored
        CardState(100, "Per Holm", "technical", DAY, "draft"),
        # another day than the interview's: not this interview's card
        CardState(200, "Lena Ek", "technical", DAY + dt.timedelta(days=1), "submitted"),
        # an undated interview takes the card of any date
        CardState(100, "Sara Lind", "leadership", DAY, "draft"),
        CardState(100, "Sara Lind", "leadership", DAY + dt.timedelta(days=2), "submitted"),
    ]
    cells = progress([100, 200], [TECH, LEAD], assignments, cards, today=DAY + dt.timedelta(days=3))
    assert cells == [
        ProgressCell(100, 1, "Lena Ek", "submitted", False),
        ProgressCell(100, 1, "Per Holm", "draft", True),
        ProgressCell(100, 2, "Sara Lind", "submitted", False),
        ProgressCell(200, 1, "Lena Ek", "not_started", True),
        ProgressCell(200, 2, None, "unassigned", False),
    ]
    assert progress_counts(cells) == {
        "unassigned": 1, "not_started": 1, "draft": 1, "submitted": 2, "overdue": 2,
    }  # fmt: skip
    # two days after the interview nothing is overdue yet (OVERDUE_DAYS is 3)
    early = progress([100, 200], [TECH], assignments, cards, today=DAY + dt.timedelta(days=2))
    assert [c.overdue for c in early] == [False, False, False]


@pytest.mark.parametrize(
    ("state", "days_after", "overdue"),
    [
        ("not_started", 2, False),
        ("not_started", 3, True),
        ("draft", 30, True),
        ("submitted", 30, False),
        ("unassigned", 30, False),
        ("draft", -5, False),
    ],
)
def test_is_overdue(state: str, days_after: int, overdue: bool) -> None:
    assert is_overdue(state, DAY, DAY + dt.timedelta(days=days_after)) is overdue
    assert is_overdue(state, None, DAY + dt.timedelta(days=days_after)) is False


@pytest.mark.parametrize(
    ("visibility", "submitted_own", "sees"),
    [
        ("never", False, False),
        ("never", True, False),
        ("after_submit", False, False),
        ("after_submit", True, True),
        ("always", False, True),
        ("always", True, True),
    ],
)
def test_feedback_visibility(visibility: str, submitted_own: bool, sees: bool) -> None:
    assert sees_colleagues(visibility, submitted_own=submitted_own) is sees


LEVEL = st.one_of(st.none(), st.integers(1, 5))
WEIGHT = st.one_of(st.none(), st.integers(0, 3))


@given(
    st.dictionaries(
        st.sampled_from([HANDS_ON, VISION, PEOPLE]), st.tuples(LEVEL, WEIGHT), max_size=3
    ),
    st.sampled_from(["technical_leader", "operational_manager"]),
    st.sampled_from(["startup", "growth"]),
)
def test_overrides_change_only_what_they_set(
    tiny: Rubric, chosen: dict[str, tuple[int | None, int | None]], archetype: str, stage: str
) -> None:
    overrides = [TargetOverride(c, lv, w, "why", "me") for c, (lv, w) in chosen.items()]
    resolved = search_profile(tiny, archetype, stage, overrides)
    base = tiny.profile(archetype, stage)
    for t in resolved.targets:
        lv, w = chosen.get(t.competency, (None, None))
        assert t.level == (base.target(t.competency).level if lv is None else lv)
        assert t.weight == (base.target(t.competency).weight if w is None else w)
        assert (t.level_source == "override") is (lv is not None)
        assert (t.weight_source == "override") is (w is not None)
        assert resolved.profile.target(t.competency).level == t.level
        assert resolved.profile.target(t.competency).weight == t.weight


def test_search_vocabularies_have_labels_in_both_languages() -> None:
    from assess.domain import vocab
    from assess.domain.i18n import STRINGS

    for prefix, values in (
        ("pipe", vocab.PIPELINE_STAGES),
        ("sstatus", vocab.SEARCH_STATUSES),
        ("source", vocab.TARGET_SOURCES),
        ("progress", vocab.PROGRESS_STATES),
    ):
        for value in values:
            key = f"{prefix}.{value.replace('+', '_')}"
            assert set(STRINGS[key]) == {"en", "sv"}, key
