"""Greenhouse scorecard import: exact scorecards per fixture, exact errors, all or nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from assess.domain.rubric import (
    Cluster,
    Competency,
    Rubric,
    ScaleLevel,
    Settings,
    Source,
    Text,
)
from assess.domain.schemas import CandidateRef, RatingIn, ScorecardIn
from assess.imports.csv_file import ImportFailed
from assess.imports.greenhouse import (
    RATING_VALUES,
    UnmappedAttributes,
    html_to_text,
    load_mapping,
    mapping_template,
    parse_greenhouse,
    read_greenhouse_file,
)
from assess.services.actor import Actor
from assess.services.imports import ParsedFile, import_file
from assess.storage import store
from assess.storage.db import transaction
from assess.storage.store import ImportSummary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse"

# The competency ids are fixed; the names are ours, so matching by name is tested independently
# of the wording of the shipped rubric.
NAMES = {
    "hands_on_engineering": ("Hands-on engineering", "Praktisk utveckling"),
    "architecture_infrastructure": (
        "Architecture and infrastructure",
        "Arkitektur och infrastruktur",
    ),
    "security_compliance": ("Security and compliance", "Säkerhet och regelefterlevnad"),
    "data_ai": ("Data and AI", "Data och AI"),
    "tech_vision": ("Technology vision and strategy", "Teknisk vision och strategi"),
    "innovation_research": ("Innovation and research", "Innovation och forskning"),
    "business_strategy": ("Business strategy", "Affärsstrategi"),
    "people_leadership": ("People leadership and talent", "Personalledarskap och talang"),
    "communication_influence": ("Communication and influence", "Kommunikation och påverkan"),
    "change_management": ("Change management", "Förändringsledning"),
    "external_representation": ("External representation", "Extern representation"),
    "product_customer": ("Product and customer focus", "Produkt- och kundfokus"),
    "delivery_quality": ("Delivery and quality", "Leverans och kvalitet"),
    "budget_vendors": ("Budget and vendors", "Budget och leverantörer"),
}
IDS = list(NAMES)


def make_rubric() -> Rubric:
    def text(en: str, sv: str | None = None) -> Text:
        return Text(en=en, sv=sv or en)

    source = Source(seed="000_6b7f2ecfeb9e1e67.txt", quote="test")
    competencies = tuple(
        Competency(
            id=cid,
            cluster="all",
            name=text(en, sv),
            description=text(en),
            questions=[text("Q1"), text("Q2")],
            levels={k: text(f"level {k}") for k in (1, 2, 3, 4, 5)},
            sources=[source],
        )
        for cid, (en, sv) in NAMES.items()
    )
    return Rubric(
        levels=tuple(
            ScaleLevel(value=v, label=text(str(v)), description=text(str(v))) for v in range(1, 6)
        ),
        settings=Settings(),
        clusters=(Cluster(id="all", name=text("All")),),
        competencies=competencies,
        archetypes=(),
        stages=(),
    )


RUBRIC = make_rubric()


def parse(name: str, **options: Any) -> list[ScorecardIn]:
    data = (FIXTURES / name).read_bytes()
    return parse_greenhouse(data, filename=name, rubric=RUBRIC, **options).cards


def gh(candidate_id: str) -> CandidateRef:
    return CandidateRef(source="greenhouse", external_id=candidate_id)


MODERN = ScorecardIn(
    candidate=gh("5550101"),
    interviewer="Mikael Berg",
    interview_type="Architecture deep dive",
    interview_date=dt.date(2026, 3, 4),
    recommendation="strong_yes",
    state="submitted",
    external_id="90001",
    notes="Strong builder, would hire.\n\nWhich team would they lead first?\nPlatform",
    ratings=[
        RatingIn(
            competency="hands_on_engineering",
            rating=5,
            evidence="Paired on a failing build and found the flaky test in ten minutes.",
        ),
        RatingIn(
            competency="architecture_infrastructure",
            rating=4,
            evidence="Sketched a sensible event-driven design; vague on capacity planning.",
        ),
        RatingIn(competency="security_compliance", rating=3, evidence=""),
        RatingIn(competency="data_ai", rating=None, evidence="Not covered in this interview."),
        RatingIn(
            competency="budget_vendors",
            rating=2,
            evidence="Could not say what the current cloud bill is.",
        ),
        RatingIn(competency="change_management", rating=1, evidence=""),
    ],
)

EXPECTED: dict[str, list[ScorecardIn]] = {
    "modern.json": [MODERN],
    "legacy.json": [
        ScorecardIn(
            candidate=gh("4100"),
            interviewer="Anna Holm",
            interview_type="Phone Screen",
            interview_date=dt.date(2015, 10, 30),
            recommendation="no",
            external_id=None,
            notes="Not senior enough for this role.",
            ratings=[
                RatingIn(competency="communication_influence", rating=2),
                RatingIn(competency="people_leadership", rating=3),
                RatingIn(competency="business_strategy", rating=3),
                RatingIn(competency="product_customer", rating=4),
            ],
        )
    ],
    "nulls.json": [
        ScorecardIn(
            candidate=gh("8800"),
            interviewer="Sara Ek",
            interview_type="Leadership",
            interview_date=dt.date(2026, 2, 10),
            recommendation="no_decision",
            external_id=None,
            notes="",
            ratings=[RatingIn(competency="external_representation", rating=4)],
        )
    ],
    "extra_fields.json": [
        ScorecardIn(
            candidate=gh("6100"),
            interviewer="Jonas Ek",
            interview_type="Strategy case",
            interview_date=dt.date(2026, 1, 20),
            recommendation="yes",
            external_id="90010",
            notes="Visionary, grounded.",
            ratings=[
                RatingIn(competency="tech_vision", rating=4, evidence="Clear three-year view."),
                RatingIn(competency="innovation_research", rating=5),
            ],
        )
    ],
    "html.json": [
        ScorecardIn(
            candidate=gh("6300"),
            interviewer="Lena Sjö",
            interview_type="Leadership interview",
            interview_date=dt.date(2026, 2, 1),
            recommendation="strong_no",
            external_id="90020",
            notes=(
                "- Strong people leader\n- Weak on quality\n\n"
                "Would you work for them?\nYes \u2014 gladly."
            ),
            ratings=[
                RatingIn(
                    competency="people_leadership",
                    rating=4,
                    evidence=(
                        "Grew the team from 4 to 40 & kept attrition < 10%.\n\nHired two leads."
                    ),
                ),
                RatingIn(
                    competency="delivery_quality",
                    rating=2,
                    evidence='Ships weekly\nno incident reviews\nR&D budget "unknown"',
                ),
            ],
        )
    ],
    "several.json": [
        ScorecardIn(
            candidate=gh("7001"),
            interviewer="Mikael Berg",
            interview_type="Technical",
            interview_date=dt.date(2026, 3, 2),
            recommendation="yes",
            external_id="91001",
            ratings=[
                RatingIn(
                    competency="hands_on_engineering", rating=4, evidence="Solid code review."
                ),
                RatingIn(competency="data_ai", rating=3),
            ],
        ),
        ScorecardIn(
            candidate=gh("7001"),
            interviewer="Karin Lund",
            interview_type="Leadership",
            interview_date=dt.date(2026, 3, 3),
            recommendation="strong_yes",
            external_id="91002",
            notes="Hire.",
            ratings=[
                RatingIn(
                    competency="people_leadership", rating=5, evidence="Coached two managers."
                ),
                RatingIn(competency="communication_influence", rating=4),
            ],
        ),
        ScorecardIn(
            candidate=gh("7002"),
            interviewer="Mikael Berg",
            interview_type="Technical",
            interview_date=dt.date(2026, 3, 2),
            recommendation="no_decision",
            external_id="91003",
            ratings=[
                RatingIn(competency="hands_on_engineering", rating=2, evidence="Rusty."),
                RatingIn(competency="data_ai", rating=None),
            ],
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_becomes_exact_scorecards(name: str) -> None:
    assert parse(name) == EXPECTED[name]


def test_private_notes_only_when_asked() -> None:
    (card,) = parse("modern.json", include_private_notes=True)
    assert card.notes == (
        "Strong builder, would hire.\n\nWhich team would they lead first?\nPlatform\n\n"
        "Private Notes\nAsked about relocating to Malmö."
    )
    (card,) = parse("html.json", include_private_notes=True)
    assert card.notes.endswith("\n\nPrivate Notes\nSalary > band")
    assert "Salary" not in parse("html.json")[0].notes


def test_one_object_or_an_array_of_it_give_the_same_cards() -> None:
    doc = json.loads((FIXTURES / "modern.json").read_text(encoding="utf-8"))
    as_array = json.dumps([doc]).encode()
    assert parse_greenhouse(as_array, filename="x.json", rubric=RUBRIC).cards == [MODERN]


def test_utf8_bom_and_empty_array() -> None:
    data = b"\xef\xbb\xbf" + (FIXTURES / "modern.json").read_bytes()
    assert parse_greenhouse(data, filename="x.json", rubric=RUBRIC).cards == [MODERN]
    empty = parse_greenhouse(b"[]", filename="x.json", rubric=RUBRIC)
    assert (empty.cards, empty.warnings) == ([], ["x.json: top: the file holds no scorecards"])


# --- errors ------------------------------------------------------------------------------------

NOT_A_SCORECARD = (
    "not a Greenhouse scorecard export (expected an object with candidate_id and "
    "submitted_by/interviewer, or an array of them)"
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "malformed.json",
            ["malformed.json: line 4 column 20: not valid JSON: Expecting ':' delimiter"],
        ),
        ("not_scorecard.json", [f"not_scorecard.json: top: {NOT_A_SCORECARD}"]),
        (
            "bad_rating.json",
            [
                'bad_rating.json: scorecard[2].attributes[1].rating: unknown rating "maybe" '
                "(expected definitely_not, no, mixed, yes, strong_yes, no_decision)"
            ],
        ),
    ],
)  # fmt: skip
def test_bad_fixture_fails_with_exact_message(name: str, expected: list[str]) -> None:
    with pytest.raises(ImportFailed) as caught:
        parse(name)
    assert caught.value.problems == expected


BASE: dict[str, Any] = {
    "id": 1,
    "interview": "Technical",
    "candidate_id": 10,
    "interviewed_at": "2026-03-10T09:00:00Z",
    "interviewer": {"id": 1, "name": "Mikael Berg"},
    "overall_recommendation": "yes",
    "attributes": [{"name": "Data and AI", "type": "Skills", "note": None, "rating": "yes"}],
}


def variant(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is _DROP:
            doc.pop(key)
        else:
            doc[key] = value
    return doc


_DROP = object()
ATTR = BASE["attributes"][0]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            variant(overall_recommendation="mixed"),
            'scorecard[0].overall_recommendation: unknown recommendation "mixed" '
            "(expected definitely_not, no, yes, strong_yes, no_decision)",
        ),
        (variant(candidate_id=None), "scorecard[0].candidate_id: candidate_id is required"),
        (
            variant(candidate_id=True),
            "scorecard[0].candidate_id: expected a whole number or string id, got true",
        ),
        (
            variant(interviewer=None, submitted_by=None),
            "scorecard[0].interviewer: interviewer or submitted_by is required",
        ),
        (
            variant(interviewer={"id": 3, "name": None}),
            "scorecard[0].interviewer: the interviewer has no name (interviewer, submitted_by)",
        ),
        (
            variant(interviewer="Mikael"),
            "scorecard[0].interviewer: expected an object, got string",
        ),
        (
            variant(interview=None),
            "scorecard[0].interview: the interview has no name (interview_step.name, interview)",
        ),
        (
            variant(interviewed_at="10/03/2026"),
            "scorecard[0].interviewed_at: expected an ISO 8601 date-time like "
            "2026-03-04T14:00:00Z, got '10/03/2026'",
        ),
        (variant(interviewed_at=None), "scorecard[0].interviewed_at: interviewed_at is required"),
        (
            variant(attributes="Data and AI"),
            "scorecard[0].attributes: expected an array, got string",
        ),
        (variant(attributes=[7]), "scorecard[0].attributes[0]: expected an object, got number"),
        (
            variant(attributes=[{**ATTR, "name": " "}]),
            "scorecard[0].attributes[0].name: attribute name is required",
        ),
        (
            variant(attributes=[{**ATTR, "note": 5}]),
            "scorecard[0].attributes[0].note: expected a string, got number",
        ),
        (
            variant(attributes=[ATTR, {**ATTR, "name": "data_ai", "rating": "no"}]),
            'scorecard[0].attributes[1].name: "data_ai" and "Data and AI" (attributes[0]) '
            "both map to data_ai",
        ),
        (
            variant(attributes=None, ratings={"yes": ["Data and AI"], "maybe": ["Data och AI"]}),
            'scorecard[0].ratings.maybe: unknown rating "maybe" '
            "(expected definitely_not, no, mixed, yes, strong_yes, no_decision)",
        ),
        (
            variant(attributes=None, ratings={"yes": ["Data and AI"], "no": ["data och ai"]}),
            'scorecard[0].ratings.no[0].name: "data och ai" and "Data and AI" (ratings.yes[0]) '
            "both map to data_ai",
        ),
        (
            variant(attributes=None, ratings={"yes": "Data and AI"}),
            "scorecard[0].ratings.yes: expected an array of names, got string",
        ),
        (
            variant(questions={"Key Take-Aways": "x"}),
            "scorecard[0].questions: expected an array, got an object",
        ),
        (
            [BASE, {"candidate_id": 11, "name": "Ada"}],
            "scorecard[1]: not a Greenhouse scorecard (expected an object with candidate_id "
            "and submitted_by/interviewer)",
        ),
        ([BASE, BASE], "scorecard[1]: duplicate scorecard id 1 as scorecard[0]"),
        (
            [variant(id=None), variant(id=None, interview=" technical ")],
            "scorecard[1]: the same candidate, interviewer, date and interview as scorecard[0]",
        ),
        (
            variant(interviewer={"name": "x" * 201}),
            "scorecard[0].interviewer: string should have at most 200 characters",
        ),
        (7, f"top: {NOT_A_SCORECARD}"),
        ({"scorecards": [BASE]}, f"top: {NOT_A_SCORECARD}"),
    ],
)
def test_bad_document_gives_exact_problem(document: Any, expected: str) -> None:
    data = json.dumps(document).encode()
    with pytest.raises(ImportFailed) as caught:
        parse_greenhouse(data, filename="scorecards.json", rubric=RUBRIC)
    assert caught.value.problems == [f"scorecards.json: {expected}"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "scorecards.json: top: the file is empty"),
        (b'{"a": "\xe5"}', "scorecards.json: top: not UTF-8 text (byte 8)"),
        (b"[1, 2", "scorecards.json: line 1 column 6: not valid JSON: Expecting ',' delimiter"),
    ],
)
def test_unreadable_bytes_give_exact_problem(data: bytes, expected: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_greenhouse(data, filename="scorecards.json", rubric=RUBRIC)
    assert caught.value.problems == [expected]


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    docs = [
        variant(overall_recommendation="perhaps"),
        BASE | {"id": 2, "candidate_id": 12},
        variant(id=3, candidate_id=None, attributes=[{**ATTR, "rating": "great"}]),
    ]
    with pytest.raises(ImportFailed) as caught:
        parse_greenhouse(json.dumps(docs).encode(), filename="s.json", rubric=RUBRIC)
    assert caught.value.problems == [
        's.json: scorecard[0].overall_recommendation: unknown recommendation "perhaps" '
        "(expected definitely_not, no, yes, strong_yes, no_decision)",
        "s.json: scorecard[2].candidate_id: candidate_id is required",
        's.json: scorecard[2].attributes[0].rating: unknown rating "great" '
        "(expected definitely_not, no, mixed, yes, strong_yes, no_decision)",
    ]


def test_missing_interview_date_falls_back_to_submission_date_with_a_warning() -> None:
    doc = variant(interviewed_at=_DROP, submitted_at="2026-03-11T18:30:00Z")
    result = parse_greenhouse(json.dumps(doc).encode(), filename="s.json", rubric=RUBRIC)
    assert result.cards[0].interview_date == dt.date(2026, 3, 11)
    assert result.warnings == [
        "s.json: scorecard[0].interviewed_at: missing, used the submission date 2026-03-11"
    ]


# --- HTML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("plain  text ", "plain text"),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<ol><li>x</li><li>y</li></ol>", "- x\n- y"),
        ("&lt;b&gt; &amp; &#229;&#x00e4; &eacute;", "<b> & åä é"),
        ("5 < 6 & 7 > 3", "5 < 6 & 7 > 3"),
        ("R&D", "R&D"),
        ("<style>p{}</style><script>x()</script>ok", "ok"),
        ("<p>a</p>\n\n\n\n<p>b</p>", "a\n\nb"),
        ("no&nbsp;break", "no break"),
        ('<a href="https://x">link</a>', "link"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@given(st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=["Cs"])))
def test_plain_text_only_has_its_spacing_normalised(value: str) -> None:
    lines = [" ".join(line.split()) for line in value.splitlines()]
    out = html_to_text(value)
    assert out.split() == "\n".join(lines).split()
    assert out == out.strip()


# --- attributes and buckets agree ----------------------------------------------------------------

VOCAB = list(RATING_VALUES)


@given(
    st.dictionaries(
        st.sampled_from(IDS), st.sampled_from(VOCAB[:5]), min_size=1, max_size=len(IDS)
    ),
    st.sampled_from(["id", "en", "sv"]),
)
def test_attributes_and_rating_buckets_give_the_same_ratings(
    ratings: dict[str, str], how: str
) -> None:
    def name(cid: str) -> str:
        return {"id": cid, "en": NAMES[cid][0], "sv": NAMES[cid][1].upper()}[how]

    attrs = [
        {"name": name(c), "type": "Skills", "note": None, "rating": r} for c, r in ratings.items()
    ]
    buckets = {b: [name(c) for c, r in ratings.items() if r == b] for b in VOCAB[:5]}
    with_attrs = variant(attributes=attrs)
    with_buckets = variant(attributes=None, ratings=buckets)
    a = parse_greenhouse(json.dumps(with_attrs).encode(), filename="a.json", rubric=RUBRIC)
    b = parse_greenhouse(json.dumps(with_buckets).encode(), filename="b.json", rubric=RUBRIC)
    by_attrs = {r.competency: r.rating for r in a.cards[0].ratings}
    assert by_attrs == {r.competency: r.rating for r in b.cards[0].ratings}
    assert by_attrs == {c: RATING_VALUES[r] for c, r in ratings.items()}


# --- robustness: any JSON in a scorecard's fields gives scorecards or ImportFailed, never a crash

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = [
    "id", "interview", "interview_step", "candidate_id", "interviewed_at", "submitted_at",
    "submitted_by", "interviewer", "overall_recommendation", "attributes", "ratings", "questions",
]  # fmt: skip


# no deadline: the property is about outcomes, and a loaded CI machine made single examples slow
@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6))
def test_any_field_values_give_cards_or_import_failed(changes: dict[str, Any]) -> None:
    doc = variant(**changes)
    try:
        result = parse_greenhouse(json.dumps(doc).encode(), filename="f.json", rubric=RUBRIC)
    except ImportFailed as exc:
        assert exc.problems
        assert all(p.startswith("f.json: ") for p in exc.problems)
    else:
        assert len(result.cards) == 1


# --- the mapping file --------------------------------------------------------------------------


@pytest.fixture
def unmapped(tmp_path: Path) -> Path:
    target = tmp_path / "unmapped.json"
    shutil.copy(FIXTURES / "unmapped.json", target)
    return target


UNMAPPED_PROBLEMS = [
    'unmapped.json: scorecard[0].attributes[1].name: attribute "Coding" matches no competency '
    "id or name and is not in the mapping",
    'unmapped.json: scorecard[0].attributes[2].name: attribute "Culture add" matches no '
    "competency id or name and is not in the mapping",
    'unmapped.json: scorecard[1].attributes[0].name: attribute "Team building" matches no '
    "competency id or name and is not in the mapping",
]


def test_mapping_flow_fail_write_edit_succeed(unmapped: Path) -> None:
    with pytest.raises(UnmappedAttributes) as caught:
        read_greenhouse_file(unmapped, rubric=RUBRIC)
    assert caught.value.names == ["Coding", "Culture add", "Team building"]
    assert caught.value.problems == [
        *UNMAPPED_PROBLEMS,
        "unmapped.json: attributes: wrote unmapped.mapping.yaml beside the input: fill in a "
        "competency id for each name and import again with --mapping unmapped.mapping.yaml, "
        "or use --skip-unmapped to leave them out",
    ]
    written = unmapped.with_name("unmapped.mapping.yaml")
    text = written.read_text(encoding="utf-8")
    assert text == mapping_template(
        ["Coding", "Culture add", "Team building"], RUBRIC, source="unmapped.json"
    )
    assert text.splitlines()[:6] == [
        "# Greenhouse attribute name: competency id, for importing unmapped.json.",
        "# Fill in a competency id after each colon (or skip to leave the attribute out), then run",
        "#   python -m assess import unmapped.json --mapping unmapped.mapping.yaml",
        "# Valid competency ids:",
        "#   hands_on_engineering         Hands-on engineering / Praktisk utveckling",
        "#   architecture_infrastructure  Architecture and infrastructure / Arkitektur och "
        "infrastruktur",
    ]
    assert text.splitlines()[-3:] == ["Coding:", "Culture add:", "Team building:"]
    assert load_mapping(written, RUBRIC) == {}

    # A recruiter fills in two names; the third still fails, and the file is only appended to.
    edited = text.replace("Culture add:", "Culture add: communication_influence").replace(
        "Team building:", "Team building: people_leadership"
    )
    written.write_text(edited + "# checked by HR\n", encoding="utf-8")
    with pytest.raises(UnmappedAttributes) as again:
        read_greenhouse_file(unmapped, rubric=RUBRIC, mapping_file=written)
    assert again.value.problems[-1].startswith(
        "unmapped.json: attributes: unmapped.mapping.yaml lists them already: fill in"
    )
    assert written.read_text(encoding="utf-8") == edited + "# checked by HR\n"

    written.write_text(edited.replace("Coding:", "Coding: skip"), encoding="utf-8")
    result = read_greenhouse_file(unmapped, rubric=RUBRIC, mapping_file=written)
    assert result.skipped == ["Coding"]
    assert [[(r.competency, r.rating) for r in c.ratings] for c in result.cards] == [
        [("hands_on_engineering", 4), ("communication_influence", 3)],
        [("people_leadership", 5), ("communication_influence", 4)],
    ]


def test_a_mapping_file_that_lacks_names_is_extended_not_overwritten(unmapped: Path) -> None:
    written = unmapped.with_name("unmapped.mapping.yaml")
    written.write_text("# mine\nCoding: skip\n", encoding="utf-8")
    with pytest.raises(UnmappedAttributes) as caught:
        read_greenhouse_file(unmapped, rubric=RUBRIC, mapping_file=written)
    assert caught.value.names == ["Culture add", "Team building"]
    assert "added 2 name(s) to unmapped.mapping.yaml" in caught.value.problems[-1]
    assert (
        written.read_text(encoding="utf-8")
        == "# mine\nCoding: skip\nCulture add:\nTeam building:\n"
    )


def test_mapping_onto_a_rated_competency_names_both_attributes(unmapped: Path) -> None:
    written = unmapped.with_name("map.yaml")
    written.write_text(
        "Coding: hands_on_engineering\nCulture add: skip\nTeam building: people_leadership\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        read_greenhouse_file(unmapped, rubric=RUBRIC, mapping_file=written)
    assert caught.value.problems == [
        'unmapped.json: scorecard[0].attributes[1].name: "Coding" and "Hands-on engineering" '
        "(attributes[0]) both map to hands_on_engineering"
    ]


def test_skip_unmapped_imports_the_rest_and_reports_the_names(unmapped: Path) -> None:
    result = read_greenhouse_file(unmapped, rubric=RUBRIC, skip_unmapped=True)
    assert result.skipped == ["Coding", "Culture add", "Team building"]
    assert [[(r.competency, r.rating) for r in c.ratings] for c in result.cards] == [
        [("hands_on_engineering", 4)],
        [],
    ]
    assert result.warnings == [
        "unmapped.json: scorecard 93002 (candidate 7401, Karin Lund, 2026-03-11): "
        "no ratings to import"
    ]
    assert not unmapped.with_name("unmapped.mapping.yaml").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coding: coding\n", f'map.yaml: Coding: unknown competency id "coding" (expected one of '
         f'{", ".join(IDS)}, or "skip" to ignore the attribute)'),
        ("Coding: [data_ai]\n", "map.yaml: Coding: expected a competency id, got ['data_ai']"),
        ("- Coding\n", "map.yaml: top: expected a mapping of Greenhouse attribute name: "
         "competency id"),
        ("Coding: data_ai\n  x: [\n", "map.yaml: line 2: not valid YAML: mapping values are not "
         "allowed here"),
        ("Coding: data_ai\ncoding: tech_vision\n", 'map.yaml: coding: maps to tech_vision but '
         '"Coding" (the same name) maps to data_ai'),
    ],
)  # fmt: skip
def test_bad_mapping_file_names_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        load_mapping(path, RUBRIC)
    assert caught.value.problems == [expected]


def test_mapping_values_are_ids_in_any_case_and_empty_means_unmapped(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        'Coding: " Hands_On_Engineering "\nTeam building:\nCulture add: ""\n'
        '"Odd: name": skip\n2024 goals: tech_vision\n',
        encoding="utf-8",
    )
    assert load_mapping(path, RUBRIC) == {
        "Coding": "hands_on_engineering",
        "Odd: name": "skip",
        "2024 goals": "tech_vision",
    }


def test_template_quotes_names_yaml_would_misread(tmp_path: Path) -> None:
    names = ["Odd: name", "- dash", "yes", "Åsa's #1 pick", "Plain name"]
    path = tmp_path / "t.yaml"
    path.write_text(mapping_template(names, RUBRIC, source="x.json"), encoding="utf-8")
    assert list(yaml.safe_load(path.read_text(encoding="utf-8"))) == names


# --- into the database: all or nothing, re-import adds nothing ---------------------------------


# `engine` (tests/conftest.py): in-memory and file SQLite, and PostgreSQL when configured.


def import_greenhouse_file(
    path: Path, *, engine: Engine, rubric: Rubric, actor: str
) -> tuple[ParsedFile, ImportSummary]:
    """The import service on a file on disk, as the CLI and the Reports page call it."""
    outcome = import_file(
        path.read_bytes(), actor=Actor(actor), engine=engine, rubric=rubric, name=path.name
    )
    return outcome.file, outcome.summary


def fingerprint(engine: Engine) -> tuple[dict[str, int], str]:
    with transaction(engine, readonly=True) as session:
        return store.database_fingerprint(session=session)


def test_import_then_reimport_adds_nothing(engine: Engine) -> None:
    result, summary = import_greenhouse_file(
        FIXTURES / "several.json", engine=engine, rubric=RUBRIC, actor="test"
    )
    assert len(result.cards) == 3
    assert (summary.candidates_added, summary.scorecards_added, summary.ratings_added) == (2, 3, 6)
    before = fingerprint(engine)
    _, again = import_greenhouse_file(
        FIXTURES / "several.json", engine=engine, rubric=RUBRIC, actor="test"
    )
    assert (again.candidates_added, again.scorecards_added, again.scorecards_updated) == (0, 0, 0)
    assert (again.ratings_added, again.ratings_changed) == (0, 0)
    assert fingerprint(engine) == before

    with transaction(engine, readonly=True) as session:
        frame = store.ratings_frame(session=session)
    rows = sorted(
        zip(frame["interviewer"], frame["competency"], frame["rating"].fillna(0), strict=True)
    )
    assert rows == [
        ("Karin Lund", "communication_influence", 4.0),
        ("Karin Lund", "people_leadership", 5.0),
        ("Mikael Berg", "data_ai", 0.0),
        ("Mikael Berg", "data_ai", 3.0),
        ("Mikael Berg", "hands_on_engineering", 2.0),
        ("Mikael Berg", "hands_on_engineering", 4.0),
    ]


@pytest.mark.parametrize("name", ["malformed.json", "not_scorecard.json", "bad_rating.json"])
def test_bad_file_leaves_the_database_unchanged(engine: Engine, name: str) -> None:
    import_greenhouse_file(FIXTURES / "modern.json", engine=engine, rubric=RUBRIC, actor="test")
    before = fingerprint(engine)
    with pytest.raises(ImportFailed):
        import_greenhouse_file(FIXTURES / name, engine=engine, rubric=RUBRIC, actor="test")
    assert fingerprint(engine) == before


def test_unmapped_file_leaves_the_database_unchanged(engine: Engine, unmapped: Path) -> None:
    before = fingerprint(engine)
    with pytest.raises(UnmappedAttributes):
        import_greenhouse_file(unmapped, engine=engine, rubric=RUBRIC, actor="test")
    assert fingerprint(engine) == before


def test_candidates_get_a_display_name_that_a_rename_replaces_for_good(engine: Engine) -> None:
    import_greenhouse_file(FIXTURES / "several.json", engine=engine, rubric=RUBRIC, actor="test")
    with transaction(engine) as session:
        found = store.list_candidates(session=session)
        assert [(c.name, c.source, c.external_id) for c in found] == [
            ("Greenhouse candidate 7001", "greenhouse", "7001"),
            ("Greenhouse candidate 7002", "greenhouse", "7002"),
        ]
        store.update_candidate(found[0].id, session=session, name="Åsa Öberg")
    _, again = import_greenhouse_file(
        FIXTURES / "several.json", engine=engine, rubric=RUBRIC, actor="test"
    )
    assert again.candidates_added == 0
    with transaction(engine, readonly=True) as session:
        names = [c.name for c in store.list_candidates(session=session)]
    assert names == ["Greenhouse candidate 7002", "Åsa Öberg"]


def test_an_edited_scorecard_updates_the_stored_one(engine: Engine, tmp_path: Path) -> None:
    import_greenhouse_file(FIXTURES / "several.json", engine=engine, rubric=RUBRIC, actor="test")
    docs = json.loads((FIXTURES / "several.json").read_text(encoding="utf-8"))
    docs[0]["attributes"][1]["rating"] = "strong_yes"
    edited = tmp_path / "several.json"
    edited.write_text(json.dumps(docs), encoding="utf-8")
    _, summary = import_greenhouse_file(edited, engine=engine, rubric=RUBRIC, actor="test")
    assert (summary.scorecards_added, summary.scorecards_updated) == (0, 1)
    assert (summary.ratings_added, summary.ratings_changed) == (0, 1)


# --- the command line --------------------------------------------------------------------------


def run_cli(*args: str) -> Any:
    from click.testing import CliRunner

    from assess.cli.main import cli

    return CliRunner().invoke(cli, ["import", *args])


def test_cli_mapping_flow_then_reimport(tmp_path: Path, unmapped: Path) -> None:
    db = tmp_path / "cli.db"
    url = f"sqlite:///{db}"
    failed = run_cli(str(unmapped), "--db", url)
    assert failed.exit_code == 1
    assert failed.stdout == ""
    assert failed.stderr.splitlines() == [
        *UNMAPPED_PROBLEMS,
        "unmapped.json: attributes: wrote unmapped.mapping.yaml beside the input: fill in a "
        "competency id for each name and import again with --mapping unmapped.mapping.yaml, "
        "or use --skip-unmapped to leave them out",
    ]
    assert not db.exists()

    written = unmapped.with_name("unmapped.mapping.yaml")
    text = written.read_text(encoding="utf-8")
    written.write_text(
        text.replace("Coding:", "Coding: skip")
        .replace("Culture add:", "Culture add: communication_influence")
        .replace("Team building:", "Team building: people_leadership"),
        encoding="utf-8",
    )
    done = run_cli(str(unmapped), "--db", url, "--mapping", str(written))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{unmapped}: read 2 Greenhouse scorecards with 4 ratings; added 1 candidates, "
        "2 scorecards, 4 ratings; updated 0 scorecards (0 ratings changed, 0 removed)",
        f"{unmapped}: skipped attributes (not imported): Coding",
    ]
    again = run_cli(str(unmapped), "--db", url, "--mapping", str(written))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"{unmapped}: read 2 Greenhouse scorecards with 4 ratings; added 0 candidates, "
        "0 scorecards, 0 ratings; updated 0 scorecards (0 ratings changed, 0 removed)"
    )


def test_cli_skip_unmapped_reports_names_and_warnings(tmp_path: Path, unmapped: Path) -> None:
    result = run_cli(str(unmapped), "--db", f"sqlite:///{tmp_path / 'cli.db'}", "--skip-unmapped")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{unmapped}: read 2 Greenhouse scorecards with 1 ratings; added 1 candidates, "
        "2 scorecards, 1 ratings; updated 0 scorecards (0 ratings changed, 0 removed)",
        f"{unmapped}: skipped attributes (not imported): Coding, Culture add, Team building",
    ]
    assert result.stderr.splitlines() == [
        "warning: unmapped.json: scorecard 93002 (candidate 7401, Karin Lund, 2026-03-11): "
        "no ratings to import"
    ]


def test_cli_bad_json_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = run_cli(str(FIXTURES / "malformed.json"), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert result.stderr == (
        "malformed.json: line 4 column 20: not valid JSON: Expecting ':' delimiter\n"
    )
    assert not db.exists()


def test_cli_greenhouse_options_with_a_csv_file_are_a_usage_error(tmp_path: Path) -> None:
    csv_file = tmp_path / "ratings.csv"
    csv_file.write_text("candidate,interviewer\n", encoding="utf-8")
    result = run_cli(str(csv_file), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--skip-unmapped")
    assert result.exit_code == 2
    assert (
        "--mapping, --skip-unmapped and --include-private-notes apply to Greenhouse .json "
        "files only" in result.stderr
    )


def test_modern_export_imports_with_the_shipped_rubric_and_a_mapping_file(tmp_path: Path) -> None:
    """The real path: the shipped rubric's names match four attributes (by id, English name and
    Swedish name in odd case and spacing); the two named differently in Greenhouse fail the import
    until a mapping file names their competencies."""
    from assess.domain.rubric import load_rubric

    shipped = load_rubric()
    data = (FIXTURES / "modern.json").read_bytes()
    with pytest.raises(ImportFailed) as info:
        parse_greenhouse(data, filename="modern.json", rubric=shipped)
    assert "Data and AI" in "\n".join(info.value.problems)
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(
        "Data and AI: data_ai\nBudget and vendors: budget_vendors\n", encoding="utf-8"
    )
    result = parse_greenhouse(
        data,
        filename="modern.json",
        rubric=shipped,
        mapping=load_mapping(mapping_file, shipped),
    )
    (card,) = result.cards
    assert [(r.competency, r.rating) for r in card.ratings] == [
        ("hands_on_engineering", 5),
        ("architecture_infrastructure", 4),
        ("security_compliance", 3),
        ("data_ai", None),
        ("budget_vendors", 2),
        ("change_management", 1),
    ]
