"""Hostile import files and form input: refused at their location with an exact message, no
traceback, the database unchanged; on every database the store supports."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from builders import HEADER, card, write_tiny_rubric
from click.testing import CliRunner, Result
from sqlalchemy import Engine, insert

from assess.cli.main import cli
from assess.domain import limits
from assess.domain.rubric import RubricError, load_rubric
from assess.imports.csv_file import ImportFailed
from assess.imports.greenhouse import load_mapping
from assess.storage import store
from assess.storage.db import RATINGS, StoreError, database_error, transaction
from assess.storage.store import database_fingerprint

ROW = "Åsa Öberg,asa@example.se,Karin Ek,2026-03-04,technical,tech_vision,3,"
LONG_HEADER = HEADER.split(",")


def csv_row(**cells: str) -> str:
    """The good row with some cells replaced (by long-format column name)."""
    values = dict(zip(LONG_HEADER, ROW.split(","), strict=True))
    values.update(cells)
    return ",".join(json.dumps(v, ensure_ascii=False) if "," in v else v for v in values.values())


def csv_file(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


# (id, file bytes, problems with FILE for the file's name)
CSV_CASES = [
    (
        "zero-width name",
        csv_file(csv_row(candidate="\u200b\u200b\u2060")),
        ["FILE:2:candidate: candidate has no visible character"],
    ),
    (
        "right-to-left override in a name",
        csv_file(csv_row(candidate="Åsa\u202egrebÖ")),
        [
            "FILE:2:candidate: candidate must not contain the bidirectional control U+202E "
            "(character 4)"
        ],
    ),
    (
        "isolate in an interviewer",
        csv_file(csv_row(interviewer="\u2067Karin")),
        [
            "FILE:2:interviewer: interviewer must not contain the bidirectional control "
            "U+2067 (character 1)"
        ],
    ),
    (
        "left-to-right mark in an email",
        csv_file(csv_row(email="asa\u200e@example.se")),
        ["FILE:2:email: email must not contain the bidirectional control U+200E (character 4)"],
    ),
    (
        "NUL in a name",
        csv_file(csv_row(candidate="Åsa\x00Öberg")),
        ["FILE:2:candidate: candidate must not contain the control character U+0000 (character 4)"],
    ),
    (
        "escape character in an interview type",
        csv_file(csv_row(interview_type="tech\x1b[31m")),
        [
            "FILE:2:interview_type: interview_type must not contain the control character "
            "U+001B (character 5)"
        ],
    ),
    (
        "400-character email",
        csv_file(csv_row(email="a" * 380 + "@example.se" + "e" * 9)),
        ["FILE:2:email: email must be at most 320 characters, got 400"],
    ),
    (
        "201-character name",
        csv_file(csv_row(candidate="Å" * 201)),
        ["FILE:2:candidate: candidate must be at most 200 characters"],
    ),
    (
        "NUL in evidence",
        csv_file(csv_row(evidence="ok\x00")),
        ["FILE:2:evidence: evidence must not contain the control character U+0000 (character 3)"],
    ),
    (
        "Arabic letter mark in evidence",
        csv_file(csv_row(evidence="led \u061cthe team")),
        [
            "FILE:2:evidence: evidence must not contain the bidirectional control U+061C "
            "(character 5)"
        ],
    ),
    (
        "evidence over the limit",
        csv_file(csv_row(evidence="x" * (limits.EVIDENCE_MAX + 1))),
        ["FILE:2:evidence: evidence must be at most 10000 characters, got 10001"],
    ),
    (
        "a cell over the CSV field limit",
        csv_file(csv_row(evidence="x" * 200_000)),
        ["FILE:2:*: not valid CSV: field larger than field limit (131072)"],
    ),
    (
        "UTF-8 and Windows-1252 rows mixed",
        csv_file(ROW, csv_row(candidate="Bo Ek")).replace(b"Bo Ek", "Bö Ek".encode("cp1252")),
        [
            "FILE:3:*: not UTF-8 (byte 0xf6), though the file holds UTF-8 text elsewhere: it "
            "mixes encodings; save it again as CSV (UTF-8)"
        ],
    ),
    (
        "a file over the size limit",
        csv_file(ROW) + b" " * limits.FILE_MAX_BYTES,
        [
            f"FILE:1:*: the file has {len(csv_file(ROW)) + limits.FILE_MAX_BYTES} bytes; at most "
            f"{limits.FILE_MAX_BYTES} can be imported at once (split it)"
        ],
    ),
]

BASE: dict[str, Any] = {
    "id": 1,
    "interview": "Technical",
    "candidate_id": 10,
    "interviewed_at": "2026-03-10T09:00:00Z",
    "interviewer": {"id": 1, "name": "Mikael Berg"},
    "overall_recommendation": "yes",
    "attributes": [{"name": "Technology vision", "note": "clear", "rating": "yes"}],
}


def gh(**changes: Any) -> bytes:
    doc = copy.deepcopy(BASE)
    doc.update(changes)
    return json.dumps([doc]).encode("utf-8")


def note_prefix() -> str:
    """The text of a Greenhouse file up to its first note's value (at nesting level 4)."""
    text = json.dumps([BASE])
    return text[: text.index('"clear"')]


