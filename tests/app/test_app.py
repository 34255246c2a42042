"""The Streamlit app under AppTest, against a temporary SQLite database."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import card as build_card
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assess.domain.i18n import t
from assess.domain.rubric import load_rubric
from assess.domain.schemas import ScorecardIn
from assess.services import users
from assess.services.actor import Actor
from assess.storage import db, store
from assess.storage.users import events as audit_events
from assess.ui import auth, common
from assess.ui.text import md

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = [
    "assess/ui/pages/dashboard_page.py",
    "assess/ui/pages/candidates_page.py",
    "assess/ui/pages/scorecard_page.py",
    "assess/ui/pages/compare_page.py",
    "assess/ui/pages/reports_page.py",
    "assess/ui/pages/calibration_page.py",
    "assess/ui/pages/rubric_page.py",
    "assess/ui/pages/searches_page.py",
    "assess/ui/pages/role_page.py",
]
TITLES = {
    "en": [
        "Dashboard",
        "Candidates",
        "Scorecard",
        "Compare candidates",
        "Reports",
        "Calibration",
        "Competency rubric",
        "Searches",
        "Define the role",
    ],
    "sv": [
        "Översikt",
        "Kandidater",
        "Bedömningsformulär",
        "Jämför kandidater",
        "Rapporter",
        "Kalibrering",
        "Kompetensmodell",
        "Rekryteringar",
        "Definiera rollen",
    ],
}
TIMEOUT = 60


def _card(
    name: str,
    interviewer: str,
    day: int,
    itype: str,
    ratings: dict[str, int | None],
    rec: str,
    state: str = "submitted",
) -> ScorecardIn:
    return build_card(
        name,
        interviewer=interviewer,
        interview_type=itype,
        day=dt.date(2026, 11, day),
        recommendation=rec,
        state=state,
        ratings=tuple((c, r, f"{c} seen") for c, r in ratings.items()),
    )


# Ada: hands-on 4 and 5 -> 4.5, architecture 3 and 4 -> 3.5, security 2, people 3, data/AI
# marked not assessed; Kim's draft (hands-on 1) must count nowhere.
KNOWN = [
    _card(
        "Ada Test",
        "Iris",
        1,
        "technical",
        {
            "hands_on_engineering": 4,
            "architecture_infrastructure": 3,
            "security_compliance": 2,
            "data_ai": None,
        },
        "yes",
    ),
    _card(
        "Ada Test",
        "Jon",
        2,
        "leadership",
        {
            "hands_on_engineering": 5,
            "architecture_infrastructure": 4,
            "people_leadership": 3,
        },
        "strong_yes",
    ),
    _card(
        "Bo Test",
        "Iris",
        3,
        "technical",
        {"hands_on_engineering": 2, "architecture_infrastructure": 2},
        "no",
    ),
    _card("Ada Test", "Kim", 4, "case", {"hands_on_engineering": 1}, "strong_no", "draft"),
]
ADA_R = [4.5, 3.5, 2.0, None, None, None, None, 3.0, None, None, None, None, None, None, 4.5]


# The people who sign in during these tests, in the order they are added (user ids 1, 2, ...).
TEST_USERS = {
    "Test Admin": "admin",
    "Lena": "interviewer",
    "Iris": "interviewer",
    "Someone Else": "interviewer",
}
USER_IDS = {name: i for i, name in enumerate(TEST_USERS, start=1)}


def add_test_users(engine: Engine) -> None:
    """TEST_USERS as single-sign-on accounts (no password to hash; the session is set directly)."""
    admin = Actor("test setup", "cli")
    for name, role in TEST_USERS.items():
        users.add_user(
            f"{name.lower().replace(' ', '.')}@example.com",
            actor=admin,
            engine=engine,
            name=name,
            role=role,
            sign_in_method="sso",
        )


def _app_database(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The database at `url`, made the app's for the test, with TEST_USERS, disposed after."""
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    add_test_users(eng)
    yield eng
    eng.dispose()


def _load_known(engine: Engine) -> dict[str, int]:
    """KNOWN imported; candidate name -> id."""
    with db.transaction(engine) as session:
        store.import_scorecards(KNOWN, session=session, actor="test")
        return {c.name: c.id for c in store.list_candidates(session=session)}


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    yield from _app_database(f"sqlite:///{tmp_path / 'app.db'}", monkeypatch)


@pytest.fixture
def known(engine: Engine) -> dict[str, int]:
    return _load_known(engine)


@pytest.fixture
def demo(engine: Engine) -> Engine:
    from assess.domain.rubric import load_rubric
    from assess.services.actor import Actor
    from assess.services.demo import load_demo

    load_demo(actor=Actor("test"), engine=engine, rubric=load_rubric())
    return engine


