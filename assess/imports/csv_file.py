"""CSV import of scorecards (whole file validated, then all or nothing) and the one CSV writer."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
from pydantic import ValidationError

from assess.domain import limits
from assess.domain.bulk import collector_paused
from assess.domain.rubric import Rubric
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn, checked_rating, name_key
from assess.domain.vocab import LONG_COLUMNS, NOT_ASSESSED, RECOMMENDATIONS

# OWASP CSV injection: a cell whose first non-blank character is one of these is a formula to
# a spreadsheet (some skip leading blanks; the fullwidth forms are there because input methods
# and some spreadsheets turn them into the ASCII ones); a cell starting with a tab or a line
# break can hide one on its next line.
FORMULA_CHARACTERS: Final[tuple[str, ...]] = (
    *("=", "+", "-", "@"),
    *("\uff1d", "\uff0b", "\uff0d", "\uff20"),  # ＝ ＋ － ＠
)
FORMULA_PREFIXES: Final[tuple[str, ...]] = (*FORMULA_CHARACTERS, "\t", "\r", "\n")
EXCEL_LOCALES: Final[tuple[str, ...]] = ("sv",)

# The long format: one rating per row. `ratings_report` writes exactly this header.
LONG_REQUIRED: Final[tuple[str, ...]] = (
    "candidate",
    "interviewer",
    "interview_date",
    "interview_type",
    "competency",
    "rating",
)
# The wide format: one scorecard per row, then one column per competency.
WIDE_FIELDS: Final[tuple[str, ...]] = (
    "candidate",
    "email",
    "interviewer",
    "interview_date",
    "interview_type",
    "recommendation",
)
WIDE_REQUIRED: Final[tuple[str, ...]] = (
    "candidate",
    "interviewer",
    "interview_date",
    "interview_type",
)
EVIDENCE_SUFFIXES: Final[tuple[str, ...]] = ("evidence", "belägg")
# Optional in both layouts: the id of the search a row's scorecard belongs to.
SEARCH_COLUMN: Final = "search"
MAX_NAME: Final = limits.NAME_MAX

_WHOLE = re.compile(r"^([0-9]+)(?:[.,]0+)?$")
# Excel may append midnight to a date cell it reformatted.
_DATE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?: 00:00(?::00)?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Format = Literal["long", "wide"]


class ImportFailed(Exception):
    """A file that cannot be imported; `problems` holds one `FILE:ROW:COLUMN: message` each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- reading -----------------------------------------------------------------------------------


# One well-formed UTF-8 sequence for a character beyond ASCII. Windows-1252 text almost never
# holds one ("Ã¥" is what it would take), so a file that has one is UTF-8 by intent.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _row_of(data: bytes, offset: int) -> int:
    """The spreadsheet row (header = 1) holding byte `offset`: records before it, plus one.

    Counted on the valid text before the offset, so a quoted cell with line breaks is one row.
    """
    prefix = data[:offset].decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=sniff_delimiter(prefix))
    rows = 0
    try:
        for _ in reader:
            rows += 1
    except csv.Error:
        rows += 1
    # the bad byte sits in the last record read, unless that record ended right before it
    return max(1, rows + (1 if prefix.endswith(("\n", "\r")) or not prefix else 0))


