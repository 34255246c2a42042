"""Hostile names in the real app, rendered by Chromium: messages, chart titles and legends show
the text as typed, with no link, bold, colour, KaTeX or styled span made from it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from builders import HTML_NAME, MARKDOWN_NAME, card
from serving import require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

from assess.domain.schemas import ScorecardIn  # noqa: E402
from assess.storage import db, store  # noqa: E402

STEP_TIMEOUT_MS = 30_000
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
    with running_app(folder) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


def _settle(page: Page) -> None:
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_TIMEOUT_MS)


def _plain(locator: Locator) -> str:
    return locator.inner_text().replace(WORD_JOINER, "")


def test_messages_show_hostile_names_as_typed(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/candidates")
    _settle(page)
    form = page.get_by_test_id("stForm").first
    form.get_by_label("Name").fill(MARKDOWN_NAME)
    form.get_by_role("button", name="Add candidate").click()
    _settle(page)
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
    _settle(page)
    page.get_by_role("tab", name="Erase a candidate").click()  # a rerun may show the first tab
    page.get_by_role("button", name="Erase…").click()
    _settle(page)
    page.get_by_role("tab", name="Erase a candidate").click()
    warning = page.get_by_test_id("stAlertContentWarning")
    assert _plain(warning).startswith(f"Erase {HTML_NAME} with all their scorecards")
    assert warning.locator(LIVE).count() == 0


@pytest.mark.parametrize("path", ["", "compare"])
def test_charts_show_hostile_names_as_typed(app_url: str, page: Page, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    _settle(page)
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
