"""Reports page: the script Streamlit runs; the page itself is `assess.ui.reports.main`."""

from assess.ui import common, reports

common.run_page(reports.main)
