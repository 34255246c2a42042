"""Two app servers on one PostgreSQL: a scorecard submitted through one shows in the other's
dashboard on its next click."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_schemas import POSTGRES_URL, postgres_schema
from serving import add_user, require_chromium, running_app, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

require_chromium()
if not POSTGRES_URL:
    pytest.skip("no test PostgreSQL named (source .ci/postgres.sh)", allow_module_level=True)

from playwright.sync_api import Browser, Page  # noqa: E402
from steps import (  # noqa: E402
    STEP_TIMEOUT_MS,
    choose,
    nav,
    radar_traces,
    settle,
    submit_scorecard,
)

from assess.domain.rubric import load_rubric  # noqa: E402
from assess.services.actor import Actor  # noqa: E402
from assess.services.demo import load_demo  # noqa: E402
from assess.storage import db  # noqa: E402

RATER = "Second Server"
EMAIL = "second.server@example.se"
PASSWORD = "second server password 1"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two `streamlit run` servers on one PostgreSQL schema holding the demo data."""
    with postgres_schema() as url:
        folder: Path = tmp_path_factory.mktemp("servers")
        add_user(folder, EMAIL, RATER, "recruiter", PASSWORD, url=url)
        engine = db.open_database(url)
        try:
            load_demo(
                actor=Actor("e2e"), engine=engine, rubric=load_rubric(), today=dt.date(2026, 11, 23)
            )
        finally:
            engine.dispose()
        env = {"ASSESS_DATABASE_URL": url}
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        with (
            running_app(folder / "a", env=env) as first,
            running_app(folder / "b", env=env) as second,
        ):
            yield first, second


def _tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


@pytest.fixture
def page_a(browser: Browser) -> Iterator[Page]:
    yield from _tab(browser)


@pytest.fixture
def page_b(browser: Browser) -> Iterator[Page]:
    yield from _tab(browser)


def test_a_scorecard_submitted_through_one_server_shows_in_the_other(
    servers: tuple[str, str], page_a: Page, page_b: Page
) -> None:
    first, second = servers
    sign_in(page_b, second, EMAIL, PASSWORD)  # the dashboard is the first page
    settle(page_b)
    shot(page_b, "servers_01_second_before")
    before = radar_traces(page_b)
    candidate = str(before[1]["name"])

    sign_in(page_a, first, EMAIL, PASSWORD)
    settle(page_a)
    submit_scorecard(page_a, candidate, RATER, "Rated through the first server.")

    # the next click on the other server: its dashboard scores the new rating of 1
    nav(page_b, "Dashboard")
    choose(page_b, "Show candidate", candidate)
    shot(page_b, "servers_02_second_after")
    after = radar_traces(page_b)
    assert after[1]["name"] == candidate
    assert after[0]["r"] == before[0]["r"]
    old, new = before[1]["r"][0], after[1]["r"][0]
    assert new == 1.0 if old is None else new < old
