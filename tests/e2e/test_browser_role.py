"""The Define the role page in headless Chromium: fill in the questionnaire, use the
recommendation for the search, add a stakeholder's view, and see every view on the radar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import add_user, require_chromium, running_app, sign_in
from serving import shot as _shot

pytestmark = pytest.mark.browser

EMAIL = "e2e.definer@example.se"
PASSWORD = "e2e definer password 1"

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402
from steps import STEP_TIMEOUT_MS, choose, nav, radar_traces, settle, success  # noqa: E402

from assess.domain.rubric import load_rubric  # noqa: E402

RUBRIC = load_rubric()


def _setup(folder: Path) -> None:
    """Search 1 (big thinker at growth) with the CEO's view: hands-on engineering 5, weight 3,
    everything else level 3, weight 2."""
    from assess.services import alignment, searches
    from assess.services.actor import Actor
    from assess.storage import db

    who = Actor("e2e setup", "cli")
    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        searches.add_search(actor=who, engine=engine, rubric=RUBRIC, title="CTO, Acme",
                            archetype="big_thinker", stage="growth")  # fmt: skip
        view = {c: {"level": 3, "weight": 2} for c in RUBRIC.competency_ids}
        view["hands_on_engineering"] = {"level": 5, "weight": 3}
        alignment.set_stakeholder(1, actor=who, engine=engine, rubric=RUBRIC, name="CEO",
                                  profile=view)  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e_role")
    add_user(folder, EMAIL, "E2E Definer", "recruiter", PASSWORD)
    _setup(folder)
    with running_app(folder) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


def test_define_the_role_and_see_the_alignment_radar(app_url: str, page: Page) -> None:
    sign_in(page, app_url, EMAIL, PASSWORD)
    nav(page, "Define the role")
    expect(page.get_by_text("Current target: Big thinker at Growth.")).to_be_visible()
    # 1. the questionnaire: the README's company (an idea, three people, no engineers)
    choose(page, "How far has the company come?",
           "An idea: the business plan still has to be shown technically feasible")  # fmt: skip
    for label, number in (("How many people does the company employ?", "3"),
                          ("How many engineers work in-house", "0")):  # fmt: skip
        box = page.get_by_label(re.compile("^" + re.escape(label)))
        box.fill(number)
        box.press("Tab")
    choose(page, "What is the CTO hired for?", "To build innovative products")
    choose(page, "Will the CTO write code?", "Yes, a large part of the job")
    choose(page, "Does the company sell software that its customers use?", "Yes")
    page.get_by_role("button", name="Recommend").click()
    settle(page)
    first = "1. Hands-on technical leader at Pre-seed: score 14"
    expect(page.get_by_text(first, exact=True)).to_be_visible()
    page.get_by_text(first, exact=True).scroll_into_view_if_needed()
    _shot(page, "role-01-recommendation")
    # 2. use it: the search's target follows
    page.get_by_role("button", name="Use this").first.click()
    settle(page)
    expect(
        success(page).get_by_text(re.compile("^The search's target is now Hands-on"))
    ).to_be_visible()
    expect(
        page.get_by_text("Current target: Hands-on technical leader at Pre-seed.")
    ).to_be_visible()
    # 3. one stakeholder is not enough for an alignment
    expect(page.get_by_text(re.compile("^Alignment needs the views of at least 2"))).to_be_visible()
    # 4. the board's view, starting from the search's new profile, hands-on engineering 1
    page.get_by_text("Add or edit a stakeholder", exact=True).click()
    settle(page)
    page.get_by_label("Name").fill("Board")
    choose(page, "Level", "1")
    page.get_by_label("Name").scroll_into_view_if_needed()
    _shot(page, "role-02-stakeholder-form")
    page.get_by_role("button", name="Save the view").click()
    settle(page)
    expect(success(page).get_by_text("Board's view saved.")).to_be_visible()
    # 5. the alignment: both views and the consensus on one radar
    expect(page.get_by_text("Agreement on levels (alpha)")).to_be_visible()
    traces = radar_traces(page)
    names = [RUBRIC.competency(c).name.en for c in RUBRIC.competency_ids]
    assert [t["name"] for t in traces] == ["CEO", "Board", "Consensus"]
    assert all(t["theta"] == [*names, names[0]] for t in traces)
    ceo, board, consensus = (t["r"] for t in traces)
    profile = RUBRIC.profile("technical_leader", "pre_seed")
    assert ceo[:2] == [5, 3]
    assert board[:2] == [1, profile.targets[1].level]
    assert consensus[0] == 3  # (5 + 1) / 2
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    _shot(page, "role-03-alignment-radar")
    # 6. adopt the consensus as the target
    page.get_by_role("button", name="Make the consensus the search's target").click()
    settle(page)
    expect(
        success(page).get_by_text(re.compile(r"^The search's target is now the consensus of 2 "))
    ).to_be_visible()
    _shot(page, "role-04-consensus-adopted")
