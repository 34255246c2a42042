"""Candidates page: the script Streamlit runs; the page itself is `assess.ui.candidates.main`."""

from assess.ui import candidates, common

common.run_page(candidates.main)
