"""Search services on every database: targets, pipeline, per-search roles, progress, fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from builders import DAY, HANDS_ON, PEOPLE, VISION, card, write_tiny_rubric
from sqlalchemy import Engine, func, select

from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.searches import ProgressCell, SearchInputError, profile_as_dict
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.candidates import add_candidate
from assess.services.imports import import_cards
from assess.services.users import add_user
from assess.storage.db import (
    PipelineMove,
    Scorecard,
    Search,
    SearchCandidate,
    SearchOverride,
    StoreError,
    transaction,
)
from assess.storage.users import events

ADMIN = Actor("Ada Admin", "cli")
RECRUITER = Actor("Rita Rekryterare", role="recruiter", user_id=1)
MANAGER = Actor("Hans Chef", role="hiring_manager", user_id=2)
LENA = Actor("Lena Ek", role="interviewer", user_id=3)
PER = Actor("Per Holm", role="interviewer", user_id=4)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("rubric") / "r"))


def _counts(engine: Engine) -> tuple[int, ...]:
    with transaction(engine, readonly=True) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Search, SearchOverride, SearchCandidate, PipelineMove)
        )


def _search(engine: Engine, rubric: Rubric, title: str = "CTO, Acme") -> int:
    made = svc.add_search(
        actor=ADMIN,
        engine=engine,
        rubric=rubric,
        title=title,
        archetype="technical_leader",
        stage="startup",
        client="Acme AB",
    )
    return made.id


def test_add_show_and_override_a_search(engine: Engine, tiny: Rubric) -> None:
    sid = _search(engine, tiny)
    view = svc.show_search(sid, actor=ADMIN, engine=engine, rubric=tiny)
    assert (view.search.title, view.search.client, view.search.status) == (
        "CTO, Acme",
        "Acme AB",
        "open",
    )
    assert view.search.feedback_visibility == "after_submit"
    assert profile_as_dict(view.profile)[PEOPLE] == {
        "level": 3,
        "weight": 2,
        "source": "archetype+stage",
    }
    svc.set_target(sid, actor=RECRUITER, engine=engine, rubric=tiny, competency=PEOPLE,
                   level=5, weight=None, reason="leads 40 engineers")  # fmt: skip
    # a second override of the same competency keeps the level and takes the weight and reason
    after = svc.set_target(sid, actor=ADMIN, engine=engine, rubric=tiny, competency=PEOPLE,
                           level=None, weight=3, reason="the team is the product")  # fmt: skip
    assert profile_as_dict(after)[PEOPLE] == {
        "level": 5,
        "weight": 3,
        "source": "override",
        "reason": "the team is the product",
        "set_by": "Ada Admin",
        "overrides": ["level", "weight"],
    }
    assert [s.id for s in svc.list_searches(actor=ADMIN, engine=engine)] == [sid]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda e, r, s: svc.add_search(actor=ADMIN, engine=e, rubric=r, title="T",
                                        archetype="wizard", stage="startup"),
         "archetype: unknown archetype 'wizard'; one of technical_leader, operational_manager"),
        (lambda e, r, s: svc.add_search(actor=ADMIN, engine=e, rubric=r, title="T",
                                        archetype="technical_leader", stage="late"),
         "stage: unknown stage 'late'; one of startup, growth"),
        (lambda e, r, s: svc.set_target(s, actor=ADMIN, engine=e, rubric=r, competency="x",
                                        level=3, weight=None, reason="r"),
         "competency: unknown competency 'x'; one of hands_on_engineering, tech_vision, "
         "people_leadership"),
        (lambda e, r, s: svc.set_target(s, actor=ADMIN, engine=e, rubric=r, competency=VISION,
                                        level=9, weight=None, reason="r"),
         "level: must be 1-5, got 9"),
        (lambda e, r, s: svc.set_target(s, actor=ADMIN, engine=e, rubric=r, competency=VISION,
                                        level=None, weight=5, reason="r"),
         "weight: must be 0-3, got 5"),
        (lambda e, r, s: svc.set_target(s, actor=ADMIN, engine=e, rubric=r, competency=VISION,
                                        level=2, weight=None, reason=" "),
         "reason: an override needs a reason"),
        (lambda e, r, s: svc.set_target(s + 1, actor=ADMIN, engine=e, rubric=r,
                                        competency=VISION, level=2, weight=None, reason="r"),
         "search: no search with id {next}"),
        (lambda e, r, s: svc.add_to_search(s, 999, actor=ADMIN, engine=e),
         "candidate: no candidate with id 999"),
        (lambda e, r, s: svc.move_candidate(s, 999, actor=ADMIN, engine=e, stage="final"),
         "candidate: candidate 999 is not in search {sid}"),
        (lambda e, r, s: svc.move_candidate(s, 999, actor=ADMIN, engine=e, stage="done"),
         "stage: unknown pipeline stage 'done'; one of sourced, screening, interviewing, "
         "final, offer, hired, rejected, withdrawn"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(
    engine: Engine, tiny: Rubric, call: Callable[[Engine, Rubric, int], object], message: str
) -> None:
    sid = _search(engine, tiny)
    before = _counts(engine)
    with pytest.raises((SearchInputError, StoreError)) as caught:
        call(engine, tiny, sid)
    assert str(caught.value) == message.format(sid=sid, next=sid + 1)
    assert _counts(engine) == before


def test_pipeline_moves_keep_their_history(engine: Engine, tiny: Rubric) -> None:
    sid = _search(engine, tiny)
    anna = add_candidate("Anna Berg", actor=ADMIN, engine=engine).id
    assert svc.add_to_search(sid, anna, actor=ADMIN, engine=engine) is True
    assert svc.add_to_search(sid, anna, actor=ADMIN, engine=engine) is False
    svc.move_candidate(sid, anna, actor=ADMIN, engine=engine, stage="screening")
    move = svc.move_candidate(sid, anna, actor=RECRUITER, engine=engine, stage="rejected",
                              reason="  wants a board seat  ")  # fmt: skip
    assert (move.from_stage, move.to_stage, move.actor, move.reason) == (
        "screening",
        "rejected",
        "Rita Rekryterare",
        "wants a board seat",
    )
    history = svc.pipeline_history(sid, anna, actor=ADMIN, engine=engine)
    assert [(m.from_stage, m.to_stage, m.actor, m.reason) for m in history] == [
        (None, "sourced", "Ada Admin", ""),
        ("sourced", "screening", "Ada Admin", ""),
        ("screening", "rejected", "Rita Rekryterare", "wants a board seat"),
    ]
    with pytest.raises(SearchInputError, match=r"^stage: the candidate is at rejected already$"):
        svc.move_candidate(sid, anna, actor=ADMIN, engine=engine, stage="rejected")
    view = svc.show_search(sid, actor=ADMIN, engine=engine, rubric=tiny)
    assert [(p.name, p.stage) for p in view.pipeline] == [("Anna Berg", "rejected")]


def _add_users(engine: Engine) -> None:
    """The users behind RECRUITER, MANAGER, LENA and PER (ids 1-4, in that order)."""
    for who in (RECRUITER, MANAGER, LENA, PER):
        made = add_user(f"{who.name.split()[0].lower()}@example.com", actor=ADMIN, engine=engine,
                        name=who.name, role=who.role, sign_in_method="sso")  # fmt: skip
        assert made.id == who.user_id


def _two_searches(engine: Engine, tiny: Rubric) -> tuple[int, int, int, int, int]:
    """Search 1 with Anna and Bo (Lena and Per interview Anna), search 2 with Cecilia; Lena,
    Per and the hiring manager are on search 1's team only."""
    _add_users(engine)
    one = _search(engine, tiny, "CTO, Acme")
    two = _search(engine, tiny, "CTO, Beta")
    anna, bo, cecilia = (
        add_candidate(n, actor=ADMIN, engine=engine).id for n in ("Anna", "Bo", "Cecilia")
    )
    for sid, cid in ((one, anna), (one, bo), (two, cecilia)):
        svc.add_to_search(sid, cid, actor=ADMIN, engine=engine)
    svc.set_team_member(one, actor=ADMIN, engine=engine, user_id=3, role="interviewer")
    svc.set_team_member(one, actor=ADMIN, engine=engine, user_id=4, role="interviewer")
    svc.set_team_member(one, actor=ADMIN, engine=engine, user_id=2, role="hiring_manager")
    interview = svc.add_interview(one, actor=ADMIN, engine=engine, rubric=tiny, name="Deep dive",
                                  kind="technical", focus=[HANDS_ON, VISION, PEOPLE],
                                  interview_date=DAY)  # fmt: skip
    for user in (3, 4):
        svc.assign_interviewer(interview.id, anna, user, actor=ADMIN, engine=engine)
    return one, two, anna, bo, cecilia


