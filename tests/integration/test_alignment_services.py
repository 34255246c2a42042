"""Defining the role through the services: stakeholders' views checked and kept, needs answers
setting the search's archetype and stage, alignment, rankings per view, the adopted consensus."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import card, write_tiny_rubric
from sqlalchemy import Engine, select

from assess.domain.alignment import AlignmentError, ViewError
from assess.domain.needs import NeedsAnswerError
from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.searches import SearchInputError
from assess.services import alignment as svc
from assess.services import searches, users
from assess.services.actor import Actor
from assess.storage import db

ADMIN = Actor("Lena Ek", "cli")
CEO = {
    "hands_on_engineering": {"level": 5, "weight": 3},
    "tech_vision": {"level": 3, "weight": 1},
    "people_leadership": {"level": 2, "weight": 1},
}
BOARD = {
    "hands_on_engineering": {"level": 3, "weight": 1},
    "tech_vision": {"level": 5, "weight": 3},
    "people_leadership": {"level": 2, "weight": 2},
}
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def tiny(tmp_path: Path) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path / "rubrics"))


@pytest.fixture
def engine(tiny: Rubric) -> Iterator[Engine]:
    eng = db.open_database("sqlite://")
    searches.add_search(actor=ADMIN, engine=eng, rubric=tiny, title="CTO, Acme",
                        archetype="technical_leader", stage="startup")  # fmt: skip
    yield eng
    eng.dispose()


def _events(engine: Engine) -> list[tuple[str, dict[str, object]]]:
    with db.transaction(engine, readonly=True) as session:
        found = session.execute(
            select(db.AuditEvent.action, db.AuditEvent.details).order_by(db.AuditEvent.id)
        ).all()
    return [(a, json.loads(d)) for a, d in found]


def test_views_are_kept_replaced_by_name_and_removed(engine: Engine, tiny: Rubric) -> None:
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name=" CEO ", profile=CEO)
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="Board", profile=BOARD)
    # the same name (case and spacing aside) replaces the earlier view and keeps its place
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="ceo", profile=BOARD)
    found = svc.list_stakeholders(1, actor=ADMIN, engine=engine)
    assert [(s.name, s.targets, s.set_by) for s in found] == [
        ("CEO", {"hands_on_engineering": (3, 1), "tech_vision": (5, 3),
                 "people_leadership": (2, 2)}, "Lena Ek"),
        ("Board", {"hands_on_engineering": (3, 1), "tech_vision": (5, 3),
                   "people_leadership": (2, 2)}, "Lena Ek"),
    ]  # fmt: skip
    assert svc.remove_stakeholder(1, "board", actor=ADMIN, engine=engine) is True
    assert svc.remove_stakeholder(1, "board", actor=ADMIN, engine=engine) is False
    assert [s.name for s in svc.list_stakeholders(1, actor=ADMIN, engine=engine)] == ["CEO"]
    assert [a for a, _ in _events(engine)][1:] == [
        "stakeholders.added", "stakeholders.added", "stakeholders.changed", "stakeholders.removed"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "profile", "problems"),
    [
        ("", CEO, ["name: a stakeholder needs a name"]),
        ("CEO", [], ["top: must be a mapping of competency id to {level, weight}"]),
        ("CEO", CEO | {"tech_vision": {"level": 6, "weight": 1}},
         ["tech_vision.level: must be a whole number 1-5, got 6"]),
        ("CEO", CEO | {"tech_vision": {"level": 2, "weight": 2.5}},
         ["tech_vision.weight: must be a whole number 0-3, got 2.5"]),
        ("CEO", CEO | {"tech_vision": {"level": True, "weight": 1}},
         ["tech_vision.level: must be a whole number 1-5, got True"]),
        ("CEO", {k: v for k, v in CEO.items() if k != "tech_vision"},
         ["tech_vision: missing: every competency needs a level and a weight"]),
        ("CEO", CEO | {"tech_vision": {"level": 2, "weight": 1, "why": "x"}},
         ["tech_vision.why: unknown field; only level and weight"]),
        ("CEO", CEO | {"charisma": {"level": 2, "weight": 1}},
         ["charisma: unknown competency 'charisma'; competencies are hands_on_engineering, "
          "tech_vision, people_leadership"]),
        ("CEO", {c: {"level": 3, "weight": 0} for c in CEO},
         ["top: every weight is 0; at least one competency must count"]),
    ],
)  # fmt: skip
def test_a_bad_view_names_the_competency_and_field_and_writes_nothing(
    engine: Engine, tiny: Rubric, name: str, profile: object, problems: list[str]
) -> None:
    with pytest.raises(ViewError) as bad:
        svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name=name, profile=profile)
    assert bad.value.problems == problems
    assert svc.list_stakeholders(1, actor=ADMIN, engine=engine) == []


def test_fewer_than_two_stakeholders_is_a_message_not_a_number(
    engine: Engine, tiny: Rubric
) -> None:
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="CEO", profile=CEO)
    with pytest.raises(AlignmentError) as few:
        svc.search_alignment(1, actor=ADMIN, engine=engine, rubric=tiny)
    assert str(few.value) == (
        "alignment needs at least 2 stakeholders, got 1: agreement among fewer is not defined"
    )
    with pytest.raises(AlignmentError):
        svc.adopt_consensus(1, actor=ADMIN, engine=engine, rubric=tiny)


def test_alignment_and_the_adopted_consensus_show_as_overrides_with_the_reason(
    engine: Engine, tiny: Rubric
) -> None:
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="CEO", profile=CEO)
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="Board", profile=BOARD)
    result = svc.search_alignment(1, actor=ADMIN, engine=engine, rubric=tiny)
    # by hand (interval alpha, 3 units x 2 raters): levels Do = 16/6, De = 112/30 -> 2/7;
    # weights Do = 18/6, De = 58/30 -> -16/29
    assert result.alpha_level == pytest.approx(2 / 7, abs=1e-12)
    assert result.alpha_weight == pytest.approx(-16 / 29, abs=1e-12)
    # means (4, 2), (4, 2), (2, 1.5): 1.5 rounds half up to 2
    assert result.consensus == {
        "hands_on_engineering": (4, 2), "tech_vision": (4, 2), "people_leadership": (2, 2)
    }  # fmt: skip
    profile = svc.adopt_consensus(1, actor=ADMIN, engine=engine, rubric=tiny, today=DAY)
    reason = "consensus of 2 stakeholders on 2026-12-01"
    assert [(t.competency, t.level, t.weight, t.source, t.reason, t.set_by)
            for t in profile.targets] == [
        ("hands_on_engineering", 4, 2, "override", reason, "Lena Ek"),
        ("tech_vision", 4, 2, "override", reason, "Lena Ek"),
        ("people_leadership", 2, 2, "override", reason, "Lena Ek"),
    ]  # fmt: skip
    shown = searches.show_search(1, actor=ADMIN, engine=engine, rubric=tiny)
    assert shown.profile == profile
    action, details = _events(engine)[-1]
    assert (action, details["reason"], details["stakeholders"]) == (
        "searches.consensus_adopted", reason, ["CEO", "Board"]
    )  # fmt: skip


def test_needs_answers_set_the_archetype_and_stage_and_are_kept(engine: Engine) -> None:
    rubric = load_rubric()
    searches.add_search(actor=ADMIN, engine=engine, rubric=rubric, title="CTO, Beta",
                        archetype="big_thinker", stage="growth")  # fmt: skip
    assert svc.search_needs(2, actor=ADMIN, engine=engine) is None
    answers = {"company_age": "idea", "cto_codes": "yes", "employees": 3}
    made = svc.save_needs(2, actor=ADMIN, engine=engine, rubric=rubric, answers=answers,
                          archetype="technical_leader", stage="pre_seed")  # fmt: skip
    assert (made.archetype, made.stage) == ("technical_leader", "pre_seed")
    kept = svc.search_needs(2, actor=ADMIN, engine=engine)
    assert kept is not None
    # in questionnaire order
    assert (kept.answers, kept.archetype, kept.stage, kept.set_by) == (
        {"company_age": "idea", "employees": 3, "cto_codes": "yes"},
        "technical_leader", "pre_seed", "Lena Ek",
    )  # fmt: skip
    svc.save_needs(2, actor=ADMIN, engine=engine, rubric=rubric, answers={"has_cio": "yes"},
                   archetype="operational_manager", stage="growth")  # fmt: skip
    again = svc.search_needs(2, actor=ADMIN, engine=engine)
    assert again is not None and again.answers == {"has_cio": "yes"}
    action, details = _events(engine)[-1]
    assert (action, details["old"], details["new"]) == (
        "searches.role_defined", "technical_leader x pre_seed", "operational_manager x growth"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "archetype", "stage", "error", "message"),
    [
        ({"cto_codes": "maybe"}, "technical_leader", "pre_seed", NeedsAnswerError,
         "cto_codes: unknown answer 'maybe'; answers are yes, sometimes, no"),
        ({"cto_codes": "yes"}, "wizard", "pre_seed", SearchInputError,
         "archetype: unknown archetype 'wizard'"),
        ({"cto_codes": "yes"}, "technical_leader", "late", SearchInputError,
         "stage: unknown stage 'late'"),
    ],
)  # fmt: skip
def test_bad_needs_are_refused_naming_the_field(
    engine: Engine,
    answers: dict[str, object],
    archetype: str,
    stage: str,
    error: type[Exception],
    message: str,
) -> None:
    rubric = load_rubric()
    with pytest.raises(error) as bad:
        svc.save_needs(1, actor=ADMIN, engine=engine, rubric=rubric, answers=answers,  # type: ignore[arg-type]
                       archetype=archetype, stage=stage)  # fmt: skip
    assert str(bad.value).startswith(message)
    assert svc.search_needs(1, actor=ADMIN, engine=engine) is None


def _ratings(engine: Engine) -> None:
    cards = [
        card("Ada", interviewer="Iris", ratings=(("hands_on_engineering", 5, "x"),
             ("tech_vision", 2, "x"), ("people_leadership", 3, "x"))),
        card("Bo", interviewer="Iris", ratings=(("hands_on_engineering", 2, "x"),
             ("tech_vision", 5, "x"), ("people_leadership", 3, "x"))),
    ]  # fmt: skip
    searches.import_into_search(cards, actor=ADMIN, engine=engine, search_ids=[1, 1])


def test_the_top_candidate_changes_with_whose_view_counts(engine: Engine, tiny: Rubric) -> None:
    _ratings(engine)
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="CEO", profile=CEO)
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="Board", profile=BOARD)
    ranked = svc.stakeholder_rankings(1, actor=ADMIN, engine=engine, rubric=tiny)
    top = {who: ranked.names[cand] for who, (cand, _) in ranked.comparison.top.items()}
    assert top == {"CEO": "Ada", "Board": "Bo"}
    # two candidates, opposite orders: rho = -1
    assert ranked.comparison.spearman.loc["CEO", "Board"] == -1.0


def test_an_interviewer_on_the_search_may_not_set_a_view(engine: Engine, tiny: Rubric) -> None:
    user = users.add_user("jon@example.com", actor=ADMIN, engine=engine, name="Jon",
                          role="interviewer", sign_in_method="sso")  # fmt: skip
    searches.set_team_member(1, actor=ADMIN, engine=engine, user_id=user.id, role="interviewer")
    jon = Actor("Jon", "app", role="interviewer", user_id=user.id)
    with pytest.raises(PermissionDenied):
        svc.set_stakeholder(1, actor=jon, engine=engine, rubric=tiny, name="Jon", profile=CEO)
    # a hiring manager on another search sees nothing of this one
    other = users.add_user("hm@example.com", actor=ADMIN, engine=engine, name="Hanna",
                           role="hiring_manager", sign_in_method="sso")  # fmt: skip
    hanna = Actor("Hanna", "app", role="hiring_manager", user_id=other.id)
    with pytest.raises(db.StoreError, match="search: no search with id 1"):
        svc.list_stakeholders(1, actor=hanna, engine=engine)


def test_a_view_links_a_user_only_from_the_search_team(engine: Engine, tiny: Rubric) -> None:
    hanna = users.add_user("hm@example.com", actor=ADMIN, engine=engine, name="Hanna",
                           role="hiring_manager", sign_in_method="sso")  # fmt: skip
    with pytest.raises(SearchInputError) as bad:
        svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="Hanna",
                            profile=CEO, user_id=hanna.id)  # fmt: skip
    assert str(bad.value) == f"user: user {hanna.id} is not on search 1's team"
    assert svc.list_stakeholders(1, actor=ADMIN, engine=engine) == []
    searches.set_team_member(1, actor=ADMIN, engine=engine, user_id=hanna.id,
                             role="hiring_manager")  # fmt: skip
    svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name="Hanna", profile=CEO,
                        user_id=hanna.id)  # fmt: skip
    (made,) = svc.list_stakeholders(1, actor=ADMIN, engine=engine)
    assert (made.name, made.user_id) == ("Hanna", hanna.id)


def test_every_view_and_needs_write_moves_the_content_marker(engine: Engine, tiny: Rubric) -> None:
    from assess.storage.watch import content_marker

    rubric = load_rubric()
    searches.add_search(actor=ADMIN, engine=engine, rubric=rubric, title="CTO, Beta",
                        archetype="big_thinker", stage="growth")  # fmt: skip
    seen = [content_marker(engine)]
    for name, view in (("CEO", CEO), ("Board", BOARD), ("CEO", BOARD)):
        # a replaced view keeps the count: the time of the change tells
        svc.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=tiny, name=name, profile=view)
        seen.append(content_marker(engine))
    svc.remove_stakeholder(1, "Board", actor=ADMIN, engine=engine)
    seen.append(content_marker(engine))
    for archetype in ("operational_manager", "technical_leader"):
        svc.save_needs(2, actor=ADMIN, engine=engine, rubric=rubric, answers={"has_cio": "yes"},
                       archetype=archetype, stage="growth")  # fmt: skip
        seen.append(content_marker(engine))
    assert all(a != b for a, b in itertools.pairwise(seen)), seen
