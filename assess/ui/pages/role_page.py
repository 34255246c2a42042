"""Define the role page: the script Streamlit runs; the page itself is `assess.ui.role.main`."""

from assess.ui import common, role

common.run_page(role.main)
