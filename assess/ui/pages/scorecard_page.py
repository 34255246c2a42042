"""Scorecard page: the script Streamlit runs; the page itself is `assess.ui.scorecard.main`."""

from assess.ui import common, scorecard

common.run_page(scorecard.main)
