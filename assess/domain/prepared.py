"""What the ranking and gap views need that no profile changes, computed once per data version;
per profile only the fit arithmetic and the ranking's order."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from assess.domain import vocab
from assess.domain.ratings import RatingColumns
from assess.domain.reliability import DISAGREEMENT, confidence, interval_arrays, overlapping
from assess.domain.reports import NAMES_SEPARATOR, scoring_ratings
from assess.domain.rubric import Profile, Rubric
from assess.domain.scoring import (
    CodedRatings,
    LevelArrays,
    ProfileScores,
    _fit_arrays,
    aggregate_codes,
    code_ratings,
    columns_for,
    gap_table,
    profile_arrays,
    rank,
    score_arrays,
)

# The columns of `ranking`, in order.
RANKING_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "candidate",
    "archetype",
    "stage",
    "fit",
    "coverage",
    "critical_gaps",
    "fit_low",
    "fit_high",
    "overlaps",
    "insufficient_evidence",
    "disagreements",
    "name",
    "scorecards",
    *(f"rec.{r}" for r in vocab.RECOMMENDATIONS),
)


@dataclass(frozen=True)
class Prepared:
    """Per candidate (rows, ids `candidates` ascending) x competency (columns, rubric order):
    level, count and spread of the scoring ratings (leniency-adjusted if `adjusted`), the
    level's interval bounds (`reliability.level_intervals`), and whether the ratings as given
    disagree (spread >= DISAGREEMENT); per candidate whether any rating assesses something,
    the name, the number of scorecards and a count per recommendation; and, one kernel pass
    each, the fits of every rubric profile (`fits`) and of the intervals' bounds (`fit_low`,
    `fit_high`, candidates x profiles), the few milliseconds that make a profile switch a
    matter of picking a column."""

    competencies: tuple[str, ...]
    candidates: np.ndarray
    names: np.ndarray
    scorecards: np.ndarray
    recommendations: dict[str, np.ndarray]
    level: np.ndarray
    count: np.ndarray
    spread: np.ndarray
    low: np.ndarray
    high: np.ndarray
    disputed: np.ndarray
    rated: np.ndarray
    adjusted: bool
    min_raters: int
    fits: ProfileScores
    fit_low: np.ndarray
    fit_high: np.ndarray

    @property
    def empty(self) -> bool:
        """No candidate has a submitted rating."""
        return len(self.candidates) == 0

    def row(self, candidate: int) -> int:
        """The row of a candidate id; KeyError when it has no submitted rating."""
        i = int(np.searchsorted(self.candidates, candidate))
        if i >= len(self.candidates) or self.candidates[i] != candidate:
            raise KeyError(candidate)
        return i


def _scoring_codes(columns: RatingColumns, *, adjust: bool) -> CodedRatings:
    """The codes scores are built from: as read, or with leniency taken out (which needs the
    interviewers, so it goes through the long table `reports.scoring_ratings` reads)."""
    coded = columns.coded()
    if not adjust or len(columns) == 0:
        return coded
    rating = columns.rating.astype(float)
    rating[columns.rating == 0] = np.nan
    frame = pd.DataFrame(
        {
            "candidate": columns.candidate_ids[columns.candidate],
            "interviewer": np.asarray(columns.interviewers, dtype=object)[
                columns.interviewer[columns.card]
            ],
            "interview": columns.card,
            "competency": np.asarray(columns.competencies, dtype=object)[columns.competency],
            "rating": rating,
        }
    )
    adjusted = code_ratings(scoring_ratings(frame, adjust_leniency=True))
    return adjusted


def _in_rubric_order(levels: LevelArrays, matrix: np.ndarray, rubric: Rubric) -> np.ndarray:
    return columns_for(matrix, levels.competencies, rubric.competency_ids)


def prepare(columns: RatingColumns, rubric: Rubric, *, adjust: bool) -> Prepared:
    """Everything of `Prepared` from the columnar ratings, in one pass each: the aggregate
    (`scoring.aggregate_codes`), the intervals (`reliability.interval_arrays`), the raw
    spreads, the scorecard counts and recommendation tallies."""
    raw = aggregate_codes(columns.coded())
    coded = _scoring_codes(columns, adjust=adjust)
    levels = aggregate_codes(coded) if adjust else raw
    if adjust and not np.array_equal(levels.candidates, raw.candidates):
        raise ValueError("leniency adjustment changed the candidates")  # it keeps every row
    bounds = interval_arrays(coded, levels)
    comps = rubric.competency_ids
    n_cand = len(raw.candidates)
    count = columns_for(levels.count.astype(float), levels.competencies, comps)
    raw_spread = _in_rubric_order(raw, raw.spread, rubric)
    cards = columns.cards
    card_candidate = np.searchsorted(columns.candidate_ids, cards["candidate"].to_numpy())
    recommendation = cards["recommendation"].to_numpy(dtype=object)
    tallies = {
        rec: np.bincount(card_candidate[recommendation == rec], minlength=n_cand)
        for rec in vocab.RECOMMENDATIONS
    }
    with np.errstate(invalid="ignore"):
        disputed = raw_spread >= DISAGREEMENT
    level = _in_rubric_order(levels, levels.level, rubric)
    low = _in_rubric_order(levels, bounds.low, rubric)
    high = _in_rubric_order(levels, bounds.high, rubric)
    profiles = rubric.profiles()

    def fits_of(matrix: np.ndarray) -> ProfileScores:
        arrays = LevelArrays(raw.candidates, tuple(comps), matrix, levels.count)
        return score_arrays(arrays, profiles, settings=rubric.settings)

    return Prepared(
        competencies=tuple(comps),
        candidates=raw.candidates,
        names=columns.people["candidate_name"].to_numpy(dtype=object),
        scorecards=np.bincount(card_candidate, minlength=n_cand),
        recommendations=tallies,
        level=level,
        count=np.nan_to_num(count).astype(np.int64),
        spread=_in_rubric_order(levels, levels.spread, rubric),
        low=low,
        high=high,
        disputed=disputed,
        rated=levels.count.sum(axis=1) > 0,
        adjusted=adjust,
        min_raters=rubric.settings.min_raters,
        fits=fits_of(level),
        fit_low=fits_of(low).fit,
        fit_high=fits_of(high).fit,
    )


@functools.lru_cache(maxsize=65_536)
def _names_of(names: tuple[str, ...], pattern: int) -> str:
    return NAMES_SEPARATOR.join(n for j, n in enumerate(names) if (pattern >> j) & 1)


def _joined(flags: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Per row, the names where the row's flags hold, joined by NAMES_SEPARATOR; rows are
    grouped by their pattern, and each distinct pattern is joined once for every profile and
    session (a bounded cache of pattern -> text)."""
    if flags.shape[0] == 0:
        return np.zeros(0, dtype=object)
    bits = flags.astype(np.int64) @ (np.int64(1) << np.arange(flags.shape[1], dtype=np.int64))
    patterns, inverse = np.unique(bits, return_inverse=True)
    texts = np.array([_names_of(names, int(p)) for p in patterns], dtype=object)
    joined: np.ndarray = texts[inverse]
    return joined


