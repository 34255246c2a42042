"""The real app in headless Chromium: an interviewer opens the Scorecard page on their own
interview, rates its focus competencies and submits; the card lands in the search. A recruiter
sees the team and plan on the Searches page and downloads an interview's kit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import add_user, require_chromium, running_app, sign_in
from serving import shot as _shot

pytestmark = pytest.mark.browser

EMAIL = "lena.ek@example.se"
RECRUITER = "rita@example.se"
PASSWORD = "e2e interviewer password 1"
FOCUS = ("people_leadership", "hands_on_engineering", "tech_vision")
DAY = dt.date(2026, 11, 2)

require_chromium()

from playwright.sync_api import Page, expect  # noqa: E402
from steps import nav, settle, success  # noqa: E402

from assess.domain.rubric import load_rubric  # noqa: E402


def _plan(folder: Path) -> None:
    """Search "CTO, Acme" with Anna Berg; Lena interviews her in the deep dive."""
    from assess.services import searches
    from assess.services.actor import Actor
    from assess.services.candidates import add_candidate
    from assess.storage import db

    setup = Actor("e2e setup", "cli")
    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        sid = searches.add_search(actor=setup, engine=engine, rubric=load_rubric(),
                                  title="CTO, Acme", archetype="technical_leader",
                                  stage="startup", client="Acme AB").id  # fmt: skip
        anna = add_candidate("Anna Berg", actor=setup, engine=engine).id
        searches.add_to_search(sid, anna, actor=setup, engine=engine)
        searches.set_team_member(sid, actor=setup, engine=engine, user_id=1, role="interviewer")
        deep = searches.add_interview(sid, actor=setup, engine=engine, rubric=load_rubric(),
                                      name="Deep dive", kind="technical", focus=list(FOCUS),
                                      interview_date=DAY).id  # fmt: skip
        searches.assign_interviewer(deep, anna, 1, actor=setup, engine=engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("e2e_my_interviews")
    add_user(folder, EMAIL, "Lena Ek", "interviewer", PASSWORD)
    add_user(folder, RECRUITER, "Rita Rekryterare", "recruiter", PASSWORD)
    _plan(folder)
    with running_app(folder) as url:
        yield url, folder


def _rate(page: Page, competency: str, level: int) -> None:
    # the focus competency's bordered container
    box = page.locator('[data-testid="stLayoutWrapper"]').filter(
        has=page.get_by_role("heading", name=competency, exact=True)
    )
    box.get_by_text(re.compile(rf"^{level} · ")).click()
    settle(page)


def test_an_interviewer_scores_their_interview_focus_first(
    served: tuple[str, Path], tall_page: Page
) -> None:
    url, folder = served
    page = tall_page
    sign_in(page, url, EMAIL, PASSWORD)
    settle(page)
    nav(page, "Scorecard")
    mine = page.get_by_role("combobox", name="Interview", exact=True)
    expect(mine).to_have_value(
        "Anna Berg · Deep dive · CTO, Acme · 2026-11-02 · not started · OVERDUE"
    )
    expect(
        page.get_by_text(
            "Candidate: Anna Berg · interview: Deep dive (Technical) · 2026-11-02 · search: "
            "CTO, Acme",
            exact=True,
        )
    ).to_be_visible()
    rubric = load_rubric()
    names = [rubric.competency(c).name.en for c in FOCUS]
    # the focus competencies are open, in the plan's order; the others are folded away
    headings = page.locator("h4").all_inner_texts()
    assert [h.strip() for h in headings][:3] == names
    others = page.locator('[data-testid="stExpander"]').filter(has_text="Other competencies")
    expect(others).to_have_count(1)
    budget = others.get_by_text(rubric.competency("budget_vendors").name.en, exact=True)
    expect(budget).to_be_hidden()
    # the first anchor of the first focus competency is on screen, not behind a click
    expect(page.get_by_text(rubric.competency(FOCUS[0]).levels[4].en, exact=True)).to_be_visible()
    for name, level in zip(names, (4, 3, 5), strict=True):
        _rate(page, name, level)
    evidence = page.get_by_label("Evidence: what did the candidate say or do?").first
    evidence.fill("Grew two engineering managers into directors")
    evidence.press("Tab")
    settle(page)
    expect(page.get_by_text("3 of 14 competencies rated.", exact=True)).to_be_visible()
    _shot(page, "scorecard-my-interview-focus")
    # folded, not gone: it opens and can be rated
    others.locator("summary").click()
    expect(budget).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(success(page).get_by_text(re.compile(r"^Scorecard \d+ submitted\.$"))).to_be_visible()
    settle(page)
    # nothing left to score: the page is back to a free choice of candidate
    expect(page.get_by_role("combobox", name="Interview", exact=True)).to_have_count(0)
    expect(page.get_by_role("combobox", name="Candidate")).to_be_visible()
    _shot(page, "scorecard-my-interview-submitted")
    _stored_in_the_search(folder)


def _stored_in_the_search(folder: Path) -> None:
    from sqlalchemy import select

    from assess.services import searches
    from assess.services.actor import Actor
    from assess.storage import db
    from assess.storage.db import Rating, Scorecard, transaction

    engine = db.open_database(f"sqlite:///{folder / 'e2e.db'}")
    try:
        with transaction(engine, readonly=True) as session:
            cards = session.execute(
                select(
                    Scorecard.id,
                    Scorecard.search_id,
                    Scorecard.interview_type,
                    Scorecard.interview_date,
                    Scorecard.state,
                )
            ).all()
            rated = session.execute(
                select(Rating.competency, Rating.rating)
                .where(Rating.rating.is_not(None))
                .order_by(Rating.competency)
            ).all()
        assert [tuple(c)[1:] for c in cards] == [(1, "technical", DAY, "submitted")]
        assert [tuple(r) for r in rated] == [
            ("hands_on_engineering", 3),
            ("people_leadership", 4),
            ("tech_vision", 5),
        ]
        cells = searches.search_progress(1, actor=Actor("e2e check", "cli"), engine=engine)
        assert [(c.interviewer, c.state) for c in cells] == [("Lena Ek", "submitted")]
    finally:
        engine.dispose()


def test_a_recruiter_downloads_the_interview_kit(served: tuple[str, Path], tall_page: Page) -> None:
    url, _ = served
    page = tall_page
    sign_in(page, url, RECRUITER, PASSWORD)
    settle(page)
    nav(page, "Searches")
    expect(page.get_by_role("heading", name="Interview plan", exact=True)).to_be_visible()
    kit_lang = page.locator('[data-testid="stSelectbox"]').filter(has_text="Kit language")
    kit_lang.locator("input").click()
    page.get_by_role("option", name="Svenska", exact=True).click()
    settle(page)
    page.get_by_role("heading", name="Interview plan", exact=True).scroll_into_view_if_needed()
    _shot(page, "searches-team-and-plan")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download the interview kit").click()
    download = caught.value
    assert download.suggested_filename == "interview-kit-1-1-sv.html"
    kit = Path(download.path()).read_text(encoding="utf-8")
    assert kit.startswith("<!DOCTYPE html>")
    assert "<h1>Intervjuunderlag: Deep dive</h1>" in kit
    assert kit.count('<section class="competency"') == len(FOCUS)
