"""Compare page: the script Streamlit runs; the page itself is `assess.ui.compare.main`."""

from assess.ui import common, compare

common.run_page(compare.main)