def ranking(prepared: Prepared, rubric: Rubric, profile: Profile, *, lang: str) -> pd.DataFrame:
    """One profile's ranking, best first, columns RANKING_COLUMNS: rank, fit, coverage and
    critical gaps as `scoring.rank` of `scoring.score`; fit_low/fit_high the fits of the level
    intervals' bounds and overlaps as in the summary report (`reliability.fit_intervals`,
    `reliability.overlapping`); insufficient_evidence the weighted competencies with fewer than
    min_raters ratings, disagreements those whose ratings are DISAGREEMENT points apart
    (names in `lang`, rubric order); then name, scorecards and a count per recommendation."""
    if prepared.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RANKING_COLUMNS})
    comps = list(prepared.competencies)
    targets, weights = profile_arrays([profile], comps)
    key = (profile.archetype, profile.stage)
    if key in prepared.fits.profiles and rubric.profile(*key) == profile:
        p = prepared.fits.column(*key)
        fit, coverage, critical = (
            m[:, p : p + 1]
            for m in (prepared.fits.fit, prepared.fits.coverage, prepared.fits.critical)
        )
        fit_low, fit_high = prepared.fit_low[:, p], prepared.fit_high[:, p]
    else:  # a profile the rubric does not hold: its own kernel passes
        settings = rubric.settings
        fit, coverage, critical = _fit_arrays(prepared.level, targets, weights, settings)
        fit_low = _fit_arrays(prepared.low, targets, weights, settings)[0][:, 0]
        fit_high = _fit_arrays(prepared.high, targets, weights, settings)[0][:, 0]
    names = tuple(c.name.get(lang) for c in rubric.competencies)
    thin = (prepared.count > 0) & (prepared.count < prepared.min_raters) & (weights[0] > 0)
    n = len(prepared.candidates)
    table = pd.DataFrame(
        {
            "candidate": prepared.candidates,
            "archetype": np.full(n, profile.archetype, dtype=object),
            "stage": np.full(n, profile.stage, dtype=object),
            "fit": fit[:, 0],
            "coverage": coverage[:, 0],
            "critical_gaps": critical[:, 0],
            "fit_low": fit_low,
            "fit_high": fit_high,
            "insufficient_evidence": _joined(thin, names),
            "disagreements": _joined(prepared.disputed, names),
            "name": prepared.names,
            "scorecards": prepared.scorecards.astype(np.int64),
            **{
                f"rec.{r}": prepared.recommendations[r].astype(np.int64)
                for r in vocab.RECOMMENDATIONS
            },
        }
    )
    # as the scores do: a candidate whose ratings are all "not assessed" is not ranked
    table = table[prepared.rated].reset_index(drop=True)
    table["overlaps"] = overlapping(table).to_numpy()
    ranked = rank(table)
    return ranked[list(RANKING_COLUMNS)]