def _app(user: str = "Test Admin") -> AppTest:
    """The app with `user` signed in (as the sign-in form leaves the session)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[auth.USER_KEY] = USER_IDS[user]
    return at


def _open(page: str, user: str = "Test Admin") -> AppTest:
    at = _app(user).run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


def _no_errors(at: AppTest) -> None:
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []


def _charts(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(node.proto.spec) for node in at.get("plotly_chart")]


def _ratings(engine: Engine, submitted_only: bool = True) -> Any:
    with db.transaction(engine, readonly=True) as session:
        return store.ratings_frame(session=session, submitted_only=submitted_only)


@pytest.mark.parametrize(("page", "title"), list(zip(PAGES, TITLES["en"], strict=True)))
def test_every_page_runs_on_an_empty_database(engine: Engine, page: str, title: str) -> None:
    at = _open(page)
    _no_errors(at)
    assert [x.value for x in at.title] == [title]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_page_runs_with_demo_data(demo: Engine, lang: str) -> None:
    at = _app().run()
    if lang == "sv":
        at.sidebar.radio(key="lang_choice").set_value("sv").run()
    for page, title in zip(PAGES, TITLES[lang], strict=True):
        at.switch_page(page).run()
        _no_errors(at)
        assert [x.value for x in at.title] == [title], page


def test_dashboard_radar_carries_the_exact_levels(known: dict[str, int]) -> None:
    rubric = load_rubric()
    at = _app().run()
    at.sidebar.selectbox(key="profile.archetype.en").set_value("technical_leader")
    at.sidebar.selectbox(key="profile.stage.en").set_value("startup").run()
    at.selectbox(key="dash.candidate").set_value(known["Ada Test"]).run()
    _no_errors(at)
    radar, heatmap = _charts(at)
    target, ada = radar["data"]
    profile = rubric.profile("technical_leader", "startup")
    levels = [float(x.level) for x in profile.targets]
    assert ada["name"] == "Ada Test"
    assert ada["r"] == ADA_R
    assert target["r"] == [*levels, levels[0]]
    assert target["line"]["dash"] == "dash"
    names = [c.name.en for c in rubric.competencies]
    assert ada["theta"] == [*names, names[0]]
    assert radar["layout"]["polar"]["radialaxis"]["range"] == [0, 5]
    # best fit: 6 archetypes x 4 stages, every cell filled
    assert len(heatmap["data"][0]["z"]) == 6
    assert all(len(row) == 4 and None not in row for row in heatmap["data"][0]["z"])
    # each chart carries its heading, so a downloaded image still says whom it shows
    assert radar["layout"]["title"]["text"] == "Ada Test against the target"
    assert heatmap["layout"]["title"]["text"] == "Ada Test: best fit by archetype and stage"
    assert [h.value for h in at.main.subheader] == ["Ranking", "Gap table: where the points went"]
    at.sidebar.radio(key="lang_choice").set_value("sv").run()
    radar, heatmap = _charts(at)
    assert radar["layout"]["title"]["text"] == "Ada Test mot målprofilen"
    assert heatmap["layout"]["title"]["text"] == "Ada Test: bästa matchning per arketyp och fas"


def test_dashboard_ranking_preselects_the_top_candidate(known: dict[str, int]) -> None:
    at = _app().run()
    ranking = at.main.dataframe[0].value
    assert list(ranking["Candidate"]) == ["Ada Test", "Bo Test"]
    assert list(ranking["Rank"]) == [1, 2]
    assert at.selectbox(key="dash.candidate").value == known["Ada Test"]
    assert list(ranking["Scorecards"]) == [2, 1]  # Kim's draft is not counted
    assert list(ranking["Recommendations"]) == ["Strong yes 1, Yes 1", "No 1"]
    assert _charts(at)[0]["data"][1]["r"] == ADA_R


def test_dashboard_shows_writes_made_outside_the_app_on_the_next_rerun(
    known: dict[str, int], engine: Engine
) -> None:
    at = _app().run()
    assert list(at.main.dataframe[0].value["Candidate"]) == ["Ada Test", "Bo Test"]
    # e.g. a command-line import and a rename while a recruiter has the dashboard open
    with db.transaction(engine) as session:
        store.update_candidate(known["Bo Test"], session=session, name="Bo Renamed")
    at.run()
    assert list(at.main.dataframe[0].value["Candidate"]) == ["Ada Test", "Bo Renamed"]
    cy = _card("Cy Test", "Jon", 5, "technical", {"hands_on_engineering": 5}, "yes")
    with db.transaction(engine) as session:
        store.import_scorecards([cy], session=session, actor="cli")
    at.run()
    _no_errors(at)
    assert sorted(at.main.dataframe[0].value["Candidate"]) == ["Ada Test", "Bo Renamed", "Cy Test"]


def _points(column: Any) -> float:
    """The sum of a shown number column whose missing values read "–" (shown as text)."""
    return sum(float(x) for x in column if x != "–")


def test_dashboard_gap_table_points_add_up(known: dict[str, int], engine: Engine) -> None:
    from assess.domain import reports

    at = _app().run()
    gaps = at.main.dataframe[1].value
    lost = _points(gaps["Points lost"])  # two decimals shown
    rubric = load_rubric()
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    summary = reports.summary_report(_ratings(engine), rubric, profile)
    assert math.isclose(100 - lost, summary["fit_pct"].iloc[0], abs_tol=0.05)
    assert list(gaps["Ratings"].iloc[:4]) == [2, 2, 1, 0]


# Ada against infrastructure commander x pre-seed (the preselected profile). The pooled
# rater noise of hands-on and architecture comes from Ada's two ratings each (4/5, 3/4):
# sd = sqrt(0.5), so the interval is level +/- 1.96 * sqrt(0.5) / sqrt(2) = level +/- 0.98,
# clipped to [1, 5]; a competency rated once has no noise estimate: the whole scale.
ADA_GAPS = {
    "Level interval": ["3.5-5.0", "2.5-4.5", "1.0-5.0", ""],
    "Evidence": ["ok", "ok", "insufficient evidence", "not assessed"],
    "Gap": ["meets target", "clear gap", "possible gap", "not assessed"],
}
ADA_GAPS_SV = {
    "Nivåintervall": ["3.5-5.0", "2.5-4.5", "1.0-5.0", ""],
    "Underlag": ["ok", "ok", "otillräckligt underlag", "ej bedömd"],
    "Lucka": ["når målet", "tydlig lucka", "möjlig lucka", "ej bedömd"],
}


def test_dashboard_ranking_shows_fit_intervals_and_thin_evidence(
    known: dict[str, int], engine: Engine
) -> None:
    from assess.domain import reports

    at = _app().run()
    _no_errors(at)
    ranking = at.main.dataframe[0].value
    assert list(ranking["Fit %"]) == ["65.3 (31.3-95.7) ≈", "28.3 (0.0-67.6) ≈"]
    assert list(ranking["Insufficient evidence"]) == [
        "Security and compliance; People leadership and talent",
        "Hands-on engineering; Architecture and infrastructure",
    ]
    assert list(ranking["Disagreements"]) == ["", ""]
    assert [c.value for c in at.caption if c.value.startswith("≈")] == [
        "≈ the fit interval overlaps the next or previous candidate's: don't over-read the "
        "difference. Fit % shows the fit with its interval (low-high) from rater noise."
    ]
    # the same figures as the summary report
    rubric = load_rubric()
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    summary = reports.summary_report(_ratings(engine), rubric, profile).iloc[0]
    assert f"{summary['fit_pct']:.1f} ({summary['fit_low_pct']:.1f}-" in ranking["Fit %"].iloc[0]
    assert [m.value for m in at.markdown if m.value.startswith("Fit ")] == [
        "Fit 65.3 % (31.3-95.7) with 47.4 % of the profile's weight assessed."
    ]


def test_dashboard_gap_table_shows_interval_evidence_and_gap_status(
    known: dict[str, int],
) -> None:
    at = _app().run()
    gaps = at.main.dataframe[1].value
    for column, expected in ADA_GAPS.items():
        assert list(gaps[column].iloc[:4]) == expected, column
    # a number column with a gap is shown as text: the browser grid would draw "None"
    assert list(gaps["Level"].iloc[:4]) == ["4.50", "3.50", "2.00", "–"]
    assert list(gaps["Points lost"].iloc[:4]) == ["0.00", "12.50", "22.22", "–"]
    assert gaps["Target"].dtype.kind == "i"  # the complete number columns stay numeric
    columns = json.loads(at.main.dataframe[1].proto.columns)
    assert columns["Level"]["alignment"] == "right"
    at.sidebar.radio(key="lang_choice").set_value("sv").run()
    gaps = at.main.dataframe[1].value
    for column, expected in ADA_GAPS_SV.items():
        assert list(gaps[column].iloc[:4]) == expected, column


def test_leniency_toggle_rescores_the_dashboard_and_the_reports(
    known: dict[str, int], engine: Engine
) -> None:
    from assess.domain import reports

    at = _app().run()
    assert at.sidebar.toggle(key="dash.leniency").value is False
    assert [i.value for i in at.info] == []
    at.sidebar.toggle(key="dash.leniency").set_value(True).run()
    _no_errors(at)
    rubric = load_rubric()
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    adjusted = reports.summary_report(_ratings(engine), rubric, profile, adjust_leniency=True).iloc[
        0
    ]
    # Iris rated one point below Jon on both shared ratings: her ratings move up, Jon's down
    assert (round(adjusted["fit_pct"], 1), adjusted["fit_low_pct"] > 31.4) == (67.1, True)
    assert list(at.main.dataframe[0].value["Fit %"]) == ["67.1 (36.5-92.9) ≈", "33.1 (6.9-59.2) ≈"]
    assert [i.value for i in at.info] == [
        "Adjusted for interviewer leniency: the figures below use leniency-adjusted ratings, "
        "not the ratings as given."
    ]
    lost = _points(at.main.dataframe[1].value["Points lost"])
    assert math.isclose(100 - lost, adjusted["fit_pct"], abs_tol=0.05)
    # the choice lasts for the session: the reports page follows it
    at.switch_page("assess/ui/pages/reports_page.py").run()
    _no_errors(at)
    assert at.sidebar.toggle(key="dash.leniency").value is True
    assert [i.value for i in at.info] == [
        "The summary and detail reports are scored from leniency-adjusted ratings (the switch "
        "in the sidebar); the ratings report always holds the ratings as given."
    ]
    at.switch_page("assess/ui/pages/scorecard_page.py").run()
    at.switch_page("assess/ui/pages/dashboard_page.py").run()
    assert at.sidebar.toggle(key="dash.leniency").value is True
    at.sidebar.radio(key="lang_choice").set_value("sv").run()
    assert at.sidebar.toggle(key="dash.leniency").value is True
    assert at.sidebar.toggle(key="dash.leniency").label == "Justera för intervjuarnas mildhet"
    assert list(at.main.dataframe[0].value["Matchning %"]) == [
        "67.1 (36.5-92.9) ≈",
        "33.1 (6.9-59.2) ≈",
    ]


def test_language_switch_applies_to_every_page_for_the_session(known: dict[str, int]) -> None:
    at = _app().run()
    at.sidebar.selectbox(key="profile.archetype.en").set_value("customer_champion").run()
    at.sidebar.radio(key="lang_choice").set_value("sv").run()
    assert at.sidebar.selectbox(key="profile.archetype.sv").value == "customer_champion"
    assert [x.value for x in at.title] == ["Översikt"]
    assert at.main.dataframe[1].value.columns[0] == "Kompetens"
    rubric = load_rubric()
    stage = rubric.stage_ids[0]
    table = common.profile_markdown(rubric.profile("customer_champion", stage), rubric, "sv")
    legend = "Vikt: 0 inte relevant, 1 användbar, 2 viktig, 3 kritisk"
    heading = "**Målprofil**"
    assert [m.value for m in at.sidebar.markdown] == [f"{heading}\n\n{table}\n\n:small[{legend}]"]
    at.switch_page("assess/ui/pages/rubric_page.py").run()
    assert [x.value for x in at.title] == ["Kompetensmodell"]
    assert at.session_state["lang"] == "sv"
    at.sidebar.radio(key="lang_choice").set_value("en").run()
    assert [x.value for x in at.title] == ["Competency rubric"]


def test_scorecard_submitted_through_the_page_is_stored(
    known: dict[str, int], engine: Engine
) -> None:
    at = _open("assess/ui/pages/scorecard_page.py", "Lena")
    at.selectbox(key="sc.candidate").set_value(known["Bo Test"])
    at.selectbox(key="sc.type.en").set_value("strategy")
    at.date_input(key="sc.date").set_value(dt.date(2026, 11, 20)).run()
    at.radio(key="sc.rating.tech_vision").set_value(4)
    at.text_area(key="sc.evidence.tech_vision").input("Wrote a two-year roadmap")
    at.radio(key="sc.rating.budget_vendors").set_value(2)
    at.selectbox(key="sc.recommendation.en").set_value("yes").run()
    at.button(key="sc_submit").click().run()
    _no_errors(at)
    assert [s.value for s in at.success][-1].endswith("submitted.")
    frame = _ratings(engine)
    lena = frame[frame["interviewer"] == "Lena"]
    assert lena["candidate"].unique().tolist() == [known["Bo Test"]]
    assert lena["interview_type"].unique().tolist() == ["strategy"]
    assert lena["interview_date"].unique().tolist() == [dt.date(2026, 11, 20)]
    assert lena["recommendation"].unique().tolist() == ["yes"]
    rated = lena.dropna(subset=["rating"]).set_index("competency")
    assert rated["rating"].to_dict() == {"budget_vendors": 2.0, "tech_vision": 4.0}
    assert rated.loc["tech_vision", "evidence"] == "Wrote a two-year roadmap"
    assert len(lena) == 14  # every competency, the others as not assessed


def test_scorecard_draft_is_not_scored_and_reloads_for_its_interviewer(
    known: dict[str, int], engine: Engine
) -> None:
    at = _open("assess/ui/pages/scorecard_page.py", "Lena")
    at.selectbox(key="sc.candidate").set_value(known["Bo Test"])
    at.date_input(key="sc.date").set_value(dt.date(2026, 11, 21)).run()
    at.radio(key="sc.rating.data_ai").set_value(5).run()
    at.button(key="sc_save_draft").click().run()
    _no_errors(at)
    assert "Lena" not in set(_ratings(engine)["interviewer"])
    drafts = _ratings(engine, submitted_only=False)
    assert drafts[drafts["interviewer"] == "Lena"]["state"].unique().tolist() == ["draft"]

    again = _open("assess/ui/pages/scorecard_page.py", "Lena")
    again.selectbox(key="sc.candidate").set_value(known["Bo Test"])
    again.date_input(key="sc.date").set_value(dt.date(2026, 11, 21)).run()
    assert again.radio(key="sc.rating.data_ai").value == 5
    assert [i.value for i in again.info] == [
        "Loaded your saved draft scorecard for this interview."
    ]


def test_scorecard_never_shows_other_interviewers_ratings(known: dict[str, int]) -> None:
    at = _open("assess/ui/pages/scorecard_page.py", "Someone Else")
    at.selectbox(key="sc.candidate").set_value(known["Ada Test"])
    at.selectbox(key="sc.type.en").set_value("technical")
    at.date_input(key="sc.date").set_value(dt.date(2026, 11, 1)).run()
    assert "Interviewer: Someone Else" in [x.value for x in at.main.text]
    values = {r.key: r.value for r in at.radio if r.key and r.key.startswith("sc.rating.")}
    assert len(values) == 14
    assert set(values.values()) == {"na"}
    assert all(not a.value for a in at.text_area if a.key and a.key.startswith("sc.evidence."))
    # Iris herself, same interview: her own card comes back
    iris = _open("assess/ui/pages/scorecard_page.py", "Iris")
    iris.selectbox(key="sc.candidate").set_value(known["Ada Test"])
    iris.selectbox(key="sc.type.en").set_value("technical")
    iris.date_input(key="sc.date").set_value(dt.date(2026, 11, 1)).run()
    assert iris.radio(key="sc.rating.hands_on_engineering").value == 4


def test_scorecard_input_survives_a_page_switch(known: dict[str, int]) -> None:
    at = _open("assess/ui/pages/scorecard_page.py", "Lena")
    at.radio(key="sc.rating.data_ai").set_value(3)
    at.text_area(key="sc.evidence.data_ai").input("Ran the ML platform").run()
    at.switch_page("assess/ui/pages/dashboard_page.py").run()
    at.switch_page("assess/ui/pages/scorecard_page.py").run()
    assert at.radio(key="sc.rating.data_ai").value == 3
    assert at.text_area(key="sc.evidence.data_ai").value == "Ran the ML platform"


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("admin", ["Dashboard", "Searches", "Define the role", "Candidates", "Scorecard",
                   "Compare", "Reports", "Calibration", "Rubric", "Users"]),
        ("interviewer", ["Dashboard", "Searches", "Candidates", "Scorecard", "Compare",
                         "Reports", "Calibration", "Rubric"]),
    ],
)  # fmt: skip
def test_the_navigation_lists_the_pages_the_role_opens(
    engine: Engine, role: str, pages: list[str]
) -> None:
    from assess.domain.permissions import PAGES as PAGE_ACTIONS
    from assess.domain.permissions import allowed

    user = "Test Admin" if role == "admin" else "Lena"
    at = _app(user).run()
    _no_errors(at)
    expected = [p for p, action in PAGE_ACTIONS.items() if allowed(role, action)]
    assert [t(f"nav.{p}", "en") for p in expected] == pages
    # what the Users page reads is refused to an interviewer by the service itself
    if role == "interviewer":
        refused = _no_page_access(user)
        assert refused == ["not allowed: a user with the role interviewer cannot manage users"]


def _no_page_access(user: str) -> list[str]:
    """Run the Users page's own module as `user`, as a crafted request would."""
    from streamlit.testing.v1 import AppTest as _AppTest

    def script() -> None:
        from assess.services import users as users_service
        from assess.ui import cache
        from assess.ui.auth import require_user

        require_user("en")
        try:
            cache.read(users_service.list_users)
        except Exception as exc:  # the service's refusal, shown as the page would
            import streamlit as st

            st.error(str(exc))

    at = _AppTest.from_function(script, default_timeout=TIMEOUT)
    at.session_state[auth.USER_KEY] = USER_IDS[user]
    at.run()
    return [e.value for e in at.error]


