"""Import use case: a CSV (long or wide) or Greenhouse JSON file in, all or nothing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import Engine

from assess.domain.rubric import Rubric
from assess.domain.schemas import ScorecardIn
from assess.imports import csv_file, greenhouse
from assess.imports.csv_file import ImportFailed
from assess.services import audit
from assess.services.actor import Actor
from assess.storage import store
from assess.storage.db import transaction
from assess.storage.store import ImportSummary

FileKind = Literal["csv", "greenhouse"]
GREENHOUSE_ONLY = "a mapping, skipping unmapped attributes and private notes"


def file_kind(name: str) -> FileKind:
    """Greenhouse Harvest JSON by the `.json` extension, else CSV."""
    return "greenhouse" if name.lower().endswith(".json") else "csv"


@dataclass(frozen=True)
class ParsedFile:
    """A checked file: the scorecards ready for the store, and what was left out and why."""

    name: str
    kind: FileKind
    cards: list[ScorecardIn]
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # CSV: the row each card starts on and the search its `search` column names (or None)
    rows: list[int] = field(default_factory=list)
    searches: list[int | None] = field(default_factory=list)

    @property
    def ratings(self) -> int:
        return sum(len(card.ratings) for card in self.cards)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import read and what it changed."""

    file: ParsedFile
    summary: ImportSummary

    def lines(self) -> list[str]:
        """What the import says it did, one line each (the CLI prints them)."""
        f, s = self.file, self.summary
        what = "Greenhouse scorecards" if f.kind == "greenhouse" else "scorecards"
        lines = [
            f"{f.name}: read {len(f.cards)} {what} with {f.ratings} ratings; added "
            f"{s.candidates_added} candidates, {s.scorecards_added} scorecards, "
            f"{s.ratings_added} ratings; updated {s.scorecards_updated} scorecards "
            f"({s.ratings_changed} ratings changed, {s.ratings_deleted} removed)"
        ]
        if f.skipped:
            lines.append(f"{f.name}: skipped attributes (not imported): {', '.join(f.skipped)}")
        return lines

    def warnings(self) -> list[str]:
        return [f"warning: {w}" for w in self.file.warnings]


def parse_file(
    data: bytes,
    *,
    name: str,
    rubric: Rubric,
    mapping: bytes | None = None,
    mapping_name: str = "mapping.yaml",
    skip_unmapped: bool = False,
    include_private_notes: bool = False,
) -> ParsedFile:
    """Check a whole file without touching the database.

    Raises ImportFailed with every problem (`file:row:column: message` for CSV,
    `file: scorecard[i].field: message` for Greenhouse), or UnmappedAttributes (with the names)
    when Greenhouse attributes match no competency.
    """
    if file_kind(name) == "csv":
        if mapping is not None or skip_unmapped or include_private_notes:
            raise ImportFailed(
                [f"{Path(name).name}: top: {GREENHOUSE_ONLY} apply to Greenhouse .json files only"]
            )
        parsed = csv_file.parse_cards(data, name=name, rubric=rubric)
        return ParsedFile(
            name,
            "csv",
            [p.card for p in parsed],
            rows=[p.row for p in parsed],
            searches=[p.search for p in parsed],
        )
    names = (
        None
        if mapping is None
        else greenhouse.parse_mapping(mapping, name=mapping_name, rubric=rubric)
    )
    result = greenhouse.parse_greenhouse(
        data,
        filename=name,
        rubric=rubric,
        mapping=names,
        skip_unmapped=skip_unmapped,
        include_private_notes=include_private_notes,
    )
    # the one place where a candidate known only by a Greenhouse id gets a name
    cards = [greenhouse.with_display_name(card) for card in result.cards]
    return ParsedFile(name, "greenhouse", cards, result.skipped, result.warnings)


def import_cards(
    cards: list[ScorecardIn], *, actor: Actor, engine: Engine, file_name: str = ""
) -> ImportSummary:
    """Store checked scorecards in one transaction (all or nothing); again, it adds nothing."""
    actor.may("imports.run")
    with transaction(engine) as session:
        summary = store.import_scorecards(cards, session=session, actor=actor.audit_name)
        audit.record(
            session,
            actor,
            "scorecards.imported",
            entity="import",
            entity_id=None,
            details={"file": file_name, **dataclasses.asdict(summary)},
        )
        return summary


def store_file(
    parsed: ParsedFile, *, actor: Actor, engine: Engine, search: int | None = None
) -> ImportOutcome:
    """Write a checked file's scorecards in one transaction (all or nothing); into `search`,
    or the search a CSV row names, when there is one (services/searches.py)."""
    if search is None and not any(s is not None for s in parsed.searches):
        summary = import_cards(parsed.cards, actor=actor, engine=engine, file_name=parsed.name)
        return ImportOutcome(parsed, summary)
    from assess.services.searches import store_file_in_searches

    return ImportOutcome(
        parsed, store_file_in_searches(parsed, actor=actor, engine=engine, search=search)
    )


def import_file(
    data: bytes,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    name: str,
    mapping: bytes | None = None,
    mapping_name: str = "mapping.yaml",
    skip_unmapped: bool = False,
    include_private_notes: bool = False,
) -> ImportOutcome:
    """Check the whole file, then store it in one transaction; nothing is written on a problem."""
    actor.may("imports.run")
    parsed = parse_file(
        data,
        name=name,
        rubric=rubric,
        mapping=mapping,
        mapping_name=mapping_name,
        skip_unmapped=skip_unmapped,
        include_private_notes=include_private_notes,
    )
    return store_file(parsed, actor=actor, engine=engine)
