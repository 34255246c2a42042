"""Streamlit entry point of CTO Assess: page configuration, sign-in and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assess.domain.i18n import DEFAULT_LANGUAGE, t
from assess.ui.auth import require_sign_in

PAGES = Path(__file__).parent / "assess" / "ui" / "pages"

st.set_page_config(page_title="CTO Assess", page_icon="🧭", layout="wide")
lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
# with [auth] in .streamlit/secrets.toml nothing below runs until someone has signed in
require_sign_in(lang)
st.navigation(
    [
        st.Page(
            PAGES / "dashboard_page.py",
            title=t("nav.dashboard", lang),
            url_path="dashboard",
            default=True,
        ),
        st.Page(
            PAGES / "candidates_page.py", title=t("nav.candidates", lang), url_path="candidates"
        ),
        st.Page(PAGES / "scorecard_page.py", title=t("nav.scorecard", lang), url_path="scorecard"),
        st.Page(PAGES / "compare_page.py", title=t("nav.compare", lang), url_path="compare"),
        st.Page(PAGES / "reports_page.py", title=t("nav.reports", lang), url_path="reports"),
        st.Page(
            PAGES / "calibration_page.py", title=t("nav.calibration", lang), url_path="calibration"
        ),
        st.Page(PAGES / "rubric_page.py", title=t("nav.rubric", lang), url_path="rubric"),
    ]
).run()
