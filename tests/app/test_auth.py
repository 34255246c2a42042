"""Single sign-on in the app under AppTest: st.user seeded as the provider would leave it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assess.services import users
from assess.services.actor import Actor
from assess.storage import db
from assess.ui.auth import Identity, identity_from_claims, providers

pytestmark = pytest.mark.apptest

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 60
# the shape of `[auth]` in .streamlit/secrets.toml; AppTest never contacts the provider
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-enough-length",
    "client_id": "cto-assess",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}
ADA = {"is_logged_in": True, "email": "ada@example.org", "name": "Ada Lovelace"}


MARKUP_NAME = "**Bold** <b>x</b> $y$"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    engine = db.open_database(url)
    setup = Actor("test setup", "cli")
    users.add_user(
        "ada@example.org",
        actor=setup,
        engine=engine,
        name="Ada Lovelace",
        role="admin",
        sign_in_method="sso",
    )
    users.add_user(
        "x@example.org",
        actor=setup,
        engine=engine,
        name=MARKUP_NAME,
        role="interviewer",
        sign_in_method="sso",
    )
    users.add_user(
        "bo@example.org",
        actor=setup,
        engine=engine,
        name="Bo Ek",
        role="recruiter",
        password=PASSWORD,
    )
    yield engine
    engine.dispose()


def _run(user: dict[str, Any], *, auth: bool = True, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if auth:
        at.secrets["auth"] = AUTH
    at.user = user
    at.session_state["lang"] = lang
    return at.run()


def _sidebar_texts(at: AppTest) -> list[str]:
    return [x.value for x in at.sidebar.text]


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (ADA, Identity(email="ada@example.org", name="Ada Lovelace")),
        # no name claim: the email stands in for it
        (
            {"is_logged_in": True, "email": "ada@example.org"},
            Identity("ada@example.org", "ada@example.org"),
        ),
        (
            {"is_logged_in": True, "email": " ada@example.org ", "name": "  "},
            Identity("ada@example.org", "ada@example.org"),
        ),
        ({"is_logged_in": False, "email": "ada@example.org"}, None),
        # Streamlit's AppTest default user: an email, but nobody signed in
        ({"email": "test@example.com"}, None),
        ({"is_logged_in": True}, None),
        ({"is_logged_in": True, "email": ""}, None),
        ({"is_logged_in": True, "email": 42}, None),
        ({"is_logged_in": "true", "email": "ada@example.org"}, None),
        ({}, None),
    ],
)
def test_identity_from_claims(claims: dict[str, object], expected: Identity | None) -> None:
    assert identity_from_claims(claims) == expected


SHARED = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"]}
PROVIDER = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (AUTH, [None]),
        ({**SHARED, "google": PROVIDER, "microsoft": PROVIDER}, ["google", "microsoft"]),
        ({**AUTH, "okta": PROVIDER}, [None, "okta"]),
        # client_kwargs is a table too, but not a provider
        ({**AUTH, "client_kwargs": {"prompt": "login"}}, [None]),
        ({**SHARED, "keycloak": {"client_secret": "x"}}, []),
        (SHARED, []),
    ],
)
def test_providers(auth: dict[str, object], expected: list[str | None]) -> None:
    assert providers(auth) == expected


def test_each_named_provider_gets_a_button() -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = {**SHARED, "google": PROVIDER, "auth0": PROVIDER}
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in with Google", "Sign in with Auth0"]


def test_auth_without_a_provider_says_what_to_add() -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = SHARED
    at.user = {"is_logged_in": False}
    at.run()
    assert [e.value for e in at.error] == [
        "[auth] in .streamlit/secrets.toml names no sign-in provider: give it client_id, "
        "client_secret and server_metadata_url, or add an [auth.NAME] section with them."
    ]
    assert at.button.len == 0


def test_without_auth_the_built_in_sign_in_form_shows() -> None:
    at = _run({"email": "test@example.com"}, auth=False)
    assert [x.value for x in at.title] == ["Sign in"]
    assert [t.label for t in at.text_input] == ["Email", "Password"]
    assert at.sidebar.radio.len == 0  # no page ran
    assert _sidebar_texts(at) == []


def _password_sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input(key="auth.email").input(email)
    at.text_input(key="auth.password").input(password)
    return at.button[0].click().run()


def test_the_right_password_opens_the_app_as_that_user() -> None:
    at = _password_sign_in(_run({}, auth=False), "BO@example.org", PASSWORD)
    assert [e.value for e in at.exception] == []
    assert [x.value for x in at.title] == ["Dashboard"]
    assert _sidebar_texts(at) == ["Signed in as Bo Ek (bo@example.org)", "Role: recruiter"]
    at.sidebar.button(key="auth.sign_out").click().run()
    assert [x.value for x in at.title] == ["Sign in"]


@pytest.mark.parametrize(
    ("email", "password"),
    [("bo@example.org", "wrong password here"), ("nobody@example.org", PASSWORD),
     ("ada@example.org", PASSWORD)],  # an sso account has no password
)  # fmt: skip
def test_a_refused_sign_in_says_one_thing_whatever_the_reason(email: str, password: str) -> None:
    at = _password_sign_in(_run({}, auth=False), email, password)
    assert [e.value for e in at.error] == [
        "Sign-in failed: the email or the password is wrong, or the account is locked for a "
        "while after too many failed attempts."
    ]
    assert [x.value for x in at.title] == ["Sign in"]


def test_an_empty_database_says_how_to_make_the_first_admin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = _run({}, auth=False)
    assert [i.value for i in at.info] == [
        "No user exists yet. Create the first admin on the server, then sign in here:"
    ]
    assert [c.value for c in at.code] == [
        "python -m assess user add EMAIL --name NAME --role admin"
    ]
    assert at.text_input.len == 0


def test_an_email_no_user_has_gets_no_access() -> None:
    at = _run({"is_logged_in": True, "email": "eve@example.org", "name": "Eve"})
    assert [e.value for e in at.error] == [
        "You are signed in as eve@example.org, but no active CTO Assess user has this email. "
        "Ask an admin to add you."
    ]
    assert at.sidebar.radio.len == 0
    assert [b.label for b in at.button] == ["Sign out"]


def test_a_deactivated_user_gets_no_access(_database: Engine) -> None:
    users.deactivate("ada@example.org", actor=Actor("test setup", "cli"), engine=_database)
    at = _run(ADA)
    (error,) = [e.value for e in at.error]
    assert error.startswith("You are signed in as ada@example.org, but no active")


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("en", "Sign in", "Sign in with single sign-on"),
        ("sv", "Logga in", "Logga in med enkel inloggning"),
    ],
)
def test_signed_out_sees_only_the_sign_in_screen(lang: str, title: str, button: str) -> None:
    at = _run({"is_logged_in": False}, lang=lang)
    assert [e.value for e in at.exception] == []
    assert [x.value for x in at.title] == [title]
    assert [b.label for b in at.button] == [button]
    # the navigation never ran: no page, no sidebar widgets
    assert at.sidebar.radio.len == 0
    assert at.sidebar.selectbox.len == 0


@pytest.mark.parametrize(
    ("lang", "shown", "role", "sign_out", "title"),
    [
        ("en", "Signed in as Ada Lovelace (ada@example.org)", "Role: admin", "Sign out",
         "Dashboard"),
        ("sv", "Inloggad som Ada Lovelace (ada@example.org)", "Roll: administratör", "Logga ut",
         "Översikt"),
    ],
)  # fmt: skip
def test_signed_in_sees_the_app_and_who_they_are(
    lang: str, shown: str, role: str, sign_out: str, title: str
) -> None:
    at = _run(ADA, lang=lang)
    assert [e.value for e in at.exception] == []
    assert [x.value for x in at.title] == [title]
    assert _sidebar_texts(at) == [shown, role]
    assert at.sidebar.button(key="auth.sign_out").label == sign_out


def test_a_name_with_markdown_is_shown_as_typed() -> None:
    at = _run({"is_logged_in": True, "email": "x@example.org", "name": "whatever it says"})
    # the user record's name, shown as typed
    assert _sidebar_texts(at) == [
        f"Signed in as {MARKUP_NAME} (x@example.org)",
        "Role: interviewer",
    ]


def test_signed_in_without_an_email_is_told_why_and_can_sign_out() -> None:
    at = _run({"is_logged_in": True, "name": "No Mail"})
    assert [x.value for x in at.title] == ["Sign in"]
    assert [e.value for e in at.error] == [
        "The sign-in service did not tell the app your email address, so it cannot tell who "
        "you are. Ask an admin to allow the email scope for this app."
    ]
    assert [b.label for b in at.button] == ["Sign out"]


def test_without_an_email_sign_out_works_too() -> None:
    at = _run({"is_logged_in": True, "name": "No Mail"})
    at.button(key="auth.sign_out").click().run()
    assert at.user == {"is_logged_in": False}
    assert at.error.len == 0
    assert [b.label for b in at.button] == ["Sign in with single sign-on"]


def test_sign_out_leaves_the_sign_in_screen() -> None:
    at = _run(ADA)
    at.sidebar.button(key="auth.sign_out").click().run()
    assert [e.value for e in at.exception] == []
    assert at.user == {"is_logged_in": False}
    assert [x.value for x in at.title] == ["Sign in"]
    assert _sidebar_texts(at) == []


@pytest.fixture
def secrets_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Point Streamlit's `secrets.files` at one file for the test, as `--secrets.files` does."""
    from streamlit import config
    from streamlit.runtime.secrets import secrets_singleton

    before = config.get_option("secrets.files")

    def use(path: Path) -> None:
        config.set_option("secrets.files", [str(path)])
        secrets_singleton._reset()

    yield use
    config.set_option("secrets.files", before)
    secrets_singleton._reset()


