"""Browser-test fixtures: Chromium, and a real OpenID Connect provider (Canaille) on loopback."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from oidc_provider import OidcAccount, OidcApp
from serving import CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, free_port, running_app

EXPECT_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright, shared by the session's tests."""
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s default for expect() is too short on two shared cores under load (a
    # dashboard's radar has taken longer to appear); the steps already allow this much
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tall_page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and tab, tall enough for a whole page without scrolling."""
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    tab = context.new_page()
    tab.set_default_timeout(STEP_TIMEOUT_MS)
    yield tab
    context.close()


@pytest.fixture
def oidc_app(iam_server: Any) -> Iterator[OidcApp]:
    """A confidential OpenID Connect client at the provider, for an app on a free port.

    The app runs on 127.0.0.1 and the provider on localhost: two host names, so the
    provider's session cookie and the app's cookies never share a jar entry.
    """
    port = free_port()
    registration = OidcApp(
        port=port,
        client_id=f"cto-assess-{port}",
        client_secret=secrets.token_urlsafe(24),
        metadata_url=f"{iam_server.url}.well-known/openid-configuration",
        cookie_secret=secrets.token_urlsafe(32),
    )
    client = iam_server.models.Client(
        client_id=registration.client_id,
        client_secret=registration.client_secret,
        client_name="CTO Assess",
        client_uri=f"http://127.0.0.1:{port}",
        redirect_uris=[registration.redirect_uri],
        # Streamlit sends the callback address as the place to return to after signing out
        post_logout_redirect_uris=[registration.redirect_uri],
        grant_types=["authorization_code"],
        response_types=["code"],
        token_endpoint_auth_method="client_secret_basic",
        scope=["openid", "profile", "email"],
    )
    iam_server.backend.save(client)
    # the ID token's audience is the client itself (Canaille leaves it empty otherwise)
    client.audience = [client]
    iam_server.backend.save(client)
    yield registration
    iam_server.backend.delete(client)


@pytest.fixture
def make_oidc_account(iam_server: Any) -> Iterator[Callable[[str, str, str], OidcAccount]]:
    """Make people with a password at the provider: (login, given name, family name) ->
    their account, email LOGIN@example.org; all of them are removed after the test."""
    made: list[Any] = []

    def make(login: str, given: str, family: str) -> OidcAccount:
        account = OidcAccount(
            login=login,
            password=secrets.token_urlsafe(12),
            email=f"{login}@example.org",
            name=f"{given} {family}",
        )
        user = iam_server.models.User(
            user_name=login,
            given_name=given,
            family_name=family,
            formatted_name=account.name,
            emails=[account.email],
            password=account.password,
        )
        iam_server.backend.save(user)
        made.append(user)
        return account

    yield make
    for user in made:
        iam_server.backend.delete(user)


@pytest.fixture
def oidc_account(make_oidc_account: Callable[[str, str, str], OidcAccount]) -> OidcAccount:
    """One person with a password at the provider."""
    return make_oidc_account("ada.lovelace", "Ada", "Lovelace")


@pytest.fixture
def secrets_file(tmp_path: Path, oidc_app: OidcApp) -> Path:
    """A secrets.toml with `[auth]` for `oidc_app`, outside the repository."""
    path = tmp_path / "secrets.toml"
    path.write_text(oidc_app.secrets_toml(), encoding="utf-8")
    return path


@pytest.fixture
def sso_app_url(tmp_path: Path, oidc_app: OidcApp, secrets_file: Path) -> Iterator[str]:
    """The app with `[auth]` pointing at the test provider, on the port it is registered for,
    against a fresh database."""
    with running_app(
        tmp_path, port=oidc_app.port, args=["--secrets.files", str(secrets_file)]
    ) as url:
        yield url


@pytest.fixture
def app_user(tmp_path: Path) -> Callable[[OidcAccount, str], None]:
    """Give a provider account a user record (single sign-on) with a role in the app."""
    from serving import add_user

    def add(account: OidcAccount, role: str) -> None:
        add_user(tmp_path, account.email, account.name, role)

    return add
