"""The test OpenID Connect provider's records: an app registration and an account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OidcAccount:
    """A person with an account at the test provider."""

    login: str
    password: str
    email: str
    name: str


@dataclass(frozen=True)
class OidcApp:
    """The app's registration at the test provider, and where the app must listen for it."""

    port: int
    client_id: str
    client_secret: str
    metadata_url: str
    cookie_secret: str

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth2callback"

    def secrets_toml(self) -> str:
        """The `[auth]` section of `.streamlit/secrets.toml` for this registration."""
        return (
            "[auth]\n"
            f'redirect_uri = "{self.redirect_uri}"\n'
            f'cookie_secret = "{self.cookie_secret}"\n'
            f'client_id = "{self.client_id}"\n'
            f'client_secret = "{self.client_secret}"\n'
            f'server_metadata_url = "{self.metadata_url}"\n'
        )


def sign_in_at_provider(page: Any, account: OidcAccount) -> None:
    """On the provider's login form (a Playwright page): the login, then the password."""
    page.get_by_label("Login").fill(account.login)
    page.get_by_role("button", name="Continue").click()
    # by role: the label "Password" also names the button that shows the password
    page.get_by_role("textbox", name="Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
