"""Report tables (summary, detail, ratings) built from the ratings frame and the scoring engine."""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import pandas as pd

from assess.domain.ratings import submitted
from assess.domain.reliability import (
    DISAGREEMENT,
    adjust_for_leniency,
    confidence,
    fit_intervals,
    leniency,
    level_intervals,
    overlapping,
)
from assess.domain.rubric import Profile, Rubric
from assess.domain.scoring import aggregate, gap_matrix, rank, score
from assess.domain.vocab import LONG_COLUMNS

ReportKind = Literal["summary", "detail", "ratings"]
REPORT_KINDS: Final[tuple[str, ...]] = ("summary", "detail", "ratings")
SUMMARY_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "candidate",
    "fit_pct",
    "fit_low_pct",
    "fit_high_pct",
    "overlaps_neighbour",
    "coverage_pct",
    "critical_gaps",
    "insufficient_evidence",
    "disagreements",
    "scorecards",
    "recommendations",
    "top_strengths",
    "top_gaps",
    "leniency_adjusted",
)
DETAIL_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "candidate",
    "competency",
    "target",
    "level",
    "count",
    "spread",
    "low",
    "high",
    "evidence",
    "weight",
    "points_lost",
    "gap_status",
    "critical_gap",
    "leniency_adjusted",
)
# The tally reads from the most to the least favourable, as a debrief discusses them.
TALLY_ORDER: Final[tuple[str, ...]] = ("strong_yes", "yes", "no", "strong_no", "no_decision")
# Between competency names in one cell: a name may hold a comma ("Data, AI and machine learning").
NAMES_SEPARATOR: Final = "; "
TOP: Final = 3


class ReportError(ValueError):
    """A report that cannot be built as asked (unknown profile, missing columns)."""


def scoring_ratings(ratings: pd.DataFrame, *, adjust_leniency: bool) -> pd.DataFrame:
    """The submitted ratings that scores are built from; with `adjust_leniency`, each
    interviewer's measured leniency is taken out (shrunk by the evidence behind it, see
    `reliability.adjust_for_leniency`)."""
    ratings = submitted(ratings)
    if adjust_leniency and not ratings.empty:
        return adjust_for_leniency(ratings, leniency(ratings))
    return ratings


def _names(rubric: Rubric, lang: str) -> dict[str, str]:
    return {c.id: c.name.get(lang) for c in rubric.competencies}


def _candidate_names(ratings: pd.DataFrame) -> dict[object, str]:
    column = "candidate_name" if "candidate_name" in ratings.columns else "candidate"
    pairs = ratings[["candidate", column]].drop_duplicates("candidate")
    return {c: str(n) for c, n in zip(pairs["candidate"], pairs[column], strict=True)}


def _tally(ratings: pd.DataFrame) -> dict[object, str]:
    """Per candidate, e.g. "strong_yes 1, yes 2, no 1": one vote per scorecard."""
    if "recommendation" not in ratings.columns:
        return {}
    cards = ratings.drop_duplicates("interview")[["candidate", "recommendation"]]
    cards = cards[cards["recommendation"].notna() & (cards["recommendation"] != "")]
    votes: dict[object, dict[str, int]] = {}
    counted = cards.groupby(["candidate", "recommendation"]).size()
    for key, n in zip(counted.index.tolist(), counted.tolist(), strict=True):
        cand, rec = key
        votes.setdefault(cand, {})[str(rec)] = int(n)
    return {
        cand: ", ".join(f"{r} {mine[r]}" for r in TALLY_ORDER if r in mine)
        for cand, mine in votes.items()
    }


def _ranked(ratings: pd.DataFrame, profile: Profile, rubric: Rubric) -> pd.DataFrame:
    """The profile's ranking, with every candidate who has a submitted scorecard: one whose
    ratings are all "not assessed" has no fit (coverage 0) and comes last, unranked."""
    table = ratings[["candidate", "competency", "rating"]]
    scores = score(table, [profile], settings=rubric.settings)
    unrated = pd.Index(pd.unique(ratings["candidate"])).difference(pd.Index(scores["candidate"]))
    if len(unrated):
        blank = pd.DataFrame(
            {
                "candidate": unrated.to_numpy(),
                "archetype": profile.archetype,
                "stage": profile.stage,
                "fit": np.nan,
                "coverage": 0.0,
                "critical_gaps": 0,
            }
        )
        scores = pd.concat([scores, blank], ignore_index=True)
    return rank(scores)


def _profile(rubric: Rubric, archetype: str, stage: str) -> Profile:
    if archetype not in rubric.archetype_ids:
        raise ReportError(
            f'unknown archetype "{archetype}" (one of {", ".join(rubric.archetype_ids)})'
        )
    if stage not in rubric.stage_ids:
        raise ReportError(f'unknown stage "{stage}" (one of {", ".join(rubric.stage_ids)})')
    return rubric.profile(archetype, stage)


def _top(keys: tuple[np.ndarray, ...], mask: np.ndarray, n: int = TOP) -> list[int]:
    """Positions where `mask` holds, ordered by the keys (last key primary, as np.lexsort)."""
    order = np.lexsort(keys)
    return [int(i) for i in order if mask[i]][:n]


