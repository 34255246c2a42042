"""Playwright steps the browser tests share: wait for a run, navigate, choose, read a radar."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect
from serving import STEP_TIMEOUT_MS, settle
from serving import nav as go

__all__ = ["STEP_TIMEOUT_MS", "choose", "nav", "radar_traces", "settle", "submit_scorecard"]


def nav(page: Page, title: str) -> None:
    """`serving.nav`, then wait for the page's title."""
    go(page, title)
    expect(page.locator("h1").filter(has_text=re.compile(".+")).first).to_be_visible()
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    wanted = page.get_by_role("option", name=option, exact=True)
    # A click that lands while the page is still redrawing focuses the box without opening
    # its list; click again (a few times at most) until the option shows.
    for _ in range(3):
        box.locator("input").click()
        try:
            expect(wanted).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    wanted.click()
    settle(page)


def success(page: Page) -> Locator:
    """The success messages shown at the top of the page."""
    return page.get_by_test_id("stAlertContentSuccess")


def radar_traces(page: Page) -> list[dict[str, Any]]:
    """Name, r and theta of every trace of the first plotly chart on the page, from the DOM."""
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    traces: list[dict[str, Any]] = chart.evaluate(
        "el => el.data.map(t => ({name: t.name, r: Array.from(t.r || []),"
        " theta: Array.from(t.theta || [])}))"
    )
    return traces


def fill_scorecard(page: Page, candidate: str, rater: str, evidence: str) -> None:
    """On the Scorecard page: rate `candidate` 1 on the first competency, as the signed-in
    `rater` (the page names them as the interviewer)."""
    nav(page, "Scorecard")
    choose(page, "Candidate", candidate)
    expect(page.get_by_text(f"Interviewer: {rater}", exact=True)).to_be_visible()
    first = page.locator('[data-testid="stExpander"]').first
    first.locator("summary").click()
    rated = page.get_by_text(re.compile(r"^1 of \d+ competencies rated"))
    # A click that lands while the page is still loading the chosen candidate's card is
    # undone by that load; click again (a few times at most) until the page counts it.
    for _ in range(3):
        first.get_by_text(re.compile(r"^1 · ")).click()
        settle(page)
        try:
            expect(rated).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(rated).to_be_visible()
    box = first.get_by_label("Evidence: what did the candidate say or do?")
    box.fill(evidence)
    box.press("Tab")
    settle(page)


def submit(page: Page) -> None:
    """Submit the filled scorecard and wait for the page to say so."""
    page.get_by_role("button", name="Submit").click()
    expect(success(page).get_by_text(re.compile(r"^Scorecard \d+ submitted\.$"))).to_be_visible()


def submit_scorecard(page: Page, candidate: str, rater: str, evidence: str) -> None:
    """`fill_scorecard`, then `submit`."""
    fill_scorecard(page, candidate, rater, evidence)
    submit(page)
