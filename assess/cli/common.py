"""What every command shares: failing with messages on stderr, loading the rubric or failing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from assess.domain.rubric import Rubric, RubricError, load_rubric


def fail(lines: list[str]) -> NoReturn:
    """Print each problem on stderr and exit 1 (invalid input, nothing written)."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def rubric_or_exit(folder: Path) -> Rubric:
    """The rubric in `folder`, or exit 1 with one `file: location: message` line per problem."""
    try:
        return load_rubric(folder)
    except RubricError as exc:
        fail(exc.problems)
