"""Single sign-on with Streamlit's st.login: the signed-in identity when `[auth]` is configured."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit import config as st_config

from assess.domain.i18n import t


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