def summary_report(
    ratings: pd.DataFrame,
    rubric: Rubric,
    profile: Profile,
    *,
    lang: str = "en",
    adjust_leniency: bool = False,
    with_ids: bool = False,
) -> pd.DataFrame:
    """One row per candidate, best fit first (columns SUMMARY_COLUMNS; with `with_ids`, a
    `candidate_id` column first, for the app).

    fit_low/fit_high score the low and high ends of every level's interval
    (`reliability.fit_intervals`); overlaps_neighbour marks a candidate whose fit interval
    overlaps the next or previous candidate's, so a small difference in fit is not over-read.
    insufficient_evidence names the weighted competencies rated by fewer than the rubric's
    min_raters interviewers; disagreements those whose ratings differ by 2 points or more.
    Strengths are the weighted competencies at or above target, largest margin (level - target)
    first, then higher weight; gaps the competencies that cost the most points; both at most
    three, ties in rubric order. Critical gaps name every must-have miss, in rubric order.
    """
    raw = submitted(ratings)
    if raw.empty:
        empty = ["candidate_id", *SUMMARY_COLUMNS] if with_ids else SUMMARY_COLUMNS
        return pd.DataFrame({c: pd.Series(dtype=object) for c in empty})
    ratings = scoring_ratings(raw, adjust_leniency=adjust_leniency)
    names = _names(rubric, lang)
    people = _candidate_names(ratings)
    ranked = _ranked(ratings, profile, rubric)
    order = list(ranked["candidate"])
    gaps = gap_matrix(aggregate(ratings), profile, rubric.settings, order)
    fits = fit_intervals(ratings, [profile], settings=rubric.settings).set_index("candidate")
    fits["overlaps"] = overlapping(fits.reset_index()).to_numpy()
    fits = fits.reindex(order).fillna({"overlaps": False})
    scorecards = ratings.groupby("candidate")["interview"].nunique()
    tally = _tally(ratings)
    # the pairs `reliability.disagreements` lists, without the lists of who rated what
    spreads = aggregate(raw)["spread"]
    flagged = spreads[spreads >= DISAGREEMENT].index.to_frame(index=False)
    split: pd.Series | dict[object, list[str]] = (
        flagged.groupby("candidate")["competency"].agg(list) if len(flagged) else {}
    )
    comp_names = [names[c] for c in gaps.competencies]
    position = np.arange(len(gaps.competencies))
    thin = (gaps.count > 0) & (gaps.count < rubric.settings.min_raters) & (gaps.weight > 0)
    rows = []
    for i, rec in enumerate(ranked.itertuples(index=False)):
        level, lost = gaps.level[i], gaps.points_lost[i]
        margin = level - gaps.target
        with np.errstate(invalid="ignore"):
            strong = _top((position, -gaps.weight, -margin), (gaps.weight > 0) & (margin >= 0))
            weak = _top((position, -np.nan_to_num(lost)), np.nan_to_num(lost) > 0)
        disputed = set(split.get(rec.candidate, [])) if len(flagged) else set()
        rows.append(
            {
                "candidate_id": rec.candidate,
                "rank": rec.rank,
                "candidate": people[rec.candidate],
                "fit_pct": rec.fit,
                "fit_low_pct": fits.at[rec.candidate, "fit_low"],
                "fit_high_pct": fits.at[rec.candidate, "fit_high"],
                "overlaps_neighbour": bool(fits.at[rec.candidate, "overlaps"]),
                "coverage_pct": rec.coverage,
                "critical_gaps": NAMES_SEPARATOR.join(
                    comp_names[j] for j in np.flatnonzero(gaps.critical[i])
                ),
                "insufficient_evidence": NAMES_SEPARATOR.join(
                    comp_names[j] for j in np.flatnonzero(thin[i])
                ),
                "disagreements": NAMES_SEPARATOR.join(
                    comp_names[j] for j, c in enumerate(gaps.competencies) if c in disputed
                ),
                "scorecards": int(scorecards.get(rec.candidate, 0)),
                "recommendations": tally.get(rec.candidate, ""),
                "top_strengths": NAMES_SEPARATOR.join(comp_names[j] for j in strong),
                "top_gaps": NAMES_SEPARATOR.join(comp_names[j] for j in weak),
                "leniency_adjusted": adjust_leniency,
            }
        )
    columns = ["candidate_id", *SUMMARY_COLUMNS] if with_ids else list(SUMMARY_COLUMNS)
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"rank": "Int64", "scorecards": "int64"})


