"""The `stakeholder` commands (set, list, remove a stakeholder's view of a search's target) and
`alignment` (how far they agree, the consensus, and adopting it as the search's target)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
from assess.domain.alignment import (
    Alignment,
    AlignmentError,
    ViewError,
    alignment_as_dict,
    check_name,
    load_view,
)
from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import Rubric
from assess.domain.searches import SearchInputError, describe_target
from assess.services import alignment as svc

search_required = click.option(
    "--search", "search_id", type=int, required=True, help="The search id (see `search list`)."
)


@contextmanager
def _input_errors() -> Iterator[None]:
    """A field's problem or a refused action: its lines on stderr, exit 1, nothing written."""
    try:
        yield
    except ViewError as exc:
        fail(exc.problems)
    except (AlignmentError, SearchInputError, PermissionDenied) as exc:
        fail([str(exc)])


def _targets(targets: dict[str, tuple[int, int]]) -> str:
    return ", ".join(f"{c} {lv}/{w}" for c, (lv, w) in targets.items())


@click.group("stakeholder")
def stakeholder_group() -> None:
    """Each stakeholder's own target (level/weight per competency) for a search."""


@stakeholder_group.command("set")
@search_required
@click.option("--name", required=True, help="Who: e.g. 'CEO' or a board member's name.")
@click.option(
    "--file",
    "profile_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML map of competency id to {level: 1-5, weight: 0-3}, every competency.",
)
@click.option(
    "--user", "user_id", type=int, default=None, help="The user id, for a stakeholder on the team."
)
@actor_option
@db_option
@rubric_option
def stakeholder_set(
    search_id: int,
    name: str,
    profile_file: Path,
    user_id: int | None,
    actor: str | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Record (or replace) one stakeholder's view of the search's target."""
    rubric = rubric_or_exit(rubric_dir)
    with _input_errors():
        # checked before the database is opened: a bad file writes nothing anywhere
        who = check_name(name)
        targets = load_view(profile_file, rubric.competency_ids)
        with database(db_url) as engine:
            made = svc.set_stakeholder(
                search_id,
                actor=cli_actor(actor),
                engine=engine,
                rubric=rubric,
                name=who,
                profile={c: {"level": lv, "weight": w} for c, (lv, w) in targets.items()},
                user_id=user_id,
            )
    click.echo(f"search {search_id}: {made.name}: {_targets(made.targets)}")


@stakeholder_group.command("list")
@search_required
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@db_option
def stakeholder_list(search_id: int, as_json: bool, db_url: str | None) -> None:
    """The search's stakeholders, each with level/weight per competency and who set it."""
    with _input_errors(), database(db_url) as engine:
        found = svc.list_stakeholders(search_id, actor=cli_actor(None), engine=engine)
    if as_json:
        listed = [
            {
                "name": s.name,
                "user_id": s.user_id,
                "set_by": s.set_by,
                "profile": {c: {"level": lv, "weight": w} for c, (lv, w) in s.targets.items()},
            }
            for s in found
        ]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"search {search_id}: no stakeholders yet")
    for s in found:
        click.echo(f"{s.name} (set by {s.set_by}): {_targets(s.targets)}")


@stakeholder_group.command("remove")
@search_required
@click.option("--name", required=True, help="The stakeholder to remove.")
@actor_option
@db_option
def stakeholder_remove(search_id: int, name: str, actor: str | None, db_url: str | None) -> None:
    """Remove a stakeholder's view from the search."""
    with _input_errors(), database(db_url) as engine:
        removed = svc.remove_stakeholder(search_id, name, actor=cli_actor(actor), engine=engine)
    if not removed:
        fail([f"name: search {search_id} has no stakeholder {name.strip()!r}"])
    click.echo(f"search {search_id}: {name.strip()} removed")


def _alpha(value: float) -> str:
    return "undefined (no value varies)" if math.isnan(value) else f"{value:.3f}"


def render_alignment(result: Alignment, rubric: Rubric) -> list[str]:
    """The alignment as plain text: alphas, a row per competency, the disputes, the consensus."""
    lines = [
        f"{len(result.stakeholders)} stakeholders: {', '.join(result.stakeholders)}",
        f"alpha on levels:  {_alpha(result.alpha_level)}",
        f"alpha on weights: {_alpha(result.alpha_weight)}",
        "",
        f"{'competency':28} {'mean level':>10} {'spread':>6} {'mean weight':>11} {'spread':>6}"
        "  consensus",
    ]
    for row in result.per_competency:
        level, weight = result.consensus[row.competency]
        lines.append(
            f"{row.competency:28} {row.mean_level:>10.2f} {row.spread_level:>6} "
            f"{row.mean_weight:>11.2f} {row.spread_weight:>6}  level {level} weight {weight}"
        )
    disputed = ", ".join(rubric.competency(c).name.en for c in result.most_disputed)
    lines += ["", f"Most disputed: {disputed or 'none, everyone agrees'}"]
    return lines


@click.command("alignment")
@search_required
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--adopt",
    is_flag=True,
    help="Make the consensus the search's target (recorded as overrides with the reason "
    "'consensus of N stakeholders on DATE').",
)
@actor_option
@db_option
@rubric_option
def alignment_command(
    search_id: int,
    as_json: bool,
    adopt: bool,
    actor: str | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """How far a search's stakeholders agree on its target, and their consensus."""
    rubric = rubric_or_exit(rubric_dir)
    who = cli_actor(actor)
    with _input_errors(), database(db_url) as engine:
        result = svc.search_alignment(search_id, actor=who, engine=engine, rubric=rubric)
        adopted = (
            svc.adopt_consensus(search_id, actor=who, engine=engine, rubric=rubric)
            if adopt
            else None
        )
    if as_json:
        click.echo(json.dumps(alignment_as_dict(result), ensure_ascii=False, indent=2))
    else:
        for line in render_alignment(result, rubric):
            click.echo(line)
    if adopted is not None:
        reason = adopted.targets[0].reason
        click.echo(f"search {search_id}: target set to the {reason}", err=as_json)
        if not as_json:
            for target in adopted.targets:
                click.echo(f"  {describe_target(target)}")
