"""Fit scoring: aggregate ratings per candidate and competency, score them against profiles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assess.domain.rubric import Profile, Rubric, Settings

RATING_COLUMNS = ("candidate", "interviewer", "interview", "competency", "rating")
SCORE_COLUMNS = ("candidate", "archetype", "stage", "fit", "coverage", "critical_gaps")
GAP_COLUMNS = (
    "competency",
    "target",
    "level",
    "count",
    "spread",
    "weight",
    "share",
    "attainment",
    "points_lost",
    "critical_gap",
)


class ScoringInputError(ValueError):
    """The ratings table does not have the shape scoring needs."""


def _check_ratings(ratings: pd.DataFrame) -> None:
    missing = [c for c in ("candidate", "competency", "rating") if c not in ratings.columns]
    if missing:
        raise ScoringInputError(f"ratings table lacks column(s): {', '.join(missing)}")
    values = pd.to_numeric(ratings["rating"], errors="coerce")
    bad = values.notna() & ((values < 1) | (values > 5))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ScoringInputError(f"rating must be 1-5 or missing, row {row} has {values.iloc[row]}")


def aggregate(ratings: pd.DataFrame) -> pd.DataFrame:
    """Combine the ratings of each candidate x competency mechanically.

    With r_1..r_n the non-missing ratings of one candidate on one competency (every interviewer and
    interview alike): level = (r_1 + ... + r_n) / n, count = n, low = min r, high = max r,
    spread = high - low. Not-assessed ratings are excluded, never counted as zero; a pair with no
    rating at all has no row. Returns a frame indexed by (candidate, competency), sorted.
    """
    _check_ratings(ratings)
    rating = pd.to_numeric(ratings["rating"], errors="coerce").to_numpy(dtype=float)
    keep = ~np.isnan(rating)
    # Factorise the columns as they are (Arrow strings stay Arrow), then drop the missing rows
    # from the integer codes: converting 700k strings to Python objects first costs more.
    cand_codes, cands = pd.factorize(ratings["candidate"], sort=True)
    comp_codes, comps = pd.factorize(ratings["competency"], sort=True)
    values = rating[keep]
    n_comp = len(comps)
    flat = cand_codes[keep].astype(np.int64) * n_comp + comp_codes[keep]
    size = len(cands) * n_comp
    total = np.bincount(flat, weights=values, minlength=size)
    count = np.bincount(flat, minlength=size)
    low = np.full(size, np.inf)
    high = np.full(size, -np.inf)
    np.minimum.at(low, flat, values)
    np.maximum.at(high, flat, values)
    present = count > 0
    idx = np.flatnonzero(present)
    index = pd.MultiIndex.from_arrays(
        [cands.take(idx // n_comp), comps.take(idx % n_comp)], names=["candidate", "competency"]
    )
    return pd.DataFrame(
        {
            "level": total[present] / count[present],
            "count": count[present].astype(np.int64),
            "spread": high[present] - low[present],
            "low": low[present],
            "high": high[present],
        },
        index=index,
    )


@dataclass(frozen=True)
class LevelMatrix:
    """Levels as a dense candidates x competencies array (NaN = not assessed)."""

    candidates: pd.Index
    competencies: tuple[str, ...]
    levels: np.ndarray


def level_matrix(levels: pd.DataFrame, competencies: Sequence[str]) -> LevelMatrix:
    """Spread the `level` column of an (candidate, competency)-indexed table into a matrix."""
    comps = tuple(competencies)
    cand_index = levels.index.get_level_values("candidate")
    candidates = pd.Index(pd.unique(cand_index)).sort_values()
    out = np.full((len(candidates), len(comps)), np.nan)
    comp_pos = pd.Index(comps).get_indexer(levels.index.get_level_values("competency"))
    row_pos = candidates.get_indexer(cand_index)
    known = comp_pos >= 0
    out[row_pos[known], comp_pos[known]] = levels["level"].to_numpy(dtype=float)[known]
    return LevelMatrix(candidates=candidates, competencies=comps, levels=out)


def profile_arrays(
    profiles: Sequence[Profile], competencies: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Targets and weights of the profiles as two profiles x competencies arrays."""
    targets = np.array(
        [[p.target(c).level for c in competencies] for p in profiles], dtype=float
    ).reshape(len(profiles), len(competencies))
    weights = np.array(
        [[p.target(c).weight for c in competencies] for p in profiles], dtype=float
    ).reshape(len(profiles), len(competencies))
    return targets, weights


