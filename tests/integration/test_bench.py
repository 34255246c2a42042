"""`python -m assess bench`: every section reports its figures, in the shape scripts read.

Speed itself is never asserted (a timed test flakes); the figures go in the closing notes.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    # its own process and working directory: the bench must not need the repository's cwd
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ASSESS_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "assess", "bench", "--quick", "--json"],
        cwd=tmp_path_factory.mktemp("bench"),
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result: dict[str, dict[str, float]] = json.loads(done.stdout)
    return result


def test_every_section_reports(figures: dict[str, dict[str, float]]) -> None:
    assert list(figures) == ["scoring", "import", "report", "reliability", "dashboard", "app"]
    assert figures["scoring"]["ratings"] == 70_000
    assert figures["import"]["ratings"] == 10_000
    assert figures["report"]["candidates"] == 100
    assert figures["reliability"]["candidates"] == 200
    for section in figures.values():
        assert all(value > 0 for value in section.values()), section


def test_dashboard_section_names_its_figures(figures: dict[str, dict[str, float]]) -> None:
    dashboard = figures["dashboard"]
    assert list(dashboard) == [
        "bare_seconds",
        "rerun_50_seconds",
        "rerun_1000_seconds",
        "ratio_50",
    ]
    # the ratio comes from the unrounded medians; the seconds shown are rounded to 0.1 ms
    low = (dashboard["rerun_50_seconds"] - 5e-5) / (dashboard["bare_seconds"] + 5e-5)
    high = (dashboard["rerun_50_seconds"] + 5e-5) / (dashboard["bare_seconds"] - 5e-5)
    assert low - 0.005 <= dashboard["ratio_50"] <= high + 0.005
    assert math.isfinite(dashboard["ratio_50"])


def test_scoring_section_reports_its_speedup_over_the_reference(
    figures: dict[str, dict[str, float]],
) -> None:
    scoring = figures["scoring"]
    assert list(scoring) == [
        "candidates",
        "ratings",
        "profiles",
        "seconds",
        "ratings_per_second",
        "reference_candidates",
        "reference_seconds",
        "speedup",
    ]
    assert (scoring["candidates"], scoring["profiles"], scoring["reference_candidates"]) == (
        1_000,
        24,
        100,
    )
    # the ratio of the two rates of this run (100 candidates x 5 x 14 = 7,000 reference
    # ratings), within what rounding the seconds to 0.1 ms allows
    fast, ref = scoring["seconds"], scoring["reference_seconds"]
    low = (scoring["ratings"] / (fast + 5e-5)) / (7_000 / (ref - 5e-5))
    high = (scoring["ratings"] / (fast - 5e-5)) / (7_000 / (ref + 5e-5))
    assert low - 0.05 <= scoring["speedup"] <= high + 0.05


def test_app_section_names_its_figures(figures: dict[str, dict[str, float]]) -> None:
    app = figures["app"]
    assert list(app) == ["candidates", "cold_seconds", "switch_seconds", "rss_mb"]
    assert app["candidates"] == 500
