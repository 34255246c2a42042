"""The real app in headless Chromium: a link with ?search=&lang= survives a reload (after
signing in again), in Swedish, and every page in the navigation opens directly by its path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import add_user, require_chromium, running_app
from serving import shot as _shot

pytestmark = pytest.mark.browser

STEP_TIMEOUT_MS = 30_000
EMAIL = "e2e.searcher@example.se"
PASSWORD = "e2e searcher password 1"

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from assess.domain.i18n import t  # noqa: E402
from assess.domain.permissions import PAGES, allowed  # noqa: E402
from assess.domain.rubric import load_rubric  # noqa: E402


def _searches(folder: Path) -> None:
    from assess.services import searches
    from assess.services.actor import Actor
    from assess.storage import db

    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        for title in ("CTO, Acme", "CTO, Beta"):
            searches.add_search(actor=Actor("e2e setup", "cli"), engine=engine,
                                rubric=load_rubric(), title=title,
                                archetype="technical_leader", stage="startup")  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e_searches")
    add_user(folder, EMAIL, "E2E Searcher", "recruiter", PASSWORD)
    _searches(folder)
    with running_app(folder) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


def _settle(page: Page) -> None:
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_TIMEOUT_MS)


def _sign_in(page: Page, lang: str) -> None:
    """The built-in sign-in form, in the language the URL asked for."""
    _settle(page)
    page.get_by_role("textbox", name=t("auth.email", lang)).fill(EMAIL)
    page.get_by_role("textbox", name=t("auth.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("auth.submit", lang)).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    _settle(page)


def _title(page: Page) -> str:
    heading = page.locator("h1").filter(has_text=re.compile(".+")).first
    expect(heading).to_be_visible()
    return heading.inner_text().strip()


def test_a_search_link_in_swedish_survives_a_reload(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/searches?search=2&lang=sv")
    _sign_in(page, "sv")
    assert _title(page) == "Rekryteringar"
    chosen = page.get_by_role("combobox", name="Rekrytering")
    expect(chosen).to_have_value("2: CTO, Beta")
    assert re.search(r"[?&]search=2(&|$)", page.url) and re.search(r"[?&]lang=sv(&|$)", page.url)
    page.reload()
    # a reload is a new session: sign in again, and the same view opens
    _sign_in(page, "sv")
    assert _title(page) == "Rekryteringar"
    expect(chosen).to_have_value("2: CTO, Beta")
    assert "search=2" in page.url and "lang=sv" in page.url
    _shot(page, "searches-reloaded-sv")


TITLES = {
    "dashboard": "Översikt",
    "searches": "Rekryteringar",
    "role": "Definiera rollen",
    "candidates": "Kandidater",
    "scorecard": "Bedömningsformulär",
    "compare": "Jämför kandidater",
    "reports": "Rapporter",
    "calibration": "Kalibrering",
    "rubric": "Kompetensmodell",
}


# The Dashboard is the default page, which Streamlit serves at / and never at its url_path:
# /dashboard still answers "Page not found" (a known gap, left to the navigation's owner).
DEFAULT_PAGE_GAP = pytest.mark.xfail(
    strict=True, reason="the default page is served at / only, not at /dashboard"
)
PATHS = [
    pytest.param(p, marks=DEFAULT_PAGE_GAP) if p == "dashboard" else p
    for p, action in PAGES.items()
    if allowed("recruiter", action)
]


@pytest.mark.parametrize("path", PATHS)
def test_every_page_opens_directly_by_its_path(app_url: str, page: Page, path: str) -> None:
    page.goto(f"{app_url}/{path}?lang=sv")
    _sign_in(page, "sv")
    assert _title(page) == TITLES[path]
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert page.url.startswith(f"{app_url}/{path}")
