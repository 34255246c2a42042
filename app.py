"""Streamlit entry point of CTO Assess: page configuration, sign-in and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from assess.domain.i18n import t
from assess.domain.permissions import PAGES, allowed
from assess.ui.auth import require_user, signed_in
from assess.ui.common import url_language

SCRIPTS = Path(__file__).parent / "assess" / "ui" / "pages"
# Streamlit serves its default page at / and never at the page's own path, so the default is
# a page of its own, not listed, that opens the first real page: every page in the navigation
# then opens directly by its path (/dashboard too), and / still lands on the first one.
START = "start"


def _start(first: StreamlitPage | None) -> StreamlitPage:
    def start() -> None:
        if first is not None:
            # the query (?search=, ?lang=) goes along, so a link to / keeps its view
            st.switch_page(first, query_params=st.query_params.to_dict())

    return st.Page(start, title="CTO Assess", url_path=START, default=True, visibility="hidden")


st.set_page_config(page_title="CTO Assess", page_icon="🧭", layout="wide")
# the language of the session, or of the URL (?lang=sv) when a session starts from a link
lang = url_language()
# nothing below runs until someone has signed in (single sign-on with [auth] in
# .streamlit/secrets.toml, else the built-in accounts); the user's role decides the pages
if not signed_in():
    # Before sign-in the pages are named (not shown, not run), so that the URL's page and query
    # stay what the link or the reload asked for and open once the person has signed in.
    st.navigation(
        [_start(None), *(st.Page(SCRIPTS / f"{page}_page.py", url_path=page) for page in PAGES)],
        position="hidden",
    )
actor = require_user(lang)
pages = [
    st.Page(SCRIPTS / f"{page}_page.py", title=t(f"nav.{page}", lang), url_path=page)
    for page, action in PAGES.items()
    if allowed(actor.role, action)
]
st.navigation([_start(pages[0] if pages else None), *pages]).run()
