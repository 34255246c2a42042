"""CSV import and the CSV writer: exact problems, encodings, separators, wide format, injection."""

from __future__ import annotations

import codecs
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from builders import HEADER, TINY_COMPETENCIES, write_tiny_rubric
from builders import card as build_card
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.domain.limits import BIDI_CONTROLS
from assess.domain.rubric import Rubric, load_rubric
from assess.domain.schemas import RatingIn, ScorecardIn, checked_rating
from assess.imports.csv_file import ImportFailed, guard, parse_scorecards, to_csv, unguard


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    return load_rubric(write_tiny_rubric(tmp_path_factory.mktemp("tiny") / "rubrics"))


def parse(text: str, rubric: Rubric, *, encoding: str = "utf-8") -> list[ScorecardIn]:
    return parse_scorecards(text.encode(encoding), name="ratings.csv", rubric=rubric)


def problems(text: str, rubric: Rubric) -> list[str]:
    with pytest.raises(ImportFailed) as info:
        parse(text, rubric)
    return info.value.problems


GOOD_ROWS = [
    "Åsa Öberg,asa@example.se,Karin Ek,2026-03-04,technical,hands_on_engineering,4,Fixed a bug",
    "Åsa Öberg,,Karin Ek,2026-03-04,technical,Teknisk vision,N/A,",
    "Bo Ek,,Johan Berg,2026-03-05,leadership,People Leadership,2,-",
]


def card(
    name: str,
    email: str | None,
    interviewer: str,
    date: str,
    kind: str,
    ratings: list[tuple[str, int | None, str]],
    recommendation: str | None = None,
) -> ScorecardIn:
    return build_card(
        name,
        email=email,
        interviewer=interviewer,
        interview_type=kind,
        day=dt.date.fromisoformat(date),
        recommendation=recommendation,
        ratings=tuple(ratings),
    )


EXPECTED_GOOD = [
    card(
        "Åsa Öberg",
        "asa@example.se",
        "Karin Ek",
        "2026-03-04",
        "technical",
        [("hands_on_engineering", 4, "Fixed a bug"), ("tech_vision", None, "")],
    ),
    card("Bo Ek", None, "Johan Berg", "2026-03-05", "leadership", [("people_leadership", 2, "-")]),
]


def test_long_format_groups_rows_into_scorecards(rubric: Rubric) -> None:
    assert parse("\n".join([HEADER, *GOOD_ROWS]) + "\n", rubric) == EXPECTED_GOOD


@pytest.mark.parametrize(
    ("variant", "encoding", "separator", "newline"),
    [
        ("utf-8, comma, LF", "utf-8", ",", "\n"),
        ("utf-8 with BOM, comma, CRLF", "utf-8-sig", ",", "\r\n"),
        ("utf-8 with BOM, semicolon, CRLF (Excel sv)", "utf-8-sig", ";", "\r\n"),
        ("Windows-1252, semicolon, CRLF", "cp1252", ";", "\r\n"),
        ("Windows-1252, comma, LF", "cp1252", ",", "\n"),
        ("utf-8, semicolon, LF", "utf-8", ";", "\n"),
    ],
)
def test_encodings_separators_and_line_ends(
    rubric: Rubric, variant: str, encoding: str, separator: str, newline: str
) -> None:
    lines = [line.replace(",", separator) for line in [HEADER, *GOOD_ROWS]]
    data = newline.join(lines).encode(encoding)
    if encoding == "cp1252":
        assert b"\xc5sa \xd6berg" in data  # really Windows-1252: Å and Ö are one byte each
    assert parse_scorecards(data, name="ratings.csv", rubric=rubric) == EXPECTED_GOOD


def test_quoted_newline_is_one_record_and_one_spreadsheet_row(rubric: Rubric) -> None:
    text = "\r\n".join(
        [
            HEADER,
            'Åsa Öberg,,Karin Ek,2026-03-04,technical,hands_on_engineering,4,"Line one\r\n'
            'line ""two""; three"',
            "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,7,",
        ]
    )
    # Excel shows the two-line evidence in one cell of row 2, so the bad rating is on row 3.
    assert problems(text, rubric) == [
        'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "7"'
    ]
    cards = parse(text.replace(",7,", ",3,"), rubric)
    assert [r.evidence for r in cards[0].ratings] == ['Line one\nline "two"; three', ""]


