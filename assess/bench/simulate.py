"""The benchmark's one rating simulator, and the shapes it hands out: frame, import table,
scorecards, a filled database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert

from assess.domain.rubric import Rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.domain.vocab import LONG_COLUMNS

INTERVIEWERS: Final[tuple[str, ...]] = ("Iris", "Jon", "Kim", "Lena", "Mats")
TYPES: Final[tuple[str, ...]] = ("screening", "technical", "leadership", "strategy", "case")
RECOMMENDATIONS: Final[tuple[str, ...]] = ("strong_no", "no", "yes", "strong_yes")
EVIDENCE: Final = "Gave a concrete example with numbers; asked good follow-up questions."
FIRST_DAY: Final = dt.date(2026, 10, 1)
# What the benches simulate unless they say otherwise: whole-point ratings, 10% not assessed.
NOISE: Final = 0.7
MISSING: Final = 0.1


def rating_grid(
    n_candidates: int,
    n_interviewers: int,
    n_competencies: int,
    *,
    seed: int = 0,
    offsets: Sequence[float] | None = None,
    noise: float = 0.5,
    missing: float = 0.0,
    rounded: bool = False,
) -> np.ndarray:
    """Ratings as a candidates x interviewers x competencies array, NaN = not assessed.

    rating = clip(true level + interviewer offset + N(0, noise^2), 1, 5), true levels uniform on
    [1.5, 3.5] so that a +1 offset rarely hits the top of the scale; `missing` is the share of
    ratings left not assessed; `rounded` rounds to whole scale points as interviewers do.
    """
    rng = np.random.default_rng(seed)
    shape = (n_candidates, n_interviewers, n_competencies)
    shift = np.zeros(n_interviewers) if offsets is None else np.asarray(offsets, dtype=float)
    truth = rng.uniform(1.5, 3.5, size=(n_candidates, 1, n_competencies))
    raw = truth + shift[None, :, None] + rng.normal(0.0, noise, size=shape)
    if rounded:
        raw = np.round(raw)
    values = np.clip(raw, 1.0, 5.0)
    if missing > 0:
        values[rng.random(shape) < missing] = np.nan
    return values


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
    """The long ratings table of `rating_grid`: every interviewer rates every candidate on
    every competency. Candidates are the ints 1..n, interviews numbered per candidate x
    interviewer from 1."""
    n_int, n_comp = len(interviewers), len(competencies)
    values = rating_grid(
        n_candidates,
        n_int,
        n_comp,
        seed=seed,
        offsets=[(offsets or {}).get(i, 0.0) for i in interviewers],
        noise=noise,
        missing=missing,
        rounded=rounded,
    )
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


def bench_grid(rubric: Rubric, candidates: int, seed: int) -> np.ndarray:
    """The benches' ratings: 5 interviewers x every competency, whole points, 10% missing."""
    return rating_grid(
        candidates,
        len(INTERVIEWERS),
        len(rubric.competency_ids),
        seed=seed,
        noise=NOISE,
        missing=MISSING,
        rounded=True,
    )


def simulated_ratings(rubric: Rubric, candidates: int, seed: int = 7) -> pd.DataFrame:
    """The bench ratings as a long ratings table (see `simulate_ratings`)."""
    return simulate_ratings(
        candidates,
        INTERVIEWERS,
        rubric.competency_ids,
        seed=seed,
        noise=NOISE,
        missing=MISSING,
        rounded=True,
    )


def _name(c: int) -> str:
    return f"Candidate {c + 1:05d}"


def _recommendations(candidates: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 1)
    return np.asarray(RECOMMENDATIONS)[rng.integers(0, len(RECOMMENDATIONS), size=candidates * 5)]


