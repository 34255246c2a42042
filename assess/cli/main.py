"""The command line: `python -m assess ...` (click)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assess.cli.common import Group, rubric_option, rubric_or_exit
from assess.domain.rubric import DEFAULT_RUBRIC_DIR, rubric_as_dict


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """CTO Assess: rubric, scorecards, fit scoring and reports for hiring a CTO."""


@cli.group()
def rubric() -> None:
    """Show or check the competency rubric."""


@rubric.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the resolved rubric as JSON.")
@rubric_option
def rubric_show(as_json: bool, rubric_dir: Path) -> None:
    """Print the rubric: competencies, archetypes, stages and every resolved profile."""
    loaded = rubric_or_exit(rubric_dir)
    if as_json:
        click.echo(json.dumps(rubric_as_dict(loaded), ensure_ascii=False, indent=2))
        return
    for comp in loaded.competencies:
        click.echo(f"{comp.id:28} {comp.cluster:12} {comp.name.en}")
    click.echo(f"\n{len(loaded.archetypes)} archetypes: {', '.join(loaded.archetype_ids)}")
    click.echo(f"{len(loaded.stages)} stages: {', '.join(s.id for s in loaded.stages)}")
    click.echo(f"{len(loaded.needs)} needs questions: {', '.join(q.id for q in loaded.needs)}")


@rubric.command("check")
@click.argument("folder", type=click.Path(path_type=Path), default=DEFAULT_RUBRIC_DIR)
def rubric_check(folder: Path) -> None:
    """Validate a rubric folder: exit 0, or 1 with one line per problem."""
    loaded = rubric_or_exit(folder)
    click.echo(
        f"{folder}: ok ({len(loaded.competencies)} competencies, {len(loaded.archetypes)} "
        f"archetypes, {len(loaded.stages)} stages, {len(loaded.profiles())} profiles, "
        f"{len(loaded.needs)} needs questions)"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--quick", is_flag=True, help="Smaller sizes, for a smoke run.")
def bench(as_json: bool, quick: bool) -> None:
    """Time scoring (and the other measured paths) and print the figures."""
    from assess.bench.run import run_all

    results = run_all(quick=quick, echo=None if as_json else click.echo)
    if as_json:
        click.echo(json.dumps(results, indent=2))


def main() -> None:
    cli(prog_name="python -m assess")


from assess.cli.reliability import reliability_command  # noqa: E402

cli.add_command(reliability_command)

from assess.cli.data import demo_command, import_command, report_command  # noqa: E402

cli.add_command(import_command)
cli.add_command(report_command)
cli.add_command(demo_command)

from assess.cli.recommend import recommend_command  # noqa: E402

cli.add_command(recommend_command)

from assess.cli.database import db_group  # noqa: E402

cli.add_command(db_group)

from assess.cli.user import user_group  # noqa: E402

cli.add_command(user_group)

from assess.cli.backup import backup_command, restore_command  # noqa: E402
from assess.cli.candidate import candidate_group, retention_command  # noqa: E402

cli.add_command(candidate_group)
cli.add_command(retention_command)
cli.add_command(backup_command)
cli.add_command(restore_command)

from assess.cli.search import search_group  # noqa: E402

cli.add_command(search_group)

from assess.cli.alignment import alignment_command, stakeholder_group  # noqa: E402

cli.add_command(stakeholder_group)
cli.add_command(alignment_command)
