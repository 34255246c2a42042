"""Import Greenhouse Harvest API scorecard JSON: validate the whole file, then store it once."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from assess.domain import bounded, limits
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.schemas import CandidateRef, RatingIn, Recommendation, ScorecardIn, name_key
from assess.imports.csv_file import ImportFailed, competency_lookup

SOURCE: Final = "greenhouse"

# Greenhouse's attribute rating vocabulary, worst to best; no_decision is "not assessed".
RATING_VALUES: Final[dict[str, int | None]] = {
    "definitely_not": 1,
    "no": 2,
    "mixed": 3,
    "yes": 4,
    "strong_yes": 5,
    "no_decision": None,
}
# Greenhouse has no "mixed" overall recommendation; its definitely_not is our strong_no.
RECOMMENDATION_VALUES: Final[dict[str, Recommendation]] = {
    "definitely_not": "strong_no",
    "no": "no",
    "yes": "yes",
    "strong_yes": "strong_yes",
    "no_decision": "no_decision",
}
KEY_TAKEAWAYS: Final = "key take-aways"
PRIVATE_NOTES: Final = "private notes"
# A mapping-file value that says "this attribute is deliberately not imported".
IGNORE: Final = "skip"

_NOT_A_SCORECARD: Final = (
    "not a Greenhouse scorecard export (expected an object with candidate_id and "
    "submitted_by/interviewer, or an array of them)"
)


class UnmappedAttributes(ImportFailed):
    """An import that failed (also) because attribute names map to no competency."""

    def __init__(self, problems: list[str], names: list[str]) -> None:
        super().__init__(problems)
        self.names = names


@dataclass
class GreenhouseResult:
    """Scorecards ready for the store, plus what was left out and why."""

    cards: list[ScorecardIn]
    skipped: list[str] = field(default_factory=list)  # attribute names imported nowhere
    warnings: list[str] = field(default_factory=list)


def _expected(values: Iterable[str]) -> str:
    return ", ".join(values)


# --- HTML to text ----------------------------------------------------------------------------

_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """Plain text of a Greenhouse answer or note: tags dropped, entities unescaped.

    Block tags (p, div, br, li, ...) become line breaks, list items start with "- ", runs of
    spaces collapse to one and blank lines to a single empty line, so evidence reads as written.
    """
    if "<" in value or "&" in value:
        parser = _TextExtractor()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in value.splitlines()]
    text = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


# --- the mapping file --------------------------------------------------------------------------


def load_mapping(path: str | Path, rubric: Rubric | None = None) -> dict[str, str]:
    """Read a `Greenhouse attribute name: competency_id` YAML file (see `parse_mapping`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            [f"{path.name}: top: cannot read the mapping file: {exc.strerror}"]
        ) from exc
    return parse_mapping(data, name=path.name, rubric=rubric)


