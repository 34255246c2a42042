"""The `search` commands: add, list and show searches, set a target, add and move candidates,
the hiring team, the interview plan and its progress."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from assess.cli.common import (
    actor_option,
    cli_actor,
    database,
    db_option,
    fail,
    rubric_option,
    rubric_or_exit,
)
from assess.domain.i18n import LANGUAGES
from assess.domain.permissions import PermissionDenied
from assess.domain.searches import (
    SearchInputError,
    check_choice,
    check_focus,
    check_override,
    check_search,
    check_search_role,
    describe_target,
    profile_as_dict,
    progress_counts,
)
from assess.domain.vocab import PIPELINE_STAGES, PROGRESS_STATES
from assess.services import searches as svc


@contextmanager
def _input_errors() -> Iterator[None]:
    """A field's problem or a refused action: one line on stderr, exit 1, nothing written."""
    try:
        yield
    except (SearchInputError, PermissionDenied) as exc:
        fail([str(exc)])


def search_as_dict(view: svc.SearchView) -> dict[str, Any]:
    """What `search show --json` prints."""
    s = view.search
    return _summary(s) | {
        "notes": s.notes,
        "feedback_visibility": s.feedback_visibility,
        "profile": profile_as_dict(view.profile),
        "pipeline": [
            {"candidate": p.candidate, "name": p.name, "stage": p.stage} for p in view.pipeline
        ],
    }


def _summary(s: svc.SearchInfo) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "client": s.client,
        "archetype": s.archetype,
        "stage": s.stage,
        "status": s.status,
    }


@click.group("search")
def search_group() -> None:
    """CTO searches: each with its own target profile, candidates and pipeline."""


