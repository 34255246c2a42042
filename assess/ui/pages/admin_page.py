"""Admin page: the script Streamlit runs; the page itself is `assess.ui.admin.main`."""

from assess.ui import admin, common

common.run_page(admin.main)
