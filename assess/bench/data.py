"""Benchmark sections for CSV import (parse, validate, store) and CSV reports."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assess.domain.reports import build_report
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.vocab import LONG_COLUMNS
from assess.imports.csv_file import to_csv

INTERVIEWERS = 5
TYPES = ("screening", "technical", "leadership", "strategy", "case")


def simulated_long_table(rubric: Rubric, candidates: int, seed: int = 11) -> pd.DataFrame:
    """A long-format import table: candidates x 5 interviewers x every competency, about 10%
    not assessed, with evidence text on every rating."""
    rng = np.random.default_rng(seed)
    comps = rubric.competency_ids
    n = candidates * INTERVIEWERS * len(comps)
    cand = np.repeat(np.arange(candidates), INTERVIEWERS * len(comps))
    who = np.tile(np.repeat(np.arange(INTERVIEWERS), len(comps)), candidates)
    latent = rng.normal(3.0, 0.8, size=(candidates, 1, len(comps)))
    noise = rng.normal(0.0, 0.7, size=(candidates, INTERVIEWERS, len(comps)))
    values = np.clip(np.rint(latent + noise), 1, 5).ravel()
    rating = pd.array(values.astype(np.int64), dtype="Int64")
    rating[rng.random(n) < 0.1] = pd.NA
    start = dt.date(2026, 1, 5)
    return pd.DataFrame(
        {
            "candidate": [f"Candidate {c:05d}" for c in cand],
            "email": [f"candidate{c:05d}@example.com" for c in cand],
            "interviewer": [f"Interviewer {w}" for w in who],
            "interview_date": [start + dt.timedelta(days=int(w)) for w in who],
            "interview_type": [TYPES[w % len(TYPES)] for w in who],
            "competency": np.tile(np.array(comps, dtype=object), candidates * INTERVIEWERS),
            "rating": rating,
            "evidence": "Gave a concrete example with numbers; asked good follow-up questions.",
            "recommendation": "yes",
        }
    )[list(LONG_COLUMNS)]


def bench_import(quick: bool) -> dict[str, Any]:
    """Seconds to read, validate and store one long-format CSV file (Excel-sv flavour: BOM,
    semicolons) into a fresh SQLite file database, in one transaction."""
    from assess.services.actor import Actor
    from assess.services.imports import import_file
    from assess.storage.db import open_database

    rubric = load_rubric()
    wanted = 10_000 if quick else 100_000
    per_candidate = INTERVIEWERS * len(rubric.competency_ids)
    table = simulated_long_table(rubric, -(-wanted // per_candidate)).head(wanted)
    data = to_csv(table, excel="sv")
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            start = time.perf_counter()
            outcome = import_file(
                data, actor=Actor("bench", "bench"), engine=engine, rubric=rubric, name="bench.csv"
            )
            seconds = time.perf_counter() - start
        finally:
            engine.dispose()
    if outcome.summary.ratings_added != len(table):
        raise RuntimeError(
            f"bench import stored {outcome.summary.ratings_added} of {len(table)} ratings"
        )
    return {"ratings": len(table), "seconds": round(seconds, 4)}


def bench_report(quick: bool) -> dict[str, Any]:
    """Seconds to build the summary, detail and ratings reports of N candidates (5 interviewers
    x every competency each) against one profile and write them as CSV."""
    rubric = load_rubric()
    n = 100 if quick else 1_000
    table = simulated_long_table(rubric, n)
    ids = table["candidate"].str.slice(10).astype(int)
    who = table["interviewer"].str.slice(12).astype(int)
    ratings = pd.DataFrame(
        {
            "candidate": ids,
            "candidate_name": table["candidate"],
            "interviewer": table["interviewer"],
            "interview": ids * INTERVIEWERS + who,
            "interview_type": table["interview_type"],
            "interview_date": table["interview_date"],
            "competency": table["competency"],
            "rating": table["rating"].astype("float64"),
            "evidence": table["evidence"],
            "recommendation": table["recommendation"],
            "state": "submitted",
        }
    )
    archetype, stage = rubric.archetype_ids[0], rubric.stage_ids[-1]
    start = time.perf_counter()
    for kind in ("summary", "detail", "ratings"):
        report = build_report(kind, ratings, rubric, archetype=archetype, stage=stage)
        to_csv(report, excel="sv")
    seconds = time.perf_counter() - start
    return {"candidates": n, "seconds": round(seconds, 4)}