def decode(data: bytes, *, name: str) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252.

    A file that is UTF-8 in places and not in others (rows pasted from two sources) is refused
    at the first row that is not UTF-8, never read whole as Windows-1252 ("Ã…sa").
    """
    if len(data) > limits.FILE_MAX_BYTES:
        raise ImportFailed(
            [
                f"{name}:1:*: the file has {len(data)} bytes; at most {limits.FILE_MAX_BYTES} "
                "can be imported at once (split it)"
            ]
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFailed(
            [f"{name}:1:*: UTF-16 text is not supported; save the file as CSV (UTF-8)"]
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            start = exc.start + len(codecs.BOM_UTF8)
            raise ImportFailed(
                [
                    f"{name}:{_row_of(data, start)}:*: the file says it is UTF-8 but byte "
                    f"{exc.start} is not"
                ]
            ) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise ImportFailed(
                [
                    f"{name}:{_row_of(data, exc.start)}:*: not UTF-8 (byte "
                    f"0x{data[exc.start]:02x}), though the file holds UTF-8 text elsewhere: it "
                    "mixes encodings; save it again as CSV (UTF-8)"
                ]
            ) from exc
    try:
        # Excel on Windows saves "CSV (semicolon/comma delimited)" in the ANSI code page.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = _row_of(data, exc.start)
        raise ImportFailed(
            [f"{name}:{line}:*: not UTF-8 or Windows-1252 text (byte 0x{data[exc.start]:02x})"]
        ) from exc


def sniff_delimiter(text: str) -> str:
    """`;` when the header line has more semicolons than commas outside quotes, else `,`."""
    counts = {",": 0, ";": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _risky(text: str) -> bool:
    """True for a text a spreadsheet could run: see FORMULA_CHARACTERS and FORMULA_PREFIXES."""
    return text.startswith(FORMULA_PREFIXES) or text.lstrip().startswith(FORMULA_CHARACTERS)


def _guarded(text: str) -> bool:
    """True for `'...'X` with X risky: what `guard` makes of a risky text (or of one with quotes
    and then a risky text), so `unguard(guard(s)) == s` for every text."""
    body = text.lstrip("'")
    return len(body) < len(text) and _risky(body)


def unguard(cell: str) -> str:
    """Undo the export's formula guard: drop a `'` that precedes a formula character."""
    return cell[1:] if _guarded(cell) else cell


def records(text: str, *, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row, cells) of every record, rows numbered as a spreadsheet shows them: the header is
    row 1, and a quoted field with line breaks stays one row (one cell with breaks), as Excel
    opens it; a blank line is an empty row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed([f"{name}:{row + 1}:*: not valid CSV: {exc}"]) from exc
        row += 1
        # only a cell starting with ' can be guarded; most cells are left as they are
        yield row, [unguard(c) if c.startswith("'") else c for c in cells]


def _field_key(text: str) -> str:
    return name_key(text.replace("_", " "))


def competency_lookup(rubric: Rubric) -> dict[str, str]:
    """Every accepted spelling of a competency (id, English or Swedish name) -> its id."""
    out: dict[str, str] = {}
    for comp in rubric.competencies:
        for spelling in (comp.id, comp.name.en, comp.name.sv):
            out.setdefault(name_key(spelling), comp.id)
    return out


# --- validation --------------------------------------------------------------------------------


@dataclass
class _Card:
    row: int
    candidate: str
    email: str | None
    email_row: int
    interviewer: str
    interview_type: str
    interview_date: dt.date
    recommendation: str | None = None
    recommendation_row: int = 0
    ratings: dict[str, tuple[int, RatingIn]] = field(default_factory=dict)
    search: int | None = None
    search_row: int = 0


@dataclass(frozen=True)
class ParsedCard:
    """A scorecard of a file with the row it starts on and the search its row names."""

    card: ScorecardIn
    row: int
    search: int | None


@dataclass
class _Row:
    """One data record being checked; collects its problems in the file's list."""

    name: str
    line: int
    header: list[str]
    cells: list[str]
    problems: list[str]

    def problem(self, column: str, message: str) -> None:
        self.problems.append(f"{self.name}:{self.line}:{column}: {message}")

    def raw(self, index: int | None) -> str:
        return "" if index is None else self.cells[index]

    def text(self, index: int | None, label: str, *, required: bool) -> str | None:
        value = self.raw(index).strip()
        column = label if index is None else self.header[index]
        if not value:
            if required:
                self.problem(column, f"{label} is required")
            return None
        if len(value) > MAX_NAME:
            self.problem(column, f"{label} must be at most {MAX_NAME} characters")
            return None
        problem = limits.line_problem(value, limit=MAX_NAME)
        if problem is not None:
            self.problem(column, f"{label} {problem}")
            return None
        return value

    def date(self, index: int) -> dt.date | None:
        value = self.raw(index).strip()
        if not value:
            self.problem(self.header[index], "interview_date is required")
            return None
        match = _DATE.match(value)
        if match:
            try:
                return dt.date.fromisoformat(match.group(1))
            except ValueError:
                pass
        self.problem(self.header[index], f'date must be YYYY-MM-DD, got "{value}"')
        return None

    def email(self, index: int | None) -> tuple[bool, str | None]:
        value = self.raw(index).strip()
        if not value:
            return True, None
        if index is None:
            return True, value
        problem = limits.line_problem(value, limit=limits.EMAIL_MAX)
        if problem is not None:
            self.problem(self.header[index], f"email {problem}")
            return False, None
        if not _EMAIL.match(value):
            self.problem(
                self.header[index], f'email must look like name@example.com, got "{value}"'
            )
            return False, None
        return True, value

    def recommendation(self, index: int | None) -> tuple[bool, str | None]:
        value = self.raw(index).strip()
        if not value or index is None:
            return True, None
        key = re.sub(r"[\s-]+", "_", value.casefold())
        if key not in RECOMMENDATIONS:
            self.problem(
                self.header[index],
                f'recommendation must be one of {", ".join(RECOMMENDATIONS)}, got "{value}"',
            )
            return False, None
        return True, key

    def rating(self, index: int) -> tuple[bool, int | None]:
        value = self.raw(index).strip()
        if value.casefold() in NOT_ASSESSED:
            return True, None
        match = _WHOLE.match(value)
        if match and 1 <= int(match.group(1)) <= 5:
            return True, int(match.group(1))
        self.problem(
            self.header[index],
            f'rating must be a whole number 1-5 or empty/N/A/-, got "{value}"',
        )
        return False, None

    def search(self, index: int | None) -> tuple[bool, int | None]:
        value = self.raw(index).strip()
        if not value or index is None:
            return True, None
        match = _WHOLE.match(value)
        if match:
            return True, int(match.group(1))
        self.problem(self.header[index], f'search must be a search id (a number), got "{value}"')
        return False, None

    def evidence(self, index: int | None) -> str | None:
        """The evidence text (line breaks as LF), or None after recording its problem."""
        value = self.raw(index).replace("\r\n", "\n").replace("\r", "\n")
        problem = limits.text_problem(value, limit=limits.EVIDENCE_MAX)
        if problem is not None and index is not None:
            self.problem(self.header[index], f"evidence {problem}")
            return None
        return value


@dataclass(frozen=True)
class _Layout:
    format: Format
    columns: dict[str, int]  # field -> position
    competencies: dict[int, str]  # wide: position -> competency id
    evidence: dict[str, int]  # wide: competency id -> position of its evidence column


def _layout(header: list[str], rubric: Rubric, *, name: str, line: int) -> _Layout:
    problems: list[str] = []
    unknown = 0
    lookup = competency_lookup(rubric)
    keys = [_field_key(h) for h in header]
    is_long = "competency" in keys or "rating" in keys
    allowed = (*(LONG_COLUMNS if is_long else WIDE_FIELDS), SEARCH_COLUMN)
    required = LONG_REQUIRED if is_long else WIDE_REQUIRED
    columns: dict[str, int] = {}
    competencies: dict[int, str] = {}
    evidence: dict[str, int] = {}
    seen: dict[str, int] = {}

    def claim(key: str, pos: int) -> bool:
        if key in seen:
            problems.append(
                f"{name}:{line}:{header[pos].strip()}: duplicate column (same as column "
                f"{seen[key] + 1}, "
                f'"{header[seen[key]]}")'
            )
            return False
        seen[key] = pos
        return True

    for pos, (raw, key) in enumerate(zip(header, keys, strict=True)):
        label = raw.strip()
        if not key:
            problems.append(f"{name}:{line}:{pos + 1}: column {pos + 1} has no name")
            continue
        field_name = key.replace(" ", "_")
        if field_name in allowed:
            if claim(field_name, pos):
                columns[field_name] = pos
            continue
        unknown += 1
        if is_long:
            problems.append(
                f'{name}:{line}:{label}: unknown column "{label}" (expected {", ".join(allowed)})'
            )
            continue
        spelled = name_key(raw)
        comp = lookup.get(spelled)
        if comp is not None:
            unknown -= 1
            if claim(comp, pos):
                competencies[pos] = comp
            continue
        suffix = next((s for s in EVIDENCE_SUFFIXES if spelled.endswith(" " + s)), None)
        comp = lookup.get(spelled[: -len(suffix) - 1]) if suffix else None
        if comp is not None:
            unknown -= 1
            if claim(f"{comp} evidence", pos):
                evidence[comp] = pos
            continue
        problems.append(f'{name}:{line}:{label}: unknown competency "{label}"')
    for req in required:
        if req not in columns:
            problems.append(f"{name}:{line}:{req}: required column is missing")
    if not is_long and not competencies and not unknown:
        problems.append(
            f"{name}:{line}:*: no competency columns (wide format) and no competency and rating "
            "columns (long format)"
        )
    for comp, pos in evidence.items():
        if comp not in competencies.values():
            problems.append(
                f"{name}:{line}:{header[pos].strip()}: evidence column without a rating column"
            )
    if problems:
        raise ImportFailed(problems)
    return _Layout("long" if is_long else "wide", columns, competencies, evidence)


def _key(candidate: str, interviewer: str, date: dt.date, kind: str) -> tuple[str, str, str, str]:
    return (name_key(candidate), name_key(interviewer), date.isoformat(), name_key(kind))


# The columns `_card_fields` reads.
_IDENTITY_FIELDS: Final = (
    "candidate",
    "email",
    "interviewer",
    "interview_date",
    "interview_type",
    "recommendation",
    SEARCH_COLUMN,
)


def _card_fields(row: _Row, cols: dict[str, int]) -> _Card | None:
    """The scorecard identity fields of a row, or None after recording its problems."""
    candidate = row.text(cols["candidate"], "candidate", required=True)
    ok_email, email = row.email(cols.get("email"))
    interviewer = row.text(cols["interviewer"], "interviewer", required=True)
    date = row.date(cols["interview_date"])
    kind = row.text(cols["interview_type"], "interview_type", required=True)
    ok_rec, rec = row.recommendation(cols.get("recommendation"))
    ok_search, search = row.search(cols.get(SEARCH_COLUMN))
    if candidate is None or interviewer is None or date is None or kind is None:
        return None
    if not (ok_email and ok_rec and ok_search):
        return None
    return _Card(
        row=row.line,
        candidate=candidate,
        email=email,
        email_row=row.line,
        interviewer=interviewer,
        interview_type=kind,
        interview_date=date,
        recommendation=rec,
        recommendation_row=row.line,
        search=search,
        search_row=row.line,
    )


def _merge(card: _Card, into: _Card, row: _Row, cols: dict[str, int]) -> None:
    """Fold a long-format row's scorecard fields into the scorecard seen first."""
    if card.email is not None:
        if into.email is None:
            into.email, into.email_row = card.email, card.row
        elif into.email.casefold() != card.email.casefold():
            row.problem(
                row.header[cols["email"]],
                f'email differs from row {into.email_row} ("{into.email}") for the same scorecard',
            )
    if card.recommendation is not None:
        if into.recommendation is None:
            into.recommendation, into.recommendation_row = card.recommendation, card.row
        elif into.recommendation != card.recommendation:
            row.problem(
                row.header[cols["recommendation"]],
                f"recommendation differs from row {into.recommendation_row} "
                f'("{into.recommendation}") for the same scorecard',
            )
    if card.search is not None:
        if into.search is None:
            into.search, into.search_row = card.search, card.row
        elif into.search != card.search:
            row.problem(
                row.header[cols[SEARCH_COLUMN]],
                f"search differs from row {into.search_row} ({into.search}) for the same scorecard",
            )


def parse_scorecards(data: bytes, *, name: str, rubric: Rubric) -> list[ScorecardIn]:
    """Every scorecard of a long- or wide-format CSV file, or ImportFailed listing every problem
    (`parse_cards` without the rows)."""
    return [parsed.card for parsed in parse_cards(data, name=name, rubric=rubric)]


@collector_paused()  # a fresh pause on every call: a contextmanager is also a decorator
def parse_cards(data: bytes, *, name: str, rubric: Rubric) -> list[ParsedCard]:
    """Every scorecard of a long- or wide-format CSV file with the row it starts on and the
    search its optional `search` column names, or ImportFailed listing every problem; parsed
    with the cycle collector paused.

    Problems read `FILE:ROW:COLUMN: message`, ROW being the spreadsheet row (header = 1) on which
    the record starts and COLUMN the header's name (`*` for the whole row).
    """
    text = decode(data, name=name)
    rows = records(text, name=name)
    header: list[str] | None = None
    header_line = 1
    for line, cells in rows:
        if any(c.strip() for c in cells):
            header, header_line = cells, line
            break
    if header is None:
        raise ImportFailed([f"{name}:1:*: the file is empty (expected a header row)"])
    while not header[-1].strip():
        header = header[:-1]  # spreadsheets pad the header with empty columns
    layout = _layout(header, rubric, name=name, line=header_line)
    cols = layout.columns
    lookup = competency_lookup(rubric)
    problems: list[str] = []
    cards: dict[tuple[str, str, str, str], _Card] = {}
    width = len(header)
    labels = [h.strip() for h in header]
    # the identity cells of a row as one tuple (at least the four required columns)
    identity = operator.itemgetter(*sorted(cols[f] for f in _IDENTITY_FIELDS if f in cols))
    checked: dict[tuple[str, ...], tuple[_Card, tuple[str, str, str, str]]] = {}
    try:
        for line, cells in rows:
            if not "".join(cells).strip():
                continue  # blank lines and the empty rows spreadsheets leave at the end
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            if len(cells) != width:
                problems.append(f"{name}:{line}:*: expected {width} columns, found {len(cells)}")
                continue
            row = _Row(name, line, labels, cells, problems)
            if layout.format == "wide":
                _wide_row(row, _card_fields(row, cols), layout, cards)
                continue
            # The rows of one scorecard repeat its identity cells: check them once.
            seen = identity(cells)
            known = checked.get(seen)
            if known is not None:
                template, key = known
                _long_row(row, _again(template, line), cols, lookup, cards, key)
                continue
            before = len(problems)
            card = _card_fields(row, cols)
            if card is not None and len(problems) == before:
                key = _key(
                    card.candidate, card.interviewer, card.interview_date, card.interview_type
                )
                checked[seen] = (_again(card, line), key)
            _long_row(row, card, cols, lookup, cards)
    except ImportFailed as exc:
        # Broken quoting ends the reading; what was found before it is reported as well.
        raise ImportFailed(problems + exc.problems) from exc
    if problems:
        raise ImportFailed(problems)
    if not cards:
        raise ImportFailed([f"{name}:{header_line + 1}:*: no data rows below the header"])
    return [
        ParsedCard(_scorecard(card, name=name), card.row, card.search) for card in cards.values()
    ]


def _again(card: _Card, line: int) -> _Card:
    """A new card with the identity of `card`, as read on row `line` (no ratings yet)."""
    return _Card(
        row=line,
        candidate=card.candidate,
        email=card.email,
        email_row=line,
        interviewer=card.interviewer,
        interview_type=card.interview_type,
        interview_date=card.interview_date,
        recommendation=card.recommendation,
        recommendation_row=line,
        search=card.search,
        search_row=line,
    )


def _long_row(
    row: _Row,
    card: _Card | None,
    cols: dict[str, int],
    lookup: dict[str, str],
    cards: dict[tuple[str, str, str, str], _Card],
    key: tuple[str, str, str, str] | None = None,
) -> None:
    """Add a long-format row's rating to its scorecard (`key`: the card's, when known)."""
    comp_raw = row.raw(cols["competency"]).strip()
    comp: str | None = None
    if not comp_raw:
        row.problem(row.header[cols["competency"]], "competency is required")
    else:
        # `lookup` is this file's own: a spelling found once is then found as it is written
        comp = lookup.get(comp_raw)
        if comp is None:
            comp = lookup.get(name_key(comp_raw))
            if comp is not None:
                lookup[comp_raw] = comp
        if comp is None:
            row.problem(row.header[cols["competency"]], f'unknown competency "{comp_raw}"')
    ok, value = row.rating(cols["rating"])
    evidence = row.evidence(cols.get("evidence"))
    if card is None or comp is None or not ok or evidence is None:
        return
    if key is None:
        key = _key(card.candidate, card.interviewer, card.interview_date, card.interview_type)
    into = cards.setdefault(key, card)
    if into is not card:
        _merge(card, into, row, cols)
    if comp in into.ratings:
        first = into.ratings[comp][0]
        row.problem(
            row.header[cols["competency"]],
            f"duplicate rating for this scorecard and competency (first at row {first})",
        )
        return
    into.ratings[comp] = (row.line, checked_rating(comp, value, evidence))


def _wide_row(
    row: _Row,
    card: _Card | None,
    layout: _Layout,
    cards: dict[tuple[str, str, str, str], _Card],
) -> None:
    ratings: dict[str, tuple[int, RatingIn]] = {}
    all_ok = True
    for pos, comp in layout.competencies.items():
        ok, value = row.rating(pos)
        evidence = row.evidence(layout.evidence.get(comp))
        all_ok = all_ok and ok and evidence is not None
        if evidence is None:
            continue
        if ok and (row.raw(pos).strip() or evidence.strip()):
            ratings[comp] = (row.line, checked_rating(comp, value, evidence))
    if all_ok and not ratings:
        row.problem("*", "no ratings in this row (every competency cell is empty)")
        return
    if card is None or not all_ok:
        return
    key = _key(card.candidate, card.interviewer, card.interview_date, card.interview_type)
    if key in cards:
        row.problem(
            "*",
            "duplicate scorecard for this candidate, interviewer, interview_date and "
            f"interview_type (first at row {cards[key].row})",
        )
        return
    card.ratings = ratings
    cards[key] = card


def _scorecard(card: _Card, *, name: str) -> ScorecardIn:
    try:
        return ScorecardIn(
            candidate=CandidateRef(name=card.candidate, email=card.email),
            interviewer=card.interviewer,
            interview_type=card.interview_type,
            interview_date=card.interview_date,
            recommendation=card.recommendation,  # type: ignore[arg-type]
            state="submitted",
            ratings=[rating for _row, rating in card.ratings.values()],
        )
    except ValidationError as exc:  # pragma: no cover - the checks above cover every field
        raise ImportFailed([f"{name}:{card.row}:*: {exc.errors()[0]['msg']}"]) from exc


def read_scorecards(
    path: str | Path, *, rubric: Rubric, name: str | None = None
) -> list[ScorecardIn]:
    """`parse_scorecards` of a file on disk; problems name it as given (or as `name`)."""
    label = str(path) if name is None else name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFailed([f"{label}:1:*: cannot read the file: {exc.strerror or exc}"]) from exc
    return parse_scorecards(data, name=label, rubric=rubric)


# --- writing -----------------------------------------------------------------------------------


def guard(text: str) -> str:
    """A text cell safe to open in a spreadsheet: `'` before a leading formula character.

    A text that already starts with quotes before such a character gets one more, so that the
    importer's `unguard` gives back exactly the text written.
    """
    if _risky(text) or _guarded(text):
        return "'" + text
    return text


def _number(text: str, decimal: str) -> str:
    # "%.2f" rounds the exact binary value correctly; a tiny negative still must not read "-0.00".
    if text == "-0.00":
        text = "0.00"
    return text.replace(".", decimal)


_RISKY_START = frozenset(FORMULA_PREFIXES) | {"'"}


def _may_need_guard(text: str) -> bool:
    # cheap first-character test before the full rule: most cells start with a letter
    first = text[:1]
    return first in _RISKY_START or first.isspace()


def _column(series: pd.Series, decimal: str) -> list[str]:
    """The cells of one column as text: whole columns at once where the dtype allows it."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = series.to_numpy(dtype=float)
        finite = np.isfinite(values)
        text = np.char.mod("%.2f", np.where(finite, values, 0.0)).tolist()
        return [_number(t, decimal) if ok else "" for t, ok in zip(text, finite, strict=True)]
    if isinstance(dtype, pd.StringDtype):
        # A guard is needed only where the first character is risky: test that cheaply.
        return [
            (guard(v) if _may_need_guard(v) else v) if isinstance(v, str) else ""
            for v in series.to_numpy(dtype=object)
        ]
    return [_cell(v, decimal) for v in series.tolist()]


