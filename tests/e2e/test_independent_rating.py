"""Two interviewers in two browsers: neither sees others' ratings before submitting their own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import add_user, require_chromium, running_app, sign_in
from serving import shot as _shot

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Page, expect  # noqa: E402

STEP_TIMEOUT_MS = 30_000
PASSWORD = "independent rating 1"
# Karin Ek is one of the demo data's interviewers; Nils Nyberg has rated nobody yet.
KARIN = ("karin.ek@example.se", "Karin Ek")
NILS = ("nils.nyberg@example.se", "Nils Nyberg")
NO_DATA = "No submitted scorecards yet. Add candidates and submit scorecards first."


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from assess.domain.rubric import load_rubric
    from assess.services.actor import Actor
    from assess.services.demo import load_demo
    from assess.storage import db

    folder: Path = tmp_path_factory.mktemp("independent")
    for email, name in (KARIN, NILS):
        add_user(folder, email, name, "interviewer", PASSWORD)
    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        load_demo(actor=Actor("e2e setup", "cli"), engine=engine, rubric=load_rubric())
    finally:
        engine.dispose()
    with running_app(folder) as url:
        yield url


def _settle(page: Page) -> None:
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=STEP_TIMEOUT_MS)


def _nav(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    _settle(page)


def _ranked(page: Page) -> list[str]:
    """The candidates the Dashboard's candidate picker offers (the ranking's people)."""
    _nav(page, "Dashboard")
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Show candidate").first
    # wait for the page to show one or the other: a look before it has drawn sees neither
    expect(page.get_by_text(NO_DATA).or_(box).first).to_be_visible()
    if page.get_by_text(NO_DATA).count():
        return []
    box.locator("input").click()
    names = [o.inner_text() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    return names


def test_each_interviewer_sees_only_what_they_have_rated(app_url: str, browser: Any) -> None:
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1800}) for _ in range(2)]
    try:
        karin, nils = (context.new_page() for context in contexts)
        for tab, (email, _) in ((karin, KARIN), (nils, NILS)):
            tab.set_default_timeout(STEP_TIMEOUT_MS)
            sign_in(tab, app_url, email, PASSWORD)

        # Nils has submitted nothing: no ranking, no one else's ratings
        assert _ranked(nils) == []
        expect(nils.get_by_text(NO_DATA)).to_be_visible()
        _shot(nils, "indep_01_nils_before")

        # Karin sees exactly the demo candidates she has submitted a scorecard for
        karins = _ranked(karin)
        assert karins, "Karin Ek rated demo candidates"
        _shot(karin, "indep_02_karin")

        # Nils submits his own scorecard for one of them ...
        candidate = karins[0]
        _nav(nils, "Scorecard")
        box = nils.locator('[data-testid="stSelectbox"]').filter(has_text="Candidate").first
        box.locator("input").click()
        nils.get_by_role("option", name=candidate, exact=True).click()
        _settle(nils)
        expect(nils.get_by_text("Interviewer: Nils Nyberg", exact=True)).to_be_visible()
        first = nils.locator('[data-testid="stExpander"]').first
        first.locator("summary").click()
        first.get_by_text(re.compile(r"^4 · ")).click()
        _settle(nils)
        nils.get_by_role("button", name="Submit").click()
        expect(nils.get_by_test_id("stToastText")).to_have_text(
            re.compile(r"^Scorecard \d+ submitted")
        )
        _settle(nils)

        # ... and now that candidate, and only that one, opens to him
        assert _ranked(nils) == [candidate]
        expect(nils.locator(".js-plotly-plot").first).to_be_visible()
        _settle(nils)
        _shot(nils, "indep_03_nils_after")
        # Karin's view did not change
        assert _ranked(karin) == karins
    finally:
        for context in contexts:
            context.close()