def simulated_long_table(rubric: Rubric, candidates: int, seed: int = 11) -> pd.DataFrame:
    """The bench ratings as a long-format import table (csv_file.LONG_COLUMNS), with an email
    per candidate and evidence text on every rating."""
    grid = bench_grid(rubric, candidates, seed)
    n_int, n_comp = grid.shape[1:]
    cand = np.repeat(np.arange(candidates), n_int * n_comp)
    who = np.tile(np.repeat(np.arange(n_int), n_comp), candidates)
    rating = pd.array(np.nan_to_num(grid.ravel()).astype(np.int64), dtype="Int64")
    rating[np.isnan(grid.ravel())] = pd.NA
    recs = _recommendations(candidates, seed)
    return pd.DataFrame(
        {
            "candidate": [_name(c) for c in cand.tolist()],
            "email": [f"candidate{c + 1:05d}@example.com" for c in cand.tolist()],
            "interviewer": np.asarray(INTERVIEWERS, dtype=object)[who],
            "interview_date": [FIRST_DAY + dt.timedelta(days=int(w)) for w in who],
            "interview_type": np.asarray(TYPES, dtype=object)[who],
            "competency": np.tile(
                np.asarray(rubric.competency_ids, dtype=object), cand.size // n_comp
            ),
            "rating": rating,
            "evidence": EVIDENCE,
            "recommendation": recs[cand * n_int + who],
        }
    )[list(LONG_COLUMNS)]


def simulated_cards(rubric: Rubric, candidates: int, seed: int = 11) -> list[ScorecardIn]:
    """The bench ratings as scorecards: each candidate x 5 submitted scorecards."""
    grid = bench_grid(rubric, candidates, seed)
    recs = _recommendations(candidates, seed)
    comps = rubric.competency_ids
    return [
        ScorecardIn(
            candidate=CandidateRef(name=_name(c)),
            interviewer=who,
            interview_type=TYPES[k],
            interview_date=FIRST_DAY + dt.timedelta(days=k),
            recommendation=str(recs[c * len(INTERVIEWERS) + k]),  # type: ignore[arg-type]
            ratings=[
                RatingIn(competency=comp, rating=None if np.isnan(v) else int(v))
                for comp, v in zip(comps, grid[c, k], strict=True)
            ],
        )
        for c in range(candidates)
        for k, who in enumerate(INTERVIEWERS)
    ]


def fill_database(engine: Engine, rubric: Rubric, candidates: int, seed: int = 11) -> int:
    """Write the bench ratings straight into an empty database with bulk Core inserts (the
    import path is timed by its own section; this only makes a large database quickly):
    candidates x 5 submitted scorecards x every competency. Returns the ratings written."""
    from assess.storage.db import CANDIDATES, RATINGS, SCORECARDS, transaction, utcnow

    grid = bench_grid(rubric, candidates, seed)
    recs = _recommendations(candidates, seed)
    now = utcnow()
    n_int = len(INTERVIEWERS)
    people: list[dict[str, Any]] = [
        {"id": c + 1, "name": _name(c), "created_at": now} for c in range(candidates)
    ]
    cards: list[dict[str, Any]] = [
        {
            "id": c * n_int + k + 1,
            "candidate_id": c + 1,
            "interviewer": who,
            "interview_type": TYPES[k],
            "interview_date": FIRST_DAY + dt.timedelta(days=k),
            "recommendation": str(recs[c * n_int + k]),
            "state": "submitted",
            "submitted_at": now,
            "notes": "",
            "created_at": now,
            "updated_at": now,
        }
        for c in range(candidates)
        for k, who in enumerate(INTERVIEWERS)
    ]
    values = grid.reshape(candidates * n_int, -1)
    ratings: list[dict[str, Any]] = [
        {
            "scorecard_id": card + 1,
            "competency": comp,
            "rating": None if np.isnan(v) else int(v),
            "evidence": EVIDENCE,
        }
        for card in range(len(values))
        for comp, v in zip(rubric.competency_ids, values[card].tolist(), strict=True)
    ]
    with transaction(engine) as session:
        for table, rows in ((CANDIDATES, people), (SCORECARDS, cards), (RATINGS, ratings)):
            session.execute(insert(table), rows)
    return len(ratings)
