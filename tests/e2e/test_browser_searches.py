"""The real app in headless Chromium: a link with ?search=&lang= survives a reload (after
signing in again), in Swedish, and every page in the navigation opens directly by its path."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import ROOT, add_user, require_chromium, running_app
from serving import shot as _shot

pytestmark = pytest.mark.browser

STEP_TIMEOUT_MS = 30_000
EMAIL = "e2e.searcher@example.se"
PASSWORD = "e2e searcher password 1"

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402
from steps import radar_traces as _radar_traces  # noqa: E402

from assess.domain.i18n import t  # noqa: E402
from assess.domain.permissions import PAGES, allowed  # noqa: E402
from assess.domain.rubric import load_rubric  # noqa: E402


def _searches(folder: Path) -> None:
    """Searches 1 "CTO, Acme" and 2 "CTO, Beta" (technical leader x startup); search 2 sets
    people leadership's target to 5 and holds Bea and Cai (candidates 2 and 3), search 1 Ann."""
    import datetime as dt

    from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
    from assess.services import searches
    from assess.services.actor import Actor
    from assess.storage import db

    setup = Actor("e2e setup", "cli")
    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        for title in ("CTO, Acme", "CTO, Beta"):
            searches.add_search(actor=setup, engine=engine,
                                rubric=load_rubric(), title=title,
                                archetype="technical_leader", stage="startup")  # fmt: skip
        searches.set_target(2, actor=setup, engine=engine, rubric=load_rubric(),
                            competency="people_leadership", level=5, weight=None,
                            reason="leads 40 engineers")  # fmt: skip
        cards = [
            ScorecardIn(
                candidate=CandidateRef(name=name),
                interviewer="Olle Ny",
                interview_type="technical",
                interview_date=dt.date(2026, 11, 2),
                state="submitted",
                ratings=[
                    RatingIn(competency=c.id, rating=rating) for c in load_rubric().competencies
                ],
            )
            for name, rating in (("Ann Acme", 3), ("Bea Beta", 4), ("Cai Beta", 2))
        ]
        searches.import_into_search(cards, actor=setup, engine=engine, search_ids=[1, 2, 2])
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("e2e_searches")
    add_user(made, EMAIL, "E2E Searcher", "recruiter", PASSWORD)
    _searches(made)
    return made


@pytest.fixture(scope="module")
def app_url(folder: Path) -> Iterator[str]:
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
    chosen = page.get_by_role("combobox", name="Rekrytering", exact=True)
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


PATHS = [p for p, action in PAGES.items() if allowed("recruiter", action)]


def test_a_dashboard_link_in_swedish_survives_a_reload(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/dashboard?search=2&candidate=3&lang=sv")
    _sign_in(page, "sv")
    sidebar = page.locator('[data-testid="stSidebar"]')
    chosen = sidebar.get_by_role("combobox", name="Rekrytering")
    shown = page.get_by_role("combobox", name="Visa kandidat")
    for attempt in ("link", "reload"):
        assert _title(page) == "Översikt", attempt
        expect(chosen).to_have_value("2: CTO, Beta")
        expect(shown).to_have_value("Cai Beta")
        for part in ("search=2", "candidate=3", "lang=sv"):
            assert re.search(rf"[?&]{part}(&|$)", page.url), (attempt, part)
        # the radar: Cai against search 2's profile, people leadership's target set to 5
        title = page.locator(".js-plotly-plot .gtitle").first
        expect(title).to_have_text("Cai Beta mot målprofilen")
        traces = _radar_traces(page)
        names = [c.name.get("sv") for c in load_rubric().competencies]
        target = {name: r for name, r in zip(traces[0]["theta"], traces[0]["r"], strict=False)}
        assert target["Personalledarskap och talang"] == 5
        assert traces[0]["name"] == "2: CTO, Beta"
        assert traces[1]["name"] == "Cai Beta"
        assert traces[1]["theta"] == [*names, names[0]]
        assert traces[1]["r"] == [2] * (len(names) + 1)
        expect(sidebar.get_by_text("leads 40 engineers")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        if attempt == "link":
            page.reload()
            # a reload is a new session: sign in again, and the same view opens
            _sign_in(page, "sv")
    _shot(page, "dashboard-search-reloaded-sv")


@pytest.mark.parametrize("kind", ["summary", "detail"])
def test_a_searchs_report_download_is_the_commands(
    app_url: str, folder: Path, page: Page, kind: str
) -> None:
    """The Reports page on search 2 downloads what `report --search 2` writes, byte for byte:
    the search's candidates against its profile."""
    page.goto(f"{app_url}/reports?search=2&lang=en")
    _sign_in(page, "en")
    with page.expect_download() as info:
        page.get_by_role("button", name=t(f"rep.{kind}", "en")).click()
    assert info.value.suggested_filename == f"{kind}-search-2.csv"
    downloaded = Path(info.value.path()).read_bytes()
    command = [sys.executable, "-m", "assess", "report", "--search", "2", "--kind", kind,
               "--db", f"sqlite:///{folder / 'e2e.db'}"]  # fmt: skip
    written = subprocess.run(command, check=True, capture_output=True, cwd=ROOT).stdout
    assert downloaded == written
    names = {row[1] for row in csv.reader(io.StringIO(downloaded.decode("utf-8")))}
    assert {"Bea Beta", "Cai Beta"} <= names
    assert "Ann Acme" not in names


def test_the_root_opens_the_first_page_with_its_query(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/?lang=sv&search=1")
    _sign_in(page, "sv")
    assert _title(page) == "Översikt"
    expect(
        page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Rekrytering")
    ).to_have_value("1: CTO, Acme")
    assert page.url.startswith(f"{app_url}/dashboard?")
    assert "lang=sv" in page.url and "search=1" in page.url


@pytest.mark.parametrize("path", PATHS)
def test_every_page_opens_directly_by_its_path(app_url: str, page: Page, path: str) -> None:
    page.goto(f"{app_url}/{path}?lang=sv")
    _sign_in(page, "sv")
    assert _title(page) == TITLES[path]
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert page.url.startswith(f"{app_url}/{path}")
