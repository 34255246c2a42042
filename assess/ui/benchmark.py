"""Rerun timing of the dashboard under AppTest, against a bare one-widget script."""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assess.storage import db

APP = Path(__file__).resolve().parents[2] / "app.py"
BARE_SCRIPT = 'import streamlit as st\nst.checkbox("bare")\n'
TIMEOUT_S = 300.0


def _run(at: AppTest, url: str | None) -> float:
    """One AppTest run against the database at `url` (the app reads it on every run); seconds."""
    if url is not None:
        os.environ[db.ENV_VAR] = url
    start = time.perf_counter()
    at.run(timeout=TIMEOUT_S)
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the app failed under AppTest: {at.exception[0].value}")
    return seconds


def measure(quick: bool, url_50: str, url_1000: str) -> dict[str, float]:
    """bare_seconds, rerun_50_seconds, rerun_1000_seconds (medians) and ratio_50 (rerun at 50
    candidates over bare, from the unrounded medians), measured in one process; the app reads
    the databases at `url_50` and `url_1000` (50 and 1,000 candidates x 5 scorecards).

    The three scripts take turns, one rerun each per round, so that a spell of a busy machine
    slows all three alike instead of one figure; the first run of each fills the caches and is
    not counted (reruns are what a click costs).
    """
    # Outside `streamlit run`, cached functions warn "missing ScriptRunContext" on every call
    # made before AppTest starts; the warning says nothing about the figures.
    # (A filter, not a level: Streamlit resets its loggers' levels when AppTest loads config.)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    rounds = 11 if quick else 31
    old = os.environ.get(db.ENV_VAR)
    try:
        # from the app's folder, as `streamlit run app.py` is: its .streamlit/config.toml applies
        with contextlib.chdir(APP.parent):
            scripts: dict[str, tuple[AppTest, str | None]] = {
                "bare_seconds": (
                    AppTest.from_string(BARE_SCRIPT, default_timeout=TIMEOUT_S),
                    None,
                ),
                "rerun_50_seconds": (
                    AppTest.from_file(str(APP), default_timeout=TIMEOUT_S),
                    url_50,
                ),
                "rerun_1000_seconds": (
                    AppTest.from_file(str(APP), default_timeout=TIMEOUT_S),
                    url_1000,
                ),
            }
            times: dict[str, list[float]] = {name: [] for name in scripts}
            for at, url in scripts.values():
                _run(at, url)
            for _ in range(rounds):
                for name, (at, url) in scripts.items():
                    times[name].append(_run(at, url))
    finally:
        if old is None:
            os.environ.pop(db.ENV_VAR, None)
        else:
            os.environ[db.ENV_VAR] = old
    medians = {name: statistics.median(values) for name, values in times.items()}
    result = {name: round(value, 4) for name, value in medians.items()}
    result["ratio_50"] = round(medians["rerun_50_seconds"] / medians["bare_seconds"], 2)
    return result