def test_an_interviewer_on_one_search_sees_nothing_of_another(engine: Engine, tiny: Rubric) -> None:
    one, two, anna, bo, cecilia = _two_searches(engine, tiny)
    assert [s.id for s in svc.list_searches(actor=LENA, engine=engine)] == [one]
    assert [s.id for s in svc.list_searches(actor=RECRUITER, engine=engine)] == [one, two]
    assert svc.list_searches(actor=Actor("Nobody", role="interviewer", user_id=99),
                             engine=engine) == []  # fmt: skip
    hidden = f"search: no search with id {two}"
    for call in (
        lambda: svc.show_search(two, actor=LENA, engine=engine, rubric=tiny),
        lambda: svc.search_ratings(two, actor=LENA, engine=engine),
        lambda: svc.search_progress(two, actor=LENA, engine=engine),
        lambda: svc.pipeline_history(two, cecilia, actor=LENA, engine=engine),
        lambda: svc.show_search(two, actor=MANAGER, engine=engine, rubric=tiny),
        lambda: svc.move_candidate(two, cecilia, actor=MANAGER, engine=engine, stage="final"),
    ):
        with pytest.raises(StoreError) as caught:
            call()
        assert str(caught.value) == hidden
    # on their own search an interviewer sees only the candidates they interview
    view = svc.show_search(one, actor=LENA, engine=engine, rubric=tiny)
    assert (view.role, [p.name for p in view.pipeline]) == ("interviewer", ["Anna"])
    with pytest.raises(SearchInputError, match=f"^candidate: candidate {bo} is not in search"):
        svc.pipeline_history(one, bo, actor=LENA, engine=engine)
    # the hiring manager sees the whole pipeline and may move, not manage
    assert [p.name for p in svc.show_search(one, actor=MANAGER, engine=engine,
                                            rubric=tiny).pipeline] == ["Anna", "Bo"]  # fmt: skip
    svc.move_candidate(one, bo, actor=MANAGER, engine=engine, stage="screening")
    with pytest.raises(PermissionDenied, match=r"^not allowed: a user with the role "
                       r"hiring_manager cannot add or change searches"):  # fmt: skip
        svc.set_target(one, actor=MANAGER, engine=engine, rubric=tiny, competency=VISION,
                       level=2, weight=None, reason="r")  # fmt: skip
    with pytest.raises(PermissionDenied, match="interviewer cannot move candidates"):
        svc.move_candidate(one, anna, actor=LENA, engine=engine, stage="final")
    with pytest.raises(PermissionDenied, match="interviewer cannot add or change searches"):
        svc.add_search(actor=LENA, engine=engine, rubric=tiny, title="Mine",
                       archetype="technical_leader", stage="startup")  # fmt: skip