def detail_report(
    ratings: pd.DataFrame,
    rubric: Rubric,
    profile: Profile,
    *,
    lang: str = "en",
    adjust_leniency: bool = False,
    with_ids: bool = False,
) -> pd.DataFrame:
    """Candidate x competency, candidates best fit first, competencies in rubric order: the gap
    table of each candidate (columns DETAIL_COLUMNS; level, spread and points lost empty where
    the competency was not assessed). low/high is the level's interval, evidence "ok",
    "insufficient" (fewer than min_raters ratings) or "not_assessed", gap_status "meets",
    "possible" (below target, but the interval reaches it) or "clear". With `with_ids`, the
    table starts with `candidate_id` and `competency_id` columns, for the app."""
    ratings = scoring_ratings(ratings, adjust_leniency=adjust_leniency)
    columns = ["candidate_id", "competency_id", *DETAIL_COLUMNS] if with_ids else DETAIL_COLUMNS
    if ratings.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    names = _names(rubric, lang)
    people = _candidate_names(ratings)
    ranked = _ranked(ratings, profile, rubric)
    gaps = gap_matrix(aggregate(ratings), profile, rubric.settings, list(ranked["candidate"]))
    n_cand, n_comp = gaps.level.shape
    index = pd.MultiIndex.from_product(
        [gaps.candidates, gaps.competencies], names=["candidate", "competency"]
    )
    target = np.tile(gaps.target, n_cand)
    sure = confidence(
        level_intervals(ratings, min_raters=rubric.settings.min_raters),
        index,
        gaps.level.ravel(),
        target,
    )
    return pd.DataFrame(
        {
            "candidate_id": np.repeat(np.array(gaps.candidates, dtype=object), n_comp),
            "competency_id": np.tile(np.array(gaps.competencies, dtype=object), n_cand),
            "rank": pd.array(np.repeat(ranked["rank"].to_numpy(), n_comp), dtype="Int64"),
            "candidate": np.repeat(
                np.array([people[c] for c in gaps.candidates], dtype=object), n_comp
            ),
            "competency": np.tile(np.array([names[c] for c in gaps.competencies]), n_cand),
            "target": target.astype(np.int64),
            "level": gaps.level.ravel(),
            "count": gaps.count.ravel(),
            "spread": gaps.spread.ravel(),
            "low": sure["low"],
            "high": sure["high"],
            "evidence": sure["evidence"],
            "weight": np.tile(gaps.weight.astype(np.int64), n_cand),
            "points_lost": gaps.points_lost.ravel(),
            "gap_status": sure["gap_status"],
            "critical_gap": gaps.critical.ravel(),
            "leniency_adjusted": adjust_leniency,
        }
    )[list(columns)]


def ratings_report(ratings: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """Every submitted rating with its evidence, in the long import format (LONG_COLUMNS), so
    the file imports again as it is. Ordered by candidate, interview date, interviewer, then
    competency in rubric order."""
    ratings = submitted(ratings)
    order = {cid: i for i, cid in enumerate(rubric.competency_ids)}
    name = (
        ratings["candidate_name"] if "candidate_name" in ratings.columns else ratings["candidate"]
    )
    email = (
        ratings["candidate_email"]
        if "candidate_email" in ratings.columns
        else pd.Series([None] * len(ratings), index=ratings.index, dtype=object)
    )
    dates = pd.to_datetime(ratings["interview_date"]).dt.date
    frame = pd.DataFrame(
        {
            "candidate": name.astype(str),
            "email": email.where(email.notna(), ""),
            "interviewer": ratings["interviewer"],
            "interview_date": dates,
            "interview_type": ratings["interview_type"],
            "competency": ratings["competency"],
            "rating": ratings["rating"].round().astype("Int64"),
            "evidence": ratings["evidence"].fillna("") if "evidence" in ratings.columns else "",
            "recommendation": ratings["recommendation"].fillna("")
            if "recommendation" in ratings.columns
            else "",
            "_id": ratings["candidate"],
            "_card": ratings["interview"],
            "_order": ratings["competency"].map(order).fillna(len(order)),
        }
    )
    frame = frame.sort_values(
        ["candidate", "_id", "interview_date", "interviewer", "_card", "_order", "competency"],
        kind="stable",
    )
    return frame[list(LONG_COLUMNS)].reset_index(drop=True)


def build_report(
    kind: str,
    ratings: pd.DataFrame,
    rubric: Rubric,
    *,
    archetype: str | None = None,
    stage: str | None = None,
    lang: str = "en",
    adjust_leniency: bool = False,
    profile: Profile | None = None,
) -> pd.DataFrame:
    """The report table of `kind`; summary and detail need the target profile: `profile` (a
    search's), else the archetype's at the stage.

    `adjust_leniency` scores leniency-adjusted ratings and says so in every row; the ratings
    report always holds the ratings as the interviewers gave them."""
    if kind == "ratings":
        return ratings_report(ratings, rubric)
    if kind not in REPORT_KINDS:
        raise ReportError(f'unknown report kind "{kind}" (one of {", ".join(REPORT_KINDS)})')
    if profile is None:
        if archetype is None or stage is None:
            raise ReportError(f"the {kind} report needs an archetype and a stage")
        profile = _profile(rubric, archetype, stage)
    if kind == "summary":
        return summary_report(ratings, rubric, profile, lang=lang, adjust_leniency=adjust_leniency)
    return detail_report(ratings, rubric, profile, lang=lang, adjust_leniency=adjust_leniency)