def test_a_recruiter_reopens_a_submitted_scorecard_with_a_reason(
    known: dict[str, int], engine: Engine
) -> None:
    from assess.storage.users import events

    at = _open("assess/ui/pages/scorecard_page.py")
    at.selectbox(key="sc.candidate").set_value(known["Ada Test"]).run()
    picker = at.selectbox(key="sc.reopen.pick")
    assert picker.options == [
        "Iris · Technical · 2026-11-01",
        "Jon · Leadership · 2026-11-02",
    ]
    at.text_input(key="sc.reopen.reason").input("Iris rated the wrong candidate")
    at.button(key="sc_reopen").click().run()
    _no_errors(at)
    assert [s.value for s in at.success] == [
        "The scorecard is a draft again; its interviewer can change and submit it."
    ]
    with db.transaction(engine, readonly=True) as session:
        (event,) = [e for e in events(session) if e["action"] == "scorecard.reopened"]
    assert (event["actor"], event["details"]["reason"]) == (
        "Test Admin",
        "Iris rated the wrong candidate",
    )
    # an interviewer does not get the reopen section at all
    lena = _open("assess/ui/pages/scorecard_page.py", "Lena")
    assert [s.key for s in lena.selectbox if s.key == "sc.reopen.pick"] == []


def test_a_submitted_scorecard_does_not_change_on_the_page(
    known: dict[str, int], engine: Engine
) -> None:
    at = _open("assess/ui/pages/scorecard_page.py", "Iris")
    at.selectbox(key="sc.candidate").set_value(known["Ada Test"])
    at.selectbox(key="sc.type.en").set_value("technical")
    at.date_input(key="sc.date").set_value(dt.date(2026, 11, 1)).run()
    before = _ratings(engine, submitted_only=False)
    at.radio(key="sc.rating.hands_on_engineering").set_value(1).run()
    at.button(key="sc_save_draft").click().run()
    assert [e.value for e in at.error] == [
        "scorecard: already submitted, so it no longer changes; a recruiter can reopen it "
        "with a reason"
    ]
    pd.testing.assert_frame_equal(_ratings(engine, submitted_only=False), before)


