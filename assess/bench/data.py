"""Benchmark sections for CSV import (parse, validate, store) and CSV reports."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from assess.bench.simulate import INTERVIEWERS, simulated_long_table
from assess.domain.reports import build_report
from assess.domain.rubric import load_rubric
from assess.imports.csv_file import to_csv


def bench_import(quick: bool) -> dict[str, Any]:
    """Seconds to read, validate and store one long-format CSV file (Excel-sv flavour: BOM,
    semicolons) into a fresh SQLite file database, in one transaction."""
    from assess.services.actor import Actor
    from assess.services.imports import import_file
    from assess.storage.db import open_database

    rubric = load_rubric()
    wanted = 10_000 if quick else 100_000
    per_candidate = len(INTERVIEWERS) * len(rubric.competency_ids)
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
    who = table["interviewer"].map({w: k for k, w in enumerate(INTERVIEWERS)}).astype(int)
    ratings = pd.DataFrame(
        {
            "candidate": ids,
            "candidate_name": table["candidate"],
            "interviewer": table["interviewer"],
            "interview": ids * len(INTERVIEWERS) + who,
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
