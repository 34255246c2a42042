"""The `import`, `report` and `demo` commands: scorecards in from CSV, reports out, demo data."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from assess.cli.common import (
    cli_actor,
    database,
    db_option,
    fail,
    rubric_option,
    rubric_or_exit,
    search_option,
)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@rubric_option
@click.option("--actor", default=None, help='Who imports, for the audit trail (default "import").')
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Greenhouse .json: YAML file mapping attribute names to competency ids.",
)
@click.option(
    "--skip-unmapped", is_flag=True, help="Greenhouse .json: leave out unmapped attributes."
)
@click.option(
    "--include-private-notes",
    is_flag=True,
    help="Greenhouse .json: copy the Private Notes answers into the scorecard notes.",
)
@search_option
def import_command(
    file: Path,
    db_url: str | None,
    rubric_dir: Path,
    actor: str | None,
    mapping: Path | None,
    skip_unmapped: bool,
    include_private_notes: bool,
    search_id: int | None,
) -> None:
    """Import scorecards from a CSV file (long: one rating per row; wide: one scorecard per row)
    or from a Greenhouse Harvest API scorecard export (FILE.json).

    The whole file is checked first; any problem is printed as FILE:ROW:COLUMN: message and
    nothing is written. A file imported twice adds nothing the second time.

    With --search ID every scorecard goes into that search (and its candidates into its
    pipeline); without it, a CSV `search` column names each row's search.
    """
    from assess.imports.csv_file import ImportFailed
    from assess.imports.greenhouse import UnmappedAttributes, with_mapping_hint
    from assess.services.imports import file_kind, parse_file, store_file

    rubric = rubric_or_exit(rubric_dir)
    greenhouse = file_kind(file.name) == "greenhouse"
    if not greenhouse and (mapping is not None or skip_unmapped or include_private_notes):
        raise click.UsageError(
            "--mapping, --skip-unmapped and --include-private-notes apply to Greenhouse "
            ".json files only"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        where = f"{file.name}: top" if greenhouse else f"{file}:1:*"
        fail([f"{where}: cannot read the file: {exc.strerror or exc}"])
    mapping_data = None
    if mapping is not None:
        try:
            mapping_data = mapping.read_bytes()
        except OSError as exc:
            fail([f"{mapping.name}: top: cannot read the mapping file: {exc.strerror or exc}"])
    # the whole file is checked before the database is even opened
    try:
        parsed = parse_file(
            data,
            name=str(file),
            rubric=rubric,
            mapping=mapping_data,
            mapping_name=mapping.name if mapping else "mapping.yaml",
            skip_unmapped=skip_unmapped,
            include_private_notes=include_private_notes,
        )
    except UnmappedAttributes as exc:
        fail(with_mapping_hint(exc, file, rubric).problems)
    except ImportFailed as exc:
        fail(exc.problems)
    who = cli_actor(actor or f"import {file.name}")
    with database(db_url, f"{file}: ") as engine:
        try:
            outcome = store_file(parsed, actor=who, engine=engine, search=search_id)
        except ImportFailed as exc:
            fail(exc.problems)
    for line in outcome.lines():
        click.echo(line)
    for line in outcome.warnings():
        click.echo(line, err=True)


@click.command("report")
@click.option("--archetype", default=None, help="Target archetype (summary and detail).")
@click.option("--stage", default=None, help="Company stage (summary and detail).")
@click.option(
    "--kind",
    type=click.Choice(["summary", "detail", "ratings"]),
    default="summary",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--excel",
    type=click.Choice(["sv"]),
    default=None,
    help="sv: for Excel with a Swedish locale (UTF-8 BOM, ';', decimal comma).",
)
@click.option(
    "--lang", type=click.Choice(["en", "sv"]), default="en", help="Language of competency names."
)
@click.option(
    "--adjust-leniency",
    is_flag=True,
    help="Score with each interviewer's measured leniency taken out (the report says so).",
)
@search_option
@db_option
@rubric_option
def report_command(
    archetype: str | None,
    stage: str | None,
    kind: str,
    output: Path | None,
    excel: str | None,
    lang: str,
    adjust_leniency: bool,
    search_id: int | None,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Write a CSV report: summary (one row per candidate), detail (candidate x competency) or
    ratings (every rating, in the import format). With --search, over that search's scorecards
    against its own target profile."""
    from assess.domain.reports import build_report
    from assess.services import reads
    from assess.services.searches import search_context

    rubric = rubric_or_exit(rubric_dir)
    if search_id is not None:
        if archetype is not None or stage is not None:
            raise click.UsageError(
                "--search scores against the search's own profile: leave out --archetype and "
                "--stage"
            )
        with database(db_url) as engine:
            _, profile, ratings = search_context(
                search_id, actor=cli_actor(None), engine=engine, rubric=rubric
            )
        table = build_report(
            kind,
            ratings,
            rubric,
            profile=profile.profile,
            lang=lang,
            adjust_leniency=adjust_leniency,
        )
        _write_report(table, kind=kind, excel=excel, output=output)
        return
    if kind != "ratings":
        for option, value, known in (
            ("--archetype", archetype, rubric.archetype_ids),
            ("--stage", stage, rubric.stage_ids),
        ):
            if value is None:
                raise click.UsageError(
                    f"the {kind} report needs {option} (one of {', '.join(known)})"
                )
            if value not in known:
                raise click.BadParameter(
                    f'"{value}" is not one of {", ".join(known)}', param_hint=option
                )
    with database(db_url) as engine:
        ratings = reads.ratings(actor=cli_actor(None), engine=engine)
    table = build_report(
        kind,
        ratings,
        rubric,
        archetype=archetype,
        stage=stage,
        lang=lang,
        adjust_leniency=adjust_leniency,
    )
    _write_report(table, kind=kind, excel=excel, output=output)


def _write_report(
    table: pd.DataFrame, *, kind: str, excel: str | None, output: Path | None
) -> None:
    from assess.imports.csv_file import to_csv

    data = to_csv(table, excel=excel)
    if output is None:
        click.echo(data, nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail([f"{output}: cannot write: {exc.strerror or exc}"])
    click.echo(f"{output}: {kind} report, {len(table)} rows")


@click.command("demo")
@db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed of the data.")
@rubric_option
def demo_command(db_url: str | None, seed: int, rubric_dir: Path) -> None:
    """Load a dozen demo candidates (marked as demo) with scorecards, and one demo account per
    role (their passwords are printed this once); running it again adds nothing."""
    from assess.services.demo import create_demo_accounts, load_demo

    rubric = rubric_or_exit(rubric_dir)
    who = cli_actor(None)
    with database(db_url) as engine:
        summary = load_demo(actor=who, engine=engine, seed=seed, rubric=rubric)
        accounts = create_demo_accounts(actor=who, engine=engine)
    click.echo(
        f"demo data: added {summary.candidates_added} candidates, {summary.scorecards_added} "
        f"scorecards, {summary.ratings_added} ratings; updated {summary.scorecards_updated} "
        "scorecards"
    )
    if not accounts:
        click.echo(
            "demo accounts: they exist already (a new password: "
            "`python -m assess user reset-password EMAIL`)"
        )
        return
    click.echo("demo accounts, one per role (the passwords are shown this once):")
    for user, password in accounts:
        click.echo(f"  {user.role:15} {user.email:28} {password}")


COMMANDS = (import_command, report_command, demo_command)
