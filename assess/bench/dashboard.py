"""Bench section: dashboard rerun time under AppTest beside a bare one-widget script."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from assess.bench.simulate import simulated_cards
from assess.domain.rubric import load_rubric
from assess.services.actor import Actor
from assess.services.imports import import_cards
from assess.storage import db


def _database(folder: Path, candidates: int) -> str:
    """A fresh SQLite file with `candidates` x 5 submitted scorecards, stored as an import
    stores them; its URL."""
    url = f"sqlite:///{folder / f'bench_{candidates}.db'}"
    engine = db.open_database(url)
    try:
        cards = simulated_cards(load_rubric(), candidates)
        import_cards(cards, actor=Actor("bench", "bench"), engine=engine)
    finally:
        engine.dispose()
    return url


def bench_dashboard(quick: bool) -> dict[str, Any]:
    """Median AppTest rerun of the dashboard with 50 and 1,000 candidates x 5 scorecards (temp
    SQLite database), and of a bare one-widget script in the same run; target: 50 within 3x bare.

    Returns {"bare_seconds", "rerun_50_seconds", "rerun_1000_seconds", "ratio_50"}.
    """
    # the UI package owns every streamlit import; the bench only asks it to measure
    from assess.ui.benchmark import measure

    with tempfile.TemporaryDirectory(prefix="assess-") as tmp:
        folder = Path(tmp)
        return dict(measure(quick, _database(folder, 50), _database(folder, 1_000)))