def parse_mapping(data: bytes, *, name: str, rubric: Rubric | None = None) -> dict[str, str]:
    """The mapping of a `Greenhouse attribute name: competency_id` YAML text.

    Empty values are left out (the attribute stays unmapped and the import says so); the value
    "skip" marks an attribute that is deliberately not imported. Any other value must be a
    competency id of the rubric, else ImportFailed names the file and the key.
    """
    rubric = rubric if rubric is not None else load_rubric()
    ids = rubric.competency_ids
    label = Path(name).name
    try:
        if len(data) > limits.YAML_MAX_BYTES:
            raise ImportFailed(
                [f"{label}: top: the file is larger than {limits.YAML_MAX_BYTES} bytes"]
            )
        text = data.decode("utf-8-sig")
        bounded.yaml_depth_check(text)
        raw = yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{label}: top: not UTF-8 text"]) from exc
    except bounded.TooDeep as exc:
        raise ImportFailed([f"{label}: line {exc.line}: {exc} (mappings and lists)"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "top"
        problem = getattr(exc, "problem", None) or exc
        raise ImportFailed([f"{label}: {where}: not valid YAML: {problem}"]) from exc
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ImportFailed(
            [f"{label}: top: expected a mapping of Greenhouse attribute name: competency id"]
        )
    problems: list[str] = []
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for raw_key, raw_value in raw.items():
        name = str(raw_key).strip()
        if not name:
            problems.append(f"{label}: {raw_key!r}: attribute name must not be empty")
            continue
        if raw_value is None or (isinstance(raw_value, str) and not raw_value.strip()):
            continue
        if not isinstance(raw_value, str):
            problems.append(f"{label}: {name}: expected a competency id, got {raw_value!r}")
            continue
        value = raw_value.strip()
        if value != IGNORE and value.lower() not in ids:
            problems.append(
                f'{label}: {name}: unknown competency id "{value}" '
                f'(expected one of {_expected(ids)}, or "{IGNORE}" to ignore the attribute)'
            )
            continue
        value = value if value == IGNORE else value.lower()
        key = name_key(name)
        if key in seen and mapping[seen[key]] != value:
            problems.append(
                f'{label}: {name}: maps to {value} but "{seen[key]}" (the same name) '
                f"maps to {mapping[seen[key]]}"
            )
            continue
        seen[key] = name
        mapping[name] = value
    if problems:
        raise ImportFailed(problems)
    return mapping


def mapping_path_for(source: str | Path) -> Path:
    """Where the ready-to-edit mapping file for an import goes: `<stem>.mapping.yaml` beside it."""
    source = Path(source)
    return source.with_name(f"{source.stem}.mapping.yaml")


def _yaml_key(name: str) -> str:
    # Plain when YAML reads it back as the same string; else a JSON string, which YAML also reads.
    try:
        bounded.yaml_depth_check(f"{name}:")
        if yaml.safe_load(f"{name}:") == {name: None}:
            return name
    except (yaml.YAMLError, bounded.TooDeep):
        pass
    return json.dumps(name, ensure_ascii=False)


def mapping_template(names: Sequence[str], rubric: Rubric, *, source: str) -> str:
    """A mapping file listing `names` with empty values, the valid ids as comments."""
    width = max(len(c.id) for c in rubric.competencies)
    lines = [
        f"# Greenhouse attribute name: competency id, for importing {source}.",
        "# Fill in a competency id after each colon (or skip to leave the attribute out), then run",
        f"#   python -m assess import {source} --mapping {mapping_path_for(source).name}",
        "# Valid competency ids:",
        *(f"#   {c.id:<{width}}  {c.name.en} / {c.name.sv}" for c in rubric.competencies),
    ]
    lines += [f"{_yaml_key(name)}:" for name in names]
    return "\n".join(lines) + "\n"


def write_mapping_template(path: Path, names: Sequence[str], rubric: Rubric, *, source: str) -> str:
    """Write (or extend) the mapping file at `path`; return one line saying what was done.

    An existing file is never overwritten: names it lacks are appended, so entries a recruiter
    already filled in (and their comments) survive a second failed import.
    """
    if not path.exists():
        try:
            path.write_text(mapping_template(names, rubric, source=source), encoding="utf-8")
        except OSError as exc:
            return f"could not write {path.name} ({exc.strerror}); write it by hand"
        return f"wrote {path.name} beside the input"
    try:
        text = path.read_text(encoding="utf-8")
        bounded.yaml_depth_check(text)
        existing = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, bounded.TooDeep):
        existing = "unreadable"
    if existing is not None and not isinstance(existing, dict):
        return f"{path.name} exists but is not a YAML mapping, so it was left as it is"
    known = {name_key(str(k)) for k in (existing or {})}
    missing = [n for n in names if name_key(n) not in known]
    if missing:
        text = path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(f"{_yaml_key(n)}:\n" for n in missing)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            return f"could not add the names to {path.name} ({exc.strerror})"
        return f"added {len(missing)} name(s) to {path.name}"
    return f"{path.name} lists them already"


# --- parsing -----------------------------------------------------------------------------------


class _Matcher:
    """Attribute name -> competency id: mapping file first, then id, English and Swedish name."""

    def __init__(self, rubric: Rubric, mapping: dict[str, str] | None) -> None:
        self.names = competency_lookup(rubric)
        for name, comp_id in (mapping or {}).items():
            self.names[name_key(name)] = comp_id

    def __call__(self, name: str) -> str | None:
        return self.names.get(name_key(name))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bounded.LongNumber):
        return f"a number of {value.digits} digits"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "an array"}.get(
        type(value), "an object"
    )


