"""Dashboard, Compare, Reports and Calibration on the chosen search under AppTest: the search's
candidates scored against its profile (overrides count), its profile in the sidebar with where
each number comes from, the choice and the candidate kept in the URL, and an interviewer on one
search seeing nothing of another."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import HTML_NAME, MARKDOWN_NAME
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest
from test_hostile_text import MARKDOWN_ELEMENTS, _assert_no_live_markup

from assess.domain.rubric import load_rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.imports import import_cards
from assess.services.users import add_user
from assess.storage import db
from assess.ui import auth
from assess.ui.text import md

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = "assess/ui/pages/{}_page.py"
ADMIN = Actor("Ada Admin", "cli")
DAY = dt.date(2026, 11, 2)
HANDS_ON, PEOPLE, BUSINESS, VISION = (
    "hands_on_engineering",
    "people_leadership",
    "business_strategy",
    "tech_vision",
)


def _card(name: str, who: str, ratings: dict[str, int]) -> ScorecardIn:
    return ScorecardIn(
        candidate=CandidateRef(name=name),
        interviewer=who,
        interview_type="technical",
        interview_date=DAY,
        state="submitted",
        ratings=[RatingIn(competency=c, rating=r) for c, r in ratings.items()],
    )


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Search 1 "CTO, Acme" (technical leader x startup; people leadership's level set to 5,
    business strategy's weight to 2) with Anna, rated by Lena and Olle, and Cy, rated by Olle;
    search 2 "CTO, Beta" with Bo, rated by Olle; Dag in no search. Lena (user 2) is an
    interviewer on search 1 and interviews Anna there."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    for email, name, role in (("admin@example.com", "Test Admin", "admin"),
                              ("lena@example.com", "Lena Ek", "interviewer")):  # fmt: skip
        add_user(email, actor=ADMIN, engine=eng, name=name, role=role, sign_in_method="sso")
    rubric = load_rubric()
    one, two = (
        svc.add_search(
            actor=ADMIN,
            engine=eng,
            rubric=rubric,
            title=title,
            archetype="technical_leader",
            stage="startup",
        ).id
        for title in ("CTO, Acme", "CTO, Beta")
    )
    svc.set_target(one, actor=ADMIN, engine=eng, rubric=rubric, competency=PEOPLE, level=5,
                   weight=None, reason="leads 40 engineers")  # fmt: skip
    svc.set_target(one, actor=ADMIN, engine=eng, rubric=rubric, competency=BUSINESS,
                   level=None, weight=2, reason="board work")  # fmt: skip
    cards = [
        (_card("Anna Berg", "Lena Ek", {HANDS_ON: 4, PEOPLE: 4, BUSINESS: 1, VISION: 3}), one),
        (_card("Anna Berg", "Olle Ny", {HANDS_ON: 4, PEOPLE: 3, BUSINESS: 1}), one),
        (_card("Cy Holm", "Olle Ny", {HANDS_ON: 2, PEOPLE: 2}), one),
        (_card("Bo Beta", "Olle Ny", {HANDS_ON: 5, PEOPLE: 5}), two),
    ]
    svc.import_into_search([c for c, _ in cards], actor=ADMIN, engine=eng,
                           search_ids=[s for _, s in cards])  # fmt: skip
    import_cards([_card("Dag Utan", "Olle Ny", {HANDS_ON: 3})], actor=ADMIN, engine=eng)
    svc.set_team_member(one, actor=ADMIN, engine=eng, user_id=2, role="interviewer")
    interview = svc.add_interview(one, actor=ADMIN, engine=eng, rubric=rubric, name="Deep dive",
                                  kind="technical", focus=[HANDS_ON, PEOPLE, VISION],
                                  interview_date=DAY)  # fmt: skip
    svc.assign_interviewer(interview.id, _ids(eng)["Anna Berg"], 2, actor=ADMIN, engine=eng)
    yield eng
    eng.dispose()


def _ids(engine: Engine) -> dict[str, int]:
    from assess.services.candidates import list_candidates

    return {c.name: c.id for c in list_candidates(actor=ADMIN, engine=engine)}


def _open(page: str, query: dict[str, str], user: int = 1) -> AppTest:
    """`page` opened from a link with `query`: a new session, signed in."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = user
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGES.format(page))
    at.run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []
    return at


def _ranking(at: AppTest) -> dict[str, str]:
    (frame,) = [d.value for d in at.main.dataframe if "Fit %" in d.value.columns]
    return dict(zip(frame["Candidate"], frame["Fit %"], strict=True))