GREENHOUSE_CASES = [
    (
        "100,000 nested arrays",
        b"[" * 100_000 + b"]" * 100_000,
        ["FILE: line 1 column 33: nested more than 32 levels deep (arrays and objects)"],
    ),
    (
        "1,000,000 nested arrays, never closed",
        b"[" * 1_000_000,
        ["FILE: line 1 column 33: nested more than 32 levels deep (arrays and objects)"],
    ),
    (
        "50,000 nested arrays inside a note",
        (
            note_prefix()
            + "[" * 50_000
            + "]" * 50_000
            + json.dumps([BASE])[len(note_prefix()) + 7 :]
        ).encode(),
        [
            f"FILE: line 1 column {len(note_prefix()) + 29}: nested more than 32 levels deep "
            "(arrays and objects)"
        ],
    ),
    (
        "a 5,000-digit candidate_id",
        gh(candidate_id=0).replace(b'"candidate_id": 0', b'"candidate_id": ' + b"9" * 5000),
        [
            "FILE: scorecard[0].candidate_id: expected a whole number of at most 20 digits or a "
            "string id, got a number of 5000 digits"
        ],
    ),
    (
        "a 1,000-character candidate id",
        gh(candidate_id="7" * 1000),
        ["FILE: scorecard[0].candidate_id: must be at most 128 characters, got 1000"],
    ),
    (
        "a 129-character scorecard id",
        gh(id="s" * 129),
        ["FILE: scorecard[0].id: must be at most 128 characters, got 129"],
    ),
    (
        "a zero-width interviewer",
        gh(interviewer={"name": "\u200b"}),
        ["FILE: scorecard[0].interviewer: has no visible character"],
    ),
    (
        "a right-to-left override in an interviewer",
        gh(interviewer={"name": "Mikael\u202e"}),
        [
            "FILE: scorecard[0].interviewer: must not contain the bidirectional control U+202E "
            "(character 7)"
        ],
    ),
    (
        "NUL in a note",
        gh(attributes=[{"name": "Technology vision", "note": "a\x00b", "rating": "yes"}]),
        [
            "FILE: scorecard[0].attributes[0].note: must not contain the control character "
            "U+0000 (character 2)"
        ],
    ),
    (
        "an unpaired surrogate in a note",
        gh(attributes=[{"name": "Technology vision", "note": "a\ud800", "rating": "yes"}]),
        [
            "FILE: scorecard[0].attributes[0].note: must not contain the unpaired surrogate "
            "U+D800 (character 2)"
        ],
    ),
    (
        "a control character in an answer",
        gh(questions=[{"question": "Why", "answer": "x\x07"}]),
        [
            "FILE: scorecard[0].questions: must not contain the control character U+0007 "
            "(character 6)"
        ],
    ),
    (
        "a note of 200,001 characters of HTML",
        gh(attributes=[{"name": "Technology vision", "note": "<b>" * 66_667, "rating": "yes"}]),
        ["FILE: scorecard[0].attributes[0].note: must be at most 200000 characters, got 200001"],
    ),
    (
        "an answer of 200,001 characters of HTML",
        gh(questions=[{"question": "Why", "answer": "<p>" * 66_666}]),
        ["FILE: scorecard[0].questions[0]: must be at most 200000 characters, got 200001"],
    ),
    (
        "a file over the size limit",
        gh() + b" " * limits.FILE_MAX_BYTES,
        [
            f"FILE: top: the file has {len(gh()) + limits.FILE_MAX_BYTES} bytes; at most "
            f"{limits.FILE_MAX_BYTES} can be imported at once (split it)"
        ],
    ),
]


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def fingerprint(engine: Engine) -> tuple[dict[str, int], str]:
    with transaction(engine, readonly=True) as session:
        return database_fingerprint(session=session)