BAD_ROWS = [
    (
        "unknown competency",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,Kodning,3,",
        'ratings.csv:3:competency: unknown competency "Kodning"',
    ),
    (
        "rating 0",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,0,",
        'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "0"',
    ),
    (
        "rating 6",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,6,",
        'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "6"',
    ),
    (
        "rating abc",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,abc,",
        'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "abc"',
    ),
    (
        "rating 3.5",
        'Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,"3,5",',
        'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "3,5"',
    ),
    (
        "missing candidate",
        " ,,Karin Ek,2026-03-04,technical,tech_vision,3,",
        "ratings.csv:3:candidate: candidate is required",
    ),
    (
        "duplicate rating",
        "åsa öberg,,Karin Ek,2026-03-04,technical,Hands-on Engineering,3,",
        "ratings.csv:3:competency: duplicate rating for this scorecard and competency "
        "(first at row 2)",
    ),
    (
        "wrong column count",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision,3,,extra",
        "ratings.csv:3:*: expected 8 columns, found 9",
    ),
    (
        "too few columns",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,tech_vision",
        "ratings.csv:3:*: expected 8 columns, found 6",
    ),
    (
        "bad date",
        "Åsa Öberg,,Karin Ek,3/4/2026,technical,tech_vision,3,",
        'ratings.csv:3:interview_date: date must be YYYY-MM-DD, got "3/4/2026"',
    ),
    (
        "impossible date",
        "Åsa Öberg,,Karin Ek,2026-02-30,technical,tech_vision,3,",
        'ratings.csv:3:interview_date: date must be YYYY-MM-DD, got "2026-02-30"',
    ),
    (
        "bad email",
        "Åsa Öberg,asa,Karin Ek,2026-03-04,technical,tech_vision,3,",
        'ratings.csv:3:email: email must look like name@example.com, got "asa"',
    ),
    (
        "missing interviewer",
        "Åsa Öberg,,,2026-03-04,technical,tech_vision,3,",
        "ratings.csv:3:interviewer: interviewer is required",
    ),
    (
        "different email on the same scorecard",
        "Åsa Öberg,asa@other.se,Karin Ek,2026-03-04,technical,tech_vision,3,",
        'ratings.csv:3:email: email differs from row 2 ("asa@example.se") for the same scorecard',
    ),
]
FIRST_ROW = "Åsa Öberg,asa@example.se,Karin Ek,2026-03-04,technical,hands_on_engineering,4,"


@pytest.mark.parametrize(("case", "row", "expected"), BAD_ROWS, ids=[c for c, _, _ in BAD_ROWS])
def test_each_kind_of_bad_row_gives_its_exact_line(
    rubric: Rubric, case: str, row: str, expected: str
) -> None:
    assert problems("\n".join([HEADER, FIRST_ROW, row]), rubric) == [expected]