def test_candidates_add_edit_and_erase_with_confirmation(engine: Engine) -> None:
    at = _open("assess/ui/pages/candidates_page.py")
    at.text_input(key="cand.add.name").input("Åsa Öberg")
    at.text_input(key="cand.add.email").input("asa@example.se")
    at.button(key="cand_add_submit").click().run()
    _no_errors(at)
    assert [s.value for s in at.success] == ["Added Åsa Öberg."]
    assert at.main.dataframe[0].value["Name"].tolist() == ["Åsa Öberg"]

    at.text_input(key="cand.search").input("zzz").run()
    assert [i.value for i in at.info] == ["No candidate matches the search."]
    at.text_input(key="cand.search").input("öber").run()
    assert at.main.dataframe[0].value["Name"].tolist() == ["Åsa Öberg"]

    at.button(key="cand_delete").click().run()
    assert [w.value for w in at.warning] == [
        "Erase Åsa Öberg with all their scorecards, ratings and audit history? "
        "This cannot be undone."
    ]
    with db.transaction(engine, readonly=True) as session:
        assert len(store.list_candidates(session=session)) == 1  # not yet
    at.button(key="cand_delete_yes").click().run()
    _no_errors(at)
    assert [s.value for s in at.success] == [
        "Erased Åsa Öberg: 0 scorecards and 0 ratings removed."
    ]
    with db.transaction(engine, readonly=True) as session:
        assert store.list_candidates(session=session) == []