def gaps(prepared: Prepared, candidate: int, rubric: Rubric, profile: Profile) -> pd.DataFrame:
    """The gap table of one candidate (`scoring.gap_table`, spread of the ratings as given)
    with the confidence columns of the detail report (`reliability.confidence`: low, high,
    evidence, gap_status)."""
    n_comp = len(prepared.competencies)
    try:
        i = prepared.row(candidate)
        present = prepared.count[i] > 0
    except KeyError:  # no submitted rating (any more): every competency not assessed
        i, present = 0, np.zeros(n_comp, dtype=bool)
    index = pd.MultiIndex.from_arrays(
        [np.full(int(present.sum()), candidate), np.asarray(prepared.competencies)[present]],
        names=["candidate", "competency"],
    )
    pick = (lambda m: m[i][present]) if len(prepared.candidates) else (lambda m: np.zeros(0))
    levels = pd.DataFrame(
        {
            "level": pick(prepared.level),
            "count": pick(prepared.count).astype(np.int64),
            "spread": pick(prepared.spread),
        },
        index=index,
    )
    table = gap_table(None, candidate, profile, settings=rubric.settings, levels=levels)
    intervals = pd.DataFrame(
        {
            "low": pick(prepared.low),
            "high": pick(prepared.high),
            "evidence": np.where(levels["count"] < prepared.min_raters, "insufficient", "ok"),
        },
        index=index,
    )
    rows = pd.MultiIndex.from_arrays(
        [[candidate] * len(table), table["competency"]], names=["candidate", "competency"]
    )
    sure = confidence(
        intervals,
        rows,
        table["level"].to_numpy(dtype=float),
        table["target"].to_numpy(dtype=float),
    )
    return pd.concat([table, sure], axis=1)


def best_fit(prepared: Prepared, candidate: int, rubric: Rubric) -> pd.DataFrame:
    """One candidate's fit, coverage and critical gaps against every profile, in the rubric's
    profile order (columns archetype, stage, fit, coverage, critical_gaps)."""
    i = prepared.row(candidate)
    one = ProfileScores(
        candidates=prepared.candidates[i : i + 1],
        profiles=prepared.fits.profiles,
        fit=prepared.fits.fit[i : i + 1],
        coverage=prepared.fits.coverage[i : i + 1],
        critical=prepared.fits.critical[i : i + 1],
    )
    return one.frame().drop(columns="candidate")
