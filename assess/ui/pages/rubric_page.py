"""Rubric page: the script Streamlit runs; the page itself is `assess.ui.rubric_page.main`."""

from assess.ui import common, rubric_page

common.run_page(rubric_page.main)
