"""The `candidate` commands (list, export, erase) and `retention`: the candidate's data rights."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assess.cli.common import cli_actor, database, db_option, fail

if TYPE_CHECKING:  # the services load pandas: only the command that runs imports them
    from assess.domain.retention import Inactive
    from assess.services.privacy import ErasureDone

_actor_option = click.option(
    "--actor", default=None, help="Who acts, for the erasure record (default: your login name)."
)


def write_private(path: Path, data: bytes) -> None:
    """Write personal data to `path`, readable by its owner only; exit 1 when it cannot."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        fail([f"{path}: cannot write: {exc.strerror or exc}"])


@click.group("candidate")
def candidate_group() -> None:
    """List candidates, export everything held about one, mark one to keep, erase one."""


@candidate_group.command("list")
@click.option("--json", "as_json", is_flag=True, help='Print [{"id", "name", "email"}, ...].')
@db_option
def list_command(as_json: bool, db_url: str | None) -> None:
    """Every candidate by name: id, name and email, tab-separated (or JSON)."""
    from assess.services.candidates import list_candidates

    with database(db_url) as engine:
        people = list_candidates(actor=cli_actor(None), engine=engine)
    if as_json:
        rows = [{"id": p.id, "name": p.name, "email": p.email} for p in people]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for person in people:
        click.echo(f"{person.id}\t{person.name}\t{person.email or ''}")


@candidate_group.command("export")
@click.argument("candidate_id", type=int, metavar="ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (readable by you only) instead of standard output.",
)
@db_option
def export_command(candidate_id: int, output: Path | None, db_url: str | None) -> None:
    """Everything held about candidate ID as JSON: their record, every scorecard with its
    ratings and evidence, and every audit entry about them."""
    from assess.services.privacy import export_candidate

    with database(db_url) as engine:
        held: dict[str, Any] = export_candidate(candidate_id, actor=cli_actor(None), engine=engine)
    data = json.dumps(held, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(data, nl=False)
        return
    write_private(output, data.encode("utf-8"))
    ratings = sum(len(card["ratings"]) for card in held["scorecards"])
    click.echo(
        f"{output}: candidate {candidate_id}, {len(held['scorecards'])} scorecards, "
        f"{ratings} ratings, {len(held['audit'])} audit entries"
    )


@candidate_group.command("keep")
@click.argument("candidate_id", type=int, metavar="ID")
@click.option("--off", is_flag=True, help="Clear the mark: retention may erase them again.")
@db_option
def keep_command(candidate_id: int, off: bool, db_url: str | None) -> None:
    """Mark candidate ID to keep (someone hired, say): retention never erases them."""
    from assess.services.privacy import mark_keep

    with database(db_url) as engine:
        mark_keep(candidate_id, actor=cli_actor(None), engine=engine, keep=not off)
    state = "no longer kept: retention may erase them" if off else "kept: retention leaves them"
    click.echo(f"candidate {candidate_id}: {state}")


@candidate_group.command("erase")
@click.argument("candidate_id", type=int, metavar="ID")
@click.option("--yes", is_flag=True, help="Confirm: erasure cannot be undone.")
@_actor_option
@db_option
def erase_command(candidate_id: int, yes: bool, actor: str | None, db_url: str | None) -> None:
    """Erase candidate ID with every scorecard, rating and audit row about them, as the app's
    Candidates page does; the erasure log records who, when and how many rows."""
    from assess.services.privacy import erase_candidate

    if not yes:
        raise click.UsageError("erasure cannot be undone: add --yes to erase the candidate")
    with database(db_url) as engine:
        done = erase_candidate(candidate_id, actor=cli_actor(actor), engine=engine)
    _report(done)


def _report(done: ErasureDone, latest: list[Inactive] | None = None) -> None:
    """A line per erased candidate (by id only: this output ends up in logs, which should not
    keep who was erased), then any warning on stderr with exit 1."""
    for index, erased in enumerate(done.erased):
        rows = erased.rows
        when = ""
        if latest is not None:
            item = latest[index]
            when = f" latest activity {item.latest_activity:%Y-%m-%d}, {item.days} days ago:"
        click.echo(
            f"candidate {erased.candidate_id}:{when} erased with {rows.scorecards} scorecards, "
            f"{rows.ratings} ratings and {rows.audit_rows} audit rows"
        )
    if done.warnings:
        fail(list(done.warnings))


def _candidates(count: int) -> str:
    return f"{count} candidate" if count == 1 else f"{count} candidates"


@click.command("retention")
@click.option(
    "--inactive-days",
    type=click.IntRange(min=0),
    required=True,
    help="Select candidates whose latest activity is at least this many days old (0: all).",
)
@click.option("--dry-run", is_flag=True, help="Only list who would be erased.")
@_actor_option
@db_option
def retention_command(
    inactive_days: int, dry_run: bool, actor: str | None, db_url: str | None
) -> None:
    """Erase (or with --dry-run list) every candidate without activity (a new record, a
    scorecard written, updated or submitted, a rating changed) for --inactive-days days,
    a line per candidate. Erased candidates are shown by id only."""
    from assess.services.privacy import apply_retention, inactive_candidates

    who = cli_actor(actor)
    with database(db_url) as engine:
        if dry_run:
            selected = inactive_candidates(actor=who, engine=engine, inactive_days=inactive_days)
            for item in selected:
                click.echo(
                    f"candidate {item.id} ({item.name}): latest activity "
                    f"{item.latest_activity:%Y-%m-%d}, {item.days} days ago: would be erased"
                )
            click.echo(f"retention: {_candidates(len(selected))} would be erased", err=True)
            return
        selected, done = apply_retention(actor=who, engine=engine, inactive_days=inactive_days)
    click.echo(f"retention: {_candidates(len(done.erased))} erased", err=True)
    _report(done, selected)