def test_candidates_erase_can_be_cancelled(known: dict[str, int], engine: Engine) -> None:
    at = _open("assess/ui/pages/candidates_page.py")
    at.selectbox(key="cand.delete.pick").set_value(known["Ada Test"]).run()
    at.button(key="cand_delete").click().run()
    at.button(key="cand_delete_no").click().run()
    assert at.warning.len == 0
    with db.transaction(engine, readonly=True) as session:
        assert len(store.list_candidates(session=session)) == 2


def test_candidates_offers_export_and_keep_and_logs_the_erasure(
    known: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    at = _open("assess/ui/pages/candidates_page.py")
    at.selectbox(key="cand.delete.pick").set_value(known["Ada Test"]).run()
    button = at.download_button(key="cand_export")
    assert button.label == "Download everything held"
    ada = known["Ada Test"]
    at.checkbox(key=f"cand.keep.{ada}").check().run()
    _no_errors(at)
    with db.transaction(engine, readonly=True) as session:
        assert store.get_candidate(ada, session=session).keep is True
    at.checkbox(key=f"cand.keep.{ada}").uncheck().run()
    with db.transaction(engine, readonly=True) as session:
        assert store.get_candidate(ada, session=session).keep is False
    at.button(key="cand_delete").click().run()
    at.button(key="cand_delete_yes").click().run()
    _no_errors(at)
    with db.transaction(engine, readonly=True) as session:
        (entry,) = [e for e in audit_events(session) if e["action"] == "candidate.erased"]
    assert (entry["source"], entry["details"]["reason"], entry["details"]["candidates"]) == (
        "app",
        "request",
        1,
    )


def test_empty_database_offers_demo_data(engine: Engine) -> None:
    at = _open("assess/ui/pages/candidates_page.py")
    at.button(key="cand_load_demo").click().run()
    _no_errors(at)
    assert at.success[0].value.startswith("Demo data loaded: ")
    with db.transaction(engine, readonly=True) as session:
        people = store.list_candidates(session=session)
    assert len(people) >= 10
    assert all(p.is_demo for p in people)
    at.switch_page("assess/ui/pages/dashboard_page.py").run()
    assert len(_charts(at)) == 2


def test_rubric_page_shows_every_competency_and_the_profile_radar(engine: Engine) -> None:
    rubric = load_rubric()
    at = _open("assess/ui/pages/rubric_page.py")
    labels = [e.label for e in at.expander]
    assert labels == [
        c.name.en for cl in rubric.clusters for c in rubric.competencies if c.cluster == cl.id
    ]
    (radar,) = _charts(at)
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    levels = [float(x.level) for x in profile.targets]
    assert radar["data"][0]["r"] == [*levels, levels[0]]
    base = [float(x.base_level) for x in profile.targets]
    assert radar["data"][1]["r"] == [*base, base[0]]


def test_compare_page_puts_the_chosen_candidates_on_one_radar(known: dict[str, int]) -> None:
    at = _open("assess/ui/pages/compare_page.py")
    _no_errors(at)
    (radar,) = _charts(at)
    assert [d["name"] for d in radar["data"][1:]] == ["Ada Test", "Bo Test"]
    assert radar["data"][1]["r"] == ADA_R
    table = at.main.dataframe[0].value
    assert list(table.columns[2:]) == ["Ada Test", "Ada Test: gap", "Bo Test", "Bo Test: gap"]
    # data/AI is the fourth competency: nobody rated it; a dash or words, never "None"
    assert list(table.iloc[3, 2:]) == ["not assessed", "–", "not assessed", "–"]
    assert list(table["Ada Test"].iloc[:2]) == ["4.50", "3.50"]
    at.multiselect(key="cmp.candidates").unselect(known["Bo Test"]).run()
    assert [i.value for i in at.info] == ["Pick 2 to 5 candidates."]


def test_reports_import_shows_every_error_line_and_writes_nothing(engine: Engine) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    bad = (
        b"candidate,interviewer,interview_date,interview_type,competency,rating\r\n"
        b"Ada,Iris,2026-11-01,technical,hands_on_engineering,6\r\n"
        b"Ada,Iris,2026-11-01,technical,Kodning,3\r\n"
    )
    at.file_uploader(key="rep_upload").set_value(("bad.csv", bad, "text/csv")).run()
    at.button(key="rep_import").click().run()
    assert [e.value for e in at.error] == [
        "Nothing was imported; fix these 2 problem(s) and upload again:"
    ]
    lines = at.code[0].value.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("bad.csv:2:rating: ")
    assert lines[1].startswith("bad.csv:3:competency: ")
    with db.transaction(engine, readonly=True) as session:
        assert store.list_candidates(session=session) == []


def test_reports_import_of_a_good_file(engine: Engine) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    good = (
        b"candidate,interviewer,interview_date,interview_type,competency,rating\r\n"
        b"Ada,Iris,2026-11-01,technical,hands_on_engineering,4\r\n"
        b"Ada,Iris,2026-11-01,technical,data_ai,N/A\r\n"
    )
    at.file_uploader(key="rep_upload").set_value(("good.csv", good, "text/csv")).run()
    at.button(key="rep_import").click().run()
    _no_errors(at)
    assert [s.value for s in at.success] == [
        "Imported: 1 candidates, 1 scorecards added, 0 updated, 2 ratings added, 0 changed."
    ]
    assert at.download_button(key="rep_download_summary") is not None


GREENHOUSE = Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse"
UNMAPPED_JSON = (GREENHOUSE / "unmapped.json").read_bytes()


def _upload_greenhouse(at: AppTest, mapping: bytes | None = None) -> None:
    at.file_uploader(key="rep_upload").set_value(
        ("unmapped.json", UNMAPPED_JSON, "application/json")
    )
    if mapping is not None:
        at.file_uploader(key="rep_mapping").set_value(
            ("unmapped.mapping.yaml", mapping, "application/yaml")
        )
    at.run()
    at.button(key="rep_import").click().run()


def test_reports_greenhouse_upload_with_unmapped_names_offers_the_mapping(engine: Engine) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    _upload_greenhouse(at)
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [
        "Nothing was imported; fix these 3 problem(s) and upload again:"
    ]
    assert at.code[0].value.splitlines() == [
        'unmapped.json: scorecard[0].attributes[1].name: attribute "Coding" matches no '
        "competency id or name and is not in the mapping",
        'unmapped.json: scorecard[0].attributes[2].name: attribute "Culture add" matches no '
        "competency id or name and is not in the mapping",
        'unmapped.json: scorecard[1].attributes[0].name: attribute "Team building" matches no '
        "competency id or name and is not in the mapping",
    ]
    download = at.download_button(key="rep_mapping_download")
    assert download.proto.label == "Download mapping file"
    with db.transaction(engine, readonly=True) as session:
        assert store.list_candidates(session=session) == []


def test_reports_greenhouse_upload_for_unknown_candidates_with_a_mapping(engine: Engine) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    mapping = (
        b"Coding: architecture_infrastructure\n"
        b"Culture add: skip\n"
        b"Team building: people_leadership\n"
    )
    _upload_greenhouse(at, mapping)
    _no_errors(at)
    assert [s.value for s in at.success] == [
        "Imported: 1 candidates, 2 scorecards added, 0 updated, 3 ratings added, 0 changed."
    ]
    with db.transaction(engine, readonly=True) as session:
        (person,) = store.list_candidates(session=session)
        frame = store.ratings_frame(session=session)
    assert (person.name, person.source, person.external_id) == (
        "Greenhouse candidate 7401",
        "greenhouse",
        "7401",
    )
    assert sorted(zip(frame["interviewer"], frame["competency"], frame["rating"], strict=True)) == [
        ("Karin Lund", "people_leadership", 5.0),
        ("Mikael Berg", "architecture_infrastructure", 5.0),
        ("Mikael Berg", "hands_on_engineering", 4.0),
    ]


def test_reports_greenhouse_upload_for_unknown_candidates_skipping_unmapped(
    engine: Engine,
) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    at.checkbox(key="rep.skip_unmapped").check()
    _upload_greenhouse(at)
    _no_errors(at)
    assert [s.value for s in at.success] == [
        "Imported: 1 candidates, 2 scorecards added, 0 updated, 1 ratings added, 0 changed."
    ]
    with db.transaction(engine, readonly=True) as session:
        assert [c.name for c in store.list_candidates(session=session)] == [
            "Greenhouse candidate 7401"
        ]


def test_a_database_that_cannot_open_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", "nosuchdialect://somewhere/db")
    at = _app().run()
    assert [e.value for e in at.exception] == []
    (error,) = at.error
    assert error.value.startswith("cannot open the database at nosuchdialect://somewhere/db")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ada", "Bo"], {1: "Ada", 2: "Bo"}),
        (["Ada", "Ada", "Bo"], {1: "Ada (#1)", 2: "Ada (#2)", 3: "Bo"}),
        ([], {}),
    ],
)
def test_candidate_labels_never_merge_two_people(
    names: list[str], expected: dict[int, str]
) -> None:
    import pandas as pd

    from assess.ui import views

    ranked = pd.DataFrame({"candidate": range(1, len(names) + 1), "name": names})
    assert views.candidate_labels(ranked) == expected


