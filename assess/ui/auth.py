"""Who is signed in: single sign-on with st.login when `[auth]` is set, else the built-in
accounts' sign-in form; either way a user record gives the session its Actor."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit import config as st_config

from assess.domain.i18n import t
from assess.services import passwords, users
from assess.services.actor import Actor
from assess.storage.db import utcnow
from assess.ui import cache

USER_KEY = "auth.user_id"
SEEN_KEY = "auth.last_seen"
FIRST_ADMIN = "python -m assess user add EMAIL --name NAME --role admin"


@dataclass(frozen=True)
class Identity:
    """Who the OpenID Connect provider says is signed in."""

    email: str
    name: str


def _secrets_files_present() -> list[str]:
    """The configured secrets locations (`secrets.files`) that exist on disk."""
    return [path for path in st_config.get_option("secrets.files") if os.path.exists(path)]


def sso_configured(lang: str) -> bool:
    """True when `.streamlit/secrets.toml` (or the app's secrets) has an `[auth]` section.

    A secrets file that exists but cannot be read stops the app with the reason: it may hold
    the `[auth]` that keeps the app private, so a typo must not open it to everyone.
    """
    try:
        return "auth" in st.secrets
    except FileNotFoundError as exc:
        # Streamlit raises (a FileNotFoundError subclass) both without a file and for a
        # file it cannot parse; only the first means "no sign-in configured"
        if not _secrets_files_present():
            return False
        st.error(t("auth.secrets_unreadable", lang))
        st.code(str(exc), language=None)
        st.stop()
        raise  # st.stop() does not return; this keeps the type checker sure of it


def identity_from_claims(claims: Mapping[str, object]) -> Identity | None:
    """The identity in st.user's claims, or None when nobody is signed in.

    A provider that returns no email claim (the `email` scope refused) gives no usable
    identity: the email is what a user record is matched on.
    """
    if claims.get("is_logged_in") is not True:
        return None
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    name = claims.get("name")
    shown = name.strip() if isinstance(name, str) and name.strip() else email.strip()
    return Identity(email=email.strip(), name=shown)


def providers(auth: Mapping[str, object]) -> list[str | None]:
    """The providers `[auth]` configures, in file order: None for the unnamed one (its
    `client_id` sits in `[auth]` itself), then each `[auth.NAME]` section that has one.
    """
    found: list[str | None] = [None] if "client_id" in auth else []
    found += [
        name
        for name, section in auth.items()
        if isinstance(section, Mapping) and "client_id" in section
    ]
    return found


def _sign_in_button(provider: str | None, lang: str) -> None:
    if provider is None:
        label = t("auth.sign_in", lang)
    else:
        label = t("auth.sign_in_with", lang, provider=provider.capitalize())
    if st.button(label, type="primary", key=f"auth.sign_in.{provider or ''}"):
        st.login(provider)


def _sign_in_screen(lang: str) -> None:
    st.title(t("auth.title", lang))
    if st.user.get("is_logged_in") is True:
        # signed in at the provider, but it sent no email: nothing to match a user on
        st.error(t("auth.no_email", lang))
        st.button(t("auth.sign_out", lang), key="auth.sign_out", on_click=st.logout)
        return
    st.write(t("auth.intro", lang))
    configured = providers(st.secrets["auth"])
    if not configured:
        st.error(t("auth.no_provider", lang))
    for provider in configured:
        _sign_in_button(provider, lang)


def require_sign_in(lang: str) -> Identity | None:
    """With `[auth]` configured: the signed-in identity, else the sign-in screen and a stop.

    Without `[auth]` it returns None and shows nothing, so the app runs as before.
    """
    if not sso_configured(lang):
        return None
    identity = identity_from_claims(st.user.to_dict())
    if identity is None:
        _sign_in_screen(lang)
        st.stop()
    # st.text, not st.caption: a name from the provider never renders as Markdown
    st.sidebar.text(t("auth.signed_in_as", lang, name=identity.name, email=identity.email))
    # a callback, so the run that follows the click already sees nobody signed in
    st.sidebar.button(t("auth.sign_out", lang), key="auth.sign_out", on_click=st.logout)
    return identity


def _sign_out() -> None:
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(SEEN_KEY, None)


def _password_form(lang: str) -> None:
    st.title(t("auth.title", lang))
    if users.first_use(engine=cache.engine()):
        st.info(t("auth.first_admin", lang))
        st.code(FIRST_ADMIN, language="bash")
        return
    st.write(t("auth.password_intro", lang))
    with st.form("auth_form"):
        email = st.text_input(t("auth.email", lang), key="auth.email")
        password = st.text_input(t("auth.password", lang), type="password", key="auth.password")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if not submitted:
        return
    user = users.sign_in(email, password, engine=cache.engine())
    if user is None:
        st.error(t(passwords.SIGN_IN_REFUSED_KEY, lang))
        return
    st.session_state[USER_KEY] = user.id
    st.session_state[SEEN_KEY] = utcnow()
    st.rerun()


def _session_user(lang: str) -> users.UserInfo | None:
    """The signed-in user of this session, unless idle too long or deactivated since."""
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    now = utcnow()
    seen = st.session_state.get(SEEN_KEY) or now
    if passwords.session_expired(seen, now, passwords.idle_timeout_from_env()):
        _sign_out()
        st.warning(t("auth.expired", lang))
        return None
    user = users.user_by_id(int(user_id), engine=cache.engine())
    if user is None:
        _sign_out()
        return None
    st.session_state[SEEN_KEY] = now
    return user


def _show_user(user: users.UserInfo, lang: str, *, sso: bool) -> None:
    # st.text, not st.caption: a name never renders as Markdown
    st.sidebar.text(t("auth.signed_in_as", lang, name=user.name, email=user.email))
    st.sidebar.text(t("auth.role", lang, role=t(f"role.{user.role}", lang)))
    st.sidebar.button(
        t("auth.sign_out", lang), key="auth.sign_out", on_click=st.logout if sso else _sign_out
    )


def signed_in() -> bool:
    """Whether this session has someone signed in (single sign-on or the built-in form)."""
    if st.session_state.get(USER_KEY) is not None:
        return True
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        return False


def require_user(lang: str) -> Actor:
    """The signed-in user's Actor; until someone has signed in, the sign-in screen and a stop.

    With `[auth]` the identity's email must belong to an active user (else: no access, ask an
    admin); without it the built-in accounts sign in with email and password. A database that
    cannot be used (not reachable, at another schema revision) is its one sentence and a stop.
    """
    from assess.ui import common

    try:
        return _require_user(lang)
    except common.domain_errors() as exc:
        st.error(common.error_text(exc))
        st.stop()
        raise


def _require_user(lang: str) -> Actor:
    if sso_configured(lang):
        identity = identity_from_claims(st.user.to_dict())
        if identity is None:
            _sign_in_screen(lang)
            st.stop()
        assert identity is not None
        user = users.sso_user(identity.email, engine=cache.engine())
        if user is None:
            st.title(t("auth.title", lang))
            st.error(t("auth.no_access", lang, email=identity.email))
            st.button(t("auth.sign_out", lang), key="auth.sign_out", on_click=st.logout)
            st.stop()
        assert user is not None
        _show_user(user, lang, sso=True)
    else:
        found = _session_user(lang)
        if found is None:
            _password_form(lang)
            st.stop()
        assert found is not None
        user = found
        _show_user(user, lang, sso=False)
    actor = users.actor_for(user)
    cache.set_actor(actor)
    return actor
