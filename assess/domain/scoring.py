"""Fit scoring: aggregate ratings per candidate and competency, score them against profiles."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

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


@dataclass(frozen=True)
class CodedRatings:
    """Ratings as integer codes: rating i is of candidate `candidates[candidate[i]]` on
    competency `competencies[competency[i]]`. `rating` holds whole scale points as int8
    (0 = not assessed) or, for other values such as leniency-adjusted ones, float64 (NaN =
    not assessed). `candidates` is sorted, so codes order candidates as their ids do."""

    candidates: np.ndarray
    competencies: tuple[str, ...]
    candidate: np.ndarray
    competency: np.ndarray
    rating: np.ndarray

    def assessed(self) -> np.ndarray:
        """Per rating, whether it assesses something (not 0 / NaN)."""
        if self.rating.dtype.kind in "iu":
            rated: np.ndarray = self.rating > 0
        else:
            rated = ~np.isnan(self.rating)
        return rated


def small_ratings(rating: np.ndarray) -> np.ndarray:
    """Float ratings (NaN = not assessed) as int8 codes (0 = not assessed) when every one is a
    whole scale point; otherwise the floats unchanged."""
    present = rating[~np.isnan(rating)]
    if not np.array_equal(present, np.rint(present)):
        return rating
    codes: np.ndarray = np.nan_to_num(rating, nan=0.0).astype(np.int8)
    return codes


def code_ratings(ratings: pd.DataFrame) -> CodedRatings:
    """The candidate, competency and rating columns of a ratings table as `CodedRatings`
    (candidates and competencies sorted); checks the columns and the 1-5 range."""
    _check_ratings(ratings)
    rating = pd.to_numeric(ratings["rating"], errors="coerce").to_numpy(dtype=float)
    # Factorise the columns as they are (Arrow strings stay Arrow): converting 700k strings to
    # Python objects first costs more.
    cand_codes, cands = pd.factorize(ratings["candidate"], sort=True)
    comp_codes, comps = pd.factorize(ratings["competency"], sort=True)
    return CodedRatings(
        candidates=np.asarray(cands),
        competencies=tuple(str(c) for c in comps),
        candidate=cand_codes.astype(np.intp, copy=False),
        competency=comp_codes.astype(np.intp, copy=False),
        rating=small_ratings(rating),
    )


@dataclass(frozen=True)
class LevelArrays:
    """Aggregated ratings as dense candidates x competencies arrays (rows `candidates`, columns
    `competencies`): level, low and high are NaN and count 0 where nothing was assessed.

    low and high are derived on first use (scoring needs only the levels): from `histogram`
    (pairs x ratings 0..5, whole-point ratings) or from `extremes` (other ratings)."""

    candidates: np.ndarray
    competencies: tuple[str, ...]
    level: np.ndarray
    count: np.ndarray
    histogram: np.ndarray | None = None
    extremes: tuple[np.ndarray, np.ndarray] | None = None

    @functools.cached_property
    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        if self.extremes is not None:
            return self.extremes
        if self.histogram is None:
            raise ScoringInputError("level arrays without a histogram or extremes")
        seen = self.histogram[:, 1:] > 0
        rated = seen.any(axis=1)
        low = np.where(rated, 1.0 + np.argmax(seen, axis=1), np.nan)
        high = np.where(rated, 5.0 - np.argmax(seen[:, ::-1], axis=1), np.nan)
        return low.reshape(self.level.shape), high.reshape(self.level.shape)

    @property
    def low(self) -> np.ndarray:
        """The lowest rating of each pair."""
        return self._bounds[0]

    @property
    def high(self) -> np.ndarray:
        """The highest rating of each pair."""
        return self._bounds[1]

    @property
    def spread(self) -> np.ndarray:
        """high - low (NaN where not assessed)."""
        spread: np.ndarray = self.high - self.low
        return spread

    def rows(self, keep: np.ndarray) -> LevelArrays:
        """Only the candidates where `keep` (a boolean mask over rows) holds."""
        low, high = self._bounds
        return LevelArrays(
            self.candidates[keep],
            self.competencies,
            self.level[keep],
            self.count[keep],
            extremes=(low[keep], high[keep]),
        )


# Histogram columns 0..5 (0 = not assessed) as (count, sum) weights.
_COUNT_SUM: Final = np.array([[0, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5]], dtype=float).T


def aggregate_codes(coded: CodedRatings) -> LevelArrays:
    """`aggregate` on integer codes, into dense arrays (the formula is `aggregate`'s).

    Whole-point ratings (int8 codes) take one np.bincount over pair * 6 + rating: a histogram
    per candidate x competency, from which count, sum, low and high follow exactly, with no
    pass to drop the not-assessed ones (they fall in column 0). Other ratings take a weighted
    np.bincount in row order, so each sum is the sequential sum a plain loop computes.
    """
    n_cand, n_comp = len(coded.candidates), len(coded.competencies)
    size = n_cand * n_comp
    shape = (n_cand, n_comp)
    pair = coded.candidate.astype(np.int64) * n_comp + coded.competency
    if coded.rating.dtype.kind in "iu":
        pair *= 6
        pair += coded.rating
        hist = np.bincount(pair, minlength=size * 6).reshape(size, 6)
        with _one_thread():
            count_sum = hist @ _COUNT_SUM
        count = count_sum[:, 0].astype(np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            level = count_sum[:, 1] / count_sum[:, 0]
        return LevelArrays(
            coded.candidates, coded.competencies, level.reshape(shape), count.reshape(shape), hist
        )
    keep = ~np.isnan(coded.rating)
    values = coded.rating[keep]
    flat = pair[keep]
    total = np.bincount(flat, weights=values, minlength=size)
    count = np.bincount(flat, minlength=size)
    low = np.full(size, np.inf)
    high = np.full(size, -np.inf)
    np.minimum.at(low, flat, values)
    np.maximum.at(high, flat, values)
    low[count == 0] = np.nan
    high[count == 0] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        level = total / count
    return LevelArrays(
        coded.candidates,
        coded.competencies,
        level.reshape(shape),
        count.astype(np.int64).reshape(shape),
        extremes=(low.reshape(shape), high.reshape(shape)),
    )


def levels_frame(arrays: LevelArrays) -> pd.DataFrame:
    """The `aggregate`-shaped table of `arrays`: a row per assessed (candidate, competency)."""
    count = arrays.count.ravel()
    idx = np.flatnonzero(count > 0)
    n_comp = len(arrays.competencies)
    index = pd.MultiIndex.from_arrays(
        [
            pd.Index(arrays.candidates).take(idx // n_comp),
            pd.Index(arrays.competencies).take(idx % n_comp),
        ],
        names=["candidate", "competency"],
    )
    low, high = arrays.low.ravel()[idx], arrays.high.ravel()[idx]
    return pd.DataFrame(
        {
            "level": arrays.level.ravel()[idx],
            "count": count[idx],
            "spread": high - low,
            "low": low,
            "high": high,
        },
        index=index,
    )


def aggregate(ratings: pd.DataFrame) -> pd.DataFrame:
    """Combine the ratings of each candidate x competency mechanically.

    With r_1..r_n the non-missing ratings of one candidate on one competency (every interviewer and
    interview alike): level = (r_1 + ... + r_n) / n, count = n, low = min r, high = max r,
    spread = high - low. Not-assessed ratings are excluded, never counted as zero; a pair with no
    rating at all has no row. Returns a frame indexed by (candidate, competency), sorted.
    """
    return levels_frame(aggregate_codes(code_ratings(ratings)))


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


def columns_for(levels: np.ndarray, have: Sequence[str], want: Sequence[str]) -> np.ndarray:
    """The columns of a candidates x `have` matrix rearranged as `want` (NaN where absent)."""
    pos = pd.Index(list(have)).get_indexer(pd.Index(list(want)))
    out = np.full((levels.shape[0], len(want)), np.nan)
    found = pos >= 0
    out[:, found] = levels[:, pos[found]]
    return out


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


# The fit product is padded to multiples of these (rows, profile columns) and always has a
# column for every competency x target value, so that every fit goes through the same BLAS
# micro-kernel with the same terms in the same order, whichever candidates and profiles are
# scored together: a remainder tile (or a matrix-vector product for one profile) rounds
# differently, and equal fits must stay equal (they share a rank).
_ROW_BLOCK: Final = 64
_COLUMN_BLOCK: Final = 8
_TARGET_VALUES: Final = np.arange(1.0, 6.0)


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _one_thread() -> contextlib.AbstractContextManager[object]:
    """BLAS limited to one thread: the products are small, and on a server's few shared cores
    threads that wait for each other cost more than they save (4-25x, measured); one thread
    also keeps the rounding the same from call to call."""
    limit: contextlib.AbstractContextManager[object] = _blas().limit(limits=1, user_api="blas")
    return limit


def _fit_arrays(
    levels: np.ndarray, targets: np.ndarray, weights: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit, coverage and critical-gap counts as candidates x profiles arrays (`score`'s formula).

    Targets are whole scale points, so a competency's attainments take one column per target
    value 1..5: X[c, (i, v)] = a(s_ci, v), 0 where not assessed. With
    B[(i, v), p] = W_pi where t_pi = v (else 0), one matrix product gives sum_i W_i * a_i for
    every candidate x profile, and

        fit      = 100 * (X @ B) / wsum,   wsum = assessed @ W.T
        coverage = 100 * wsum / sum_k W_k
        critical = D @ C,  D[c, (i, v)] = assessed and v - s_ci >= critical_gap,
                           C[(i, v), p] = t_pi = v and W_pi >= critical_weight

    The fit equals the reference's sum_i (W_i / wsum) * a_i to within rounding (a few units
    in the last place, the order of the sum being BLAS's); coverage and critical are exact.
    """
    n_cand, n_comp = levels.shape
    n_prof = targets.shape[0]
    comp = np.repeat(np.arange(n_comp), len(_TARGET_VALUES))
    value = np.tile(_TARGET_VALUES, n_comp)
    rows = -(-max(n_cand, 1) // _ROW_BLOCK) * _ROW_BLOCK
    cols = -(-max(n_prof, 1) // _COLUMN_BLOCK) * _COLUMN_BLOCK
    x = np.zeros((rows, len(comp)))
    picked = levels[:, comp]
    raw = x[:n_cand]
    # in place, in as few passes as numpy allows: a = clip((s - 1) / (v - 1), 0, 1), 0 if NaN
    with np.errstate(divide="ignore", invalid="ignore"):
        np.subtract(picked, 1.0, out=raw)
        np.divide(raw, value - 1.0, out=raw)
        np.clip(raw, 0.0, 1.0, out=raw)
        np.nan_to_num(raw, copy=False, nan=0.0)
        ones = np.flatnonzero(value == 1.0)  # a target of 1 is met by any rating
        raw[:, ones] = ~np.isnan(picked[:, ones])
        d = np.greater_equal(value - picked, settings.critical_gap, out=np.empty(picked.shape))
    chosen = targets[:, comp] == value  # profiles x pairs: the profile's target is that value
    b = np.zeros((len(comp), cols))
    b[:, :n_prof] = np.where(chosen, weights[:, comp], 0.0).T
    c = (chosen & (weights[:, comp] >= settings.critical_weight)).T.astype(float)
    with _one_thread():
        wsum = (~np.isnan(levels)).astype(float) @ weights.T
        weighted = (x @ b)[:n_cand, :n_prof]
        critical = np.rint(d @ c).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = np.where(wsum > 0, 100.0 * weighted / wsum, np.nan)
        coverage = 100.0 * wsum / weights.sum(axis=1)[None, :]
    return fit, coverage, critical


@dataclass(frozen=True)
class ProfileScores:
    """`score`'s result as arrays: rows `candidates`, columns `profiles` ((archetype, stage))."""

    candidates: np.ndarray
    profiles: tuple[tuple[str, str], ...]
    fit: np.ndarray
    coverage: np.ndarray
    critical: np.ndarray

    def column(self, archetype: str, stage: str) -> int:
        """The column of one profile."""
        return self.profiles.index((archetype, stage))

    def frame(self) -> pd.DataFrame:
        """One row per candidate x profile, columns SCORE_COLUMNS, as `score` returns them."""
        n_cand, n_prof = self.fit.shape
        return pd.DataFrame(
            {
                "candidate": np.repeat(np.asarray(self.candidates), n_prof),
                "archetype": np.tile(np.array([a for a, _ in self.profiles], dtype=object), n_cand),
                "stage": np.tile(np.array([s for _, s in self.profiles], dtype=object), n_cand),
                "fit": self.fit.ravel(),
                "coverage": self.coverage.ravel(),
                "critical_gaps": self.critical.ravel(),
            }
        )


def score_arrays(
    levels: LevelArrays, profiles: Sequence[Profile], *, settings: Settings
) -> ProfileScores:
    """`score` on dense level arrays: every candidate of `levels` (also one whose ratings are
    all "not assessed": fit NaN, coverage 0) against every profile."""
    if not profiles:
        raise ScoringInputError("no profiles to score against")
    comps = [t.competency for t in profiles[0].targets]
    matrix = columns_for(levels.level, levels.competencies, comps)
    targets, weights = profile_arrays(profiles, comps)
    fit, coverage, critical = _fit_arrays(matrix, targets, weights, settings)
    return ProfileScores(
        candidates=levels.candidates,
        profiles=tuple((p.archetype, p.stage) for p in profiles),
        fit=fit,
        coverage=coverage,
        critical=critical,
    )


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
    if not profiles:
        raise ScoringInputError("no profiles to score against")
    if levels is None and ratings is not None:
        arrays = aggregate_codes(code_ratings(ratings))
        # only candidates with an assessed rating, as an aggregate table would list them
        rated = arrays.count.sum(axis=1) > 0
        if not rated.all():
            arrays = arrays.rows(rated)
        return score_arrays(arrays, profiles, settings=settings).frame()
    table = _levels_for(ratings, levels)
    comps = [t.competency for t in profiles[0].targets]
    matrix = level_matrix(table, comps)
    targets, weights = profile_arrays(profiles, comps)
    fit, coverage, critical = _fit_arrays(matrix.levels, targets, weights, settings)
    return ProfileScores(
        candidates=matrix.candidates.to_numpy(),
        profiles=tuple((p.archetype, p.stage) for p in profiles),
        fit=fit,
        coverage=coverage,
        critical=critical,
    ).frame()


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