@pytest.mark.parametrize(
    ("lang", "counts", "expected"),
    [
        (
            "en",
            {"strong_yes": 1, "yes": 2, "no": 0, "strong_no": 1, "no_decision": 0},
            "Strong yes 1, Yes 2, Strong no 1",
        ),
        (
            "sv",
            {"strong_yes": 0, "yes": 0, "no": 3, "strong_no": 0, "no_decision": 1},
            "Nej 3, Inget beslut 1",
        ),
        ("en", {"strong_yes": 0, "yes": 0, "no": 0, "strong_no": 0, "no_decision": 0}, ""),
    ],
)
def test_recommendation_tally_most_favourable_first(
    lang: str, counts: dict[str, int], expected: str
) -> None:
    import pandas as pd

    from assess.ui import views

    ranked = pd.DataFrame({f"rec.{k}": [v] for k, v in counts.items()})
    assert views.recommendation_tally(ranked, lang) == [expected]


def test_candidate_html_report_holds_facts_radar_and_gaps(
    known: dict[str, int], engine: Engine
) -> None:
    from assess.ui import cache, views

    cache.set_actor(Actor("Test Admin", "app"))  # as the sign-in gate leaves a session
    rubric = load_rubric()
    profile = rubric.profile("technical_leader", "startup")
    url = str(engine.url)
    where = {"search": None, "adjust": False}
    where |= {"target": cache.profile_key(profile), "_profile": profile}
    ranked = cache._ranking(database=url, version="test", lang="sv", **where)
    row = ranked[ranked["candidate"] == known["Ada Test"]]
    gaps = cache._gaps(database=url, version="test", candidate=known["Ada Test"], **where)
    page = views.report_html(row, gaps, profile, rubric, "sv", "Ada Test")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Ada Test</title>" in page
    arch, stage = rubric.archetype("technical_leader"), rubric.stage("startup")
    assert f'<p class="sub">Målprofil: {arch.name.sv} × {stage.name.sv}</p>' in page
    fit = float(row["fit"].iloc[0])
    assert f"<tr><td>Matchning</td><td>{fit:.1f} %</td></tr>" in page
    low, high = row["fit_low"].iloc[0], row["fit_high"].iloc[0]
    assert f"<tr><td>Matchningsintervall</td><td>{low:.1f}-{high:.1f}</td></tr>" in page
    assert "<td>otillräckligt underlag</td>" in page  # the gap table's evidence, in words
    assert "Mildhet" not in page
    assert "<tr><td>Rekommendationer</td><td>Starkt ja 1, Ja 1</td></tr>" in page
    assert f"<td>{rubric.competencies[0].name.sv}</td>" in page
    assert '"r":[4.5,3.5,2.0,null' in page  # the radar's data, embedded with plotly.js
    assert "<script src=" not in page


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_rubric_is_a_message_on_every_page(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    from assess.domain.rubric import RubricError
    from assess.ui import cache

    problems = [
        "rubrics/archetypes.yaml: archetypes[0].targets.data_ai: is required",
        "rubrics/stages.yaml: stages[1].id: must be lower_snake_case (a-z, 0-9, _)",
    ]

    def broken() -> None:
        raise RubricError(problems)

    monkeypatch.setattr(cache, "load_rubric", broken)
    cache.rubric.clear()
    try:
        at = _open(page)
        assert [e.value for e in at.exception] == []
        # the candidates page needs no rubric and keeps working
        expected = [] if page.endswith("candidates_page.py") else ["\n\n".join(map(md, problems))]
        assert [e.value for e in at.error] == expected
    finally:
        cache.rubric.clear()


def test_reports_import_of_a_json_that_is_no_greenhouse_export(engine: Engine) -> None:
    at = _open("assess/ui/pages/reports_page.py")
    at.file_uploader(key="rep_upload").set_value(("gh.json", b'{"foo": 1}', "application/json"))
    at.run()
    at.button(key="rep_import").click().run()
    assert [e.value for e in at.error] == [
        "Nothing was imported; fix these 1 problem(s) and upload again:"
    ]
    assert at.code[0].value.startswith("gh.json: top: not a Greenhouse scorecard export")


@pytest.fixture(params=["sqlite-file", "sqlite-memory"])
def any_engine(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """The app's database as a SQLite file (watched through data_version) or as shared
    in-memory SQLite (watched by row counts plus the writes the app notes)."""
    if request.param == "sqlite-file":
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = f"sqlite:///file:app-{tmp_path.name}?mode=memory&cache=shared&uri=true"
    yield from _app_database(url, monkeypatch)


@pytest.fixture
def known_any(any_engine: Engine) -> dict[str, int]:
    return _load_known(any_engine)


def test_candidates_edit_saves_the_changed_fields(
    known_any: dict[str, int], any_engine: Engine
) -> None:
    known, engine = known_any, any_engine
    ada = known["Ada Test"]
    other = _app().run()  # a second recruiter with the dashboard open, the old name cached
    assert "Ada Test" in list(other.main.dataframe[0].value["Candidate"])
    at = _open("assess/ui/pages/candidates_page.py")
    at.selectbox(key="cand.edit.pick").set_value(ada).run()
    at.text_input(key=f"cand.edit.name.{ada}").input("Ada Lovelace")
    at.text_input(key=f"cand.edit.title.{ada}").input("CTO, Analytical Engines")
    at.button(key="cand_edit_submit").click().run()
    _no_errors(at)
    assert [s.value for s in at.success] == ["Saved Ada Lovelace."]
    with db.transaction(engine, readonly=True) as session:
        person = store.get_candidate(ada, session=session)
    assert (person.name, person.current_title, person.email) == (
        "Ada Lovelace",
        "CTO, Analytical Engines",
        None,
    )
    # the dashboard shows the new name at once, in this session and in the other one: a
    # rename leaves the row counts alone, the app's own note of the write moves the version
    at.switch_page("assess/ui/pages/dashboard_page.py").run()
    assert "Ada Lovelace" in list(at.main.dataframe[0].value["Candidate"])
    other.run()
    assert "Ada Lovelace" in list(other.main.dataframe[0].value["Candidate"])


def test_calibration_page_shows_leniency_in_rating_points(known: dict[str, int]) -> None:
    at = _open("assess/ui/pages/calibration_page.py")
    _no_errors(at)
    agreement, leniency = (frame.value for frame in at.main.dataframe)
    assert list(agreement["Competency"].iloc[:2]) == [
        "Hands-on engineering",
        "Architecture and infrastructure",
    ]
    # Iris rated Ada 4 and 3 where Jon gave 5 and 4: one point harsher on both shared ratings
    rows = leniency.set_index("Interviewer")
    assert rows.loc["Iris", "Leniency (points)"] == "-1.00"
    assert rows.loc["Jon", "Leniency (points)"] == "+1.00"
    # a statistic that cannot be computed says why
    cells = agreement.set_index("Competency")
    assert cells.loc["Hands-on engineering", "alpha"] == "0.000"
    assert cells.loc["Hands-on engineering", "ICC2"] == (
        "needs at least 2 candidates rated by the same 2 interviewers; found 1"
    )
    assert cells.loc["Security and compliance", "alpha"] == (
        "needs at least one candidate rated by 2 or more interviewers; none was"
    )
    assert cells.loc["Security and compliance", "ICC3k"] == (
        "needs at least 2 interviewers; 1 rated it"
    )
    assert cells.loc["Budget, costs and vendors", "ICC1"] == "no ratings of this competency yet"
    assert rows.loc["Iris", "Shared ratings"] == 2
    assert [i.value for i in at.info] == ["Nothing to show yet."]  # no 2-point disagreement


def test_sidebar_profile_table_lists_every_target_and_weight() -> None:

    rubric = load_rubric()
    profile = rubric.profile("technical_leader", "startup")
    lines = common.profile_markdown(profile, rubric, "sv").splitlines()
    assert lines[:2] == ["| Kompetens | Mål | Vikt |", "|---|---:|---:|"]
    assert lines[2:] == [
        f"| {rubric.competency(x.competency).name.sv} | {x.level} | {x.weight} |"
        for x in profile.targets
    ]
    assert common.weight_legend("en") == "0 not relevant, 1 useful, 2 important, 3 critical"


@pytest.mark.parametrize(
    ("fit", "low", "high", "interval", "summary"),
    [
        (88.94, 72.06, 97.0, "88.9 (72.1-97.0)", "88.9 % (72.1-97.0)"),
        (100.0, 100.0, 100.0, "100.0 (100.0-100.0)", "100.0 % (100.0-100.0)"),
        (math.nan, math.nan, math.nan, "–", "–"),
    ],
)
def test_fit_interval_text(
    fit: float, low: float, high: float, interval: str, summary: str
) -> None:
    from assess.ui import views

    assert views.fit_interval(fit, low, high) == interval
    assert views.fit_summary(fit, low, high) == summary


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(3.52, 5.0, "3.5-5.0"), (1.0, 5.0, "1.0-5.0"), (math.nan, math.nan, "")],
)
def test_level_interval_text(low: float, high: float, expected: str) -> None:
    from assess.ui import views

    assert views.level_interval(low, high) == expected


