"""Streamlit entry point of CTO Assess: page configuration, sign-in and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assess.domain.i18n import t
from assess.domain.permissions import PAGES, allowed
from assess.ui.auth import require_user, signed_in
from assess.ui.common import url_language

SCRIPTS = Path(__file__).parent / "assess" / "ui" / "pages"

st.set_page_config(page_title="CTO Assess", page_icon="🧭", layout="wide")
# the language of the session, or of the URL (?lang=sv) when a session starts from a link
lang = url_language()
# nothing below runs until someone has signed in (single sign-on with [auth] in
# .streamlit/secrets.toml, else the built-in accounts); the user's role decides the pages
if not signed_in():
    # Before sign-in the pages are named (not shown, not run), so that the URL's page and query
    # stay what the link or the reload asked for and open once the person has signed in.
    st.navigation(
        [st.Page(SCRIPTS / f"{page}_page.py", url_path=page, default=page == "dashboard")
         for page in PAGES],
        position="hidden",
    )  # fmt: skip
actor = require_user(lang)
st.navigation(
    [
        st.Page(
            SCRIPTS / f"{page}_page.py",
            title=t(f"nav.{page}", lang),
            url_path=page,
            default=page == "dashboard",
        )
        for page, action in PAGES.items()
        if allowed(actor.role, action)
    ]
).run()
