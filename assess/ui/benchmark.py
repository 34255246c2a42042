"""Rerun timing of the dashboard under AppTest, against a bare one-widget script."""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from assess import db, store
from assess.rubric import load_rubric
from assess.schemas import CandidateRef, RatingIn, ScorecardIn

APP = Path(__file__).resolve().parents[2] / "app.py"
BARE_SCRIPT = 'import streamlit as st\nst.checkbox("bare")\n'
INTERVIEWERS = ("Iris", "Jon", "Kim", "Lena", "Mats")
TYPES = ("screening", "technical", "leadership", "strategy", "case")
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
TIMEOUT_S = 300.0


def simulated_cards(candidates: int, seed: int = 11) -> list[ScorecardIn]:
    """`candidates` people x 5 submitted scorecards rating every competency (some not assessed)."""
    rubric = load_rubric()
    rng = np.random.default_rng(seed)
    comps = rubric.competency_ids
    latent = rng.normal(3.0, 0.8, size=(candidates, len(comps)))
    cards = []
    for c in range(candidates):
        for k, who in enumerate(INTERVIEWERS):
            noisy = np.clip(np.rint(latent[c] + rng.normal(0, 0.7, len(comps))), 1, 5)
            skipped = rng.random(len(comps)) < 0.1
            cards.append(
                ScorecardIn(
                    candidate=CandidateRef(name=f"Bench candidate {c + 1:04d}"),
                    interviewer=who,
                    interview_type=TYPES[k],
                    interview_date=dt.date(2026, 10, 1) + dt.timedelta(days=k),
                    recommendation=RECOMMENDATIONS[int(rng.integers(0, 4))],  # type: ignore[arg-type]
                    ratings=[
                        RatingIn(competency=comp, rating=None if skip else int(value))
                        for comp, value, skip in zip(comps, noisy, skipped, strict=True)
                    ],
                )
            )
    return cards


def _median_rerun(at: AppTest, repeat: int) -> float:
    at.run(timeout=TIMEOUT_S)  # first run fills the caches; reruns are what a click costs
    if at.exception:
        raise RuntimeError(f"the app failed under AppTest: {at.exception[0].value}")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run(timeout=TIMEOUT_S)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _with_database(url: str, fn: Callable[[], float]) -> float:
    old = os.environ.get(db.ENV_VAR)
    os.environ[db.ENV_VAR] = url
    try:
        return fn()
    finally:
        if old is None:
            os.environ.pop(db.ENV_VAR, None)
        else:
            os.environ[db.ENV_VAR] = old


def dashboard_rerun_seconds(candidates: int, repeat: int, folder: Path) -> float:
    """Median rerun of the dashboard with `candidates` x 5 scorecards in a fresh SQLite file."""
    url = f"sqlite:///{folder / f'bench_{candidates}.db'}"
    engine = db.open_database(url)
    try:
        with db.transaction(engine) as session:
            store.import_scorecards(simulated_cards(candidates), session=session, actor="bench")
    finally:
        engine.dispose()
    return _with_database(
        url, lambda: _median_rerun(AppTest.from_file(str(APP), default_timeout=TIMEOUT_S), repeat)
    )


def measure(quick: bool) -> dict[str, float]:
    """bare_seconds, rerun_50_seconds, rerun_1000_seconds (medians, measured in one process)."""
    # Outside `streamlit run`, cached functions warn "missing ScriptRunContext" on every call
    # made before AppTest starts; the warning says nothing about the figures.
    # (A filter, not a level: Streamlit resets its loggers' levels when AppTest loads config.)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory(prefix="assess-bench-") as tmp:
        folder = Path(tmp)
        bare = _median_rerun(AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S), repeat)
        small = dashboard_rerun_seconds(50, repeat, folder)
        large = dashboard_rerun_seconds(1_000, repeat, folder)
    return {
        "bare_seconds": round(bare, 4),
        "rerun_50_seconds": round(small, 4),
        "rerun_1000_seconds": round(large, 4),
    }
