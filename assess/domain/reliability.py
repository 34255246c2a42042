"""Rater agreement, interviewer calibration and the uncertainty of levels and fits."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Final, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from assess.domain.i18n import t
from assess.domain.ratings import submitted
from assess.domain.rubric import Profile, Settings
from assess.domain.scoring import (
    CodedRatings,
    LevelArrays,
    aggregate_codes,
    code_ratings,
    levels_frame,
    score,
)

# Every function below reads the long ratings table of `assess.scoring` (one row per rating:
# candidate, interviewer, interview, competency, rating 1-5 or NaN = not assessed). When the table
# carries a `state` column, drafts are dropped first: a draft is private and never scored.

ICC_KEYS: Final[tuple[str, ...]] = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
# every agreement statistic of a competency: the columns that may be missing, with a reason
STATISTICS: Final[tuple[str, ...]] = ("alpha", *ICC_KEYS)
AGREEMENT_COLUMNS: Final[tuple[str, ...]] = (
    "competency",
    "alpha",
    *ICC_KEYS,
    "candidates",
    "ratings",
    "icc_candidates",
    "verdict",
)
# Ratings this far apart on one candidate x competency are a disagreement to discuss.
DISAGREEMENT: Final[float] = 2.0
LENIENCY_COLUMNS: Final[tuple[str, ...]] = ("leniency", "shared", "ratings")
INTERVAL_COLUMNS: Final[tuple[str, ...]] = (
    "level",
    "count",
    "sd_pooled",
    "low",
    "high",
    "evidence",
)
FIT_INTERVAL_COLUMNS: Final[tuple[str, ...]] = (
    "candidate",
    "archetype",
    "stage",
    "fit_low",
    "fit",
    "fit_high",
    "coverage",
    "critical_gaps",
)

# Krippendorff (2004, Content Analysis, 2nd ed., p. 241; 2011, "Computing Krippendorff's
# Alpha-Reliability", p. 1): rely on variables with alpha >= .800; alpha >= .667 allows tentative
# conclusions only; below that the data (here: the rubric's anchors) cannot be relied on.
RELIABLE_ALPHA: Final[float] = 0.800
TENTATIVE_ALPHA: Final[float] = 0.667
VERDICT_RELIABLE: Final[str] = "reliable"
VERDICT_TENTATIVE: Final[str] = "tentative"
VERDICT_UNRELIABLE: Final[str] = "unreliable: anchors need work"
VERDICT_INSUFFICIENT: Final[str] = "insufficient data"

# Axis names that give away a matrix's orientation (rows must be candidates, columns raters).
_RATER_NAMES: Final[frozenset[str]] = frozenset(
    {
        "interviewer",
        "interviewers",
        "rater",
        "raters",
        "judge",
        "judges",
        "coder",
        "coders",
        "observer",
        "observers",
    }
)
_UNIT_NAMES: Final[frozenset[str]] = frozenset(
    {"candidate", "candidates", "target", "targets", "unit", "units", "subject", "subjects"}
)


class ReliabilityInputError(ValueError):
    """A ratings table or matrix that the reliability statistics cannot use."""


# --------------------------------------------------------------------------- input handling


def _prepare(ratings: pd.DataFrame, need: Sequence[str]) -> pd.DataFrame:
    """Check the columns and the 1-5 range, drop drafts, return a copy with float ratings."""
    missing = [c for c in need if c not in ratings.columns]
    if missing:
        raise ReliabilityInputError(f"ratings table lacks column(s): {', '.join(missing)}")
    frame = submitted(ratings).copy()
    values = pd.to_numeric(frame["rating"], errors="coerce")
    unreadable = values.isna() & frame["rating"].notna()
    bad = unreadable | (values.notna() & ((values < 1) | (values > 5)))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        value = frame["rating"].iloc[pos]
        shown = value.item() if isinstance(value, np.generic) else value
        raise ReliabilityInputError(
            f"ratings table: row {frame.index[pos]!r}, column 'rating': must be 1-5 or missing, "
            f"got {shown!r}"
        )
    frame["rating"] = values.astype(float)
    return frame


def _cells(frame: pd.DataFrame) -> pd.Series:
    """One value per competency x candidate x interviewer: the mean of that interviewer's ratings.

    An interviewer who rated the same candidate twice on a competency is one rater, not two.
    """
    rated = frame[frame["rating"].notna()]
    cells: pd.Series = rated.groupby(["competency", "candidate", "interviewer"], sort=True)[
        "rating"
    ].mean()
    return cells


def _matrix_from_cells(cells: pd.Series) -> pd.DataFrame:
    """Candidates x interviewers for the cells of one competency (only raters who rated it)."""
    matrix = cells.unstack("interviewer").dropna(axis=1, how="all")
    matrix.index.name = "candidate"
    matrix.columns.name = "interviewer"
    return matrix


def ratings_matrix(ratings: pd.DataFrame, competency: str) -> pd.DataFrame:
    """The candidates x interviewers matrix of one competency, in the orientation icc/alpha take.

    Index named "candidate" (candidates with at least one rating on the competency), columns named
    "interviewer" (interviewers who rated it), NaN where an interviewer did not rate a candidate.
    An interviewer who rated the same candidate more than once on the competency counts once, with
    the mean of those ratings.
    """
    frame = _prepare(ratings, ("candidate", "interviewer", "competency", "rating"))
    cells = _cells(frame[frame["competency"] == competency])
    if cells.empty:
        empty = pd.DataFrame(index=pd.Index([], name="candidate"), dtype=float)
        empty.columns.name = "interviewer"
        return empty
    return _matrix_from_cells(cells.droplevel("competency"))


def _check_orientation(matrix: pd.DataFrame, raters: Sequence[Hashable] | None, func: str) -> None:
    """Refuse a raters x candidates matrix: the statistics would be silently wrong."""
    row_name = matrix.index.name
    col_name = matrix.columns.name
    rows_named_raters = isinstance(row_name, str) and row_name.lower() in _RATER_NAMES
    cols_named_units = isinstance(col_name, str) and col_name.lower() in _UNIT_NAMES
    if rows_named_raters or cols_named_units:
        raise ReliabilityInputError(
            f"{func}: rows are raters (index named {row_name!r}, columns named {col_name!r}); "
            "rows must be candidates and columns raters: pass matrix.T"
        )
    if raters is None:
        return
    known = set(raters)
    unknown = [c for c in matrix.columns if c not in known]
    if not unknown:
        return
    if len(matrix.index) > 0 and all(r in known for r in matrix.index):
        raise ReliabilityInputError(
            f"{func}: rows are raters (the row labels are the raters given); rows must be "
            "candidates and columns raters: pass matrix.T"
        )
    raise ReliabilityInputError(
        f"{func}: column(s) {', '.join(map(repr, unknown))} are not among the raters given; "
        "columns must be raters"
    )


def _values(matrix: pd.DataFrame, func: str) -> npt.NDArray[np.float64]:
    try:
        return matrix.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ReliabilityInputError(f"{func}: the matrix must hold numbers or NaN ({exc})") from exc


# --------------------------------------------------------------------------- coefficients


def icc(matrix: pd.DataFrame, *, raters: Sequence[Hashable] | None = None) -> dict[str, float]:
    """Intraclass correlations of Shrout & Fleiss (1979) for a candidates x raters matrix.

    Rows are targets (candidates), columns raters (interviewers), on any numeric scale. Missing
    cells: only complete rows are used (listwise deletion), since the two-way ANOVA needs a full
    crossing; a candidate one rater did not rate drops out of every coefficient. With n complete
    rows, k raters, x_ij the rating of target i by rater j, row means r_i, column means c_j and
    grand mean g:

        BMS = k * sum_i (r_i - g)^2 / (n - 1)                       between targets
        WMS = sum_ij (x_ij - r_i)^2 / (n (k - 1))                   within targets
        JMS = n * sum_j (c_j - g)^2 / (k - 1)                       between raters
        EMS = sum_ij (x_ij - r_i - c_j + g)^2 / ((n - 1)(k - 1))    residual

        ICC1  = (BMS - WMS) / (BMS + (k - 1) WMS)                   one-way random, single
        ICC2  = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)   two-way random, single
        ICC3  = (BMS - EMS) / (BMS + (k - 1) EMS)                   two-way mixed, single
        ICC1k = (BMS - WMS) / BMS                                   ... mean of k raters
        ICC2k = (BMS - EMS) / (BMS + (JMS - EMS) / n)
        ICC3k = (BMS - EMS) / BMS

    A coefficient whose denominator is 0 (e.g. no variation at all) is NaN. `raters`, when given,
    names the raters so that a transposed (raters x candidates) matrix is caught; an index named
    "interviewer" or columns named "candidate" are caught without it. Raises ValueError for fewer
    than 2 raters or fewer than 2 complete rows.
    """
    _check_orientation(matrix, raters, "icc")
    values = _values(matrix, "icc")
    k = values.shape[1]
    if k < 2:
        raise ReliabilityInputError(f"icc: needs at least 2 raters (columns), got {k}")
    complete = values[~np.isnan(values).any(axis=1)]
    n = complete.shape[0]
    if n < 2:
        raise ReliabilityInputError(
            f"icc: needs at least 2 candidates rated by all {k} raters (complete rows), got {n} "
            f"of {values.shape[0]}"
        )
    row_means = complete.mean(axis=1)
    col_means = complete.mean(axis=0)
    grand = complete.mean()
    within = complete - row_means[:, None]
    residual = within - (col_means - grand)[None, :]
    bms = k * float(((row_means - grand) ** 2).sum()) / (n - 1)
    wms = float((within**2).sum()) / (n * (k - 1))
    jms = n * float(((col_means - grand) ** 2).sum()) / (k - 1)
    ems = float((residual**2).sum()) / ((n - 1) * (k - 1))

    # ICC2k's denominator BMS + (JMS - EMS) / n can cancel to 0; rounding then leaves a tiny
    # remainder that would turn "undefined" into a huge number, so near-zero counts as zero.
    tiny = 1e-12 * (bms + wms + jms + ems)

    def ratio(num: float, den: float) -> float:
        return num / den if abs(den) > tiny else float("nan")

    return {
        "ICC1": ratio(bms - wms, bms + (k - 1) * wms),
        "ICC2": ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": ratio(bms - ems, bms + (k - 1) * ems),
        "ICC1k": ratio(bms - wms, bms),
        "ICC2k": ratio(bms - ems, bms + (jms - ems) / n),
        "ICC3k": ratio(bms - ems, bms),
    }


def _alpha_parts(values: npt.NDArray[np.float64]) -> tuple[float, int, int]:
    """(alpha, pairable units, pairable values) of a units x raters array; alpha may be NaN."""
    present = ~np.isnan(values)
    m = present.sum(axis=1)
    pairable = m >= 2
    units = int(pairable.sum())
    v = np.where(present[pairable], values[pairable], 0.0)
    mu = m[pairable].astype(float)
    n = int(mu.sum())
    if n == 0:
        return float("nan"), 0, 0
    unit_mean = v.sum(axis=1) / mu
    dev = np.where(present[pairable], v - unit_mean[:, None], 0.0)
    ss_unit = (dev**2).sum(axis=1)
    observed = float((ss_unit * mu / (mu - 1.0)).sum())
    grand = float(v.sum()) / n
    total = float((np.where(present[pairable], v - grand, 0.0) ** 2).sum())
    if total == 0.0:
        return float("nan"), units, n
    return 1.0 - (n - 1) * observed / (n * total), units, n


def alpha(matrix: pd.DataFrame, *, raters: Sequence[Hashable] | None = None) -> float:
    """Krippendorff's alpha, interval metric, for a candidates x raters matrix (NaN = missing).

    Rows are units (candidates), columns raters. Units with fewer than 2 ratings are not pairable
    and are ignored. With m_u the number of ratings of unit u, n = sum of m_u over pairable units
    and the squared difference as the interval metric (Krippendorff 2011, "Computing
    Krippendorff's Alpha-Reliability"):

        D_o = (1/n) * sum_u 1/(m_u - 1) * sum_{i != j in u} (v_ui - v_uj)^2
        D_e = 1/(n (n - 1)) * sum_{i != j over all pairable values} (v_i - v_j)^2
        alpha = 1 - D_o / D_e

    which is the coincidence-matrix formula written over pairable values. Since
    sum_{i != j} (x_i - x_j)^2 = 2 m sum_i (x_i - mean)^2, it is computed without any pairs:
    alpha = 1 - (n - 1) * sum_u [m_u SS_u / (m_u - 1)] / (n * SS), with SS_u the squared
    deviations within unit u and SS those of all pairable values from their grand mean.

    NaN when the pairable values do not vary at all (D_e = 0, alpha undefined). Raises ValueError
    when no unit has 2 ratings, and for a transposed matrix (see `icc`).
    """
    _check_orientation(matrix, raters, "alpha")
    values = _values(matrix, "alpha")
    value, units, _ = _alpha_parts(values)
    if units == 0:
        raise ReliabilityInputError(
            "alpha: needs at least one candidate rated by 2 or more raters, got none"
        )
    return value


def verdict(value: float) -> str:
    """Krippendorff's reading of an alpha: reliable (>= .800), tentative (>= .667) or not."""
    if np.isnan(value):
        return VERDICT_INSUFFICIENT
    if value >= RELIABLE_ALPHA:
        return VERDICT_RELIABLE
    if value >= TENTATIVE_ALPHA:
        return VERDICT_TENTATIVE
    return VERDICT_UNRELIABLE


@dataclass(frozen=True)
class Reason:
    """Why a statistic has no value: an interface text (`assess.domain.i18n`) and its fields."""

    key: str
    fields: tuple[tuple[str, int], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The reason as a sentence in `lang`."""
        return t(self.key, lang, **dict(self.fields))


NO_RATINGS: Final = Reason("why.no_ratings")
ALPHA_NO_PAIRS: Final = Reason("why.alpha_pairs")
ALPHA_NO_VARIATION: Final = Reason("why.alpha_no_variation")
ICC_NO_VARIATION: Final = Reason("why.icc_no_variation")
LENIENCY_NOT_SHARED: Final = Reason("why.leniency_shared")


def icc_raters_reason(raters: int) -> Reason:
    """The ICCs of a competency fewer than 2 interviewers rated."""
    return Reason("why.icc_raters", (("raters", raters),))


def icc_complete_reason(raters: int, complete: int) -> Reason:
    """The ICCs of a competency with fewer than 2 candidates rated by all its interviewers."""
    return Reason("why.icc_complete", (("raters", raters), ("complete", complete)))


def agreement(ratings: pd.DataFrame, competencies: Sequence[str]) -> pd.DataFrame:
    """How well interviewers agree, per competency: alpha, the six ICCs and a verdict.

    One row per competency in the order given: `alpha` (Krippendorff, interval), ICC1..ICC3k
    (complete rows only, see `icc`; NaN when fewer than 2 candidates were rated by every
    interviewer of that competency), `candidates` and `ratings` (the pairable candidates and
    ratings behind alpha: candidates rated by at least 2 interviewers), `icc_candidates` (the
    complete rows behind the ICCs) and `verdict`: "reliable" for alpha >= .800, "tentative" for
    alpha >= .667, else "unreliable: anchors need work" (Krippendorff 2004, p. 241), or
    "insufficient data" when alpha cannot be computed. `agreement_explained` also says why.
    """
    return agreement_explained(ratings, competencies)[0]


def agreement_explained(
    ratings: pd.DataFrame, competencies: Sequence[str]
) -> tuple[pd.DataFrame, list[dict[str, Reason]]]:
    """`agreement` and, row for row, why each statistic that is NaN could not be computed: a
    dict from "alpha" or an ICC key to its `Reason` (empty when every number is there).

    The reasons, first that applies: no rating of the competency at all; alpha: no candidate
    rated by 2 or more interviewers, or those ratings do not vary (D_e = 0); ICCs: fewer than 2
    interviewers rated the competency, fewer than 2 candidates were rated by all of them (the
    complete rows), or the coefficient's denominator is 0 (see `icc`).
    """
    frame = _prepare(ratings, ("candidate", "interviewer", "competency", "rating"))
    cells = _cells(frame)
    present = set(cells.index.get_level_values("competency"))
    rows: list[dict[str, Any]] = []
    reasons: list[dict[str, Reason]] = []
    for comp in competencies:
        row: dict[str, Any] = {"competency": comp}
        row.update(dict.fromkeys(STATISTICS, float("nan")))
        row.update(candidates=0, ratings=0, icc_candidates=0)
        why: dict[str, Reason] = dict.fromkeys(STATISTICS, NO_RATINGS)
        if comp in present:
            matrix = _matrix_from_cells(cells.xs(comp, level="competency"))
            values = matrix.to_numpy(dtype=float)
            row["alpha"], row["candidates"], row["ratings"] = _alpha_parts(values)
            why["alpha"] = ALPHA_NO_PAIRS if row["candidates"] == 0 else ALPHA_NO_VARIATION
            raters = values.shape[1]
            complete = int((~np.isnan(values).any(axis=1)).sum())
            if raters < 2:
                why.update(dict.fromkeys(ICC_KEYS, icc_raters_reason(raters)))
            elif complete < 2:
                why.update(dict.fromkeys(ICC_KEYS, icc_complete_reason(raters, complete)))
            else:
                row.update(icc(matrix))
                row["icc_candidates"] = complete
                why.update(dict.fromkeys(ICC_KEYS, ICC_NO_VARIATION))
        row["verdict"] = verdict(row["alpha"])
        rows.append(row)
        reasons.append({k: v for k, v in why.items() if np.isnan(row[k])})
    out = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    out = out.astype({"candidates": np.int64, "ratings": np.int64, "icc_candidates": np.int64})
    return out, reasons


def leniency_reasons(table: pd.DataFrame) -> dict[Hashable, Reason]:
    """Why an interviewer of a `leniency` table has no leniency (by interviewer): they shared
    no candidate x competency with another interviewer."""
    missing = table["leniency"].isna()
    return {who: LENIENCY_NOT_SHARED for who in table.index[missing.to_numpy()]}


# --------------------------------------------------------------------------- calibration


def leniency(ratings: pd.DataFrame) -> pd.DataFrame:
    """How much higher (or lower) each interviewer rates than colleagues who saw the same people.

    For interviewer j and every candidate x competency c that j and at least one other interviewer
    rated, with x_jc j's rating (the mean, if j rated it twice) and o_jc the mean of the OTHER
    interviewers' ratings of c:

        leniency_j = mean over those c of (x_jc - o_jc)        shared_j = their number

    In rating points, never z-scores: a +0.5 is half a scale point. Indexed by interviewer
    (sorted), with `ratings` = every candidate x competency j rated; an interviewer who never
    shared a candidate x competency has NaN leniency and shared = 0.
    """
    frame = _prepare(ratings, ("candidate", "interviewer", "competency", "rating"))
    cells = _cells(frame)
    interviewers = pd.Index(pd.unique(frame["interviewer"].dropna())).sort_values()
    if cells.empty:
        out = pd.DataFrame(
            {"leniency": np.full(len(interviewers), np.nan), "shared": 0, "ratings": 0},
            index=interviewers,
        )
        out.index.name = "interviewer"
        return out.astype({"shared": np.int64, "ratings": np.int64})
    own = cells.to_numpy(dtype=float)
    group = cells.groupby(level=["competency", "candidate"], sort=False)
    total = group.transform("sum").to_numpy(dtype=float)
    count = group.transform("count").to_numpy(dtype=np.int64)
    shared = count >= 2
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = np.where(shared, own - (total - own) / (count - 1), np.nan)
    who = cells.index.get_level_values("interviewer")
    per = pd.DataFrame({"diff": diff, "shared": shared, "one": 1}, index=who).groupby(level=0)
    out = pd.DataFrame(
        {
            "leniency": per["diff"].mean(),
            "shared": per["shared"].sum().astype(np.int64),
            "ratings": per["one"].sum().astype(np.int64),
        }
    ).reindex(interviewers)
    out.index.name = "interviewer"
    return out.fillna({"shared": 0, "ratings": 0}).astype({"shared": np.int64, "ratings": np.int64})


def adjust_for_leniency(
    ratings: pd.DataFrame, leniency: pd.DataFrame, *, k: float = 10.0
) -> pd.DataFrame:
    """Ratings with each interviewer's leniency taken out, shrunk towards 0 by the evidence.

    For interviewer j with leniency L_j over shared_j shared ratings (see `leniency`):

        adjusted = clip(rating - L_j * shared_j / (shared_j + k), 1, 5)

    so an offset seen on few shared ratings is mostly distrusted (k = 10: 10 shared ratings take
    out half of it, 90 take out 90%), and k = 0 removes it fully. Interviewers missing from
    `leniency` or with no shared ratings are left as they are; not-assessed stays NaN. Returns a
    copy of the ratings table with the `rating` column adjusted.

    L_j is measured against colleagues who have offsets of their own, so on a small panel it
    overstates j's offset from the panel's average: with m interviewers who all rate everything,
    L_j = m / (m - 1) times that offset, and k = 0 overshoots by the difference (a +1 rater among
    5 ends at -0.25). The shrinkage tempers this; a leniency is a prompt for calibration, not a
    correction to apply blindly.
    """
    if not k >= 0:
        raise ReliabilityInputError(f"adjust_for_leniency: k must be >= 0, got {k}")
    missing = [c for c in ("leniency", "shared") if c not in leniency.columns]
    if missing:
        raise ReliabilityInputError(f"leniency table lacks column(s): {', '.join(missing)}")
    frame = _prepare(ratings, ("interviewer", "rating"))
    lenient = leniency["leniency"].to_numpy(dtype=float)
    shared = leniency["shared"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        shrunk = np.nan_to_num(lenient * shared / (shared + k), nan=0.0)
    offset = pd.Series(shrunk, index=leniency.index)
    per_rating = frame["interviewer"].map(offset).fillna(0.0).to_numpy(dtype=float)
    frame["rating"] = np.clip(frame["rating"].to_numpy(dtype=float) - per_rating, 1.0, 5.0)
    return frame


def disagreements(ratings: pd.DataFrame, *, threshold: float = DISAGREEMENT) -> pd.DataFrame:
    """Candidate x competency pairs whose submitted ratings differ by `threshold` points or more.

    One row per such pair: candidate (and candidate_name when the table has it), competency,
    low, high, spread = high - low, and the lists `interviewers`, `ratings` (and `evidence` when
    the table has it), ordered from the highest rating down, so a debrief can read who saw what.
    Rows are ordered by spread (largest first), then candidate and competency.
    """
    if not threshold > 0:
        raise ReliabilityInputError(f"disagreements: threshold must be > 0, got {threshold}")
    frame = _prepare(ratings, ("candidate", "interviewer", "competency", "rating"))
    frame = frame[frame["rating"].notna()]
    keys = ["candidate", "competency"]
    grouped = frame.groupby(keys, sort=False)["rating"]
    spread = grouped.transform("max") - grouped.transform("min")
    flagged = frame[(spread >= threshold).to_numpy()].copy()
    has_name = "candidate_name" in frame.columns
    has_evidence = "evidence" in frame.columns
    columns = ["candidate", *(["candidate_name"] if has_name else []), "competency", "low", "high"]
    columns += ["spread", "interviewers", "ratings", *(["evidence"] if has_evidence else [])]
    if flagged.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    order = ["candidate", "competency", "rating", "interviewer"]
    ascending = [True, True, False, True]
    if "interview" in flagged.columns:
        order.append("interview")
        ascending.append(True)
    flagged = flagged.sort_values(order, ascending=ascending, kind="stable")
    flagged["interviewer"] = flagged["interviewer"].astype(str)
    if has_evidence:
        flagged["evidence"] = flagged["evidence"].fillna("").astype(str)
    agg: dict[str, tuple[str, Any]] = {
        "low": ("rating", "min"),
        "high": ("rating", "max"),
        "interviewers": ("interviewer", list),
        "ratings": ("rating", list),
    }
    if has_name:
        agg["candidate_name"] = ("candidate_name", "first")
    if has_evidence:
        agg["evidence"] = ("evidence", list)
    out = flagged.groupby(keys, sort=False).agg(**agg).reset_index()
    out["spread"] = out["high"] - out["low"]
    out = out.sort_values(
        ["spread", "candidate", "competency"], ascending=[False, True, True], kind="stable"
    )
    return out[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- confidence


def level_intervals(ratings: pd.DataFrame, *, min_raters: int = 2, z: float = 1.96) -> pd.DataFrame:
    """Each level with an interval that says how far rater noise could move it.

    Indexed (candidate, competency) like `scoring.aggregate`, with level (the mean rating) and
    count. The noise is estimated per competency from ALL candidates, not from one candidate's
    two or three ratings: with r_ci the ratings of candidate c and m_c their mean,

        sd_pooled = sqrt( sum_c sum_i (r_ci - m_c)^2 / sum_c (n_c - 1) )
        low, high = level -/+ z * sd_pooled / sqrt(count), clipped to [1, 5]

    When no candidate has two ratings on a competency the noise is unknown: sd_pooled is NaN and
    the interval is the whole scale [1, 5]. `evidence` is "insufficient" when count < min_raters,
    else "ok".
    """
    if min_raters < 1:
        raise ReliabilityInputError(f"level_intervals: min_raters must be >= 1, got {min_raters}")
    if not z >= 0:
        raise ReliabilityInputError(f"level_intervals: z must be >= 0, got {z}")
    frame = _prepare(ratings, ("candidate", "competency", "rating"))
    coded = code_ratings(frame[frame["rating"].notna()])
    levels = aggregate_codes(coded)
    bounds = interval_arrays(coded, levels, z=z)
    table = levels_frame(levels)
    present = levels.count.ravel() > 0
    count = table["count"].to_numpy(dtype=np.int64)
    sd = np.broadcast_to(bounds.sd[None, :], levels.level.shape).ravel()[present]
    return pd.DataFrame(
        {
            "level": table["level"].to_numpy(dtype=float),
            "count": count,
            "sd_pooled": sd,
            "low": bounds.low.ravel()[present],
            "high": bounds.high.ravel()[present],
            "evidence": np.where(count < min_raters, "insufficient", "ok"),
        },
        index=table.index,
    )


@dataclass(frozen=True)
class IntervalArrays:
    """`level_intervals` as arrays: sd_pooled per competency, low and high per candidate x
    competency (NaN where not assessed), aligned with the `LevelArrays` they came from."""

    sd: np.ndarray
    low: np.ndarray
    high: np.ndarray


def interval_arrays(coded: CodedRatings, levels: LevelArrays, *, z: float = 1.96) -> IntervalArrays:
    """The intervals of `level_intervals` from integer codes and their aggregate: squared
    deviations from each pair's level summed per competency with np.bincount, over the
    degrees of freedom sum (count - 1) of its assessed pairs (formula in `level_intervals`)."""
    n_comp = len(coded.competencies)
    keep = coded.assessed()
    values = coded.rating[keep].astype(float)
    comp = coded.competency[keep]
    pair = coded.candidate[keep].astype(np.int64) * n_comp + comp
    deviation = values - levels.level.ravel()[pair]
    ss = np.bincount(comp, weights=deviation * deviation, minlength=n_comp)
    df = np.where(levels.count > 0, levels.count - 1, 0).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.where(df > 0, np.sqrt(ss / df), np.nan)
        half = z * sd[None, :] / np.sqrt(levels.count)
    unknown = np.isnan(sd)[None, :]
    assessed = levels.count > 0
    low = np.where(unknown, 1.0, np.clip(levels.level - half, 1.0, 5.0))
    high = np.where(unknown, 5.0, np.clip(levels.level + half, 1.0, 5.0))
    return IntervalArrays(
        sd=sd, low=np.where(assessed, low, np.nan), high=np.where(assessed, high, np.nan)
    )


def fit_intervals(
    ratings: pd.DataFrame,
    profiles: Sequence[Profile],
    *,
    settings: Settings,
    z: float = 1.96,
) -> pd.DataFrame:
    """Fit of every candidate x profile with the interval its level intervals allow.

    Fit never falls when a level rises, so scoring every low bound of `level_intervals` gives
    fit_low and every high bound fit_high; the three fits come from `scoring.score` itself.
    Coverage and critical gaps are those of the levels. One row per candidate x profile, in the
    order `scoring.score` gives.
    """
    bounds = level_intervals(ratings, min_raters=settings.min_raters, z=z)

    def scored(column: str) -> pd.DataFrame:
        table = pd.DataFrame(
            {"level": bounds[column].to_numpy(dtype=float), "count": bounds["count"]},
            index=bounds.index,
        )
        return score(None, profiles, settings=settings, levels=table)

    mid, lower, upper = scored("level"), scored("low"), scored("high")
    out = mid.copy()
    out["fit_low"] = lower["fit"].to_numpy()
    out["fit_high"] = upper["fit"].to_numpy()
    return out[list(FIT_INTERVAL_COLUMNS)]


_ArrayLike = npt.ArrayLike


@overload
def gap_status(level: float, low: float, high: float, target: float) -> str: ...


@overload
def gap_status(
    level: _ArrayLike, low: _ArrayLike, high: _ArrayLike, target: _ArrayLike
) -> npt.NDArray[np.str_]: ...


def gap_status(
    level: _ArrayLike, low: _ArrayLike, high: _ArrayLike, target: _ArrayLike
) -> str | npt.NDArray[np.str_]:
    """Whether a shortfall against a target is real, given the level's interval; vectorised.

    "meets" when level >= target; "clear" when even the high end is below target (a gap noise
    cannot explain); "possible" when the level is below target but the interval reaches it;
    "not_assessed" when the level is NaN. Scalars give a str, arrays an array of str.
    """
    # `low` cannot change the answer (low <= level), but it is taken so that calls read like the
    # interval table and its shape is checked along with the others.
    lv, _, hi, tg = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (level, low, high, target))
    )
    out = np.where(
        np.isnan(lv),
        "not_assessed",
        np.where(lv >= tg, "meets", np.where(hi < tg, "clear", "possible")),
    )
    if out.ndim == 0:
        return str(out)
    return out


def confidence(
    intervals: pd.DataFrame, index: pd.MultiIndex, level: _ArrayLike, target: _ArrayLike
) -> pd.DataFrame:
    """The confidence columns of a gap table, row for row with `index` ((candidate, competency)
    pairs): low and high from `level_intervals` (NaN where not assessed), evidence
    ok/insufficient/not_assessed, and the `gap_status` of each level against its target."""
    bounds = intervals.reindex(index)
    low = bounds["low"].to_numpy(dtype=float)
    high = bounds["high"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "low": low,
            "high": high,
            "evidence": bounds["evidence"].fillna("not_assessed").to_numpy(dtype=object),
            "gap_status": gap_status(level, low, high, target),
        }
    )


def overlapping(fits: pd.DataFrame) -> pd.Series:
    """Which candidates of one profile's ranking cannot be told apart from a neighbour.

    The ranking orders fit high to low (then coverage, then candidate, as `scoring.rank` does);
    a candidate is marked True when its [fit_low, fit_high] interval overlaps (or touches) that
    of the next-ranked or the previous-ranked candidate. Candidates without a fit are False.
    Returns a boolean Series aligned with `fits`' index.
    """
    missing = [c for c in ("candidate", "fit", "fit_low", "fit_high") if c not in fits.columns]
    if missing:
        raise ReliabilityInputError(f"fits table lacks column(s): {', '.join(missing)}")
    if not fits.index.is_unique:
        raise ReliabilityInputError("overlapping(): the fits table's index must be unique")
    profile_cols = [c for c in ("archetype", "stage") if c in fits.columns]
    if profile_cols and len(fits[profile_cols].drop_duplicates()) > 1:
        raise ReliabilityInputError(
            "overlapping() takes the fits of one profile; filter them first"
        )
    keys = ["fit", *(["coverage"] if "coverage" in fits.columns else []), "candidate"]
    ranked = fits[fits["fit"].notna()].sort_values(
        keys, ascending=[False] * (len(keys) - 1) + [True], kind="stable"
    )
    low = ranked["fit_low"].to_numpy(dtype=float)
    high = ranked["fit_high"].to_numpy(dtype=float)
    touch = np.maximum(low[:-1], low[1:]) <= np.minimum(high[:-1], high[1:])
    flags = np.zeros(len(ranked), dtype=bool)
    flags[:-1] |= touch
    flags[1:] |= touch
    result = pd.Series(False, index=fits.index, name="overlaps", dtype=bool)
    result.loc[ranked.index] = flags
    return result
