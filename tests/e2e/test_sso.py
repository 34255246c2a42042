"""Single sign-on in headless Chromium against a real OpenID Connect provider on loopback."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from serving import require_chromium
from serving import shot as _shot

pytestmark = pytest.mark.browser
require_chromium()

from oidc_provider import OidcAccount, sign_in_at_provider  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

STEP_TIMEOUT_MS = 30_000


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


def test_sign_in_with_the_provider_then_sign_out(
    sso_app_url: str,
    page: Page,
    oidc_account: OidcAccount,
    app_user: Callable[[OidcAccount, str], None],
) -> None:
    app_user(oidc_account, "recruiter")
    page.goto(sso_app_url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # nothing of the app shows before sign-in: no navigation, no dashboard
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    _shot(page, "sso_01_sign_in")
    page.get_by_role("button", name="Sign in with single sign-on").click()

    # the provider's own login form
    page.wait_for_url(re.compile(r"^http://localhost:\d+/"))
    _shot(page, "sso_02_provider")
    sign_in_at_provider(page, oidc_account)

    # back at the app, signed in: the sidebar names the identity, the dashboard shows
    page.wait_for_url(re.compile(rf"^{re.escape(sso_app_url)}/"))
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(
        sidebar.get_by_text(f"Signed in as {oidc_account.name} ({oidc_account.email})")
    ).to_be_visible()
    expect(sidebar.get_by_text("Role: recruiter", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    _shot(page, "sso_04_signed_in")

    # signing out ends the provider's session too and comes back to the sign-in screen
    sidebar.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(rf"^{re.escape(sso_app_url)}/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    _shot(page, "sso_05_signed_out")
    page.get_by_role("button", name="Sign in with single sign-on").click()
    expect(page.get_by_label("Login")).to_be_visible()


def test_an_identity_without_a_user_record_gets_no_access(
    sso_app_url: str, page: Page, oidc_account: OidcAccount
) -> None:
    page.goto(sso_app_url)
    page.get_by_role("button", name="Sign in with single sign-on").click()
    sign_in_at_provider(page, oidc_account)
    page.wait_for_url(re.compile(rf"^{re.escape(sso_app_url)}/"))
    expect(
        page.get_by_text(
            f"You are signed in as {oidc_account.email}, but no active CTO Assess user has "
            "this email. Ask an admin to add you."
        )
    ).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    _shot(page, "sso_03_no_access")


def test_two_people_in_two_browsers_each_see_themselves(
    sso_app_url: str,
    browser: Any,
    make_oidc_account: Callable[[str, str, str], OidcAccount],
    app_user: Callable[[OidcAccount, str], None],
) -> None:
    people = [
        make_oidc_account("grace", "Grace", "Hopper"),
        make_oidc_account("alan", "Alan", "Turing"),
    ]
    app_user(people[0], "interviewer")
    app_user(people[1], "hiring_manager")
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1200}) for _ in people]
    try:
        tabs = [context.new_page() for context in contexts]
        for tab, person in zip(tabs, people, strict=True):
            tab.set_default_timeout(STEP_TIMEOUT_MS)
            tab.goto(sso_app_url)
            tab.get_by_role("button", name="Sign in with single sign-on").click()
            sign_in_at_provider(tab, person)
            tab.wait_for_url(re.compile(rf"^{re.escape(sso_app_url)}/"))
        # both sessions stay signed in, each as its own person, after the other signed in
        for tab, person in zip(tabs, people, strict=True):
            tab.reload()
            sidebar = tab.locator('[data-testid="stSidebar"]')
            expect(
                sidebar.get_by_text(f"Signed in as {person.name} ({person.email})")
            ).to_be_visible()
            expect(sidebar.get_by_text(re.compile(r"^Signed in as "))).to_have_count(1)
        _shot(tabs[1], "sso_06_second_person")
    finally:
        for context in contexts:
            context.close()