def test_a_fully_assessed_gap_table_needs_no_styler(engine: Engine) -> None:
    rubric = load_rubric()
    every = dict.fromkeys(rubric.competency_ids, 3)
    cards = [
        _card("Cy Full", "Iris", 1, "technical", every, "yes"),  # type: ignore[arg-type]
        _card("Cy Full", "Jon", 2, "leadership", every, "yes"),  # type: ignore[arg-type]
    ]
    with db.transaction(engine) as session:
        store.import_scorecards(cards, session=session, actor="test")
    at = _app().run()
    _no_errors(at)
    table = at.main.dataframe[1]
    columns = json.loads(table.proto.columns)
    assert columns["Level"]["type_config"]["format"] == "%.2f"  # numeric, two decimals shown
    assert table.value["Level"].dtype.kind == "f"
    # two identical ratings everywhere: no rater noise, so the interval is the level itself
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    assert set(table.value["Level interval"]) == {"3.0-3.0"}
    assert set(table.value["Evidence"]) == {"ok"}
    assert list(table.value["Gap"]) == [
        "meets target" if x.level <= 3 else "clear gap" for x in profile.targets
    ]


@pytest.mark.parametrize(
    ("lang", "words", "expected_level", "expected_gap"),
    [
        ("en", ["Level"], ["4.50", "not assessed"], ["0.25", "–"]),
        ("sv", ["Level"], ["4.50", "ej bedömd"], ["0.25", "–"]),
        ("en", [], ["4.50", "–"], ["0.25", "–"]),
    ],
)
def test_gaps_as_text_turns_only_gappy_number_columns_into_text(
    lang: str, words: list[str], expected_level: list[str], expected_gap: list[str]
) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"Name": ["a", "b"], "Level": [4.5, math.nan], "Gap": [0.254, math.nan], "N": [2, 0]}
    )
    shown, texts = common.gaps_as_text(frame, lang, words)
    assert texts == ["Level", "Gap"]
    assert list(shown["Level"]) == expected_level
    assert list(shown["Gap"]) == expected_gap
    assert list(shown["N"]) == [2, 0]
    assert math.isnan(frame["Level"].iloc[1])  # the input is left alone
    whole = frame.fillna(1.0)
    same, none = common.gaps_as_text(whole, lang, words)
    assert (same is whole, none) == (True, [])


