"""Who may do what, walked through the services: every action as every role, allowed or refused."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import card as build_card
from sqlalchemy import Engine, func, select

from assess.domain.permissions import PAGES, PERMISSIONS, PermissionDenied
from assess.domain.rubric import load_rubric
from assess.domain.vocab import ROLES, SEARCH_ROLES
from assess.services import (
    alignment,
    backup,
    candidates,
    privacy,
    reads,
    scorecards,
    searches,
    users,
)
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.services.imports import import_file
from assess.services.schema import upgrade_schema
from assess.storage import db, store
from assess.storage.db import AUDIT_EVENTS, StoreError

README = Path(__file__).resolve().parents[2] / "README.md"
RUBRIC = load_rubric()
DAY = dt.date(2026, 11, 2)
SETUP = Actor("test setup", "cli")


def _card(interviewer: str, name: str = "Ada Test", rating: int = 4, state: str = "submitted"):
    return build_card(
        name,
        interviewer=interviewer,
        day=DAY,
        state=state,
        ratings=(("tech_vision", rating, f"{interviewer} saw"),),
    )


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = db.open_database("sqlite://")
    # Ada has scorecards from Iris (submitted) and Jon (submitted); Bo one from Jon only.
    store_cards = [_card("Iris"), _card("Jon", rating=2), _card("Jon", name="Bo Test", rating=5)]
    with db.transaction(eng) as session:
        store.import_scorecards(store_cards, session=session, actor="setup")
    yield eng
    eng.dispose()


def actor_as(role: str) -> Actor:
    return Actor("Lena Ek", "app", role=role, user_id=7)


def _ada(engine: Engine) -> int:
    return next(
        c.id for c in candidates.list_candidates(actor=SETUP, engine=engine) if c.name == "Ada Test"
    )


def _first_card(engine: Engine) -> int:
    return scorecards.submitted_scorecards(_ada(engine), actor=SETUP, engine=engine)[0].id


CSV = (
    b"candidate,interviewer,interview_date,interview_type,competency,rating\r\n"
    b"Cy Test,Iris,2026-11-03,technical,tech_vision,3\r\n"
)

# A stakeholder's view: level 3, weight 2 for every competency.
VIEW = {c: {"level": 3, "weight": 2} for c in RUBRIC.competency_ids}

# One call per action, through the service that guards it.
CALLS: dict[str, Callable[[Actor, Engine], Any]] = {
    "candidates.read": lambda a, e: candidates.list_candidates(actor=a, engine=e),
    "candidates.write": lambda a, e: candidates.add_candidate("New Person", actor=a, engine=e),
    "candidates.erase": lambda a, e: candidates.erase_candidate(_ada(e), actor=a, engine=e),
    "candidates.export": lambda a, e: privacy.export_candidate(_ada(e), actor=a, engine=e),
    "demo.load": lambda a, e: load_demo(actor=a, engine=e, rubric=RUBRIC),
    "imports.run": lambda a, e: import_file(CSV, actor=a, engine=e, rubric=RUBRIC, name="x.csv"),
    "scorecards.write_own": lambda a, e: scorecards.save_scorecard(
        _card(a.name, name="Bo Test"), actor=a, engine=e
    ),
    "scorecards.read_all": lambda a, e: reads.scorecards(actor=a, engine=e),
    "scorecards.reopen": lambda a, e: scorecards.reopen_scorecard(
        _first_card(e), actor=a, engine=e, reason="asked by the panel"
    ),
    "results.read": lambda a, e: reads.ratings(actor=a, engine=e),
    # a scope rather than a call: the refusal is an interviewer's reads holding nobody else's
    "results.read_all": lambda a, e: _read_all(a, e),
    "users.manage": lambda a, e: users.list_users(actor=a, engine=e),
    "schema.upgrade": lambda a, e: upgrade_schema(actor=a, engine=e),
    "database.backup": lambda a, e: backup.backup_database(
        actor=a, engine=e, target=Path(tempfile.mkdtemp()) / "backup.db"
    ),
    "database.restore": lambda a, e: _restore(a, e),
    "searches.read": lambda a, e: searches.list_searches(actor=a, engine=e),
    "searches.manage": lambda a, e: searches.add_search(
        actor=a, engine=e, rubric=RUBRIC, title="CTO", archetype="big_thinker", stage="growth"
    ),
    "searches.move": lambda a, e: searches.move_candidate(
        1, _ada(e), actor=a, engine=e, stage="final"
    ),
    "stakeholders.read": lambda a, e: alignment.list_stakeholders(1, actor=a, engine=e),
    "stakeholders.write": lambda a, e: alignment.set_stakeholder(
        1, actor=a, engine=e, rubric=RUBRIC, name="CEO", profile=VIEW
    ),
}


def _restore(actor: Actor, engine: Engine) -> None:
    copy = Path(tempfile.mkdtemp()) / "backup.db"
    backup.backup_database(actor=SETUP, engine=engine, target=copy)
    backup.restore_database(actor=actor, engine=engine, source=copy)


def _on_search_team(actor: Actor, engine: Engine) -> Actor:
    """Search 1 with Ada in it and `actor` a user on its team in their own role (admins and
    recruiters need no team: their role holds on every search)."""
    searches.add_search(actor=SETUP, engine=engine, rubric=RUBRIC, title="CTO",
                        archetype="big_thinker", stage="growth")  # fmt: skip
    searches.add_to_search(1, _ada(engine), actor=SETUP, engine=engine)
    user = users.add_user("lena@example.com", actor=SETUP, engine=engine, name=actor.name,
                          role=actor.role, sign_in_method="sso")  # fmt: skip
    if actor.role in SEARCH_ROLES:
        searches.set_team_member(1, actor=SETUP, engine=engine, user_id=user.id, role=actor.role)
    return Actor(actor.name, actor.source, role=actor.role, user_id=user.id)


# What an action needs in place first (it runs before the state is taken); returns the actor.
SETUPS: dict[str, Callable[[Actor, Engine], Actor]] = {
    "searches.move": _on_search_team,
    "stakeholders.read": _on_search_team,
    "stakeholders.write": _on_search_team,
}


def _read_all(actor: Actor, engine: Engine) -> None:
    frame = reads.ratings(actor=actor, engine=engine)
    if set(frame["interviewer"]) != {"Iris", "Jon"}:
        raise PermissionDenied("results.read_all", actor.role)


def readme_table() -> dict[str, dict[str, str]]:
    """The README's "Who may do what" table: action -> role -> yes / no / own."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Who may do what", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table: dict[str, dict[str, str]] = {}
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        action = re.match(r"`([a-z_.]+)`", cells[0])
        assert action is not None, line
        table[action.group(1)] = dict(zip(ROLES, cells[1:], strict=True))
    return table