def test_the_dashboard_scores_a_search_against_its_overrides(engine: Engine) -> None:
    """Anna on search 1: hands-on 4 (target 5, weight 2), people 3.5 (target 5 set by the
    search, weight 3), business strategy 1 (target 2, weight 2 set by the search), vision 3
    (target 3, weight 2). a = 3/4, 2.5/4, 0, 1 over weights 2 + 3 + 2 + 2 = 9:
    fit = 100 x (2 x 0.75 + 3 x 0.625 + 0 + 2 x 1) / 9 = 537.5 / 9 = 59.72.
    Against technical leader x startup without the overrides she would score
    100 x (1.5 + 3 x 2.5/3 + 2) / 7 = 85.71 (people's target 4, business strategy's weight 0)."""
    base = load_rubric().profile("technical_leader", "startup")
    assert [(base.target(c).level, base.target(c).weight) for c in
            (HANDS_ON, PEOPLE, BUSINESS, VISION)] == [(5, 2), (4, 3), (2, 0), (3, 2)]  # fmt: skip
    ids = _ids(engine)
    at = _open("dashboard", {"search": "1"})
    fits = _ranking(at)
    assert set(fits) == {"Anna Berg", "Cy Holm"}  # not Bo (search 2), not Dag (no search)
    assert fits["Anna Berg"].startswith(f"{537.5 / 9:.1f} (")
    assert f"{537.5 / 9:.1f}" == "59.7"
    assert at.selectbox(key="dash.candidate").value == ids["Anna Berg"]
    assert at.query_params["candidate"] == str(ids["Anna Berg"])
    assert (
        at.caption[0].value
        == "Search 1: CTO, Acme: its candidates, scored against its target profile."
    )
    # the sidebar: the search, its profile with sources and reasons, no archetype x stage picker
    assert at.sidebar.selectbox(key="scope.choice.en").value == 1
    assert at.sidebar.selectbox(key="scope.choice.en").options == [
        "All candidates",
        "1: CTO, Acme",
        "2: CTO, Beta",
    ]
    assert [s.key for s in at.sidebar.selectbox] == ["scope.choice.en"]
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "| People leadership and talent | **5** ✎ | 3 |" in sidebar
    assert "| Business strategy and commercial acumen | 2 | **2** ✎ |" in sidebar
    assert "| Hands-on engineering | 5 | 2 |" in sidebar
    assert "✎ Set for this search:" in sidebar
    assert "Unmarked numbers: archetype and stage" in sidebar
    assert "- People leadership and talent: leads 40 engineers (Ada Admin)" in sidebar
    assert "- Business strategy and commercial acumen: board work (Ada Admin)" in sidebar
    # the radar's target is the search's profile, named by the search
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    target = radar["data"][0]
    assert target["name"] == "1: CTO, Acme"
    levels = dict(zip(target["theta"], target["r"], strict=False))
    assert levels["People leadership and talent"] == 5


def test_all_candidates_keeps_todays_picker_and_leaves_the_url(engine: Engine) -> None:
    at = _open("dashboard", {"search": "1"})
    at.sidebar.selectbox(key="scope.choice.en").set_value(0).run()
    assert "search" not in at.query_params
    assert [s.key for s in at.sidebar.selectbox] == [
        "scope.choice.en",
        "profile.archetype.en",
        "profile.stage.en",
    ]
    assert set(_ranking(at)) == {"Anna Berg", "Cy Holm", "Bo Beta", "Dag Utan"}
    # back to a search: the URL names it again, and a page switch keeps it (the session does)
    at.sidebar.selectbox(key="scope.choice.en").set_value(2).run()
    assert at.query_params["search"] == "2"
    assert set(_ranking(at)) == {"Bo Beta"}
    at.switch_page(PAGES.format("compare")).run()
    assert at.sidebar.selectbox(key="scope.choice.en").value == 2
    assert at.query_params["search"] == "2"


def test_a_link_names_the_candidate_of_the_radar(engine: Engine) -> None:
    ids = _ids(engine)
    at = _open("dashboard", {"search": "1", "candidate": str(ids["Cy Holm"]), "lang": "sv"})
    assert at.selectbox(key="dash.candidate").value == ids["Cy Holm"]
    assert at.sidebar.selectbox(key="scope.choice.sv").value == 1
    assert [x.value for x in at.title] == ["Översikt"]
    # a candidate outside the search falls back to the top one
    at = _open("dashboard", {"search": "1", "candidate": str(ids["Bo Beta"])})
    assert at.selectbox(key="dash.candidate").value == ids["Anna Berg"]
    assert at.query_params["candidate"] == str(ids["Anna Berg"])


def _everything(at: AppTest) -> str:
    """Every text the page shows: Markdown, captions, tables, option lists."""
    parts: list[str] = []
    for kind in ("title", "markdown", "caption", "info", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [d.value.to_csv() for d in at.dataframe]
    for box in (*at.selectbox, *at.multiselect):
        parts += [str(o) for o in box.options]
    return "\n".join(parts)


@pytest.mark.parametrize("page", ["dashboard", "compare", "reports", "calibration"])
def test_an_interviewer_on_search_1_sees_nothing_of_search_2(engine: Engine, page: str) -> None:
    at = _open(page, {"search": "1"}, user=2)
    shown = _everything(at)
    assert "Anna Berg" in shown or page == "calibration"
    for hidden in ("Bo Beta", "CTO, Beta", "Cy Holm", "Dag Utan"):
        assert hidden not in shown
    assert at.sidebar.selectbox(key="scope.choice.en").options == ["All candidates", "1: CTO, Acme"]
    # search 2 named in a link is not hers: the page falls back to every candidate she may see
    at = _open(page, {"search": "2"}, user=2)
    assert "search" not in at.query_params
    shown = _everything(at)
    for hidden in ("Bo Beta", "CTO, Beta"):
        assert hidden not in shown


def test_a_searchs_title_and_reasons_show_as_typed(engine: Engine) -> None:
    hostile = svc.add_search(actor=ADMIN, engine=engine, rubric=load_rubric(),
                             title=MARKDOWN_NAME, client=HTML_NAME,
                             archetype="technical_leader", stage="startup")  # fmt: skip
    svc.set_target(hostile.id, actor=Actor(MARKDOWN_NAME, "cli"), engine=engine,
                   rubric=load_rubric(), competency=PEOPLE, level=2, weight=None,
                   reason=HTML_NAME)  # fmt: skip
    at = _open("dashboard", {"search": str(hostile.id)})
    assert at.sidebar.selectbox(key="scope.choice.en").value == hostile.id
    rendered = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    assert any("Open CV" in r for r in rendered)  # the reason is shown
    label = md(f"{hostile.id}: {MARKDOWN_NAME} ({HTML_NAME})")
    assert at.caption[0].value == (
        f"Search {label}: its candidates, scored against its target profile."
    )
    _assert_no_live_markup(rendered)
