"""Searches page: the script Streamlit runs; the page itself is `assess.ui.searches.main`."""

from assess.ui import common, searches

common.run_page(searches.main)