def _shown(value: Any, width: int = 40) -> str:
    """A value from the file as a message quotes it: JSON, cut at `width` characters."""
    if isinstance(value, bounded.LongNumber):
        return _type_name(value)
    shown = json.dumps(value, ensure_ascii=False, default=_type_name)
    return shown if len(shown) <= width else shown[: width - 3] + "..."


def _looks_like_scorecard(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "candidate_id" in value
        and ("submitted_by" in value or "interviewer" in value)
    )


# ScorecardIn fields under the Greenhouse names a recruiter sees in the file.
_FIELDS: Final = {
    "candidate": "candidate_id",
    "interview_type": "interview",
    "interview_date": "interviewed_at",
    "external_id": "id",
    "notes": "questions",
}


class _Harvest(BaseModel):
    # Harvest sends many fields this import does not read (ids, URLs, timestamps): ignored.
    model_config = ConfigDict(extra="ignore")


class HarvestUser(_Harvest):
    """`interviewer` / `submitted_by`: a Greenhouse user."""

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def full_name(self) -> str | None:
        """First and last name, blank parts left out; None when both are blank."""
        parts = [p.strip() for p in (self.first_name, self.last_name) if p and p.strip()]
        return " ".join(parts) or None


class HarvestStep(_Harvest):
    """`interview_step`: the stage of the hiring plan the interview belongs to."""

    name: str | None = None


class HarvestAttribute(_Harvest):
    """One entry of `attributes`: a rated attribute with the interviewer's note (HTML)."""

    name: str | None = None
    rating: Any = None  # checked against RATING_VALUES, with the value in the message
    note: str | None = None


class HarvestQuestion(_Harvest):
    """One entry of `questions`: a question of the scorecard and its answer (HTML)."""

    question: str | None = None
    answer: str | None = None


class HarvestScorecard(_Harvest):
    """One scorecard of the Harvest API's `GET /v1/scorecards`, as far as this import reads it.

    The types are checked here; what a value means (ids, dates, rating words) is checked by
    `_Card`, which names the value in its message.
    """

    candidate_id: Any = None
    id: Any = None
    interviewer: HarvestUser | None = None
    submitted_by: HarvestUser | None = None
    interview_step: HarvestStep | None = None
    interview: str | None = None
    interviewed_at: Any = None
    submitted_at: Any = None
    overall_recommendation: Any = None
    attributes: list[HarvestAttribute] | None = None
    ratings: dict[str, Any] | None = None  # rating word -> attribute names
    questions: list[HarvestQuestion] | None = None


_SHAPES: Final = {
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "list_type": "an array",
    "string_type": "a string",
}


def _shape_problem(error: ErrorDetails) -> tuple[str, str]:
    """(path, message) of a pydantic error on the Harvest JSON, e.g. ("attributes[0].note",
    "expected a string, got number")."""
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    expected = _SHAPES.get(error["type"])
    if expected is None:
        message = error["msg"]
        return path, message[:1].lower() + message[1:]
    return path, f"expected {expected}, got {_type_name(error['input'])}"


