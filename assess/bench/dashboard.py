"""Bench section: dashboard rerun time under AppTest beside a bare one-widget script."""

from __future__ import annotations

from typing import Any


def bench_dashboard(quick: bool) -> dict[str, Any]:
    """Median AppTest rerun of the dashboard with 50 and 1,000 candidates x 5 scorecards (temp
    SQLite database), and of a bare one-widget script in the same run; target: 50 within 3x bare.

    Returns {"bare_seconds", "rerun_50_seconds", "rerun_1000_seconds", "ratio_50"}.
    """
    # the UI package owns every streamlit import; the bench only asks it to measure
    from assess.ui.benchmark import measure

    return dict(measure(quick))