def attainment(level: np.ndarray, target: np.ndarray) -> np.ndarray:
    """a = clamp((level - 1) / (target - 1), 0, 1), and a = 1 where target = 1 (NaN stays NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = (level - 1.0) / (target - 1.0)
    out = np.clip(raw, 0.0, 1.0)
    return np.where(target == 1.0, np.where(np.isnan(level), np.nan, 1.0), out)


def _fit_arrays(
    levels: np.ndarray, targets: np.ndarray, weights: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit, coverage and critical-gap counts as candidates x profiles arrays.

    Accumulates competency by competency, in rubric order, so that the result is bit-for-bit the
    plain sequential sum a reference implementation computes.
    """
    n_cand, n_comp = levels.shape
    n_prof = targets.shape[0]
    assessed = ~np.isnan(levels)
    wsum = np.zeros((n_cand, n_prof))
    for c in range(n_comp):
        wsum += assessed[:, c, None] * weights[None, :, c]
    fit_acc = np.zeros((n_cand, n_prof))
    critical = np.zeros((n_cand, n_prof), dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for c in range(n_comp):
            a = attainment(levels[:, c, None], targets[None, :, c])
            share = weights[None, :, c] / wsum
            term = np.where(assessed[:, c, None], share * a, 0.0)
            fit_acc += term
            critical += (
                assessed[:, c, None]
                & (weights[None, :, c] >= settings.critical_weight)
                & (targets[None, :, c] - np.nan_to_num(levels[:, c, None]) >= settings.critical_gap)
            )
        fit = np.where(wsum > 0, 100.0 * fit_acc, np.nan)
        coverage = 100.0 * wsum / weights.sum(axis=1)[None, :]
    return fit, coverage, critical


def _levels_for(ratings: pd.DataFrame | None, levels: pd.DataFrame | None) -> pd.DataFrame:
    if levels is not None:
        return levels
    if ratings is None:
        raise ScoringInputError("pass either ratings or levels")
    return aggregate(ratings)


def score(
    ratings: pd.DataFrame | None,
    profiles: Sequence[Profile],
    *,
    settings: Settings,
    levels: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Fit of every candidate against every profile, vectorised.

    For one candidate and profile, over the competencies i the candidate was rated on (level s_i
    from `aggregate`, target t_i and weight W_i from the profile):

        a_i        = clamp((s_i - 1) / (t_i - 1), 0, 1)      (a_i = 1 when t_i = 1)
        w_i        = W_i / sum_j W_j   (j over assessed competencies)
        fit        = 100 * sum_i w_i * a_i
        coverage   = 100 * sum_j W_j (assessed) / sum_k W_k (all competencies)
        critical   = #{i : W_i >= critical_weight and t_i - s_i >= critical_gap}

    Fit counts shortfalls only (exceeding a target earns nothing extra) and is NaN when no
    weighted competency was assessed. `levels` (an aggregate-shaped table) replaces the ratings,
    e.g. to score the bounds of confidence intervals. Returns one row per candidate x profile.
    """
    table = _levels_for(ratings, levels)
    if not profiles:
        raise ScoringInputError("no profiles to score against")
    comps = [t.competency for t in profiles[0].targets]
    matrix = level_matrix(table, comps)
    targets, weights = profile_arrays(profiles, comps)
    fit, coverage, critical = _fit_arrays(matrix.levels, targets, weights, settings)
    n_cand, n_prof = fit.shape
    return pd.DataFrame(
        {
            "candidate": np.repeat(matrix.candidates.to_numpy(), n_prof),
            "archetype": np.tile(np.array([p.archetype for p in profiles], dtype=object), n_cand),
            "stage": np.tile(np.array([p.stage for p in profiles], dtype=object), n_cand),
            "fit": fit.ravel(),
            "coverage": coverage.ravel(),
            "critical_gaps": critical.ravel(),
        }
    )


@dataclass(frozen=True)
class GapMatrix:
    """The gap tables of many candidates at once, as candidates x competencies arrays.

    Row i, column j is row j of `gap_table` for candidate i; one pass over all candidates keeps
    reports on thousands of them fast.
    """

    candidates: list[object]
    competencies: list[str]
    target: np.ndarray  # per competency
    weight: np.ndarray  # per competency
    level: np.ndarray
    count: np.ndarray
    spread: np.ndarray
    share: np.ndarray
    attainment: np.ndarray
    points_lost: np.ndarray
    critical: np.ndarray


def gap_matrix(
    levels: pd.DataFrame, profile: Profile, settings: Settings, candidates: Sequence[object]
) -> GapMatrix:
    """Why each candidate's fit is what it is, for every competency of the profile.

    Over the competencies candidate c was rated on, with profile weights W and targets t:
    share_i = 100 * W_i / sum(W_assessed) (the competency's points of the 100), a_i = attainment,
    points_lost_i = share_i * (1 - a_i), so the points lost add up to 100 - fit;
    critical_i = W_i >= critical_weight and t_i - level_i >= critical_gap. Unassessed
    competencies have NaN level, share and points lost.
    """
    comps = [t.competency for t in profile.targets]
    target = np.array([t.level for t in profile.targets], dtype=float)
    weight = np.array([t.weight for t in profile.targets], dtype=float)
    index = pd.MultiIndex.from_product([list(candidates), comps], names=["candidate", "competency"])
    table = levels.reindex(index)
    shape = (len(candidates), len(comps))
    level = table["level"].to_numpy(dtype=float).reshape(shape)
    count = (
        table["count"].fillna(0).to_numpy(dtype=np.int64).reshape(shape)
        if "count" in table
        else (~np.isnan(level)).astype(np.int64)
    )
    spread = (
        table["spread"].to_numpy(dtype=float).reshape(shape)
        if "spread" in table
        else np.full(shape, np.nan)
    )
    assessed = ~np.isnan(level)
    wsum = np.zeros(len(candidates))
    for c in range(len(comps)):
        wsum += assessed[:, c] * weight[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(wsum[:, None] > 0, 100.0 * (weight[None, :] / wsum[:, None]), 0.0)
    share = np.where(assessed, part, np.nan)
    a = attainment(level, target[None, :])
    critical = (
        assessed
        & (weight[None, :] >= settings.critical_weight)
        & (target[None, :] - np.nan_to_num(level) >= settings.critical_gap)
    )
    return GapMatrix(
        list(candidates),
        comps,
        target,
        weight,
        level,
        count,
        spread,
        share,
        a,
        share * (1.0 - a),
        critical,
    )


def gap_table(
    ratings: pd.DataFrame | None,
    candidate: object,
    profile: Profile,
    *,
    settings: Settings,
    levels: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One candidate's gap table: a row per competency of the profile, in rubric order.

    The columns are those of `gap_matrix` (target, level, count, spread, weight 0-3, share,
    attainment, points_lost, critical_gap); the points lost add up to 100 - fit.
    """
    gaps = gap_matrix(_levels_for(ratings, levels), profile, settings, [candidate])
    return pd.DataFrame(
        {
            "competency": gaps.competencies,
            "target": gaps.target.astype(np.int64),
            "level": gaps.level[0],
            "count": gaps.count[0],
            "spread": gaps.spread[0],
            "weight": gaps.weight.astype(np.int64),
            "share": gaps.share[0],
            "attainment": gaps.attainment[0],
            "points_lost": gaps.points_lost[0],
            "critical_gap": gaps.critical[0],
        }
    )


def rank(scores: pd.DataFrame) -> pd.DataFrame:
    """Order one profile's scores: fit high to low, then coverage, then candidate; add `rank`.

    Equal fits share the better rank (1, 2, 2, 4); candidates without a fit come last, unranked.
    """
    keys = scores[["archetype", "stage"]].drop_duplicates()
    if len(keys) > 1:
        raise ScoringInputError("rank() takes the scores of one profile; filter them first")
    ordered = scores.sort_values(
        ["fit", "coverage", "candidate"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)
    ordered.insert(0, "rank", ordered["fit"].rank(method="min", ascending=False).astype("Int64"))
    return ordered


def best_fit(
    ratings: pd.DataFrame | None,
    candidate: object,
    rubric: Rubric,
    *,
    levels: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One candidate's fit against every archetype x stage profile, best first.

    Answers "what kind of CTO is this person": the same fit formula as `score`, for every profile.
    """
    table = _levels_for(ratings, levels)
    mine = table[table.index.get_level_values("candidate") == candidate]
    scored = score(None, rubric.profiles(), settings=rubric.settings, levels=mine)
    return (
        scored.drop(columns="candidate")
        .sort_values(["fit", "coverage"], ascending=False, na_position="last")
        .reset_index(drop=True)
    )
