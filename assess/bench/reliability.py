"""Benchmark of the reliability statistics on simulated scorecards."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from assess.domain.reliability import agreement, leniency, level_intervals
from assess.domain.rubric import load_rubric


def simulate_ratings(
    n_candidates: int,
    interviewers: Sequence[str],
    competencies: Sequence[str],
    *,
    seed: int = 0,
    offsets: Mapping[str, float] | None = None,
    noise: float = 0.5,
    missing: float = 0.0,
    rounded: bool = False,
) -> pd.DataFrame:
    """A long ratings table where every interviewer rates every candidate on every competency.

    rating = clip(true level + interviewer offset + N(0, noise^2), 1, 5), true levels uniform on
    [1.5, 3.5] so that a +1 offset rarely hits the top of the scale; `missing` is the share of
    ratings left not assessed (NaN); `rounded` rounds to whole scale points as interviewers do.
    Candidates are the ints 1..n, interviews numbered per candidate x interviewer.
    """
    rng = np.random.default_rng(seed)
    n_int, n_comp = len(interviewers), len(competencies)
    shift = np.array([(offsets or {}).get(i, 0.0) for i in interviewers])
    truth = rng.uniform(1.5, 3.5, size=(n_candidates, 1, n_comp))
    raw = truth + shift[None, :, None] + rng.normal(0.0, noise, size=(n_candidates, n_int, n_comp))
    if rounded:
        raw = np.round(raw)
    values = np.clip(raw, 1.0, 5.0)
    if missing > 0:
        values[rng.random(values.shape) < missing] = np.nan
    cand, inter, comp = np.meshgrid(
        np.arange(n_candidates), np.arange(n_int), np.arange(n_comp), indexing="ij"
    )
    return pd.DataFrame(
        {
            "candidate": cand.ravel() + 1,
            "interviewer": np.asarray(interviewers, dtype=object)[inter.ravel()],
            "interview": cand.ravel() * n_int + inter.ravel() + 1,
            "competency": np.asarray(competencies, dtype=object)[comp.ravel()],
            "rating": values.ravel(),
        }
    )


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