def test_grid_is_arrow_data_with_compact_column_config() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "Name": ["a", "b"],
            "Level": [4.5, math.nan],
            "Share": [0.254, 1.0],
            "N": [2, 0],
            "Notes": ["x", "y"],
        }
    )
    grid = common.grid(frame, "en", precision=1, widths={"Notes": "large"})
    assert grid.data.column_names == ["Name", "Level", "Share", "N", "Notes"]
    assert grid.data.to_pydict() == {
        "Name": ["a", "b"],
        "Level": ["4.5", "–"],
        "Share": [0.254, 1.0],
        "N": [2, 0],
        "Notes": ["x", "y"],
    }
    # unset keys left out: Streamlit deep-copies every entry on every rerun
    assert sorted(grid.config) == ["Level", "Notes", "Share"]
    assert grid.config["Share"]["type_config"]["format"] == "%.1f"
    assert grid.config["Level"]["alignment"] == "right"
    assert grid.config["Notes"]["width"] == "large"

    def values(entry: Any) -> list[Any]:
        if isinstance(entry, dict):
            return [v for child in entry.values() for v in values(child)]
        return [entry]

    assert None not in values(grid.config)


def test_app_config_keeps_data_local_and_reruns_light() -> None:
    import tomllib

    config = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["browser"] == {"gatherUsageStats": False}
    assert config["runner"] == {"magicEnabled": False, "postScriptGC": False}


def test_candidate_panel_of_someone_not_ranked_is_none(
    known: dict[str, int], engine: Engine
) -> None:
    from assess.ui import cache

    cache.set_actor(Actor("Test Admin", "app"))  # as the sign-in gate leaves a session
    rubric = load_rubric()
    profile = rubric.profile(rubric.archetype_ids[0], rubric.stage_ids[0])
    where = {"search": None, "adjust": False}
    where |= {"target": cache.profile_key(profile), "_profile": profile}
    key = {"database": str(engine.url), "version": "gone", "lang": "en", **where}
    key["target_name"] = None
    assert cache._candidate_panel(candidate=max(known.values()) + 1, **key) is None
    panel = cache._candidate_panel(candidate=known["Ada Test"], **key)
    assert panel is not None and panel.summary.startswith("Fit ")


@pytest.mark.parametrize("page", PAGES[:6])
def test_database_file_replaced_under_the_app_is_a_message_on_every_page(
    known: dict[str, int], engine: Engine, tmp_path: Path, page: str
) -> None:
    at = _open(page)
    _no_errors(at)
    engine.dispose()
    # e.g. a backup copied over it while the app runs: nothing may be read or written through
    # connections that still belong to the old file and its write-ahead log
    db.open_database(f"sqlite:///{tmp_path / 'backup.db'}").dispose()
    (tmp_path / "backup.db").replace(tmp_path / "app.db")
    at.run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [
        f"the database file at sqlite:///{tmp_path / 'app.db'} was removed or replaced while "
        "the app was running: restart the app to open it again"
    ]