def test_every_problem_of_the_file_is_reported_at_once(rubric: Rubric) -> None:
    rows = [HEADER, FIRST_ROW] + [row for _, row, _ in BAD_ROWS[:4]] + ["", BAD_ROWS[9][1]]
    assert problems("\n".join(rows), rubric) == [
        'ratings.csv:3:competency: unknown competency "Kodning"',
        'ratings.csv:4:rating: rating must be a whole number 1-5 or empty/N/A/-, got "0"',
        'ratings.csv:5:rating: rating must be a whole number 1-5 or empty/N/A/-, got "6"',
        'ratings.csv:6:rating: rating must be a whole number 1-5 or empty/N/A/-, got "abc"',
        'ratings.csv:8:interview_date: date must be YYYY-MM-DD, got "3/4/2026"',
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "candidate,interviewer,interview_date,competency,rating,notes",
            [
                'ratings.csv:1:notes: unknown column "notes" (expected candidate, email, '
                "interviewer, interview_date, interview_type, competency, rating, evidence, "
                "recommendation, search)",
                "ratings.csv:1:interview_type: required column is missing",
            ],
        ),
        (
            "candidate,interviewer,interview_date,interview_type,Kodning",
            ['ratings.csv:1:Kodning: unknown competency "Kodning"'],
        ),
        (
            "candidate,interviewer,interview_date,interview_type,Teknisk vision,tech_vision",
            ['ratings.csv:1:tech_vision: duplicate column (same as column 5, "Teknisk vision")'],
        ),
        (
            "candidate,interviewer,interview_date,interview_type",
            [
                "ratings.csv:1:*: no competency columns (wide format) and no competency and "
                "rating columns (long format)"
            ],
        ),
    ],
)
def test_header_problems(rubric: Rubric, header: str, expected: list[str]) -> None:
    assert problems(header + "\nÅsa,Karin,2026-03-04,technical,3,3\n", rubric) == expected


def test_broken_quoting_keeps_the_problems_found_before_it(rubric: Rubric) -> None:
    text = "\n".join([HEADER, BAD_ROWS[1][1], 'x,,y,2026-03-04,t,tech_vision,3,"open'])
    assert problems(text, rubric) == [
        BAD_ROWS[1][2].replace(":3:", ":2:"),
        "ratings.csv:3:*: not valid CSV: unexpected end of data",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "ratings.csv:1:*: the file is empty (expected a header row)"),
        (HEADER.encode() + b"\r\n\r\n", "ratings.csv:2:*: no data rows below the header"),
        (
            codecs.BOM_UTF16_LE + "candidate".encode("utf-16-le"),
            "ratings.csv:1:*: UTF-16 text is not supported; save the file as CSV (UTF-8)",
        ),
        (
            HEADER.encode() + b'\nx,,y,2026-03-04,t,tech_vision,3,"open',
            "ratings.csv:2:*: not valid CSV: unexpected end of data",
        ),
        (b"candidate\n\x81\x8d\n", "ratings.csv:2:*: not UTF-8 or Windows-1252 text (byte 0x81)"),
    ],
)
def test_unreadable_files(rubric: Rubric, data: bytes, expected: str) -> None:
    with pytest.raises(ImportFailed) as info:
        parse_scorecards(data, name="ratings.csv", rubric=rubric)
    assert info.value.problems == [expected]


WIDE = (
    "Candidate;Email;Interviewer;Interview date;Interview_type;Recommendation;"
    "Praktiskt ingenjörsarbete;TECHNOLOGY VISION ;people_leadership;Technology vision evidence;"
    "Personalledarskap belägg\r\n"
    "Åsa Öberg;;Karin Ek;2026-03-04;technical;Strong yes;4;n/a;;'=not a formula;\r\n"
    'Bo Ek;bo@example.se;Karin Ek;2026-03-04 00:00:00;technical;;2;3;5;;"Ran 1:1s\r\nweekly"\r\n'
    ";;;;;;;;;;\r\n"
)


def test_wide_format_with_swedish_english_and_id_columns(rubric: Rubric) -> None:
    assert parse(WIDE, rubric, encoding="utf-8-sig") == [
        card(
            "Åsa Öberg",
            None,
            "Karin Ek",
            "2026-03-04",
            "technical",
            [("hands_on_engineering", 4, ""), ("tech_vision", None, "=not a formula")],
            recommendation="strong_yes",
        ),
        card(
            "Bo Ek",
            "bo@example.se",
            "Karin Ek",
            "2026-03-04",
            "technical",
            [
                ("hands_on_engineering", 2, ""),
                ("tech_vision", 3, ""),
                ("people_leadership", 5, "Ran 1:1s\nweekly"),
            ],
        ),
    ]