def test_the_readme_table_says_what_the_code_does() -> None:
    table = readme_table()
    assert list(table) == list(PERMISSIONS)
    for action, allowed in PERMISSIONS.items():
        for role in ROLES:
            shown = table[action][role]
            expected = "yes" if role in allowed else "no"
            if action == "results.read" and role == "interviewer":
                expected = "own"  # allowed, scoped to their own submitted candidates
            assert shown == expected, (action, role)


def test_every_action_has_a_call_and_every_page_an_action() -> None:
    assert set(CALLS) == set(PERMISSIONS)
    assert set(PAGES.values()) <= set(PERMISSIONS)


def _state(engine: Engine) -> tuple[Any, ...]:
    with db.transaction(engine, readonly=True) as session:
        events = session.scalar(select(func.count()).select_from(AUDIT_EVENTS))
        return (store.database_fingerprint(session=session), events)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(PERMISSIONS))
def test_each_role_is_allowed_or_refused_by_the_service(
    engine: Engine, action: str, role: str
) -> None:
    actor = SETUPS.get(action, lambda a, e: a)(actor_as(role), engine)
    if role in PERMISSIONS[action]:
        CALLS[action](actor, engine)
        return
    before = _state(engine)
    with pytest.raises(PermissionDenied) as refused:
        CALLS[action](actor, engine)
    assert str(refused.value).startswith(f"not allowed: a user with the role {role} cannot ")
    assert _state(engine) == before


def _visible(engine: Engine, who: str) -> list[tuple[str, str]]:
    frame = reads.ratings(actor=Actor(who, "app", role="interviewer"), engine=engine)
    return sorted(zip(frame["candidate_name"], frame["interviewer"], strict=True))


def test_an_interviewer_sees_a_candidate_only_after_submitting_their_own(engine: Engine) -> None:
    # Lena has not rated anyone: nothing, not even Iris's or Jon's ratings of Ada
    assert _visible(engine, "Lena") == []
    # a draft is not a submission
    scorecards.save_scorecard(
        _card("Lena", state="draft"), actor=Actor("Lena", role="interviewer"), engine=engine,
        candidate_id=_ada(engine),
    )  # fmt: skip
    assert _visible(engine, "Lena") == []
    # she submits hers for Ada: Ada's panel opens to her, Bo stays closed
    scorecards.save_scorecard(
        _card("Lena", rating=3, name="Ada Test").model_copy(
            update={"interview_type": "leadership"}
        ),
        actor=Actor("Lena", role="interviewer"),
        engine=engine,
        candidate_id=_ada(engine),
    )
    assert _visible(engine, "Lena") == [
        ("Ada Test", "Iris"),
        ("Ada Test", "Jon"),
        ("Ada Test", "Lena"),
    ]
    # a results reader sees everyone
    everything = reads.ratings(actor=actor_as("hiring_manager"), engine=engine)
    assert sorted(set(everything["candidate_name"])) == ["Ada Test", "Bo Test"]


