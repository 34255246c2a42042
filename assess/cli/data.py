"""The `import`, `report` and `demo` commands: scorecards in from CSV, reports out, demo data."""

from __future__ import annotations

from pathlib import Path

import click

from assess.cli.common import fail, rubric_or_exit
from assess.domain.rubric import DEFAULT_RUBRIC_DIR

_db_option = click.option(
    "--db", "db_url", default=None, help="Database URL (default: $ASSESS_DATABASE_URL or SQLite)."
)
_rubric_option = click.option(
    "--rubric",
    "rubric_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_RUBRIC_DIR,
    show_default=False,
    help="Rubric folder (default: the shipped rubrics/).",
)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option
@_rubric_option
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
def import_command(
    file: Path,
    db_url: str | None,
    rubric_dir: Path,
    actor: str | None,
    mapping: Path | None,
    skip_unmapped: bool,
    include_private_notes: bool,
) -> None:
    """Import scorecards from a CSV file (long: one rating per row; wide: one scorecard per row)
    or from a Greenhouse Harvest API scorecard export (FILE.json).

    The whole file is checked first; any problem is printed as FILE:ROW:COLUMN: message and
    nothing is written. A file imported twice adds nothing the second time.
    """
    from assess.imports.csv_file import ImportFailed, read_scorecards
    from assess.storage.db import StoreError, open_database, transaction
    from assess.storage.store import import_scorecards

    rubric = rubric_or_exit(rubric_dir)
    if file.suffix.lower() == ".json":
        from assess.imports.greenhouse import run_import

        try:
            lines, warnings = run_import(
                file,
                db_url=db_url,
                rubric=rubric,
                actor=actor or f"import {file.name}",
                mapping_file=mapping,
                skip_unmapped=skip_unmapped,
                include_private_notes=include_private_notes,
            )
        except ImportFailed as exc:
            fail(exc.problems)
        except StoreError as exc:
            fail([f"{file}: {exc}"])
        for line in lines:
            click.echo(line)
        for line in warnings:
            click.echo(line, err=True)
        return
    if mapping is not None or skip_unmapped or include_private_notes:
        raise click.UsageError(
            "--mapping, --skip-unmapped and --include-private-notes apply to Greenhouse "
            ".json files only"
        )
    try:
        cards = read_scorecards(file, rubric=rubric, name=str(file))
    except ImportFailed as exc:
        fail(exc.problems)
    try:
        engine = open_database(db_url)
        try:
            with transaction(engine) as session:
                summary = import_scorecards(
                    cards, session=session, actor=actor or f"import {file.name}"
                )
        finally:
            engine.dispose()
    except StoreError as exc:
        fail([f"{file}: {exc}"])
    ratings = sum(len(card.ratings) for card in cards)
    click.echo(
        f"{file}: read {len(cards)} scorecards with {ratings} ratings; added "
        f"{summary.candidates_added} candidates, {summary.scorecards_added} scorecards, "
        f"{summary.ratings_added} ratings; updated {summary.scorecards_updated} scorecards "
        f"({summary.ratings_changed} ratings changed, {summary.ratings_deleted} removed)"
    )


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
@_db_option
@_rubric_option
def report_command(
    archetype: str | None,
    stage: str | None,
    kind: str,
    output: Path | None,
    excel: str | None,
    lang: str,
    adjust_leniency: bool,
    db_url: str | None,
    rubric_dir: Path,
) -> None:
    """Write a CSV report: summary (one row per candidate), detail (candidate x competency) or
    ratings (every rating, in the import format)."""
    from assess.domain.reports import build_report
    from assess.imports.csv_file import to_csv
    from assess.storage.db import StoreError, open_database, transaction
    from assess.storage.store import ratings_frame

    rubric = rubric_or_exit(rubric_dir)
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
    try:
        engine = open_database(db_url)
        try:
            with transaction(engine, readonly=True) as session:
                ratings = ratings_frame(session=session)
        finally:
            engine.dispose()
    except StoreError as exc:
        fail([str(exc)])
    table = build_report(
        kind,
        ratings,
        rubric,
        archetype=archetype,
        stage=stage,
        lang=lang,
        adjust_leniency=adjust_leniency,
    )
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
@_db_option
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed of the data.")
@_rubric_option
def demo_command(db_url: str | None, seed: int, rubric_dir: Path) -> None:
    """Load a dozen demo candidates (marked as demo) with scorecards; running it again adds
    nothing."""
    from assess.domain.demo import load_demo
    from assess.storage.db import StoreError, open_database, transaction

    rubric = rubric_or_exit(rubric_dir)
    try:
        engine = open_database(db_url)
        try:
            with transaction(engine) as session:
                summary = load_demo(session=session, seed=seed, rubric=rubric)
        finally:
            engine.dispose()
    except StoreError as exc:
        fail([str(exc)])
    click.echo(
        f"demo data: added {summary.candidates_added} candidates, {summary.scorecards_added} "
        f"scorecards, {summary.ratings_added} ratings; updated {summary.scorecards_updated} "
        "scorecards"
    )


COMMANDS = (import_command, report_command, demo_command)