def test_an_unreadable_secrets_file_keeps_the_app_closed(
    tmp_path: Path, secrets_files: Callable[[Path], None]
) -> None:
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    secrets_files(broken)
    at = _run({"email": "test@example.com"}, auth=False)
    assert [e.value for e in at.error] == [
        "The app's secrets file cannot be read, so it cannot tell whether sign-in is required, "
        "and stays closed. Fix the file (the reason is below) and reload the page."
    ]
    [reason] = [c.value for c in at.code]
    assert reason.startswith(f"Error parsing secrets file at {broken}: ")
    assert at.title.len == 0
    assert at.sidebar.radio.len == 0


def test_a_secrets_file_without_auth_uses_the_built_in_accounts(
    tmp_path: Path, secrets_files: Callable[[Path], None]
) -> None:
    plain = tmp_path / "secrets.toml"
    plain.write_text('[other]\nkey = "value"\n')
    secrets_files(plain)
    at = _run({"email": "test@example.com"}, auth=False)
    assert [e.value for e in at.exception] == []
    assert [x.value for x in at.title] == ["Sign in"]
    assert [t.label for t in at.text_input] == ["Email", "Password"]


def test_a_missing_secrets_file_uses_the_built_in_accounts(
    tmp_path: Path, secrets_files: Callable[[Path], None]
) -> None:
    secrets_files(tmp_path / "absent.toml")
    at = _run({"email": "test@example.com"}, auth=False)
    assert [t.label for t in at.text_input] == ["Email", "Password"]