@pytest.fixture
def rubric_dir(tmp_path: Path) -> Path:
    return write_tiny_rubric(tmp_path / "rubrics")


def seed(engine: Engine) -> None:
    """One stored scorecard, so that "unchanged" means more than "still empty"."""
    with transaction(engine) as session:
        store.import_scorecards([card("Cai Lo")], session=session, actor="test")


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("suffix", "data", "problems"),
    [pytest.param(".csv", d, p, id=i) for i, d, p in CSV_CASES]
    + [pytest.param(".json", d, p, id=i) for i, d, p in GREENHOUSE_CASES],
)
def test_hostile_import_exits_1_with_the_exact_problem_and_writes_nothing(
    shared_engine: Engine,
    rubric_dir: Path,
    tmp_path: Path,
    suffix: str,
    data: bytes,
    problems: list[str],
) -> None:
    seed(shared_engine)
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(data)
    before = fingerprint(shared_engine)
    result = run(["import", str(path), "--db", url_of(shared_engine), "--rubric", str(rubric_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    # CSV problems name the file as given, Greenhouse problems by its name
    label = str(path) if suffix == ".csv" else path.name
    assert result.stderr.splitlines() == [p.replace("FILE", label, 1) for p in problems]
    assert fingerprint(shared_engine) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "\u200b \u200b"}, "candidate name: has no visible character"),
        (
            {"name": "Bo\u202eEk"},
            "candidate name: must not contain the bidirectional control U+202E (character 3)",
        ),
        (
            {"name": "Bo", "email": "b" * 390 + "@example.se"},
            "candidate email: must be at most 320 characters, got 401",
        ),
        (
            {"name": "Bo", "email": "bo\x00@example.se"},
            "candidate email: must not contain the control character U+0000 (character 3)",
        ),
        (
            {"name": "Bo", "notes": "fine\x00"},
            "candidate notes: must not contain the control character U+0000 (character 5)",
        ),
        (
            {"name": "Bo", "current_title": "CTO\u2066"},
            "candidate current_title: must not contain the bidirectional control U+2066 "
            "(character 4)",
        ),
        (
            {"name": "Bo", "source": "greenhouse", "external_id": "1" * 129},
            "candidate external_id: must be at most 128 characters, got 129",
        ),
    ],
)
def test_form_input_is_refused_with_the_field_and_writes_nothing(
    engine: Engine, fields: dict[str, str], message: str
) -> None:
    seed(engine)
    before = fingerprint(engine)
    fields = dict(fields)  # the table is shared by every database's run
    name = fields.pop("name")
    with pytest.raises(StoreError) as caught, transaction(engine) as session:
        store.add_candidate(name, session=session, **fields)  # type: ignore[arg-type]
    assert str(caught.value) == message
    with transaction(engine, readonly=True) as session:
        cai = store.list_candidates(session=session)[0].id
    with pytest.raises(StoreError) as caught, transaction(engine) as session:
        store.update_candidate(cai, session=session, name=name, **fields)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert fingerprint(engine) == before


