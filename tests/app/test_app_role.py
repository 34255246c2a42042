"""The Define the role page under AppTest: the questionnaire, the recommendation and "use this",
stakeholders' views, the alignment view with its radar, and adopting the consensus."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import card
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assess.domain.needs import recommend
from assess.domain.rubric import load_rubric
from assess.services import alignment
from assess.services import searches as svc
from assess.services.actor import Actor
from assess.services.users import add_user
from assess.storage import db
from assess.ui import auth

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "assess/ui/pages/role_page.py"
ADMIN = Actor("Ada Admin", "cli")
RUBRIC = load_rubric()
# the README's example company: an idea, three people, no engineers, a product to build
ANSWERS = {"company_age": "idea", "employees": 3, "engineers": 0,
           "purpose": "innovative_products", "cto_codes": "yes",
           "customer_facing_software": "yes"}  # fmt: skip


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    for email, name, role in (("admin@example.com", "Test Admin", "admin"),
                              ("hm@example.com", "Hanna Hm", "hiring_manager")):  # fmt: skip
        add_user(email, actor=ADMIN, engine=eng, name=name, role=role, sign_in_method="sso")
    svc.add_search(actor=ADMIN, engine=eng, rubric=RUBRIC, title="CTO, Acme",
                   archetype="big_thinker", stage="growth")  # fmt: skip
    yield eng
    eng.dispose()


def _open(lang: str = "en", user: int = 1) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = user
    at.run()
    if lang == "sv":
        at.sidebar.radio(key="lang_choice").set_value("sv").run()
    at.switch_page(PAGE)
    at.query_params["search"] = "1"
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []


def _button(at: AppTest, label: str) -> Any:
    (found,) = [b for b in at.button if b.label == label]
    return found


def _answer(at: AppTest, answers: dict[str, object], lang: str = "en") -> None:
    for qid, value in answers.items():
        key = f"role.q.1.{lang}.{qid}"
        if RUBRIC.question(qid).kind == "choice":
            at.selectbox(key=key).set_value(value)
        else:
            at.number_input(key=key).set_value(value)


def _view(level: int, weight: int, **changed: tuple[int, int]) -> dict[str, dict[str, int]]:
    view = {c: {"level": level, "weight": weight} for c in RUBRIC.competency_ids}
    for cid, (lv, w) in changed.items():
        view[cid] = {"level": lv, "weight": w}
    return view


def test_the_questionnaire_recommends_and_use_this_sets_the_search(engine: Engine) -> None:
    at = _open()
    assert [x.value for x in at.title] == ["Define the role"]
    _answer(at, ANSWERS)
    _button(at, "Recommend").click().run()
    _ok(at)
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert headings[0] == "**1\\. Hands-on technical leader at Pre-seed: score 14**"
    assert len(headings) == 3
    reasons = at.dataframe[0].value
    assert list(reasons.columns) == ["Points", "Moves", "Question", "Answer", "Source", "Quote"]
    first = reasons.iloc[0].to_dict()
    why = recommend(ANSWERS, RUBRIC).ranking[0].reasons[0]
    assert first == {
        "Points": "+2",
        "Moves": "Hands-on technical leader",
        "Question": "How far has the company come?",
        "Answer": "An idea: the business plan still has to be shown technically feasible",
        "Source": why.seed,
        "Quote": why.quote,
    }
    # the reasons add up to the score
    assert sum(int(p) for p in reasons["Points"]) == 14
    at.button(key="role.use.1.1").click().run()
    _ok(at)
    (search,) = svc.list_searches(actor=ADMIN, engine=engine)
    assert (search.archetype, search.stage) == ("technical_leader", "pre_seed")
    kept = alignment.search_needs(1, actor=ADMIN, engine=engine)
    assert kept is not None and kept.answers == ANSWERS
    assert at.success[0].value.startswith("The search's target is now Hands-on technical leader")
    # a new stakeholder's view now starts from the new target, not the one first drawn
    profile = RUBRIC.profile("technical_leader", "pre_seed")
    shown = {
        box.key.rsplit(".", 1)[1]: box.value
        for box in at.selectbox
        if box.key.startswith("role.lv.1.new.")
    }
    assert shown == {x.competency: x.level for x in profile.targets}
    assert shown != {x.competency: x.level for x in RUBRIC.profile("big_thinker", "growth").targets}
    # a new session opens with the answers filled in and the choice marked
    again = _open()
    assert again.selectbox(key="role.q.1.en.company_age").value == "idea"
    assert again.number_input(key="role.q.1.en.employees").value == 3
    assert any(m.value.endswith("(the search's choice)") for m in again.markdown)


def test_a_stakeholder_starts_from_the_current_profile_and_is_saved(engine: Engine) -> None:
    at = _open()
    assert [x.value for x in at.info] == [
        "Alignment needs the views of at least 2 stakeholders; this search has 0."
    ]
    at.text_input(key="role.name.1.new").input("CEO")
    (level,) = [
        box
        for box in at.selectbox
        if box.key.startswith("role.lv.1.new.") and box.key.endswith(".hands_on_engineering")
    ]
    level.set_value(5)
    _button(at, "Save the view").click().run()
    _ok(at)
    (ceo,) = alignment.list_stakeholders(1, actor=ADMIN, engine=engine)
    profile = RUBRIC.profile("big_thinker", "growth")
    expected = {x.competency: (x.level, x.weight) for x in profile.targets}
    expected["hands_on_engineering"] = (5, expected["hands_on_engineering"][1])
    assert (ceo.name, ceo.targets, ceo.set_by) == ("CEO", expected, "Test Admin")
    assert [x.value for x in at.info] == [
        "Alignment needs the views of at least 2 stakeholders; this search has 1."
    ]


def test_the_alignment_view_and_adopting_the_consensus(engine: Engine) -> None:
    alignment.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=RUBRIC, name="CEO",
                              profile=_view(3, 2, hands_on_engineering=(5, 3)))  # fmt: skip
    alignment.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=RUBRIC, name="<b>Board</b>",
                              profile=_view(3, 2, hands_on_engineering=(1, 0),
                                            tech_vision=(4, 2)))  # fmt: skip
    # Ada is strong on hands-on engineering, Bo on technology vision: the CEO's pick and the
    # board's differ
    cards = [
        card(name, interviewer="Iris", ratings=(("hands_on_engineering", hands_on, "x"),
                                                ("tech_vision", vision, "x")))
        for name, hands_on, vision in (("Ada", 5, 2), ("Bo", 1, 5))
    ]  # fmt: skip
    svc.import_into_search(cards, actor=ADMIN, engine=engine, search_ids=[1, 1])
    at = _open()
    top = at.dataframe[2].value
    assert top[["Stakeholder", "Top candidate"]].to_dict(orient="list") == {
        "Stakeholder": ["CEO", "<b>Board</b>"],
        "Top candidate": ["Ada", "Bo"],
    }
    rho = at.dataframe[3].value
    assert rho.iloc[0].tolist() == ["CEO", 1.0, -1.0]
    metrics = {m.label: m.value for m in at.metric}
    expected = alignment.search_alignment(1, actor=ADMIN, engine=engine, rubric=RUBRIC)
    assert metrics == {
        "Agreement on levels (alpha)": f"{expected.alpha_level:.2f}",
        "Agreement on weights (alpha)": f"{expected.alpha_weight:.2f}",
    }
    assert [w.value for w in at.warning] == [
        "Settle before interviewing: Hands-on engineering, Technology vision and strategy"
    ]
    (radar,) = [json.loads(node.proto.spec) for node in at.get("plotly_chart")]
    names = [trace["name"] for trace in radar["data"]]
    # the name is text: escaped for plotly, never markup
    assert names == ["CEO", "&lt;b&gt;Board&lt;/b&gt;", "Consensus"]
    first = RUBRIC.competency_ids[0]
    assert first == "hands_on_engineering"
    assert [t["r"][0] for t in radar["data"]] == [5.0, 1.0, 3.0]
    assert [t["customdata"][0] for t in radar["data"]] == [3, 0, 2]
    # the views table holds the raw name as a column
    assert "<b>Board</b>" in at.dataframe[0].value.columns
    at.button(key="role.adopt.1").click().run()
    _ok(at)
    reason = f"consensus of 2 stakeholders on {dt.datetime.now(dt.UTC).date().isoformat()}"
    view = svc.show_search(1, actor=ADMIN, engine=engine, rubric=RUBRIC)
    assert {(x.source, x.reason) for x in view.profile.targets} == {("override", reason)}
    assert view.profile.target("hands_on_engineering").level == 3
    assert at.success[0].value == f"The search's target is now the {reason}."


def test_a_hiring_manager_on_the_team_sees_the_views_but_cannot_choose_or_adopt(
    engine: Engine,
) -> None:
    svc.set_team_member(1, actor=ADMIN, engine=engine, user_id=2, role="hiring_manager")
    for name in ("CEO", "Board"):
        alignment.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=RUBRIC, name=name,
                                  profile=_view(3 if name == "CEO" else 4, 2))  # fmt: skip
    at = _open(lang="sv", user=2)
    assert [x.value for x in at.title] == ["Definiera rollen"]
    _answer(at, {"cto_codes": "yes"}, lang="sv")
    _button(at, "Rekommendera").click().run()
    _ok(at)
    labels = [b.label for b in at.button]
    assert "Använd den här" not in labels
    assert "Gör konsensus till rekryteringens mål" not in labels
    assert "Spara synen" in labels
    # a view can be linked to a user on the search's team
    (user_box,) = [b for b in at.selectbox if b.key.startswith("role.user.1.sv.")]
    assert user_box.options == ["ingen (inget konto)", "Hanna Hm"]
    user_box.set_value(2)
    at.text_input(key="role.name.1.new").input("Hanna")
    _button(at, "Spara synen").click().run()
    _ok(at)
    assert [
        (s.name, s.user_id) for s in alignment.list_stakeholders(1, actor=ADMIN, engine=engine)
    ][-1] == ("Hanna", 2)
    assert len(at.get("plotly_chart")) == 1


def test_hostile_stakeholder_and_candidate_names_show_as_text(engine: Engine) -> None:
    from builders import HTML_NAME, MARKDOWN_NAME
    from test_hostile_text import (
        LIVE_HTML,
        _assert_no_live_markup,
        _figure_texts,
        _rendered,
    )

    from assess.charts import plain

    # rated on every competency, so that every view gives both a fit
    cards = [
        card(
            name, interviewer="Iris", ratings=tuple((c, level, "x") for c in RUBRIC.competency_ids)
        )
        for name, level in ((MARKDOWN_NAME, 5), (HTML_NAME, 2))
    ]
    svc.import_into_search(cards, actor=ADMIN, engine=engine, search_ids=[1, 1])
    for name, level in ((MARKDOWN_NAME, 5), (HTML_NAME, 1)):
        alignment.set_stakeholder(1, actor=ADMIN, engine=engine, rubric=RUBRIC, name=name,
                                  profile=_view(3, 2, hands_on_engineering=(level, 3)))  # fmt: skip
    at = _open()
    # a save's confirmation names the stakeholder too (the same name: their view replaced)
    at.text_input(key="role.name.1.new").input(MARKDOWN_NAME + " ")
    _button(at, "Save the view").click().run()
    _ok(at)
    _assert_no_live_markup(_rendered(at))
    (radar,) = [json.loads(node.proto.spec) for node in at.get("plotly_chart")]
    texts = _figure_texts(radar)
    assert [(m, t) for t in texts for m in LIVE_HTML if m in t] == []
    assert [trace["name"] for trace in radar["data"][:2]] == [
        plain(MARKDOWN_NAME),
        plain(HTML_NAME),
    ]
    assert len(alignment.list_stakeholders(1, actor=ADMIN, engine=engine)) == 2
    top = at.dataframe[2].value
    # level 5 everywhere meets every target: the first candidate leads under both views, and
    # the table holds the name as it is (a dataframe cell is text)
    assert list(top["Top candidate"]) == [MARKDOWN_NAME, MARKDOWN_NAME]
