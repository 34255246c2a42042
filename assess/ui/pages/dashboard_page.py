"""Dashboard page: the script Streamlit runs; the page itself is `assess.ui.dashboard.main`."""

from assess.ui import common, dashboard

common.run_page(dashboard.main)
