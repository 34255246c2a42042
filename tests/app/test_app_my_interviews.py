"""The Scorecard page on the signed-in user's own interviews (focus first, the rest folded away,
the card saved into its search) and the Searches page's hiring team and interview plan, under
AppTest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import HTML_NAME, MARKDOWN_NAME
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from assess.domain.rubric import load_rubric
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.candidates import add_candidate
from assess.services.users import add_user
from assess.storage import db
from assess.storage.db import Rating, Scorecard, transaction
from assess.ui import auth

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
SCORECARD = "assess/ui/pages/scorecard_page.py"
SEARCHES = "assess/ui/pages/searches_page.py"
CLI = Actor("Ada Admin", "cli")
DAY = dt.date(2026, 11, 2)
FOCUS = ["people_leadership", "hands_on_engineering", "tech_vision"]
RUBRIC = load_rubric()


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    # the admin (user 1) and two interviewers (users 2 and 3)
    for email, name, role in (("admin@example.com", "Test Admin", "admin"),
                              ("lena@example.com", "Lena Ek", "interviewer"),
                              ("per@example.com", "Per Holm", "interviewer")):  # fmt: skip
        add_user(email, actor=CLI, engine=eng, name=name, role=role, sign_in_method="sso")
    yield eng
    eng.dispose()


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """Search "CTO, Acme" with Anna and Bo; Lena interviews Anna in the deep dive (DAY, focus
    FOCUS) and Bo in the undated panel; Per interviews Bo in the deep dive."""
    sid = svc.add_search(actor=CLI, engine=engine, rubric=RUBRIC, title="CTO, Acme",
                         archetype="technical_leader", stage="startup").id  # fmt: skip
    anna, bo = (add_candidate(n, actor=CLI, engine=engine).id for n in ("Anna Berg", "Bo Ek"))
    for cid in (anna, bo):
        svc.add_to_search(sid, cid, actor=CLI, engine=engine)
    for user in (2, 3):
        svc.set_team_member(sid, actor=CLI, engine=engine, user_id=user, role="interviewer")
    deep = svc.add_interview(sid, actor=CLI, engine=engine, rubric=RUBRIC, name="Deep dive",
                             kind="technical", focus=FOCUS, interview_date=DAY).id  # fmt: skip
    panel = svc.add_interview(sid, actor=CLI, engine=engine, rubric=RUBRIC, name="Panel",
                              kind="leadership", focus=["tech_vision", "business_strategy",
                                                        "external_representation"]).id  # fmt: skip
    for interview, cid, user in ((deep, anna, 2), (panel, bo, 2), (deep, bo, 3)):
        svc.assign_interviewer(interview, cid, user, actor=CLI, engine=engine)
    return {"search": sid, "anna": anna, "bo": bo, "deep": deep, "panel": panel}


def _open(page: str, user: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = user
    at.run()
    if lang == "sv":
        at.sidebar.radio(key="lang_choice").set_value("sv").run()
    at.switch_page(page).run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []
    return at


def _ratings(at: AppTest) -> list[str]:
    return [r.key.removeprefix("sc.rating.") for r in at.main.radio if r.key]


def test_the_page_opens_on_my_first_interview_with_its_focus_first(
    engine: Engine, plan: dict[str, int]
) -> None:
    at = _open(SCORECARD, user=2)
    mine = at.selectbox(key="sc.mine.en")
    # overdue first (the deep dive was on DAY), then the undated panel, then a free choice
    assert mine.options == [
        "Anna Berg · Deep dive · CTO, Acme · 2026-11-02 · not started · OVERDUE",
        "Bo Ek · Panel · CTO, Acme · no date set · not started",
        "Another interview (choose the candidate yourself)",
    ]
    assert mine.value == f"{plan['search']}:{plan['deep']}:{plan['anna']}"
    assert [c.value for c in at.caption if "still to score" in c.value] == [
        "2 still to score, 1 overdue."
    ]
    assert [x.value for x in at.text][:2] == [
        "Candidate: Anna Berg · interview: Deep dive (Technical) · 2026-11-02 · search: CTO, Acme",
        "Interviewer: Lena Ek",
    ]
    # no free choice of candidate, type or date: the plan fixes them
    assert [s.key for s in at.selectbox if s.key in ("sc.candidate", "sc.type.en")] == []
    # the focus competencies first, in the plan's order, each with its five level anchors
    assert _ratings(at)[:3] == FOCUS
    for cid in FOCUS:
        anchors = list(at.radio(key=f"sc.rating.{cid}").proto.captions)
        levels = RUBRIC.competency(cid).levels
        assert anchors == ["", *(levels[v].en for v in (1, 2, 3, 4, 5))]
    headings = [m.value for m in at.main.markdown if m.value.startswith("#### ")]
    assert headings[:3] == [f"#### {RUBRIC.competency(c).name.en}" for c in FOCUS]
    # the other eleven folded away in one expander, still ratable
    (others,) = [e for e in at.main.expander if e.label.startswith("Other competencies")]
    assert others.label == "Other competencies (11, rate them only if the interview showed them)"
    assert others.proto.expanded is False
    rest = [c for c in RUBRIC.competency_ids if c not in FOCUS]
    assert [r.key.removeprefix("sc.rating.") for r in others.radio if r.key] == rest
    assert _ratings(at) == FOCUS + rest
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["Download the interview kit"]


def test_submitting_stores_the_card_in_the_search_and_moves_on(
    engine: Engine, plan: dict[str, int]
) -> None:
    at = _open(SCORECARD, user=2)
    at.radio(key="sc.rating.people_leadership").set_value(4)
    at.text_area(key="sc.evidence.people_leadership").input("Grew two engineering managers")
    at.radio(key="sc.rating.hands_on_engineering").set_value(3)
    # a competency outside the focus can still be rated
    at.radio(key="sc.rating.budget_vendors").set_value(2)
    at.selectbox(key="sc.recommendation.en").set_value("yes").run()
    at.button(key="sc_submit").click().run()
    assert [e.value for e in at.error] == []
    with transaction(engine, readonly=True) as session:
        cards = session.execute(
            select(
                Scorecard.id,
                Scorecard.candidate_id,
                Scorecard.search_id,
                Scorecard.interviewer,
                Scorecard.interview_type,
                Scorecard.interview_date,
                Scorecard.state,
                Scorecard.recommendation,
            )
        ).all()
        (card_id, *fields) = cards[0]
        ratings = session.execute(
            select(Rating.competency, Rating.rating, Rating.evidence)
            .where(Rating.scorecard_id == card_id, Rating.rating.is_not(None))
            .order_by(Rating.competency)
        ).all()
    assert len(cards) == 1
    assert fields == [plan["anna"], plan["search"], "Lena Ek", "technical", DAY, "submitted",
                      "yes"]  # fmt: skip
    assert [tuple(r) for r in ratings] == [
        ("budget_vendors", 2, ""),
        ("hands_on_engineering", 3, ""),
        ("people_leadership", 4, "Grew two engineering managers"),
    ]
    assert [x.value for x in at.success] == [f"Scorecard {card_id} submitted."]
    cells = svc.search_progress(plan["search"], actor=CLI, engine=engine, today=DAY)
    assert [(c.candidate, c.interview, c.interviewer, c.state) for c in cells] == [
        (plan["anna"], plan["deep"], "Lena Ek", "submitted"),
        (plan["anna"], plan["panel"], None, "unassigned"),
        (plan["bo"], plan["deep"], "Per Holm", "not_started"),
        (plan["bo"], plan["panel"], "Lena Ek", "not_started"),
    ]
    # the submitted interview leaves the list; the next one opens on an empty form
    mine = at.selectbox(key="sc.mine.en")
    assert mine.options[:-1] == ["Bo Ek · Panel · CTO, Acme · no date set · not started"]
    assert mine.value == f"{plan['search']}:{plan['panel']}:{plan['bo']}"
    assert _ratings(at)[:3] == ["tech_vision", "business_strategy", "external_representation"]
    assert {r.value for r in at.main.radio} == {"na"}
    assert at.text_area(key="sc.evidence.people_leadership").value == ""


def test_a_draft_reloads_in_its_interview(engine: Engine, plan: dict[str, int]) -> None:
    at = _open(SCORECARD, user=2)
    at.radio(key="sc.rating.tech_vision").set_value(5).run()
    at.button(key="sc_save_draft").click().run()
    again = _open(SCORECARD, user=2)
    assert again.selectbox(key="sc.mine.en").options[0] == (
        "Anna Berg · Deep dive · CTO, Acme · 2026-11-02 · draft · OVERDUE"
    )
    assert again.radio(key="sc.rating.tech_vision").value == 5
    with transaction(engine, readonly=True) as session:
        assert session.execute(select(Scorecard.search_id, Scorecard.state)).all() == [
            (plan["search"], "draft")
        ]


def test_an_interviewer_sees_only_their_own_interviews(
    engine: Engine, plan: dict[str, int]
) -> None:
    per = _open(SCORECARD, user=3)
    assert per.selectbox(key="sc.mine.en").options == [
        "Bo Ek · Deep dive · CTO, Acme · 2026-11-02 · not started · OVERDUE",
        "Another interview (choose the candidate yourself)",
    ]
    assert [x.value for x in per.text][:2] == [
        "Candidate: Bo Ek · interview: Deep dive (Technical) · 2026-11-02 · search: CTO, Acme",
        "Interviewer: Per Holm",
    ]
    # the admin interviews nobody: the page is as it always was, a free choice of candidate
    admin = _open(SCORECARD, user=1)
    assert [s.key for s in admin.selectbox if s.key == "sc.mine.en"] == []
    assert admin.selectbox(key="sc.candidate").options == ["Anna Berg", "Bo Ek"]


def test_another_interview_is_a_free_choice_again(engine: Engine, plan: dict[str, int]) -> None:
    at = _open(SCORECARD, user=2)
    at.selectbox(key="sc.mine.en").set_value("free").run()
    assert at.selectbox(key="sc.candidate").options == ["Anna Berg", "Bo Ek"]
    assert at.get("download_button") == []
    # every competency by cluster, each folded
    assert len([e for e in at.main.expander]) == len(RUBRIC.competencies)


def test_the_page_in_swedish(engine: Engine, plan: dict[str, int]) -> None:
    at = _open(SCORECARD, user=2, lang="sv")
    assert at.selectbox(key="sc.mine.sv").options[0] == (
        "Anna Berg · Deep dive · CTO, Acme · 2026-11-02 · ej påbörjad · FÖRSENAD"
    )
    assert [s.value for s in at.subheader][:2] == ["Dina intervjuer att bedöma", "Intervjuns fokus"]
    (others,) = [e for e in at.main.expander if e.label.startswith("Övriga")]
    assert others.label == "Övriga kompetenser (11, bedöm dem bara om intervjun visade dem)"


def _button(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert [e.value for e in at.error] == []


def test_team_plan_and_assignment_on_the_searches_page(engine: Engine) -> None:
    sid = svc.add_search(actor=CLI, engine=engine, rubric=RUBRIC, title="CTO, Beta",
                         archetype="technical_leader", stage="startup").id  # fmt: skip
    anna = add_candidate("Anna Berg", actor=CLI, engine=engine).id
    svc.add_to_search(sid, anna, actor=CLI, engine=engine)
    at = _open(SEARCHES, user=1)
    assert [c.value for c in at.caption if c.value.startswith("No")] == [
        "Nobody on the team yet.",
        "No interviews planned for this search yet.",
    ]
    # the team: Lena as an interviewer
    at.selectbox(key="search.team_user").set_value(2)
    at.selectbox(key="search.team_role").set_value("interviewer")
    _button(at, "Put on the team")
    assert [(m.user_id, m.role) for m in svc.show_search(
        sid, actor=CLI, engine=engine, rubric=RUBRIC).team] == [(2, "interviewer")]  # fmt: skip
    team = next(d.value for d in at.main.dataframe if "Role on this search" in d.value.columns)
    assert team.to_dict(orient="records") == [{"Name": "Lena Ek",
                                              "Role on this search": "interviewer"}]  # fmt: skip
    # an interview: too few focus competencies is a message naming the field, nothing written
    form = at.main.expander[[e.label for e in at.main.expander].index("Plan an interview")]
    form.text_input[0].input("Deep dive")
    form.selectbox[0].set_value("technical")
    form.multiselect[0].set_value(["people_leadership", "tech_vision"])
    _button_error = next(b for b in at.button if b.label == "Add the interview")
    _button_error.click().run()
    assert [e.value for e in at.error] == ["focus: an interview focuses on 3-6 competencies, got 2"]
    assert svc.show_search(sid, actor=CLI, engine=engine, rubric=RUBRIC).interviews == []
    form = at.main.expander[[e.label for e in at.main.expander].index("Plan an interview")]
    form.text_input[0].input("Deep dive")
    form.selectbox[0].set_value("technical")
    form.multiselect[0].set_value(FOCUS)
    form.date_input[0].set_value(DAY)
    _button(at, "Add the interview")
    (interview,) = svc.show_search(sid, actor=CLI, engine=engine, rubric=RUBRIC).interviews
    assert (interview.name, interview.kind, interview.focus, interview.date) == (
        "Deep dive",
        "technical",
        tuple(FOCUS),
        DAY,
    )
    plan_table = next(d.value for d in at.main.dataframe if "Focus" in d.value.columns)
    assert plan_table.to_dict(orient="records") == [
        {"Interview": "Deep dive", "Interview type": "Technical",
         "Focus": "People leadership and talent; Hands-on engineering; "
                  "Technology vision and strategy", "Date": "2026-11-02"},
    ]  # fmt: skip
    assert [d.proto.label for d in at.get("download_button")] == ["Download the interview kit"]
    # assign Lena to Anna: the progress table shows it
    _button(at, "Assign")
    assert [x.value for x in at.success] == ["Interviewer assigned."]
    progress = next(d.value for d in at.main.dataframe if "Overdue" in d.value.columns)
    assert progress.to_dict(orient="records")[0] | {"Overdue": None} == {
        "Candidate": "Anna Berg", "Interview": "Deep dive", "Interviewer": "Lena Ek",
        "State": "not started", "Overdue": None,
    }  # fmt: skip
    _button(at, "Assign")
    assert [x.value for x in at.info] == ["That interviewer is assigned already; nothing changed."]
    # off the team, and off its interviews
    at.selectbox(key="search.team_remove_user").set_value(2)
    _button(at, "Take off the team")
    assert [x.value for x in at.success] == ["Lena Ek is off the team and its interviews."]
    assert svc.search_progress(sid, actor=CLI, engine=engine)[0].state == "unassigned"


def test_names_in_the_plan_show_as_typed(engine: Engine) -> None:
    sid = svc.add_search(actor=CLI, engine=engine, rubric=RUBRIC, title=MARKDOWN_NAME,
                         archetype="technical_leader", stage="startup").id  # fmt: skip
    who = add_candidate(HTML_NAME, actor=CLI, engine=engine).id
    svc.add_to_search(sid, who, actor=CLI, engine=engine)
    svc.set_team_member(sid, actor=CLI, engine=engine, user_id=2, role="interviewer")
    interview = svc.add_interview(sid, actor=CLI, engine=engine, rubric=RUBRIC,
                                  name="**Deep** <b>dive</b>", kind="technical", focus=FOCUS,
                                  interview_date=DAY).id  # fmt: skip
    svc.assign_interviewer(interview, who, 2, actor=CLI, engine=engine)
    at = _open(SCORECARD, user=2)
    assert at.selectbox(key="sc.mine.en").options[0] == (
        f"{HTML_NAME} · **Deep** <b>dive</b> · {MARKDOWN_NAME} · 2026-11-02 · not started · OVERDUE"
    )
    assert at.text[0].value == (
        f"Candidate: {HTML_NAME} · interview: **Deep** <b>dive</b> (Technical) · 2026-11-02 · "
        f"search: {MARKDOWN_NAME}"
    )
    # none of it reaches an element that renders Markdown or HTML
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for typed in ("**Deep**", "<b>dive</b>", "Open CV", "**bold**"):
        assert not [r for r in rendered if typed in r]