def _rate(engine: Engine, who: str, candidate: str, search: int, ratings: object) -> None:
    cards = [card(candidate, interviewer=who, ratings=ratings)]  # type: ignore[arg-type]
    svc.import_into_search(cards, actor=ADMIN, engine=engine, search_ids=[search])


@pytest.mark.parametrize(
    ("visibility", "lena_before", "lena_after"),
    [
        ("after_submit", set(), {"Lena Ek", "Per Holm"}),
        ("never", set(), {"Lena Ek"}),
        ("always", {"Per Holm"}, {"Lena Ek", "Per Holm"}),
    ],
)
def test_feedback_visibility_per_search(
    engine: Engine, tiny: Rubric, visibility: str, lena_before: set[str], lena_after: set[str]
) -> None:
    one, _, _, _, _ = _two_searches(engine, tiny)
    with transaction(engine) as session:
        session.get_one(Search, one).feedback_visibility = visibility
    _rate(engine, "Per Holm", "Anna", one, ((HANDS_ON, 4, "ran the migration"),))
    _rate(engine, "Per Holm", "Bo", one, ((HANDS_ON, 2, ""),))

    def seen() -> set[str]:
        return set(svc.search_ratings(one, actor=LENA, engine=engine)["interviewer"])

    assert seen() == lena_before
    _rate(engine, "Lena Ek", "Anna", one, ((HANDS_ON, 3, "reviewed the design"),))
    assert seen() == lena_after
    # Bo is not Lena's candidate: his ratings never show to her
    frame = svc.search_ratings(one, actor=LENA, engine=engine)
    assert set(frame["candidate_name"]) == {"Anna"}
    assert len(svc.search_ratings(one, actor=MANAGER, engine=engine)) == 3


