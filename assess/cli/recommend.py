"""The `recommend` command: from the needs questionnaire's answers to archetype, stage, profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from assess.cli.common import fail, rubric_or_exit
from assess.domain.needs import (
    NeedsAnswerError,
    Ranked,
    Recommendation,
    chosen,
    load_answers,
    recommendation_as_dict,
)
from assess.domain.needs import recommend as recommend_needs
from assess.domain.rubric import DEFAULT_RUBRIC_DIR, Rubric

# The plain-text output explains this many of the best pairs.
SHOWN: int = 3


def _pair_name(rubric: Rubric, pair: Ranked) -> str:
    return f"{rubric.archetype(pair.archetype).name.en} at {rubric.stage(pair.stage).name.en}"


def _target_name(rubric: Rubric, target: str) -> str:
    if target in rubric.archetype_ids:
        return rubric.archetype(target).name.en
    return f"{rubric.stage(target).name.en} stage"


def render_recommendation(rec: Recommendation, rubric: Rubric) -> list[str]:
    """The recommendation as plain text: the answers, the best pairs with reasons, the profile."""
    lines = ["Answers:"]
    for qid, answer in rec.answers.items():
        option = chosen(rubric.question(qid), answer)
        shown = option.label.en if str(answer) == option.value else f"{answer} ({option.label.en})"
        lines.append(f"  {qid}: {shown}")
    lines.append("")
    for place, pair in enumerate(rec.ranking[:SHOWN], start=1):
        lines.append(f"{place}. {_pair_name(rubric, pair)}: score {pair.score}")
        for why in pair.reasons:
            name = _target_name(rubric, why.target)
            lines.append(f"   {why.effect:+d} {name} ({why.question} = {why.answer})")
            lines.append(f'      {why.seed}: "{why.quote}"')
    lines += ["", f"Target profile ({_pair_name(rubric, rec.ranking[0])}):"]
    for t in rec.profile.targets:
        name = rubric.competency(t.competency).name.en
        lines.append(f"  {name:34} level {t.level}  weight {t.weight}")
    return lines


@click.command("recommend")
@click.option(
    "--answers",
    "answers_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML map of question id to answer (questions: `rubric show`).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--rubric", "folder", type=click.Path(path_type=Path), default=DEFAULT_RUBRIC_DIR)
def recommend_command(answers_file: Path, as_json: bool, folder: Path) -> None:
    """Rank every archetype x stage for the company the answers describe."""
    rubric = rubric_or_exit(folder)
    try:
        answers = load_answers(answers_file, rubric)
    except NeedsAnswerError as exc:
        fail(exc.problems)
    rec = recommend_needs(answers, rubric)
    if as_json:
        click.echo(json.dumps(recommendation_as_dict(rec), ensure_ascii=False, indent=2))
        return
    for line in render_recommendation(rec, rubric):
        click.echo(line)
