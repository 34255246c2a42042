"""User text shown as text: every page and export with hostile names, evidence and notes."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import HTML_NAME, MARKDOWN_NAME, card
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assess.charts import plain
from assess.domain.rubric import load_rubric
from assess.domain.schemas import ScorecardIn
from assess.services import users
from assess.services.actor import Actor
from assess.storage import db, store
from assess.ui import auth
from assess.ui.text import md

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
# every page the app runs, so a new page is covered too; the dashboard is the default page
PAGES = sorted(
    str(p.relative_to(APP.parent)) for p in (APP.parent / "assess/ui/pages").glob("*_page.py")
)
DEFAULT_PAGE = "assess/ui/pages/dashboard_page.py"
# What would show if any of the hostile texts were rendered instead of shown.
LIVE_MARKUP = (
    "**bold**",
    "[web](http",
    ":red[red]",
    "$\\LaTeX$",
    '<a href="http://127.0.0.1:9/phish"',
    '<span style="font-size:60px"',
)
LIVE_HTML = LIVE_MARKUP[-2:]  # plotly and HTML exports draw HTML, not Markdown


def _in_figure_json(text: str) -> str:
    """`text` as plotly writes it into the figure JSON of an HTML page."""
    return json.dumps(text)[1:-1].replace("/", "\\u002f")


# Elements whose text Streamlit renders as Markdown.
MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "success",
    "info",
    "warning",
    "error",
    "toast",
)


def _card(name: str, interviewer: str, day: int, evidence: str, note: str) -> ScorecardIn:
    ratings = (
        ("hands_on_engineering", 4, evidence),
        ("architecture_infrastructure", 1 + day % 5, note),
    )
    return card(
        name, interviewer=interviewer, day=dt.date(2026, 11, day), ratings=ratings, notes=note
    )


HOSTILE = [
    _card(MARKDOWN_NAME, HTML_NAME, 1, HTML_NAME, MARKDOWN_NAME),
    _card(MARKDOWN_NAME, MARKDOWN_NAME, 2, MARKDOWN_NAME, HTML_NAME),
    _card(HTML_NAME, MARKDOWN_NAME, 3, MARKDOWN_NAME, HTML_NAME),
    _card(HTML_NAME, HTML_NAME, 4, HTML_NAME, MARKDOWN_NAME),
]


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    eng = db.open_database(url)
    # the person signed in is named as hostile text too: the sidebar shows who it is
    users.add_user(
        "admin@example.com",
        actor=Actor("test setup", "cli"),
        engine=eng,
        name=MARKDOWN_NAME,
        role="admin",
        sign_in_method="sso",
    )
    with db.transaction(eng) as session:
        store.import_scorecards(HOSTILE, session=session, actor=HTML_NAME)
    yield eng
    eng.dispose()


def _open(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[auth.USER_KEY] = 1  # the admin added with the database, signed in
    at.run()
    if page != DEFAULT_PAGE:
        at.switch_page(page).run()
    return at


def _fingerprint(engine: Engine) -> tuple[dict[str, int], str]:
    with db.transaction(engine, readonly=True) as session:
        return store.database_fingerprint(session=session)


def _rendered(at: AppTest) -> list[str]:
    return [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]


def _figure_texts(spec: dict[str, Any]) -> list[str]:
    """Every text of a figure plotly draws as HTML: title, legend names, labels, hover."""
    layout = spec.get("layout", {})
    texts = [str(layout.get("title", {}).get("text", ""))]
    for trace in spec.get("data", []):
        texts.append(str(trace.get("name", "")))
        texts.append(str(trace.get("hovertemplate", "")))
        for key in ("theta", "x", "y", "customdata"):
            texts.extend(str(v) for v in trace.get(key, []) or [])
    return texts


def _assert_no_live_markup(texts: list[str]) -> None:
    # what is left once every backslash escape is taken out must hold none of the markup
    bare = [re.sub(r"\\.", "", t, flags=re.DOTALL) for t in texts]
    live = [(m, t) for t in bare for m in LIVE_MARKUP if m in t]
    assert live == []


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_text_as_text(engine: Engine, page: str) -> None:
    at = _open(page)
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []
    _assert_no_live_markup(_rendered(at))
    charts = [json.loads(node.proto.spec) for node in at.get("plotly_chart")]
    if page.endswith(("dashboard_page.py", "compare_page.py")):
        assert charts, "the page shows the candidates' radar"
    texts = [t for spec in charts for t in _figure_texts(spec)]
    assert [(m, t) for t in texts for m in LIVE_HTML if m in t] == []
    if page.endswith("compare_page.py"):
        (radar,) = charts
        names = [trace["name"] for trace in radar["data"][1:]]
        assert sorted(names) == sorted([plain(MARKDOWN_NAME), plain(HTML_NAME)])
        assert plain(HTML_NAME).startswith("&lt;a href=")
    if page.endswith("dashboard_page.py"):
        radar, heatmap = charts
        top = radar["data"][1]["name"]
        assert top in (plain(MARKDOWN_NAME), plain(HTML_NAME))
        assert radar["layout"]["title"]["text"] == f"{top} against the target"
        assert radar["data"][1]["hovertemplate"].endswith(
            "<extra>" + top.replace("%", "&#37;") + "</extra>"
        )
        assert heatmap["layout"]["title"]["text"].startswith(top)


@pytest.mark.parametrize("name", [MARKDOWN_NAME, HTML_NAME])
def test_add_and_erase_messages_show_the_name_as_typed(engine: Engine, name: str) -> None:
    at = _open("assess/ui/pages/candidates_page.py")
    at.text_input(key="cand.add.name").input(name)
    at.button(key="cand_add_submit").click().run()
    assert [e.value for e in at.exception] == []
    assert [s.value for s in at.success] == [f"Added {md(name)}."]
    assert [s.value for s in at.toast] == [f"Added {md(name)}."]
    _assert_no_live_markup(_rendered(at))

    with db.transaction(engine, readonly=True) as session:
        added = max(c.id for c in store.list_candidates(session=session) if c.name == name)
    at.selectbox(key="cand.delete.pick").select(added).run()
    at.button(key="cand_delete").click().run()
    assert [w.value for w in at.warning] == [
        f"Erase {md(name)} with all their scorecards, ratings and audit history? "
        "This cannot be undone."
    ]
    at.button(key="cand_delete_yes").click().run()
    assert [s.value for s in at.success] == [
        f"Erased {md(name)}: 0 scorecards and 0 ratings removed."
    ]
    _assert_no_live_markup(_rendered(at))


@pytest.mark.parametrize("name", [MARKDOWN_NAME, HTML_NAME])
def test_html_report_holds_no_live_markup_from_user_text(engine: Engine, name: str) -> None:
    from assess.ui import cache, views

    cache.set_actor(Actor(MARKDOWN_NAME, "app"))  # as the sign-in gate leaves a session
    rubric = load_rubric()
    profile = rubric.profile("technical_leader", "startup")
    with db.transaction(engine, readonly=True) as session:
        ids = {c.name: c.id for c in store.list_candidates(session=session)}
    where = {"search": None, "adjust": False}
    where |= {"target": cache.profile_key(profile), "_profile": profile}
    url = str(engine.url)
    ranked = cache._ranking(database=url, version="test", lang="en", **where)
    row = ranked[ranked["candidate"] == ids[name]]
    gaps = cache._gaps(database=url, version="test", candidate=ids[name], **where)
    page = views.report_html(row, gaps, profile, rubric, "en", name)
    for raw in LIVE_HTML:
        assert raw not in page
        assert _in_figure_json(raw) not in page
    assert f"<title>{plain(name)}</title>".replace('"', "&quot;") in page
    assert f'"name":"{_in_figure_json(plain(name))}"' in page  # the radar's legend entry


@pytest.mark.parametrize(
    ("filename", "data", "problem"),
    [
        (
            "deep.json",
            b"[" * 1_000_000,
            "deep.json: line 1 column 33: nested more than 32 levels deep (arrays and objects)",
        ),
        (
            "huge-id.json",
            b'[{"candidate_id": ' + b"9" * 5000 + b', "interviewer": {"name": "A"}}]',
            "huge-id.json: scorecard[0].candidate_id: expected a whole number of at most 20 "
            "digits or a string id, got a number of 5000 digits",
        ),
    ],
)
def test_hostile_upload_is_a_message_not_a_traceback(
    engine: Engine, filename: str, data: bytes, problem: str
) -> None:
    before = _fingerprint(engine)
    at = _open("assess/ui/pages/reports_page.py")
    at.file_uploader(key="rep_upload").set_value((filename, data, "application/json")).run()
    at.button(key="rep_import").click().run()
    assert [e.value for e in at.exception] == []
    assert at.code[0].value.splitlines()[0] == problem
    assert _fingerprint(engine) == before


def test_scorecard_form_refuses_misleading_evidence_with_a_message(engine: Engine) -> None:
    before = _fingerprint(engine)
    at = _open("assess/ui/pages/scorecard_page.py")
    # the interviewer is the signed-in person, shown as text, never as Markdown
    assert any(MARKDOWN_NAME in str(e.value) for e in at.get("text"))
    at.date_input(key="sc.date").set_value(dt.date(2026, 11, 20)).run()
    at.radio(key="sc.rating.tech_vision").set_value(4)
    at.text_area(key="sc.evidence.tech_vision").input("ok\x00")
    at.button(key="sc_submit").click().run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [
        "evidence: must not contain the control character U+0000 (character 3)"
    ]
    assert _fingerprint(engine) == before