def test_fit_against_the_search_profile_by_hand(engine: Engine, tiny: Rubric) -> None:
    """Overrides: people leadership level 5 weight 3, tech vision weight 2. Anna: hands-on 3 and
    4 (level 3.5), vision 2, people 4. a = 2.5/3, 1/2, 3/4; weights 3/2/3 of 8:
    fit = 100 x (3/8 x 5/6 + 2/8 x 1/2 + 3/8 x 3/4) = 31.25 + 12.5 + 28.125 = 71.875."""
    sid = _search(engine, tiny)
    svc.set_target(sid, actor=ADMIN, engine=engine, rubric=tiny, competency=PEOPLE, level=5,
                   weight=3, reason="leads 40 engineers")  # fmt: skip
    svc.set_target(sid, actor=ADMIN, engine=engine, rubric=tiny, competency=VISION,
                   level=None, weight=2, reason="roadmap for the board")  # fmt: skip
    _rate(engine, "Lena Ek", "Anna", sid, ((HANDS_ON, 3, ""), (VISION, 2, ""), (PEOPLE, 4, "")))
    _rate(engine, "Per Holm", "Anna", sid, ((HANDS_ON, 4, ""),))
    # a rating of Anna outside the search does not count towards it
    import_cards([card("Anna", interviewer="Sara Lind", ratings=((VISION, 5, ""),))],
                 actor=ADMIN, engine=engine)  # fmt: skip
    profile, scores = svc.search_scores(sid, actor=ADMIN, engine=engine, rubric=tiny)
    assert profile.profile.target(PEOPLE).level == 5
    row = scores.iloc[0]
    assert row["fit"] == pytest.approx(71.875, abs=1e-12)
    assert (row["archetype"], row["stage"], row["critical_gaps"]) == (
        "technical_leader",
        "startup",
        1,
    )


def test_progress_states(engine: Engine, tiny: Rubric) -> None:
    one, _, anna, bo, _ = _two_searches(engine, tiny)
    _rate(engine, "Lena Ek", "Anna", one, ((HANDS_ON, 3, ""),))
    draft = card("Anna", interviewer="Per Holm", ratings=((HANDS_ON, 4, ""),), state="draft")
    svc.import_into_search([draft], actor=ADMIN, engine=engine, search_ids=[one])
    (interview,) = svc.show_search(one, actor=ADMIN, engine=engine, rubric=tiny).interviews
    late = DAY + dt.timedelta(days=3)
    cells = svc.search_progress(one, actor=ADMIN, engine=engine, today=late)
    assert cells == [
        ProgressCell(anna, interview.id, "Lena Ek", "submitted", False),
        ProgressCell(anna, interview.id, "Per Holm", "draft", True),
        ProgressCell(bo, interview.id, None, "unassigned", False),
    ]
    assert svc.search_progress(one, actor=PER, engine=engine, today=late) == [cells[1]]
    assert [c.overdue for c in svc.search_progress(one, actor=ADMIN, engine=engine,
                                                    today=DAY)] == [False] * 3  # fmt: skip