def test_wide_format_problems(rubric: Rubric) -> None:
    text = (
        "candidate,interviewer,interview_date,interview_type,recommendation,Teknisk vision\n"
        "Åsa,Karin,2026-03-04,technical,maybe,9\n"
        "Åsa,Karin,2026-03-04,technical,,\n"
        "Bo,Karin,2026-03-04,technical,,3\n"
        "bo,karin,2026-03-04,Technical,,4\n"
    )
    assert problems(text, rubric) == [
        "ratings.csv:2:recommendation: recommendation must be one of strong_no, no, yes, "
        'strong_yes, no_decision, got "maybe"',
        'ratings.csv:2:Teknisk vision: rating must be a whole number 1-5 or empty/N/A/-, got "9"',
        "ratings.csv:3:*: no ratings in this row (every competency cell is empty)",
        "ratings.csv:5:*: duplicate scorecard for this candidate, interviewer, interview_date "
        "and interview_type (first at row 4)",
    ]


# --- writer ------------------------------------------------------------------------------------


def test_injection_cells_are_quoted_and_numbers_stay_numbers() -> None:
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "+46 70", "-minus", "@SUM(A1)", "\tTab", "\rCR", "ok", "'=quoted"],
            "number": [-1.5, 2.0, 0.004, -0.001, np.nan, 1.0, 3.14159, 100.0],
        }
    )
    assert to_csv(frame) == (
        b"text,number\r\n"
        b"'=1+1,-1.50\r\n"
        b"'+46 70,2.00\r\n"
        b"'-minus,0.00\r\n"
        b"'@SUM(A1),0.00\r\n"
        b"'\tTab,\r\n"
        b'"\'\rCR",1.00\r\n'
        b"ok,3.14\r\n"
        b"''=quoted,100.00\r\n"
    )
    assert to_csv(frame, excel="sv").decode("utf-8-sig").splitlines()[1:3] == [
        "'=1+1;-1,50",
        "'+46 70;2,00",
    ]


def test_header_cells_are_guarded_too() -> None:
    assert to_csv(pd.DataFrame({"=cmd": [1]})) == b"'=cmd\r\n1\r\n"


def test_cell_types() -> None:
    frame = pd.DataFrame(
        {
            "int": pd.array([3, None], dtype="Int64"),
            "bool": [True, False],
            "date": [dt.date(2026, 3, 4), None],
            "text": ["a;b", 'say "hi"'],
        }
    )
    assert to_csv(frame) == (b'int,bool,date,text\r\n3,yes,2026-03-04,a;b\r\n,no,,"say ""hi"""\r\n')
    assert to_csv(frame, excel="sv") == codecs.BOM_UTF8 + (
        b'int;bool;date;text\r\n3;yes;2026-03-04;"a;b"\r\n;no;;"say ""hi"""\r\n'
    )


def test_unknown_excel_locale() -> None:
    with pytest.raises(ValueError, match='excel must be one of sv or None, got "de"'):
        to_csv(pd.DataFrame(), excel="de")


@given(st.text())
def test_unguard_undoes_guard(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=60, deadline=None)
@given(
    evidence=st.lists(
        # what evidence may hold: no controls but line feed and tab, no bidirectional controls
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI_CONTROLS)
            | st.sampled_from("\n\t")
        ),
        min_size=1,
        max_size=4,
    ),
    excel=st.sampled_from([None, "sv"]),
)
def test_written_long_files_import_back_exactly(
    rubric: Rubric, evidence: list[str], excel: str | None
) -> None:
    comps = [c for c, _, _, _ in TINY_COMPETENCIES]
    frame = pd.DataFrame(
        {
            "candidate": "=Åsa; Öberg",
            "email": "",
            "interviewer": "-Karin, Ek",
            "interview_date": dt.date(2026, 3, 4),
            "interview_type": "technical",
            "competency": [comps[i % 3] for i in range(len(evidence))],
            "rating": pd.array([(i % 5) + 1 for i in range(len(evidence))], dtype="Int64"),
            "evidence": evidence,
            "recommendation": "yes",
        }
    ).drop_duplicates("competency")
    cards = parse_scorecards(to_csv(frame, excel=excel), name="x.csv", rubric=rubric)
    assert len(cards) == 1
    assert cards[0].candidate.name == "=Åsa; Öberg"
    assert cards[0].interviewer == "-Karin, Ek"
    got = [(r.competency, r.rating, r.evidence) for r in cards[0].ratings]
    want = list(
        zip(frame["competency"], frame["rating"].astype(int), frame["evidence"], strict=True)
    )
    assert got == want


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_numbers_round_to_two_decimals_as_python_round_does(value: float) -> None:
    expected = f"{round(value, 2) + 0.0:.2f}"
    assert to_csv(pd.DataFrame({"x": [value]})) == f"x\r\n{expected}\r\n".encode()
    sv = to_csv(pd.DataFrame({"x": [value]}), excel="sv")
    assert sv == codecs.BOM_UTF8 + f"x\r\n{expected.replace('.', ',')}\r\n".encode()


