"""`python -m assess bench`: measure the paths recruiters wait on and print the figures."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from assess.bench.simulate import simulated_ratings
from assess.domain.reference import reference_score
from assess.domain.rubric import load_rubric
from assess.domain.scoring import aggregate_codes, code_ratings, score_arrays

Echo = Callable[[str], None] | None


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def bench_scoring(quick: bool = False, echo: Echo = None) -> dict[str, Any]:
    """Score N candidates x 5 interviewers x all competencies against all profiles: the
    kernel from integer codes (as the database read gives them) to every fit, coverage and
    critical-gap count; `speedup` is its rate over the plain-Python reference's, timed on a
    slice of the same ratings in the same run."""
    rubric = load_rubric()
    n = 1_000 if quick else 10_000
    ratings = simulated_ratings(rubric, n)
    profiles = rubric.profiles()
    coded = code_ratings(ratings)
    seconds = _median_seconds(
        lambda: score_arrays(aggregate_codes(coded), profiles, settings=rubric.settings),
        5 if quick else 21,
    )
    # The plain-Python oracle is far slower: time it on a slice and compare per-rating rates.
    ref_n = 100 if quick else 500
    sample = ratings[ratings["candidate"] <= ref_n]
    rows = list(zip(sample["candidate"], sample["competency"], sample["rating"], strict=True))
    start = time.perf_counter()
    reference_score(rows, profiles, rubric.settings)
    ref_seconds = time.perf_counter() - start
    fast_rate = len(ratings) / seconds
    ref_rate = len(sample) / ref_seconds
    result = {
        "candidates": n,
        "ratings": len(ratings),
        "profiles": len(profiles),
        "seconds": round(seconds, 4),
        "ratings_per_second": round(fast_rate),
        "reference_candidates": ref_n,
        "reference_seconds": round(ref_seconds, 4),
        "speedup": round(fast_rate / ref_rate, 1),
    }
    if echo:
        echo(
            f"scoring: {n:,} candidates x 5 interviewers = {len(ratings):,} ratings against "
            f"{len(profiles)} profiles ({n * len(profiles):,} fits) in {seconds:.3f} s "
            f"(median of runs): {fast_rate:,.0f} ratings/s; plain-Python reference "
            f"{ref_rate:,.0f} ratings/s on {ref_n} candidates: "
            f"speed-up x{fast_rate / ref_rate:,.0f}"
        )
    return result


def _sections() -> list[tuple[str, Callable[[bool], dict[str, Any]]]]:
    # Imported here so `bench --help` and the scoring section load nothing they do not use.
    from assess.bench.app import bench_app
    from assess.bench.dashboard import bench_dashboard
    from assess.bench.data import bench_import, bench_report
    from assess.bench.reliability import bench_reliability

    return [
        ("import", bench_import),
        ("report", bench_report),
        ("reliability", bench_reliability),
        ("dashboard", bench_dashboard),
        ("app", bench_app),
    ]


def run_all(quick: bool = False, echo: Echo = None) -> dict[str, Any]:
    """Run every benchmark section; print a line each when `echo` is given."""
    results: dict[str, Any] = {"scoring": bench_scoring(quick, echo)}
    for name, fn in _sections():
        results[name] = fn(quick)
        if echo:
            echo(f"{name}: " + ", ".join(f"{k}={v}" for k, v in results[name].items()))
    return results
