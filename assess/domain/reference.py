"""Plain-Python scoring, written for clarity: the oracle the vectorised engine must match."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from assess.domain.rubric import Profile, Settings

Row = tuple[object, str, float | None]  # candidate, competency, rating (None = not assessed)


def reference_levels(rows: Iterable[Row]) -> dict[tuple[object, str], tuple[float, int, float]]:
    """(candidate, competency) -> (mean level, count, spread = max - min) over present ratings."""
    sums: dict[tuple[object, str], float] = {}
    counts: dict[tuple[object, str], int] = {}
    lows: dict[tuple[object, str], float] = {}
    highs: dict[tuple[object, str], float] = {}
    for candidate, competency, rating in rows:
        if rating is None or (isinstance(rating, float) and math.isnan(rating)):
            continue
        key = (candidate, competency)
        sums[key] = sums.get(key, 0.0) + float(rating)
        counts[key] = counts.get(key, 0) + 1
        lows[key] = min(lows.get(key, math.inf), float(rating))
        highs[key] = max(highs.get(key, -math.inf), float(rating))
    return {k: (sums[k] / counts[k], counts[k], highs[k] - lows[k]) for k in sums}


def reference_fit(
    levels: dict[str, float], profile: Profile, settings: Settings
) -> tuple[float, float, int]:
    """(fit, coverage, critical gaps) of one candidate's levels against one profile."""
    wsum = 0.0
    for t in profile.targets:
        if t.competency in levels:
            wsum += t.weight
    total = 0.0
    for t in profile.targets:
        total += t.weight
    if wsum == 0:
        return math.nan, 100.0 * wsum / total, 0
    acc = 0.0
    critical = 0
    for t in profile.targets:
        if t.competency not in levels:
            continue
        s = levels[t.competency]
        a = 1.0 if t.level == 1 else min(1.0, max(0.0, (s - 1.0) / (t.level - 1.0)))
        acc += (t.weight / wsum) * a
        if t.weight >= settings.critical_weight and t.level - s >= settings.critical_gap:
            critical += 1
    return 100.0 * acc, 100.0 * wsum / total, critical


def reference_score(
    rows: Iterable[Row], profiles: Sequence[Profile], settings: Settings
) -> dict[tuple[object, str, str], tuple[float, float, int]]:
    """(candidate, archetype, stage) -> (fit, coverage, critical gaps), by plain loops."""
    by_candidate: dict[object, dict[str, float]] = {}
    for (candidate, competency), (level, _count, _spread) in reference_levels(rows).items():
        by_candidate.setdefault(candidate, {})[competency] = level
    out = {}
    for candidate, levels in by_candidate.items():
        for p in profiles:
            out[(candidate, p.archetype, p.stage)] = reference_fit(levels, p, settings)
    return out
