"""Benchmark of the reliability statistics on simulated scorecards."""

from __future__ import annotations

import time

import numpy as np

from assess.bench.simulate import simulate_ratings
from assess.domain.reliability import agreement, leniency, level_intervals
from assess.domain.rubric import load_rubric


def bench_reliability(quick: bool) -> dict[str, float | int]:
    """Time agreement (every competency), leniency and level intervals on simulated scorecards.

    1,000 candidates x 5 interviewers x 14 competencies (200 candidates when quick), whole-point
    ratings with 5% not assessed; `seconds` is the median of three runs of the three calls together.
    """
    n = 200 if quick else 1000
    competencies = load_rubric().competency_ids
    interviewers = [f"interviewer {i}" for i in range(1, 6)]
    ratings = simulate_ratings(
        n,
        interviewers,
        competencies,
        seed=7,
        missing=0.05,
        rounded=True,
        offsets={"interviewer 1": 0.5},
    )
    times = []
    for _ in range(3):
        start = time.perf_counter()
        agreement(ratings, competencies)
        leniency(ratings)
        level_intervals(ratings)
        times.append(time.perf_counter() - start)
    return {"candidates": n, "seconds": round(float(np.median(times)), 4)}
