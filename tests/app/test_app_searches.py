"""The Searches page under AppTest: add a search, its profile with sources, overrides, the
pipeline, progress, and the chosen search kept in the URL query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assess.domain.rubric import load_rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.candidates import add_candidate
from assess.services.users import add_user
from assess.storage import db
from assess.ui import auth

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "assess/ui/pages/searches_page.py"
ADMIN = Actor("Ada Admin", "cli")
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    # the admin who signs in (user 1) and an interviewer (user 2)
    for email, name, role in (("admin@example.com", "Test Admin", "admin"),
                              ("lena@example.com", "Lena Ek", "interviewer")):  # fmt: skip
        add_user(email, actor=ADMIN, engine=eng, name=name, role=role, sign_in_method="sso")
    yield eng
    eng.dispose()


def _open(search: int | None = None, lang: str = "en", user: int = 1) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = user  # signed in, as the sign-in form leaves it
    at.run()
    if lang == "sv":
        at.sidebar.radio(key="lang_choice").set_value("sv").run()
    at.switch_page(PAGE)
    if search is not None:
        at.query_params["search"] = str(search)
    at.run()
    assert [e.value for e in at.exception] == []
    return at


TABLES = {  # each table by a column only it has
    "profile": ("Level from", "Nivå från"),
    "pipeline": ("Stage",),
    "progress": ("Overdue",),
}


def _table(at: AppTest, which: str) -> list[dict[str, object]]:
    (frame,) = [d.value for d in at.main.dataframe if set(TABLES[which]) & set(d.value.columns)]
    return list(frame.to_dict(orient="records"))


def _search(engine: Engine, title: str, archetype: str = "technical_leader") -> int:
    return svc.add_search(actor=ADMIN, engine=engine, rubric=load_rubric(), title=title,
                          archetype=archetype, stage="startup").id  # fmt: skip


def test_an_empty_database_offers_a_new_search(engine: Engine) -> None:
    at = _open()
    assert [x.value for x in at.title] == ["Searches"]
    assert [x.value for x in at.info] == ["No searches yet. Add the first one below."]
    at.text_input[0].input("CTO, Acme")
    at.text_input[1].input("Acme AB")
    at.selectbox[0].set_value("customer_champion")
    at.button[0].click().run()
    assert [e.value for e in at.error] == []
    (made,) = svc.list_searches(actor=ADMIN, engine=engine)
    assert (made.title, made.client, made.archetype, made.stage) == (
        "CTO, Acme",
        "Acme AB",
        "customer_champion",
        "pre_seed",
    )
    assert at.query_params["search"] == str(made.id)
    assert [x.value for x in at.success] == [f"Search {made.id} added."]


def test_the_url_names_the_search_and_the_profile_says_where_numbers_come_from(
    engine: Engine,
) -> None:
    _search(engine, "CTO, Acme")
    second = _search(engine, "CTO, Beta", archetype="operational_manager")
    svc.set_target(second, actor=ADMIN, engine=engine, rubric=load_rubric(),
                   competency="people_leadership", level=5, weight=None,
                   reason="leads 40 engineers")  # fmt: skip
    at = _open(search=second)
    assert at.selectbox(key="search.choice").value == second
    rows = _table(at, "profile")
    assert len(rows) == 14
    people = next(r for r in rows if r["Competency"] == "People leadership and talent")
    assert people == {
        "Competency": "People leadership and talent",
        "Level": 5,
        "Level from": "this search",
        "Weight": load_rubric()
        .profile("operational_manager", "startup")
        .target("people_leadership")
        .weight,
        "Weight from": "archetype and stage",
        "Reason": "leads 40 engineers",
        "Set by": "Ada Admin",
    }
    # an id the actor cannot see falls back to the first search
    assert _open(search=99).selectbox(key="search.choice").value == 1


def test_override_pipeline_and_progress_through_the_page(engine: Engine) -> None:
    sid = _search(engine, "CTO, Acme")
    anna = add_candidate("Anna Berg", actor=ADMIN, engine=engine).id
    at = _open(search=sid)
    assert [x.value for x in at.caption if "No candidates" in x.value] == [
        "No candidates in this search yet."
    ]
    add_form_button = next(b for b in at.button if b.label == "Add to the search")
    add_form_button.click().run()
    view = svc.show_search(sid, actor=ADMIN, engine=engine, rubric=load_rubric())
    assert [(p.candidate, p.stage) for p in view.pipeline] == [(anna, "sourced")]
    assert _table(at, "pipeline") == [{"Candidate": "Anna Berg", "Stage": "sourced"}]
    move = next(b for b in at.button if b.label == "Move")
    stage_box = next(s for s in at.selectbox if s.label == "Stage")
    stage_box.set_value("final")
    move.click().run()
    assert _table(at, "pipeline") == [{"Candidate": "Anna Berg", "Stage": "final"}]
    # a plan with one interview and one assignment shows its progress
    svc.set_team_member(sid, actor=ADMIN, engine=engine, user_id=2, role="interviewer")
    interview = svc.add_interview(sid, actor=ADMIN, engine=engine, rubric=load_rubric(),
                                  name="Deep dive", kind="technical",
                                  focus=["hands_on_engineering", "tech_vision",
                                         "people_leadership"], interview_date=DAY)  # fmt: skip
    svc.assign_interviewer(interview.id, anna, 2, actor=ADMIN, engine=engine)
    card = ScorecardIn(candidate=CandidateRef(name="Anna Berg"), interviewer="Lena Ek",
                       interview_type="technical", interview_date=DAY, state="draft",
                       ratings=[RatingIn(competency="tech_vision", rating=3)])  # fmt: skip
    svc.import_into_search([card], actor=ADMIN, engine=engine, search_ids=[sid])
    at.run()
    assert _table(at, "progress") == [
        {"Candidate": "Anna Berg", "Interview": "Deep dive", "Interviewer": "Lena Ek",
         "State": "draft", "Overdue": True},
    ]  # fmt: skip


def test_the_page_in_swedish(engine: Engine) -> None:
    sid = _search(engine, "CTO, Acme")
    at = _open(search=sid, lang="sv")
    assert [x.value for x in at.title] == ["Rekryteringar"]
    rows = _table(at, "profile")
    assert {r["Nivå från"] for r in rows} == {"arketyp och fas"}


def test_an_interviewer_sees_only_the_searches_they_are_on(engine: Engine) -> None:
    _search(engine, "CTO, Acme")
    theirs = _search(engine, "CTO, Beta")
    svc.set_team_member(theirs, actor=ADMIN, engine=engine, user_id=2, role="interviewer")
    at = _open(search=1, user=2)
    box = at.selectbox(key="search.choice")
    assert (box.options, box.value) == ([f"{theirs}: CTO, Beta"], theirs)
    assert at.query_params["search"] == str(theirs)
    # nothing to change for an interviewer: no forms, no errors
    assert [b.label for b in at.main.button] == []
    assert [e.value for e in at.error] == []


def test_a_link_with_search_and_language_opens_that_view(engine: Engine) -> None:
    _search(engine, "CTO, Acme")
    second = _search(engine, "CTO, Beta")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = 1
    at.query_params["lang"] = "sv"
    at.run()
    at.switch_page(PAGE)
    at.query_params["search"] = str(second)
    at.run()
    assert [x.value for x in at.title] == ["Rekryteringar"]
    assert at.selectbox(key="search.choice").value == second
    assert (at.query_params["lang"], at.query_params["search"]) == ("sv", str(second))
    # a page switch and back keeps the search (the session remembers it)
    at.switch_page("assess/ui/pages/rubric_page.py").run()
    assert at.query_params["lang"] == "sv"
    at.switch_page(PAGE).run()
    assert at.selectbox(key="search.choice").value == second


def test_the_language_switch_writes_the_url(engine: Engine) -> None:
    at = _open()
    assert at.query_params["lang"] == "en"
    at.sidebar.radio(key="lang_choice").set_value("sv").run()
    assert at.query_params["lang"] == "sv"
    assert [x.value for x in at.title] == ["Rekryteringar"]
