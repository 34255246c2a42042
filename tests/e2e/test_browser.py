"""The real app in headless Chromium: demo data, a submitted scorecard, Swedish, a CSV download."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import ARTIFACTS, add_user, require_chromium, running_app, sign_in
from serving import shot as _shot

pytestmark = pytest.mark.browser

RATER = "E2E Rater"

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402
from steps import STEP_TIMEOUT_MS, fill_scorecard, submit  # noqa: E402
from steps import choose as _choose  # noqa: E402
from steps import nav as _nav  # noqa: E402
from steps import radar_traces as _radar_traces  # noqa: E402
from steps import settle as _settle  # noqa: E402
from steps import success as _success  # noqa: E402

from assess.domain.reports import SUMMARY_COLUMNS  # noqa: E402
from assess.domain.rubric import load_rubric  # noqa: E402

RATER_EMAIL = "e2e.rater@example.se"
RATER_PASSWORD = "e2e rater password 1"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("e2e")
    add_user(folder, RATER_EMAIL, RATER, "recruiter", RATER_PASSWORD)
    with running_app(folder) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


def test_recruiter_flow(app_url: str, page: Page) -> None:
    # 0. sign in with the built-in account form
    sign_in(page, app_url, RATER_EMAIL, RATER_PASSWORD)
    _shot(page, "00_signed_in")
    # 1. an empty database offers demo data
    _nav(page, "Candidates")
    page.get_by_role("button", name="Load demo data").click()
    expect(_success(page).get_by_text(re.compile(r"^Demo data loaded: "))).to_be_visible()
    _settle(page)
    _shot(page, "01_candidates_demo_loaded")

    # 2. the dashboard: the top candidate is preselected; note their radar
    _nav(page, "Dashboard")
    expect(page.get_by_role("heading", name="Ranking")).to_be_visible()
    before = _radar_traces(page)
    candidate = str(before[1]["name"])
    # the radar carries its heading as the chart's title
    title = page.locator(".js-plotly-plot .gtitle").first
    expect(title).to_have_text(f"{candidate} against the target")
    _shot(page, "02_dashboard_before")

    # 3. rate that candidate on the scorecard page and submit
    # the interviewer is the signed-in user
    fill_scorecard(
        page, candidate, RATER, "Could not explain the code review process of their last team."
    )
    _shot(page, "03_scorecard_filled")
    submit(page)
    # also as a toast: the Submit button sits at the bottom of a long page
    expect(page.get_by_test_id("stToastText")).to_have_text(re.compile(r"^Scorecard \d+ submitted"))
    _shot(page, "04_scorecard_submitted")

    # 4. the dashboard radar of that candidate changed: a new rating of 1 pulls the first axis down
    _nav(page, "Dashboard")
    _choose(page, "Show candidate", candidate)
    after = _radar_traces(page)
    assert after[1]["name"] == candidate
    assert after[0]["r"] == before[0]["r"]  # the target did not move
    assert after[1]["r"] != before[1]["r"]
    old, new = before[1]["r"][0], after[1]["r"][0]
    assert new == 1.0 if old is None else new < old
    # e.g. "Fit 71.3 % (55.0-86.1) with 89.5 % of the profile's weight assessed."
    summary = page.get_by_text(re.compile(r"^Fit [0-9.]+ % \([0-9.]+-[0-9.]+\) with ")).inner_text()
    shown_fit = float(re.search(r"Fit ([0-9.]+) %", summary).group(1))  # type: ignore[union-attr]
    _shot(page, "05_dashboard_after")

    # 5. Swedish for the whole interface
    page.locator('[data-testid="stSidebar"]').get_by_text("Svenska", exact=True).click()
    _settle(page)
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
    expect(
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Kandidater")
    ).to_be_visible()
    rubric = load_rubric()
    _shot(page, "06_dashboard_swedish")
    sidebar = page.locator('[data-testid="stSidebar"]')
    # the selected options are shown in Swedish too (the boxes keep their choice)
    expect(sidebar.get_by_label("Arketyp")).to_have_value(rubric.archetypes[0].name.sv)
    expect(sidebar.get_by_label("Företagsfas")).to_have_value(rubric.stages[0].name.sv)
    swedish = [c.name.sv for c in rubric.competencies]
    assert _radar_traces(page)[1]["theta"] == [*swedish, swedish[0]]
    _shot(page, "06_dashboard_swedish")
    _nav(page, "Jämför")
    traces = _radar_traces(page)
    assert len(traces) == 4  # the target and the top three candidates
    _shot(page, "06b_compare_swedish")
    _nav(page, "Kompetensmodell")
    page.get_by_role("tab", name="Arketyper och faser").click()
    _settle(page)
    _shot(page, "06c_rubric_swedish")
    _nav(page, "Kalibrering")
    expect(page.get_by_role("heading", name="Intervjuarnas mildhet")).to_be_visible()
    _shot(page, "06d_calibration_swedish")

    # 6. download the summary CSV and check its content
    _nav(page, "Rapporter")
    with page.expect_download() as info:
        page.get_by_role("button", name="Sammanfattning (CSV)").click()
    download = info.value
    content = Path(download.path()).read_bytes().decode("utf-8")
    _shot(page, "07_reports_swedish")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == list(SUMMARY_COLUMNS)
    assert content.endswith("\r\n")
    names = [r[1] for r in rows[1:]]
    assert candidate in names
    mine = rows[1 + names.index(candidate)]
    assert abs(float(mine[2]) - shown_fit) <= 0.05  # the file agrees with the dashboard
    assert len(names) == len(set(names)) >= 10
    assert [int(r[0]) for r in rows[1:4]] == [1, 2, 3]
    assert all(0 <= float(r[2]) <= 100 for r in rows[1:])
    assert download.suggested_filename.startswith("summary-")

    # 7. the one-page HTML report opens offline with its radar drawn
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner HTML-rapport").click()
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert report.startswith('<!DOCTYPE html>\n<html lang="sv">')
    offline = page.context.browser.new_context(offline=True)  # type: ignore[union-attr]
    try:
        viewer = offline.new_page()
        viewer.set_content(report)
        expect(viewer.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        expect(viewer.locator("h1")).to_have_text(str(rows[1][1]))
        viewer.screenshot(path=str(ARTIFACTS / "08_html_report_offline.png"), full_page=True)
    finally:
        offline.close()

    # 8. the leniency switch: the reports say so, and so does the dashboard after a page switch
    sidebar.get_by_text("Justera för intervjuarnas mildhet", exact=True).click()
    _settle(page)
    expect(
        page.get_by_text(re.compile(r"^Sammanfattningen och detaljrapporten bygger på mildhets"))
    ).to_be_visible()
    _nav(page, "Översikt")
    expect(page.get_by_text(re.compile(r"^Justerat för intervjuarnas mildhet: "))).to_be_visible()
    expect(sidebar.get_by_role("switch", name="Justera för intervjuarnas mildhet")).to_be_checked()
    _shot(page, "09_dashboard_leniency_swedish")