def test_values_at_every_limit_store_on_every_database(engine: Engine) -> None:
    """The limits fit the columns: what passes the checks, PostgreSQL stores too."""
    longest = card(
        "N" * limits.NAME_MAX,
        email="e" * (limits.EMAIL_MAX - len("@example.se")) + "@example.se",
        source="s" * limits.SOURCE_MAX,
        candidate_external_id="c" * limits.EXTERNAL_ID_MAX,
        interviewer="I" * limits.NAME_MAX,
        interview_type="T" * limits.NAME_MAX,
        external_id="x" * limits.EXTERNAL_ID_MAX,
        notes="n\t\n" * (limits.NOTES_MAX // 3),
        ratings=(("tech_vision", 3, "ev\n" * (limits.EVIDENCE_MAX // 3)),),
    )
    with transaction(engine) as session:
        summary = store.import_scorecards([longest], session=session, actor="test")
    assert (summary.candidates_added, summary.scorecards_added, summary.ratings_added) == (1, 1, 1)
    with transaction(engine) as session:
        store.add_candidate(
            "M" * limits.NAME_MAX,
            session=session,
            email="m" * (limits.EMAIL_MAX - len("@example.se")) + "@example.se",
            current_title="t" * limits.NAME_MAX,
            notes="n" * limits.NOTES_MAX,
        )


def test_deep_mapping_file_is_refused_at_its_line(tmp_path: Path, rubric_dir: Path) -> None:
    path = tmp_path / "deep.mapping.yaml"
    path.write_text("Coding: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        load_mapping(path, load_rubric(rubric_dir))
    assert caught.value.problems == [
        "deep.mapping.yaml: line 1: nested more than 32 levels deep (mappings and lists)"
    ]


def test_deep_rubric_file_is_refused_at_its_line(rubric_dir: Path) -> None:
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(40))
    (rubric_dir / "stages.yaml").write_text(nested, encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(rubric_dir)
    assert caught.value.problems == [
        f"{rubric_dir.name}/stages.yaml: line 33: nested more than 32 levels deep "
        "(mappings and lists)"
    ]


def test_a_database_error_past_the_checks_is_one_sentence(engine: Engine) -> None:
    seed(engine)
    before = fingerprint(engine)
    row = {"scorecard_id": 1, "competency": "tech_vision", "rating": 9, "evidence": ""}
    with pytest.raises(Exception) as caught, transaction(engine) as session:
        session.execute(insert(RATINGS).values(row))
    message = str(database_error(caught.value))  # type: ignore[arg-type]
    assert message.startswith("the database refused the change (")
    assert "rating_range" in message
    assert message.endswith("); nothing was written")
    assert "\n" not in message
    assert fingerprint(engine) == before


def test_the_cli_turns_a_database_error_into_one_line(
    shared_engine: Engine, rubric_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT ...", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "import_scorecards", locked)
    path = tmp_path / "good.csv"
    path.write_bytes(csv_file(ROW))
    result = run(["import", str(path), "--db", url_of(shared_engine), "--rubric", str(rubric_dir)])
    assert result.exit_code == 1
    assert result.stderr == (
        "the database refused the change (database is locked); nothing was written\n"
    )


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"interview_step": "x"}, ["scorecard[0].interview_step: expected an object, got string"]),
        ({"submitted_by": []}, ["scorecard[0].submitted_by: expected an object, got an array"]),
        (
            {"questions": [{"question": 5, "answer": None}, "x"]},
            [
                "scorecard[0].questions[0].question: expected a string, got number",
                "scorecard[0].questions[1]: expected an object, got string",
            ],
        ),
        (
            {"interviewer": {"name": ["A"]}, "attributes": [{"name": 1, "note": {}}]},
            [
                "scorecard[0].interviewer.name: expected a string, got an array",
                "scorecard[0].attributes[0].name: expected a string, got number",
                "scorecard[0].attributes[0].note: expected a string, got an object",
            ],
        ),
        (
            {"ratings": ["yes"], "attributes": None},
            ["scorecard[0].ratings: expected an object, got an array"],
        ),
    ],
)
def test_harvest_shapes_are_checked_by_the_models(
    rubric_dir: Path, changes: dict[str, Any], problems: list[str]
) -> None:
    from assess.imports.greenhouse import parse_greenhouse

    with pytest.raises(ImportFailed) as caught:
        parse_greenhouse(gh(**changes), filename="g.json", rubric=load_rubric(rubric_dir))
    assert caught.value.problems == [f"g.json: {p}" for p in problems]