class _Card:
    """Reads one scorecard object, recording problems against its location."""

    def __init__(self, parser: _Parser, index: int, raw: dict[str, Any]) -> None:
        self.parser = parser
        self.where = f"scorecard[{index}]"
        self.raw = raw

    def problem(self, path: str, message: str) -> None:
        self.parser.problems.append(f"{self.parser.label}: {self.where}.{path}: {message}")

    def ident(self, name: str, value: Any, *, required: bool) -> str | None:
        if value is None:
            if required:
                self.problem(name, f"{name} is required")
            return None
        if isinstance(value, bounded.LongNumber):
            self.problem(
                name,
                f"expected a whole number of at most {limits.NUMBER_MAX_DIGITS} digits or a "
                f"string id, got a number of {value.digits} digits",
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
            self.problem(name, f"expected a whole number or string id, got {_shown(value)}")
            return None
        ident = str(value).strip()
        problem = limits.line_problem(ident, limit=limits.EXTERNAL_ID_MAX)
        if problem is not None:
            self.problem(name, problem)
            return None
        return ident

    def date(self, name: str, value: Any) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip()).date()
            except ValueError:
                pass
        example = "2026-03-04T14:00:00Z"
        shown = repr(value) if isinstance(value, str | int | float) else _shown(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        self.problem(name, f"expected an ISO 8601 date-time like {example}, got {shown}")
        return None

    def build(self) -> ScorecardIn | None:
        try:
            harvest = HarvestScorecard.model_validate(self.raw)
        except ValidationError as exc:
            for error in exc.errors():
                self.problem(*_shape_problem(error))
            return None
        errors_before = len(self.parser.problems)
        candidate_id = self.ident("candidate_id", harvest.candidate_id, required=True)
        external_id = self.ident("id", harvest.id, required=False)

        users = (harvest.interviewer, harvest.submitted_by)
        # the interviewer's name, else the submitter's; then their first and last names
        names = [u.name.strip() for u in users if u is not None and u.name]
        names += [u.full_name() or "" for u in users if u is not None]
        who = next((n for n in names if n), None)
        if who is None and users == (None, None):
            self.problem("interviewer", "interviewer or submitted_by is required")
        elif who is None:
            self.problem("interviewer", "the interviewer has no name (interviewer, submitted_by)")

        step = harvest.interview_step
        kind = next(
            (k.strip() for k in (step and step.name, harvest.interview) if k and k.strip()), None
        )
        if kind is None:
            self.problem("interview", "the interview has no name (interview_step.name, interview)")

        when = self.date("interviewed_at", harvest.interviewed_at)
        if when is None and harvest.interviewed_at is None:
            when = self.date("submitted_at", harvest.submitted_at)
            if when is not None:
                self.parser.warnings.append(
                    f"{self.parser.label}: {self.where}.interviewed_at: missing, "
                    f"used the submission date {when.isoformat()}"
                )
            elif harvest.submitted_at is None:
                self.problem("interviewed_at", "interviewed_at is required")

        recommendation = self.recommendation(harvest.overall_recommendation)
        ratings = self.ratings(harvest)
        notes = self.notes(harvest.questions or [])
        if len(self.parser.problems) > errors_before:
            return None
        assert candidate_id is not None and who is not None and kind is not None
        assert when is not None and ratings is not None
        try:
            return ScorecardIn(
                candidate=CandidateRef(source=SOURCE, external_id=candidate_id),
                interviewer=who,
                interview_type=kind,
                interview_date=when,
                recommendation=recommendation,
                state="submitted",
                external_id=external_id,
                notes=notes,
                ratings=ratings,
            )
        except ValidationError as exc:
            for err in exc.errors():
                loc = [_FIELDS.get(str(p), str(p)) for p in err["loc"]]
                self.problem(".".join(loc), err["msg"][0].lower() + err["msg"][1:])
            return None

    def recommendation(self, value: Any) -> Recommendation:
        if value is None:
            return "no_decision"
        if isinstance(value, str) and value.strip().lower() in RECOMMENDATION_VALUES:
            return RECOMMENDATION_VALUES[value.strip().lower()]
        self.problem(
            "overall_recommendation",
            f"unknown recommendation {_shown(value)} (expected {_expected(RECOMMENDATION_VALUES)})",
        )
        return "no_decision"

    def rating_value(self, value: Any, path: str) -> tuple[bool, int | None]:
        if value is None:
            return True, None
        if isinstance(value, str) and value.strip().lower() in RATING_VALUES:
            return True, RATING_VALUES[value.strip().lower()]
        self.problem(
            path,
            f"unknown rating {_shown(value)} (expected {_expected(RATING_VALUES)})",
        )
        return False, None

    def ratings(self, harvest: HarvestScorecard) -> list[RatingIn] | None:
        """The ratings of `attributes`, or of the `ratings` buckets when there are none."""
        entries: list[tuple[str, int | None, str, str]] = []
        if harvest.attributes:
            for j, attr in enumerate(harvest.attributes):
                path = f"attributes[{j}]"
                ok, value = self.rating_value(attr.rating, f"{path}.rating")
                name = (attr.name or "").strip()
                if not name:
                    self.problem(f"{path}.name", "attribute name is required")
                    continue
                problem = limits.line_problem(name, limit=limits.NAME_MAX)
                if problem is not None:
                    self.problem(f"{path}.name", problem)
                    continue
                if len(attr.note or "") > limits.HTML_MAX:
                    self.problem(
                        f"{path}.note",
                        f"must be at most {limits.HTML_MAX} characters, got {len(attr.note or '')}",
                    )
                    continue
                evidence = html_to_text(attr.note or "")
                problem = limits.text_problem(evidence, limit=limits.EVIDENCE_MAX)
                if problem is not None:
                    self.problem(f"{path}.note", problem)
                    continue
                if ok:
                    entries.append((name, value, evidence, path))
        else:
            for bucket, names in (harvest.ratings or {}).items():
                path = f"ratings.{bucket}"
                ok, value = self.rating_value(bucket, path)
                if names is None or not ok:
                    continue
                if not isinstance(names, list):
                    self.problem(path, f"expected an array of names, got {_type_name(names)}")
                    continue
                for j, name in enumerate(names):
                    if not isinstance(name, str) or not name.strip():
                        self.problem(f"{path}[{j}]", "expected an attribute name")
                        continue
                    problem = limits.line_problem(name.strip(), limit=limits.NAME_MAX)
                    if problem is not None:
                        self.problem(f"{path}[{j}]", problem)
                        continue
                    entries.append((name.strip(), value, "", f"{path}[{j}]"))
        return self.map_entries(entries)

    def map_entries(self, entries: list[tuple[str, int | None, str, str]]) -> list[RatingIn]:
        out: list[RatingIn] = []
        first: dict[str, tuple[str, str]] = {}
        for name, value, evidence, path in entries:
            comp_id = self.parser.match(name)
            if comp_id is None:
                self.parser.unmapped(name, f"{self.where}.{path}.name")
                continue
            if comp_id == IGNORE:
                self.parser.ignored(name)
                continue
            if comp_id in first:
                other_name, other_path = first[comp_id]
                self.problem(
                    f"{path}.name",
                    f'"{name}" and "{other_name}" ({other_path}) both map to {comp_id}',
                )
                continue
            first[comp_id] = (name, path)
            out.append(RatingIn(competency=comp_id, rating=value, evidence=evidence))
        return out

    def notes(self, questions: list[HarvestQuestion]) -> str:
        takeaways: list[str] = []
        answered: list[str] = []
        private: list[str] = []
        for j, item in enumerate(questions):
            size = len(item.question or "") + len(item.answer or "")
            if size > limits.HTML_MAX:
                self.problem(
                    f"questions[{j}]", f"must be at most {limits.HTML_MAX} characters, got {size}"
                )
                continue
            question = (item.question or "").strip()
            answer = html_to_text((item.answer or "").strip())
            kind = name_key(question)
            if not answer:
                continue
            if kind == KEY_TAKEAWAYS:
                takeaways.append(answer)
            elif kind == PRIVATE_NOTES:
                # Private notes are for the hiring team in Greenhouse; copying them needs consent.
                if self.parser.include_private_notes:
                    private.append(f"{question}\n{answer}")
            else:
                answered.append(f"{html_to_text(question)}\n{answer}" if question else answer)
        return "\n\n".join(takeaways + answered + private)


class _Parser:
    def __init__(
        self,
        label: str,
        rubric: Rubric,
        mapping: dict[str, str] | None,
        skip_unmapped: bool,
        include_private_notes: bool,
    ) -> None:
        self.label = label
        self.match = _Matcher(rubric, mapping)
        self.skip_unmapped = skip_unmapped
        self.include_private_notes = include_private_notes
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.unmapped_names: dict[str, tuple[str, str]] = {}  # key -> (name as written, first path)
        self.ignored_names: dict[str, str] = {}

    def unmapped(self, name: str, path: str) -> None:
        self.unmapped_names.setdefault(name_key(name), (name, path))

    def ignored(self, name: str) -> None:
        self.ignored_names.setdefault(name_key(name), name)


def _decode(data: bytes, label: str) -> Any:
    if len(data) > limits.FILE_MAX_BYTES:
        raise ImportFailed(
            [
                f"{label}: top: the file has {len(data)} bytes; at most "
                f"{limits.FILE_MAX_BYTES} can be imported at once (split it)"
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{label}: top: not UTF-8 text (byte {exc.start + 1})"]) from exc
    if not text.strip():
        raise ImportFailed([f"{label}: top: the file is empty"])
    try:
        return bounded.load_json(text)
    except bounded.TooDeep as exc:
        raise ImportFailed(
            [f"{label}: line {exc.line} column {exc.column}: {exc} (arrays and objects)"]
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            [f"{label}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}"]
        ) from exc


def parse_greenhouse(
    data: bytes,
    *,
    filename: str,
    rubric: Rubric,
    mapping: dict[str, str] | None = None,
    skip_unmapped: bool = False,
    include_private_notes: bool = False,
) -> GreenhouseResult:
    """Turn a Harvest API scorecard export (an array of scorecards, or one) into ScorecardIn.

    Every scorecard of the file is checked before anything is returned; all problems are raised
    together as ImportFailed, one `file: scorecard[i].field: message` line each. Attribute names
    match a competency through `mapping`, else its id or English or Swedish name (ignoring case
    and spacing). Names that match nothing fail the import (UnmappedAttributes, with the names),
    unless `skip_unmapped`, which leaves them out and lists them in `skipped`.

    Ratings: definitely_not 1, no 2, mixed 3, yes 4, strong_yes 5; no_decision or null is "not
    assessed". Without `attributes`, the `ratings` buckets (names per rating) are used.
    """
    label = Path(filename).name
    raw = _decode(data, label)
    if isinstance(raw, dict):
        items: list[Any] = [raw]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ImportFailed([f"{label}: top: {_NOT_A_SCORECARD}"])
    if items and not any(_looks_like_scorecard(x) for x in items):
        raise ImportFailed([f"{label}: top: {_NOT_A_SCORECARD}"])

    parser = _Parser(label, rubric, mapping, skip_unmapped, include_private_notes)
    cards: list[ScorecardIn] = []
    identities: dict[tuple[Any, ...], int] = {}
    for i, item in enumerate(items):
        if not _looks_like_scorecard(item):
            parser.problems.append(
                f"{label}: scorecard[{i}]: not a Greenhouse scorecard (expected an object with "
                "candidate_id and submitted_by/interviewer)"
            )
            continue
        card = _Card(parser, i, item).build()
        if card is None:
            continue
        # Two entries for one interview would collide in the store; say which ones.
        keys: list[tuple[Any, ...]] = [] if card.external_id is None else [("id", card.external_id)]
        keys.append(
            (
                "identity",
                card.candidate.external_id,
                card.interviewer,
                card.interview_date,
                name_key(card.interview_type),
            )
        )
        for key in keys:
            if key in identities:
                what = (
                    f"duplicate scorecard id {card.external_id}"
                    if key[0] == "id"
                    else "the same candidate, interviewer, date and interview"
                )
                parser.problems.append(
                    f"{label}: scorecard[{i}]: {what} as scorecard[{identities[key]}]"
                )
                break
            identities[key] = i
        else:
            cards.append(card)

    skipped: list[str] = []
    unmapped = list(parser.unmapped_names.values())
    if unmapped and not skip_unmapped:
        for name, path in unmapped:
            parser.problems.append(
                f'{label}: {path}: attribute "{name}" matches no competency id or name '
                "and is not in the mapping"
            )
    elif unmapped:
        skipped = [name for name, _ in unmapped]
    skipped += [n for n in parser.ignored_names.values() if n not in skipped]
    if parser.problems:
        if unmapped and not skip_unmapped:
            raise UnmappedAttributes(parser.problems, [name for name, _ in unmapped])
        raise ImportFailed(parser.problems)
    warnings = parser.warnings
    if not items:
        warnings.append(f"{label}: top: the file holds no scorecards")
    for i, card in enumerate(cards):
        if not card.ratings:
            warnings.append(f"{label}: {card_label(card, i)}: no ratings to import")
    return GreenhouseResult(cards=cards, skipped=skipped, warnings=warnings)


def card_label(card: ScorecardIn, index: int) -> str:
    """A scorecard as a recruiter recognises it: Greenhouse id, candidate, interviewer, date."""
    return (
        f"scorecard {card.external_id or f'#{index}'} (candidate {card.candidate.external_id}, "
        f"{card.interviewer}, {card.interview_date.isoformat()})"
    )


def read_greenhouse_file(
    path: str | Path,
    *,
    rubric: Rubric,
    mapping_file: str | Path | None = None,
    skip_unmapped: bool = False,
    include_private_notes: bool = False,
) -> GreenhouseResult:
    """Parse a Greenhouse JSON file; on unmapped attribute names, write `<stem>.mapping.yaml`.

    The mapping file is written beside the input with every unmapped name and an empty value,
    ready to fill in, and the raised ImportFailed ends with a line saying where it is.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([f"{path.name}: top: cannot read the file: {exc.strerror}"]) from exc
    mapping = load_mapping(mapping_file, rubric) if mapping_file is not None else None
    try:
        return parse_greenhouse(
            data,
            filename=path.name,
            rubric=rubric,
            mapping=mapping,
            skip_unmapped=skip_unmapped,
            include_private_notes=include_private_notes,
        )
    except UnmappedAttributes as exc:
        raise with_mapping_hint(exc, path, rubric) from None


def with_mapping_hint(exc: UnmappedAttributes, path: Path, rubric: Rubric) -> UnmappedAttributes:
    """`exc` with a last line saying where the ready-to-edit mapping file was written."""
    target = mapping_path_for(path)
    done = write_mapping_template(target, exc.names, rubric, source=path.name)
    hint = (
        f"{path.name}: attributes: {done}: fill in a competency id for each name and import "
        f"again with --mapping {target.name}, or use --skip-unmapped to leave them out"
    )
    return UnmappedAttributes([*exc.problems, hint], exc.names)


def display_name(ref: CandidateRef) -> str:
    """How a candidate known only by a Greenhouse id is called until someone names them."""
    return f"Greenhouse candidate {ref.external_id}"


def with_display_name(card: ScorecardIn) -> ScorecardIn:
    """The card with `display_name` for a candidate it names only by Greenhouse id."""
    # The store needs a name to create a candidate; a candidate it already knows by
    # (source, external_id) keeps the name it has, so this never overwrites a real name.
    if card.candidate.name:
        return card
    named = card.candidate.model_copy(update={"name": display_name(card.candidate)})
    return card.model_copy(update={"candidate": named})