def test_text_columns_write_alike_whatever_their_dtype() -> None:
    values = ["=a", None, "b", "'-c", ""]
    as_str = pd.DataFrame({"t": pd.Series(values, dtype="str")})
    as_object = pd.DataFrame({"t": pd.Series(values, dtype=object)})
    # the csv module writes a lone empty field as "" so that the row is not a blank line
    expected = b't\r\n\'=a\r\n""\r\nb\r\n\'\'-c\r\n""\r\n'
    assert to_csv(as_str) == to_csv(as_object) == expected


@pytest.mark.parametrize(
    ("competency", "rating", "evidence"),
    [("tech_vision", 4, "road map"), ("data_ai", None, ""), ("security", 1, "två rader\nbelägg")],
)
def test_a_checked_rating_is_the_validated_model(
    competency: str, rating: int | None, evidence: str
) -> None:
    made = checked_rating(competency, rating, evidence)
    validated = RatingIn(competency=competency, rating=rating, evidence=evidence)
    assert made == validated
    assert type(made) is RatingIn
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump() == validated.model_dump()
    assert repr(made) == repr(validated)
    assert made.model_copy(update={"rating": 5}).rating == 5


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                "Bo Ek,,Johan Berg,2026-13-05,leadership,People Leadership,2,",
                "Bo Ek,,Johan Berg,2026-13-05,leadership,Teknisk vision,3,",
            ],
            [
                'ratings.csv:2:interview_date: date must be YYYY-MM-DD, got "2026-13-05"',
                'ratings.csv:3:interview_date: date must be YYYY-MM-DD, got "2026-13-05"',
            ],
            id="a bad identity cell is reported on every row that repeats it",
        ),
        pytest.param(
            [
                "Bo Ek,,Johan Berg,2026-03-05,leadership,Kodning,2,",
                "Bo Ek,,Johan Berg,2026-03-05,leadership,People Leadership,2,",
                "Bo Ek,,Johan Berg,2026-03-05,leadership,people leadership,3,",
            ],
            [
                'ratings.csv:2:competency: unknown competency "Kodning"',
                "ratings.csv:4:competency: duplicate rating for this scorecard and competency "
                "(first at row 3)",
            ],
            id="rows repeating checked identity cells still check their own",
        ),
        pytest.param(
            [
                "Bo Ek,,Johan Berg,2026-03-05,leadership,People Leadership,2,",
                "Bo Ek,bo@example.se,Johan Berg,2026-03-05,leadership,Teknisk vision,3,",
                "Bo Ek,,Johan Berg,2026-03-05,leadership,hands_on_engineering,4,",
                "Bo Ek,bo@other.se,Johan Berg,2026-03-05,leadership,people leadership,1,",
            ],
            [
                'ratings.csv:5:email: email differs from row 3 ("bo@example.se") for the same '
                "scorecard",
                "ratings.csv:5:competency: duplicate rating for this scorecard and competency "
                "(first at row 2)",
            ],
            id="the email a later row brings is the card's, named by its row",
        ),
    ],
)
def test_rows_of_one_scorecard_are_each_checked(
    rubric: Rubric, rows: list[str], expected: list[str]
) -> None:
    assert problems("\n".join([HEADER, *rows]), rubric) == expected
