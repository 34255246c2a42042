"""Hostile names in the real app, rendered by Chromium: messages, chart titles and legends show
the text as typed, with no link, bold, colour, KaTeX or styled span made from it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import HTML_NAME, MARKDOWN_NAME, card
from serving import (
    add_user,
    free_port,
    nav,
    require_chromium,
    running_app,
    settle,
    sign_in,
    wait_until_up,
)

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

from assess.domain.schemas import ScorecardIn  # noqa: E402
from assess.storage import db, store  # noqa: E402

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "hostile admin password 1"
WORD_JOINER = "\u2060"
# What rendering would have made of the hostile text.
LIVE = "a, strong, em, .katex, span[style*='color'], span[style*='font-size']"


def _hostile(name: str, day: int) -> ScorecardIn:
    ratings = (("hands_on_engineering", 4, MARKDOWN_NAME), ("tech_vision", 3, HTML_NAME))
    return card(name, interviewer=HTML_NAME, day=dt.date(2026, 11, day), ratings=ratings)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        with db.transaction(engine) as session:
            cards = [_hostile(HTML_NAME, 1), _hostile(MARKDOWN_NAME, 2)]
            store.import_scorecards(cards, session=session, actor="e2e")
    finally:
        engine.dispose()
    # the person signed in is named as hostile text too: the sidebar shows who it is
    add_user(folder, ADMIN_EMAIL, HTML_NAME, "admin", ADMIN_PASSWORD)
    with running_app(folder) as url:
        yield url


def _plain(locator: Locator) -> str:
    return locator.inner_text().replace(WORD_JOINER, "")


def test_messages_show_hostile_names_as_typed(app_url: str, tall_page: Page) -> None:
    page = tall_page
    sign_in(page, app_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    nav(page, "Candidates")
    form = page.get_by_test_id("stForm").first
    form.get_by_label("Name").fill(MARKDOWN_NAME)
    form.get_by_role("button", name="Add candidate").click()
    settle(page)
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_have_count(1)
    assert _plain(success) == f"Added {MARKDOWN_NAME}."
    assert success.locator(LIVE).count() == 0
    toast = page.get_by_test_id("stToastText")
    assert _plain(toast) == f"Added {MARKDOWN_NAME}."
    assert toast.locator(LIVE).count() == 0

    page.get_by_role("tab", name="Erase a candidate").click()
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_role("button", name="Erase…"))
    panel.locator('[data-testid="stSelectbox"] input').click()
    page.get_by_role("option", name=HTML_NAME, exact=True).click()
    settle(page)
    page.get_by_role("tab", name="Erase a candidate").click()  # a rerun may show the first tab
    page.get_by_role("button", name="Erase…").click()
    settle(page)
    page.get_by_role("tab", name="Erase a candidate").click()
    warning = page.get_by_test_id("stAlertContentWarning")
    assert _plain(warning).startswith(f"Erase {HTML_NAME} with all their scorecards")
    assert warning.locator(LIVE).count() == 0


@pytest.mark.parametrize("path", ["", "compare"])
def test_charts_show_hostile_names_as_typed(app_url: str, tall_page: Page, path: str) -> None:
    page = tall_page
    sign_in(page, app_url, ADMIN_EMAIL, ADMIN_PASSWORD)
    nav(page, "Compare" if path else "Dashboard")
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    legend = chart.locator(".legend")
    texts = legend.locator("text.legendtext").evaluate_all("els => els.map(e => e.textContent)")
    assert HTML_NAME in texts
    assert MARKDOWN_NAME in texts or path == ""  # the dashboard's radar shows one candidate
    # no link, no styled span was made of the name: plotly drew it as one plain text
    assert chart.locator("a").count() == 0
    assert chart.locator("tspan[style*='font-size:60px']").count() == 0
    if path == "":
        title = chart.locator(".gtitle")
        assert re.fullmatch(
            f"({re.escape(HTML_NAME)}|{re.escape(MARKDOWN_NAME)}) against the target",
            title.evaluate("e => e.textContent"),
        )


# Every Markdown, GFM, HTML, LaTeX and Streamlit construct a name could try; `md` must make
# each show exactly as written (code spans are kept as code on purpose).
MARKDOWN_SAMPLES = [
    MARKDOWN_NAME,
    HTML_NAME,
    ":smile: :+1: :100: :material/home: :blue-background[x] :small[y]",
    "# h",
    "## h2",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. one",
    "2) two",
    "---",
    "a\n===",
    "__u__ _i_ *i* ~~s~~ ~s~",
    "![img](http://127.0.0.1:9/i.png)",
    "[ref][1]\n[1]: http://x.example",
    "[^1]\n[^1]: note",
    "www.example.com a@b.se https://x.example <https://x.example> <a@b.se>",
    "&lt;b&gt; &#60;b&#62; &copy;",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<!-- c --> <?x?> </b>",
    "$$x$$ and $x$ and $y$",
    "\\*x\\* a\\\nb \\",
    "- [ ] task",
    "x^2^ H~2~O ==mark==",
    "scorecard[0].candidate_id: must be at most 128 characters, got 1000",
]
LIVE_ELEMENTS = (
    "a, strong, em, del, h1, h2, h3, h4, h5, h6, li, blockquote, table, hr, img, .katex, sup,"
    " sub, mark, input, span[style], span[role='img']"
)


def test_every_markdown_construct_shows_as_typed(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import json
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("markdown")
    (folder / "samples.json").write_text(json.dumps(MARKDOWN_SAMPLES), encoding="utf-8")
    script = folder / "samples.py"
    script.write_text(
        "import json, pathlib\n"
        "import streamlit as st\n"
        "from assess.ui.text import md\n"
        "for s in json.loads((pathlib.Path(__file__).parent / 'samples.json').read_text()):\n"
        "    st.warning(md(s))\n",
        encoding="utf-8",
    )
    port = free_port()
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with (folder / "streamlit.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc, folder / "streamlit.log")
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(url)
            boxes = tab.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
            expect(boxes).to_have_count(len(MARKDOWN_SAMPLES))
            shown = []
            for i, sample in enumerate(MARKDOWN_SAMPLES):
                box = boxes.nth(i)
                live = box.locator(LIVE_ELEMENTS).evaluate_all("els => els.map(e => e.tagName)")
                shown.append((sample, _plain(box), live))
            context.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert [(s, text, live) for s, text, live in shown if text != s or live] == []
