"""Calibration page: the script Streamlit runs; the page itself is `assess.ui.calibration.main`."""

from assess.ui import calibration, common

common.run_page(calibration.main)