@search_group.command("add")
@click.option("--title", required=True, help="The position, e.g. 'CTO, Acme'.")
@click.option("--archetype", required=True, help="Target archetype id.")
@click.option("--stage", required=True, help="Company stage id.")
@click.option("--client", default="", help="The client company.")
@click.option("--notes", default="", help="Free-text notes.")
@db_option
@rubric_option
def search_add(
    title: str,
    archetype: str,
    stage: str,
    client: str,
    notes: str,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Add a search; prints its id."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors():
        # checked before the database is opened, so bad input creates no database file
        check_search(rubric, title=title, archetype=archetype, stage=stage)
        with database(db_url) as engine:
            made = svc.add_search(
                actor=cli_actor(None),
                engine=engine,
                rubric=rubric,
                title=title,
                archetype=archetype,
                stage=stage,
                client=client,
                notes=notes,
            )
    click.echo(made.id)


@search_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@db_option
def search_list(as_json: bool, db_url: str | None) -> None:
    """Every search: id, status, archetype x stage, title and client."""
    with _input_errors(), database(db_url) as engine:
        found = svc.list_searches(actor=cli_actor(None), engine=engine)
    if as_json:
        click.echo(json.dumps([_summary(s) for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        client = f" ({s.client})" if s.client else ""
        click.echo(f"{s.id:>4}  {s.status:8} {s.archetype} x {s.stage}  {s.title}{client}")


@search_group.command("show")
@click.argument("search_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
@rubric_option
def search_show(search_id: int, as_json: bool, db_url: str | None, rubric_dir: Path) -> None:
    """A search with its target profile (where each number comes from) and its pipeline."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors(), database(db_url) as engine:
        view = svc.show_search(search_id, actor=cli_actor(None), engine=engine, rubric=rubric)
    if as_json:
        click.echo(json.dumps(search_as_dict(view), ensure_ascii=False, indent=2))
        return
    s = view.search
    click.echo(f"search {s.id}: {s.title}" + (f" ({s.client})" if s.client else ""))
    click.echo(f"status {s.status}; target {s.archetype} x {s.stage}")
    click.echo("target profile:")
    for target in view.profile.targets:
        click.echo(f"  {describe_target(target)}")
    click.echo(f"candidates: {len(view.pipeline)}")
    for p in view.pipeline:
        click.echo(f"  {p.candidate:>4}  {p.stage:12} {p.name}")


@search_group.command("set-target")
@click.argument("search_id", type=int)
@click.option("--competency", required=True, help="Competency id.")
@click.option("--level", type=int, default=None, help="Target level 1-5.")
@click.option("--weight", type=int, default=None, help="Weight 0-3.")
@click.option("--reason", default="", help="Why this search differs (required).")
@actor_option
@db_option
@rubric_option
def search_set_target(
    search_id: int,
    competency: str,
    level: int | None,
    weight: int | None,
    reason: str,
    actor: str | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Override one competency's target level and/or weight for this search, with a reason."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors():
        check_override(rubric, competency=competency, level=level, weight=weight, reason=reason)
        with database(db_url) as engine:
            profile = svc.set_target(
                search_id,
                actor=cli_actor(actor),
                engine=engine,
                rubric=rubric,
                competency=competency,
                level=level,
                weight=weight,
                reason=reason,
            )
    click.echo(f"search {search_id}: {describe_target(profile.target(competency))}")


@search_group.command("add-candidate")
@click.argument("search_id", type=int)
@click.argument("candidate_id", type=int)
@actor_option
@db_option
def search_add_candidate(
    search_id: int, candidate_id: int, actor: str | None, db_url: str | None
) -> None:
    """Put a candidate into a search (at "sourced")."""
    with _input_errors(), database(db_url) as engine:
        added = svc.add_to_search(search_id, candidate_id, actor=cli_actor(actor), engine=engine)
    what = "added at sourced" if added else "already in the search, nothing changed"
    click.echo(f"search {search_id}: candidate {candidate_id} {what}")


@search_group.command("move")
@click.argument("search_id", type=int)
@click.argument("candidate_id", type=int)
@click.option("--stage", required=True, help="The pipeline stage to move to.")
@click.option("--reason", default="", help="Why (kept in the history).")
@actor_option
@db_option
def search_move(
    search_id: int,
    candidate_id: int,
    stage: str,
    reason: str,
    actor: str | None,
    db_url: str | None,
) -> None:
    """Move a candidate to another pipeline stage of the search."""
    with _input_errors():
        check_choice("stage", stage, PIPELINE_STAGES, "pipeline stage")
        with database(db_url) as engine:
            move = svc.move_candidate(
                search_id,
                candidate_id,
                actor=cli_actor(actor),
                engine=engine,
                stage=stage,
                reason=reason,
            )
    click.echo(
        f"search {search_id}: candidate {candidate_id} moved from {move.from_stage} to "
        f"{move.to_stage}"
    )


def _date(field: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option, or a SearchInputError naming it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SearchInputError(field, f"must be a date YYYY-MM-DD, got {value!r}") from None


@search_group.command("team")
@click.argument("search_id", type=int)
@click.option("--user", "email", required=True, help="The user's email.")
@click.option("--role", required=True, help="recruiter, hiring_manager or interviewer.")
@actor_option
@db_option
def search_team(
    search_id: int, email: str, role: str, actor: str | None, db_url: str | None
) -> None:
    """Put a user on the search's hiring team with a role (again: change the role)."""
    with _input_errors():
        check_search_role(role)
        with database(db_url) as engine:
            who = cli_actor(actor)
            user_id = svc.team_user(email, actor=who, engine=engine)
            team = svc.set_team_member(
                search_id, actor=who, engine=engine, user_id=user_id, role=role
            )
    member = next(m for m in team if m.user_id == user_id)
    click.echo(f"search {search_id}: {member.name} ({email.strip().lower()}) on the team as {role}")


@search_group.command("team-remove")
@click.argument("search_id", type=int)
@click.option("--user", "email", required=True, help="The user's email.")
@actor_option
@db_option
def search_team_remove(search_id: int, email: str, actor: str | None, db_url: str | None) -> None:
    """Take a user off the search's hiring team and off its interviews."""
    with _input_errors(), database(db_url) as engine:
        who = cli_actor(actor)
        user_id = svc.team_user(email, actor=who, engine=engine)
        removed = svc.remove_team_member(search_id, user_id, actor=who, engine=engine)
    what = "taken off the team" if removed else "not on the team, nothing changed"
    click.echo(f"search {search_id}: {email.strip().lower()} {what}")


@search_group.command("interview")
@click.argument("search_id", type=int)
@click.option("--name", required=True, help="What the interview is called.")
@click.option("--kind", required=True, help="Its kind, the interview type its scorecards carry.")
@click.option("--focus", required=True, help="3-6 competency ids, comma-separated.")
@click.option("--date", "date_text", default=None, help="Interview date, YYYY-MM-DD.")
@actor_option
@db_option
@rubric_option
def search_interview(
    search_id: int,
    name: str,
    kind: str,
    focus: str,
    date_text: str | None,
    actor: str | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Add an interview to the search's plan; prints its id."""
    rubric = rubric_or_exit(rubric_dir)
    chosen = [c.strip() for c in focus.split(",") if c.strip()]
    with _input_errors():
        when = _date("date", date_text)
        check_focus(rubric, chosen)
        with database(db_url) as engine:
            made = svc.add_interview(
                search_id,
                actor=cli_actor(actor),
                engine=engine,
                rubric=rubric,
                name=name,
                kind=kind,
                focus=chosen,
                interview_date=when,
            )
    click.echo(made.id)


@search_group.command("assign")
@click.argument("search_id", type=int)
@click.argument("interview_id", type=int)
@click.argument("candidate_id", type=int)
@click.option("--user", "email", required=True, help="The interviewer's email (on the team).")
@actor_option
@db_option
def search_assign(
    search_id: int,
    interview_id: int,
    candidate_id: int,
    email: str,
    actor: str | None,
    db_url: str | None,
) -> None:
    """Have a team member interview a candidate of the search in one of its interviews."""
    with _input_errors(), database(db_url) as engine:
        who = cli_actor(actor)
        user_id = svc.team_user(email, actor=who, engine=engine)
        assigned = svc.assign_interviewer(
            interview_id, candidate_id, user_id, actor=who, engine=engine, search_id=search_id
        )
    what = "assigned" if assigned else "already assigned, nothing changed"
    click.echo(
        f"search {search_id}: interview {interview_id}, candidate {candidate_id}: "
        f"{email.strip().lower()} {what}"
    )


@search_group.command("progress")
@click.argument("search_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--today", "today_text", default=None, help="Count overdue as of YYYY-MM-DD.")
@db_option
@rubric_option
def search_progress(
    search_id: int, as_json: bool, today_text: str | None, db_url: str | None, rubric_dir: Path
) -> None:
    """Every candidate x interview of the search: who is assigned, submitted, draft, not
    started, and whether the scorecard is overdue."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors():
        today = _date("today", today_text)
        with database(db_url) as engine:
            who = cli_actor(None)
            view = svc.show_search(search_id, actor=who, engine=engine, rubric=rubric)
            cells = svc.search_progress(search_id, actor=who, engine=engine, today=today)
    names = {p.candidate: p.name for p in view.pipeline}
    interviews = {i.id: i for i in view.interviews}
    rows = [
        {
            "candidate": c.candidate,
            "name": names.get(c.candidate, ""),
            "interview": c.interview,
            "interview_name": interviews[c.interview].name,
            "date": None
            if interviews[c.interview].date is None
            else str(interviews[c.interview].date),
            "interviewer": c.interviewer,
            "state": c.state,
            "overdue": c.overdue,
        }
        for c in cells
    ]
    counts = dict(progress_counts(cells))
    if as_json:
        out = {"search": search_id, "cells": rows, "counts": counts}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"search {search_id}: {len(names)} candidates x {len(interviews)} interviews; "
        + ", ".join(f"{counts[s]} {s}" for s in (*PROGRESS_STATES, "overdue"))
    )
    for r in rows:
        late = "  OVERDUE" if r["overdue"] else ""
        click.echo(
            f"  {r['candidate']:>4} {r['name']:24} {r['interview']:>4} {r['interview_name']:20} "
            f"{r['interviewer'] or '-':20} {r['state']}{late}"
        )


@search_group.command("kit")
@click.argument("search_id", type=int)
@click.argument("interview_id", type=int)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language."
)
@click.option("--candidate", "candidate_id", type=int, default=None, help="For this candidate.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the HTML to this file (default: standard output).",
)
@db_option
@rubric_option
def search_kit(
    search_id: int,
    interview_id: int,
    lang: str,
    candidate_id: int | None,
    out: Path | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """An interview's kit as a printable HTML page: its focus competencies with their
    questions, level descriptions and room for notes."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors(), database(db_url) as engine:
        page = svc.interview_kit(
            search_id,
            interview_id,
            actor=cli_actor(None),
            engine=engine,
            rubric=rubric,
            lang=lang,
            candidate_id=candidate_id,
        )
    if out is None:
        click.echo(page, nl=False)
        return
    out.write_text(page, encoding="utf-8")
    click.echo(f"search {search_id}: interview {interview_id}'s kit written to {out}")
