"""Rubric page: the script Streamlit runs; the page itself is `assess.ui.rubric.main`."""

from assess.ui import common, rubric

common.run_page(rubric.main)