def test_team_and_plan_checks(engine: Engine, tiny: Rubric) -> None:
    one, two, anna, _, cecilia = _two_searches(engine, tiny)
    (interview,) = svc.show_search(one, actor=ADMIN, engine=engine, rubric=tiny).interviews
    assert interview.focus == (HANDS_ON, VISION, PEOPLE)
    with pytest.raises(SearchInputError, match=f"^interviewer: user 9 is not on search {one}"):
        svc.assign_interviewer(interview.id, anna, 9, actor=ADMIN, engine=engine)
    with pytest.raises(SearchInputError, match=f"^candidate: candidate {cecilia} is not in"):
        svc.assign_interviewer(interview.id, cecilia, 3, actor=ADMIN, engine=engine)
    with pytest.raises(SearchInputError, match=r"^role: unknown role on a search 'boss'"):
        svc.set_team_member(one, actor=ADMIN, engine=engine, user_id=3, role="boss")
    with pytest.raises(StoreError, match=r"^user: no user with id 42$"):
        svc.set_team_member(one, actor=ADMIN, engine=engine, user_id=42, role="interviewer")
    with pytest.raises(
        SearchInputError, match=r"^focus: an interview focuses on 3-6 competencies, got 1$"
    ):
        svc.add_interview(two, actor=ADMIN, engine=engine, rubric=tiny, name="Short",
                          kind="case", focus=[VISION])  # fmt: skip
    assert svc.remove_team_member(one, 3, actor=ADMIN, engine=engine) is True
    assert svc.remove_team_member(one, 3, actor=ADMIN, engine=engine) is False
    # off the team: Lena sees nothing of the search any more
    assert svc.list_searches(actor=LENA, engine=engine) == []
    team = svc.show_search(one, actor=ADMIN, engine=engine, rubric=tiny).team
    assert [(m.name, m.role) for m in team] == [
        ("Hans Chef", "hiring_manager"),
        ("Per Holm", "interviewer"),
    ]


def test_import_into_a_search_files_cards_and_candidates(engine: Engine, tiny: Rubric) -> None:
    sid = _search(engine, tiny)
    summary, joined = svc.import_into_search(
        [card("Anna"), card("Bo", interviewer="Per Holm")],
        actor=ADMIN,
        engine=engine,
        search_ids=[sid, sid],
    )
    assert (summary.candidates_added, summary.scorecards_added, joined) == (2, 2, 2)
    with transaction(engine, readonly=True) as session:
        (event,) = events(session, entity="import")
    assert (event["action"], event["actor"]) == ("scorecards.imported", "Ada Admin")
    assert (event["details"]["searches"], event["details"]["joined"]) == ([sid], 2)
    assert event["details"]["scorecards_added"] == 2
    with transaction(engine, readonly=True) as session:
        assert set(session.scalars(select(Scorecard.search_id))) == {sid}
    view = svc.show_search(sid, actor=ADMIN, engine=engine, rubric=tiny)
    assert [(p.name, p.stage) for p in view.pipeline] == [
        ("Anna", "interviewing"),
        ("Bo", "interviewing"),
    ]
    ratings = svc.search_ratings(sid, actor=ADMIN, engine=engine)
    assert isinstance(ratings, pd.DataFrame) and len(ratings) == 4
    with pytest.raises(StoreError, match=f"^search: no search with id {sid + 5}$"):
        svc.import_into_search([card("Cia")], actor=ADMIN, engine=engine, search_ids=[sid + 5])
    assert len(svc.search_ratings(sid, actor=ADMIN, engine=engine)) == 4


def test_every_search_write_is_in_the_audit_trail(engine: Engine, tiny: Rubric) -> None:
    sid = _search(engine, tiny)
    anna = add_candidate("Anna Berg", actor=ADMIN, engine=engine).id
    svc.set_target(sid, actor=RECRUITER, engine=engine, rubric=tiny, competency=PEOPLE,
                   level=5, weight=None, reason="leads 40 engineers")  # fmt: skip
    svc.add_to_search(sid, anna, actor=ADMIN, engine=engine)
    svc.move_candidate(sid, anna, actor=ADMIN, engine=engine, stage="final", reason="strong")
    with transaction(engine, readonly=True) as session:
        trail = events(session, entity="search")
    assert [(e["action"], e["actor"], e["entity_id"], e["candidate_id"]) for e in trail] == [
        ("searches.added", "Ada Admin", sid, None),
        ("searches.target_set", "Rita Rekryterare", sid, None),
        ("searches.candidate_added", "Ada Admin", sid, anna),
        ("searches.candidate_moved", "Ada Admin", sid, anna),
    ]
    assert trail[1]["details"] == {
        "competency": PEOPLE,
        "level": 5,
        "weight": None,
        "reason": "leads 40 engineers",
    }
    assert trail[3]["details"] == {"old": "sourced", "new": "final", "reason": "strong"}