def _cell(value: Any, decimal: str) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return ""
        return _number(f"{number:.2f}", decimal)
    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return guard(str(value))


def to_csv(df: pd.DataFrame, *, excel: str | None = None) -> bytes:
    """The table as CSV bytes, the one writer of every export.

    Default: RFC 4180 (comma, CRLF, UTF-8, dot decimals). `excel="sv"`: what Excel with a Swedish
    locale opens directly: UTF-8 with BOM, `;` separator, decimal comma. Numbers are rounded to 2
    decimals and stay numbers; a text cell whose first non-blank character is = + - @ (or a
    fullwidth form), or that starts with a tab or line break, gets a leading `'` (OWASP CSV
    injection), which `parse_scorecards` removes again.
    """
    if excel is not None and excel not in EXCEL_LOCALES:
        raise ValueError(f'excel must be one of {", ".join(EXCEL_LOCALES)} or None, got "{excel}"')
    delimiter, decimal = (";", ",") if excel == "sv" else (",", ".")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([guard(str(c)) for c in df.columns])
    columns = [_column(df.iloc[:, i], decimal) for i in range(df.shape[1])]
    writer.writerows(zip(*columns, strict=True))
    body = buffer.getvalue().encode("utf-8")
    return codecs.BOM_UTF8 + body if excel == "sv" else body