def test_a_card_in_another_interviewers_name_is_refused_and_nothing_changes(
    engine: Engine,
) -> None:
    before = _state(engine)
    with pytest.raises(scorecards.NotYourScorecard) as refused:
        scorecards.save_scorecard(
            _card("Iris", rating=1),
            actor=Actor("Lena", role="interviewer"),
            engine=engine,
            candidate_id=_ada(engine),
        )
    assert str(refused.value) == (
        "scorecard: Lena cannot write a scorecard in the name of 'Iris'; the interviewer of a "
        "scorecard is the signed-in user"
    )
    assert _state(engine) == before


def test_own_scorecard_never_returns_a_colleagues_card(engine: Engine) -> None:
    found = scorecards.own_scorecard(
        _ada(engine),
        actor=Actor("Lena", role="interviewer"),
        engine=engine,
        interview_date=DAY,
        interview_type="technical",
    )
    assert found is None  # Iris has a card for exactly that interview
    hers = scorecards.own_scorecard(
        _ada(engine),
        actor=Actor("Iris", role="interviewer"),
        engine=engine,
        interview_date=DAY,
        interview_type="technical",
    )
    assert hers is not None and hers.ratings[0].rating == 4


def test_a_submitted_card_does_not_change_until_reopened_with_a_reason(engine: Engine) -> None:
    iris = Actor("Iris", role="interviewer", user_id=3)
    ada = _ada(engine)
    with pytest.raises(StoreError) as locked:
        scorecards.save_scorecard(
            _card("Iris", rating=1, state="draft"), actor=iris, engine=engine, candidate_id=ada
        )
    assert str(locked.value) == (
        "scorecard: already submitted, so it no longer changes; a recruiter can reopen it with "
        "a reason"
    )
    card_id = _first_card(engine)
    recruiter = Actor("Rita Recruiter", role="recruiter", user_id=2)
    with pytest.raises(StoreError, match=r"^reason: say why the scorecard is reopened"):
        scorecards.reopen_scorecard(card_id, actor=recruiter, engine=engine, reason="  ")
    scorecards.reopen_scorecard(
        card_id, actor=recruiter, engine=engine, reason="Iris rated the wrong candidate"
    )
    with db.transaction(engine, readonly=True) as session:
        (event,) = [e for e in users_events(session) if e["action"] == "scorecard.reopened"]
    assert event["actor"] == "Rita Recruiter"
    assert event["actor_user_id"] == 2
    assert (event["entity"], event["entity_id"], event["candidate_id"]) == (
        "scorecard",
        card_id,
        ada,
    )
    details = event["details"]
    assert details["reason"] == "Iris rated the wrong candidate"
    assert details["interviewer"] == "Iris"
    assert details["old"]["state"] == "submitted" and details["old"]["submitted_at"]
    assert details["new"] == {"state": "draft", "submitted_at": None}
    assert details["ratings"] == {"tech_vision": [4, "Iris saw"]}
    # now Iris may change it, and the rating trail records her change
    scorecards.save_scorecard(_card("Iris", rating=2), actor=iris, engine=engine, candidate_id=ada)
    frame = reads.ratings(actor=actor_as("admin"), engine=engine)
    iris_rows = frame[(frame["interviewer"] == "Iris")]
    assert iris_rows["rating"].tolist() == [2.0]
    scorecards.reopen_scorecard(card_id, actor=recruiter, engine=engine, reason="second look")
    with pytest.raises(StoreError, match=r"is a draft already; nothing to reopen$"):
        scorecards.reopen_scorecard(card_id, actor=recruiter, engine=engine, reason="again")


def users_events(session: Any) -> list[dict[str, Any]]:
    from assess.storage.users import events

    return events(session)


def test_candidate_writes_and_imports_are_audited_with_the_actor(engine: Engine) -> None:
    rita = Actor("Rita Recruiter", role="recruiter", user_id=2)
    added = candidates.add_candidate("Cy Test", actor=rita, engine=engine, email="cy@example.se")
    candidates.update_candidate(
        added.id,
        actor=rita,
        engine=engine,
        name="Cy Testsson",
        email="cy@example.se",
        current_title="CTO",
        notes="",
    )
    import_file(CSV, actor=rita, engine=engine, rubric=RUBRIC, name="ratings.csv")
    with db.transaction(engine, readonly=True) as session:
        events = users_events(session)
    assert [(e["action"], e["actor"], e["actor_user_id"]) for e in events] == [
        ("candidate.added", "Rita Recruiter", 2),
        ("candidate.updated", "Rita Recruiter", 2),
        ("scorecards.imported", "Rita Recruiter", 2),
    ]
    assert events[1]["details"] == {
        "old": {"current_title": "", "name": "Cy Test"},
        "new": {"current_title": "CTO", "name": "Cy Testsson"},
    }
    assert events[2]["details"]["file"] == "ratings.csv"
    assert events[2]["details"]["ratings_added"] == 1


def test_frames_of_a_reader_and_an_admin_are_the_same(engine: Engine) -> None:
    pd.testing.assert_frame_equal(
        reads.ratings(actor=actor_as("hiring_manager"), engine=engine),
        reads.ratings(actor=actor_as("admin"), engine=engine),
    )
