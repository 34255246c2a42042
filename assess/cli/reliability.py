"""The `reliability` command: rater agreement, interviewer leniency and large disagreements."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from assess.cli.common import (
    cli_actor,
    database,
    db_option,
    rubric_option,
    rubric_or_exit,
    search_option,
)
from assess.domain.reliability import (
    DISAGREEMENT,
    STATISTICS,
    agreement_explained,
    disagreements,
    leniency,
    leniency_reasons,
)


def _plain(value: Any) -> Any:
    """A JSON-safe Python value: NaN becomes null, numpy scalars plain numbers."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def competency_order(ratings: pd.DataFrame, rubric_ids: Sequence[str]) -> list[str]:
    """The rubric's competencies in rubric order, then any others the ratings hold, sorted."""
    known = list(rubric_ids)
    extra = sorted(set(map(str, ratings.get("competency", pd.Series()).dropna())) - set(known))
    return known + extra


def reliability_report(
    ratings: pd.DataFrame, competencies: Sequence[str], *, threshold: float = DISAGREEMENT
) -> dict[str, list[dict[str, Any]]]:
    """Agreement per competency, leniency per interviewer and disagreements, as JSON-safe lists.

    Beside every statistic that may be missing, `<statistic>_reason` says why it is null (in
    English), and is null itself when the number is there.
    """
    table, why = agreement_explained(ratings, competencies)
    agreed = _records(table)
    for row, reasons in zip(agreed, why, strict=True):
        for key in STATISTICS:
            reason = reasons.get(key)
            row[f"{key}_reason"] = None if reason is None else reason.text("en")
    lenient_table = leniency(ratings)
    not_shared = leniency_reasons(lenient_table)
    lenient = _records(lenient_table.reset_index())
    for row in lenient:
        reason = not_shared.get(row["interviewer"])
        row["leniency_reason"] = None if reason is None else reason.text("en")
    return {
        "agreement": agreed,
        "leniency": lenient,
        "disagreements": _records(disagreements(ratings, threshold=threshold)),
    }


def load_ratings(db_url: str | None, search_id: int | None = None) -> pd.DataFrame:
    """The submitted ratings of the database named by --db or ASSESS_DATABASE_URL (only the
    search's scorecards when `search_id` is given)."""
    from assess.services import reads
    from assess.services.searches import search_ratings

    with database(db_url, "reliability: ") as engine:
        if search_id is not None:
            return search_ratings(search_id, actor=cli_actor(None), engine=engine)
        return reads.ratings(actor=cli_actor(None), engine=engine)


def _number(value: Any, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _reason_lines(row: dict[str, Any], shown: Sequence[str]) -> list[str]:
    """One indented line per reason among the shown statistics that are missing, naming the
    statistics it applies to: `    ICC2, ICC2k: needs at least 2 interviewers; 1 rated it`."""
    grouped: dict[str, list[str]] = {}
    for key in shown:
        reason = row.get(f"{key}_reason")
        if reason:
            grouped.setdefault(reason, []).append(key)
    return [f"    {', '.join(keys)}: {reason}" for reason, keys in grouped.items()]


def render_report(report: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The report as plain text lines, one section each."""
    lines = [
        "Agreement per competency (Krippendorff's alpha, interval; ICCs on complete rows only)",
        f"{'competency':28} {'alpha':>6} {'ICC2':>6} {'ICC2k':>6} {'cands':>6} {'ratings':>7}  "
        "verdict",
    ]
    for row in report["agreement"]:
        lines.append(
            f"{row['competency']:28} {_number(row['alpha']):>6} {_number(row['ICC2']):>6} "
            f"{_number(row['ICC2k']):>6} {row['candidates']:>6} {row['ratings']:>7}  "
            f"{row['verdict']}"
        )
        lines += _reason_lines(row, ("alpha", "ICC2", "ICC2k"))
    lines += [
        "",
        "Interviewer leniency (points above colleagues on the same candidate x competency)",
    ]
    lines.append(f"{'interviewer':28} {'leniency':>8} {'shared':>7}")
    for row in report["leniency"]:
        lenient = "-" if row["leniency"] is None else f"{row['leniency']:+.2f}"
        why = f"  {row['leniency_reason']}" if row.get("leniency_reason") else ""
        lines.append(f"{row['interviewer']!s:28} {lenient:>8} {row['shared']:>7}{why}")
    lines += ["", f"Disagreements of 2 points or more: {len(report['disagreements'])}"]
    for row in report["disagreements"]:
        who = str(row.get("candidate_name") or row["candidate"])
        rated = ", ".join(
            f"{name} {value:g}"
            for name, value in zip(row["interviewers"], row["ratings"], strict=True)
        )
        lines.append(f"{who} / {row['competency']}: spread {row['spread']:g} ({rated})")
    return lines


@click.command("reliability")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@search_option
@db_option
@rubric_option
def reliability_command(
    as_json: bool, search_id: int | None, db_url: str | None, rubric_dir: Path
) -> None:
    """Rater agreement per competency, interviewer leniency and large disagreements."""
    loaded = rubric_or_exit(rubric_dir)
    ratings = load_ratings(db_url, search_id)
    report = reliability_report(ratings, competency_order(ratings, loaded.competency_ids))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for line in render_report(report):
        click.echo(line)
