"""Bench section: the dashboard at 10,000 candidates, timed in a fresh server-like process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from assess.bench.simulate import fill_database
from assess.domain.rubric import load_rubric
from assess.storage import db

TIMEOUT_S = 600.0


def bench_app(quick: bool) -> dict[str, Any]:
    """10,000 candidates x 5 scorecards (500 when quick) in a SQLite file; a new Python process
    (as a freshly started app server is) times the dashboard's reads in-process
    (`assess.ui.timing`). Returns {"candidates", "cold_seconds", "switch_seconds", "rss_mb"}."""
    n = 500 if quick else 10_000
    with tempfile.TemporaryDirectory(prefix="assess-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'app.db'}"
        engine = db.open_database(url)
        try:
            fill_database(engine, load_rubric(), n)
        finally:
            engine.dispose()
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        done = subprocess.run(
            [sys.executable, "-m", "assess.ui.timing", url],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    if done.returncode != 0:
        raise RuntimeError(f"bench app: the timing process failed: {done.stderr.strip()[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures
