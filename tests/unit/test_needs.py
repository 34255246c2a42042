"""The needs questionnaire: answers checked, the ranking formula, bands, and `assess recommend`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import write_tiny_rubric
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.cli.main import cli
from assess.domain.needs import (
    NeedsAnswerError,
    check_answers,
    chosen,
    load_answers,
    recommend,
    recommendation_as_dict,
)
from assess.domain.rubric import Rubric, load_rubric

SEED = "000_6b7f2ecfeb9e1e67.txt"


def _on(kind: str, target: str, points: int, quote: str) -> dict[str, Any]:
    return {kind: target, "points": points, "seed": SEED, "quote": quote}


def _label(en: str, sv: str) -> dict[str, str]:
    return {"en": en, "sv": sv}


# A questionnaire over the tiny rubric (archetypes technical_leader, operational_manager; stages
# startup, growth), so the exact scores below do not move when the shipped one is tuned.
TINY_NEEDS: dict[str, Any] = {
    "questions": [
        {
            "id": "cto_codes",
            "kind": "choice",
            "text": {"en": "Will the CTO code?", "sv": "Ska CTO:n koda?"},
            "sources": [{"seed": SEED, "quote": "q0"}],
            "answers": [
                {
                    "value": "yes",
                    "label": {"en": "Yes", "sv": "Ja"},
                    "effects": [
                        _on("archetype", "technical_leader", 3, "q1"),
                        _on("stage", "startup", 1, "q2"),
                    ],
                },
                {
                    "value": "sometimes",
                    "label": {"en": "Sometimes", "sv": "Ibland"},
                    "effects": [_on("stage", "growth", 1, "q3")],
                },
                {
                    "value": "no",
                    "label": {"en": "No", "sv": "Nej"},
                    "effects": [
                        _on("archetype", "technical_leader", -2, "q4"),
                        _on("archetype", "operational_manager", 1, "q5"),
                    ],
                },
            ],
        },
        {
            "id": "engineers",
            "kind": "number",
            "whole": True,
            "min": 0,
            "max": 1000,
            "text": {"en": "Engineers?", "sv": "Ingenjörer?"},
            "sources": [{"seed": SEED, "quote": "q6"}],
            "bands": [
                {
                    "value": "few",
                    "below": 10,
                    "label": {"en": "fewer than 10", "sv": "färre än 10"},
                    "effects": [_on("stage", "startup", 2, "q7")],
                },
                {
                    "value": "many",
                    "label": {"en": "10 or more", "sv": "10 eller fler"},
                    "effects": [
                        _on("stage", "growth", 2, "q8"),
                        _on("archetype", "operational_manager", 2, "q9"),
                    ],
                },
            ],
        },
        {
            "id": "outsourced_share",
            "kind": "number",
            "min": 0,
            "max": 1,
            "text": {"en": "Outsourced?", "sv": "Utlagt?"},
            "sources": [{"seed": SEED, "quote": "q10"}],
            "bands": [
                {"value": "low", "below": 0.5, "label": _label("under half", "under hälften")},
                {
                    "value": "high",
                    "label": {"en": "half or more", "sv": "hälften eller mer"},
                    "effects": [
                        _on("archetype", "operational_manager", 1, "q11")
                    ],
                },
            ],
        },
    ]
}  # fmt: skip
TINY_IDS = "cto_codes, engineers, outsourced_share"


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_tiny_rubric(tmp_path_factory.mktemp("tiny") / "rubrics")
    (folder / "needs.yaml").write_text(yaml.safe_dump(TINY_NEEDS), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny(tiny_dir: Path) -> Rubric:
    return load_rubric(tiny_dir)


@pytest.fixture(scope="module")
def shipped() -> Rubric:
    return load_rubric()


# ------------------------------------------------------------------ answers checked


BAD_ANSWERS: list[tuple[str, Any, list[str]]] = [
    ("unknown answer", {"cto_codes": "maybe"},
     ["cto_codes: unknown answer 'maybe'; answers are yes, sometimes, no"]),
    ("unknown question", {"colour": "blue"},
     [f"colour: unknown question 'colour'; questions are {TINY_IDS}"]),
    ("question id not text", {1: "yes"}, [f"1: unknown question 1; questions are {TINY_IDS}"]),
    ("fraction of a whole number", {"engineers": 4.5},
     ["engineers: must be a whole number from 0 to 1000, got 4.5"]),
    ("below min", {"engineers": -1}, ["engineers: must be a whole number from 0 to 1000, got -1"]),
    ("above max", {"engineers": 1001},
     ["engineers: must be a whole number from 0 to 1000, got 1001"]),
    ("number as text", {"engineers": "12"},
     ["engineers: must be a whole number from 0 to 1000, got '12'"]),
    ("boolean for a number", {"engineers": True},
     ["engineers: must be a whole number from 0 to 1000, got True"]),
    ("share above 1", {"outsourced_share": 1.01},
     ["outsourced_share: must be a number from 0 to 1, got 1.01"]),
    ("share not a number", {"outsourced_share": math.nan},
     ["outsourced_share: must be a number from 0 to 1, got nan"]),
    ("boolean for a choice", {"cto_codes": True},
     ["cto_codes: must be one of yes, sometimes, no, got True"]),
    ("mapping for a choice", {"cto_codes": {"a": {"b": 1}}},
     ["cto_codes: must be one of yes, sometimes, no, got a mapping"]),
    ("list for a number", {"engineers": [1, 2]},
     ["engineers: must be a whole number from 0 to 1000, got a list"]),
    ("long value cut", {"cto_codes": "y" * 100},
     [f"cto_codes: unknown answer '{'y' * 40}'...; answers are yes, sometimes, no"]),
    ("control characters escaped", {"cto_codes": "y\n\x1b[2J"},
     ["cto_codes: unknown answer 'y\\n\\x1b[2J'; answers are yes, sometimes, no"]),
    ("every problem listed in order", {"engineers": -1, "cto_codes": "x"},
     ["engineers: must be a whole number from 0 to 1000, got -1",
      "cto_codes: unknown answer 'x'; answers are yes, sometimes, no"]),
    ("nothing answered", {}, ["top: no question answered"]),
    ("only nulls", {"cto_codes": None}, ["top: no question answered"]),
    ("not a mapping", ["cto_codes"], ["top: must be a mapping of question id to answer"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "answers", "problems"), BAD_ANSWERS, ids=[c[0] for c in BAD_ANSWERS]
)
def test_bad_answers_name_question_and_problem(
    tiny: Rubric, case: str, answers: Any, problems: list[str]
) -> None:
    with pytest.raises(NeedsAnswerError) as info:
        check_answers(answers, tiny)
    assert info.value.problems == problems


def test_answers_come_back_in_questionnaire_order_with_whole_numbers(tiny: Rubric) -> None:
    given_ = {"outsourced_share": 1, "engineers": 12.0, "cto_codes": "no"}
    checked = check_answers(given_, tiny)
    assert checked == {"cto_codes": "no", "engineers": 12, "outsourced_share": 1}
    assert list(checked) == ["cto_codes", "engineers", "outsourced_share"]
    assert isinstance(checked["engineers"], int)


def test_a_rubric_without_questionnaire_refuses_answers(tiny_dir: Path, tmp_path: Path) -> None:
    bare = load_rubric(write_tiny_rubric(tmp_path / "rubrics"))
    with pytest.raises(NeedsAnswerError) as info:
        check_answers({"cto_codes": "yes"}, bare)
    assert info.value.problems == ["top: the rubric has no needs questionnaire (needs.yaml)"]


@pytest.mark.parametrize(
    ("question", "answer", "band"),
    [
        ("engineers", 0, "few"),
        ("engineers", 9, "few"),
        ("engineers", 10, "many"),
        ("engineers", 1000, "many"),
        ("outsourced_share", 0.0, "low"),
        ("outsourced_share", 0.4999, "low"),
        ("outsourced_share", 0.5, "high"),
        ("outsourced_share", 1.0, "high"),
    ],
)
def test_a_band_runs_up_to_not_including_its_bound(
    tiny: Rubric, question: str, answer: float, band: str
) -> None:
    assert chosen(tiny.question(question), answer).value == band


# ------------------------------------------------------------------ the formula


def test_ranking_by_hand(tiny: Rubric) -> None:
    rec = recommend({"cto_codes": "yes", "engineers": 4}, tiny)
    # technical_leader: +3 (cto_codes); operational_manager: 0; startup: +1 +2; growth: 0.
    # Pairs: TL x startup 6, TL x growth 3, OM x startup 3, OM x growth 0; the tie at 3 keeps the
    # rubric's archetype-major order.
    assert [(r.archetype, r.stage, r.score) for r in rec.ranking] == [
        ("technical_leader", "startup", 6),
        ("technical_leader", "growth", 3),
        ("operational_manager", "startup", 3),
        ("operational_manager", "growth", 0),
    ]
    assert [
        (w.question, w.answer, w.target, w.effect, w.quote) for w in rec.ranking[0].reasons
    ] == [
        ("cto_codes", "yes", "technical_leader", 3, "q1"),
        ("cto_codes", "yes", "startup", 1, "q2"),
        ("engineers", 4, "startup", 2, "q7"),
    ]
    assert rec.ranking[3].reasons == ()
    assert rec.profile == tiny.profile("technical_leader", "startup")


def test_negative_effects_and_bands_count(tiny: Rubric) -> None:
    rec = recommend({"cto_codes": "no", "engineers": 40, "outsourced_share": 0.75}, tiny)
    # operational_manager: +1 +2 +1 = 4; technical_leader: -2; growth: +2; startup: 0.
    assert [(r.archetype, r.stage, r.score) for r in rec.ranking] == [
        ("operational_manager", "growth", 6),
        ("operational_manager", "startup", 4),
        ("technical_leader", "growth", 0),
        ("technical_leader", "startup", -2),
    ]
    # within one answer, the effect on the archetype comes before the effect on the stage
    assert [w.quote for w in rec.ranking[0].reasons] == ["q5", "q9", "q8", "q11"]


def test_recommendation_json_document(tiny: Rubric) -> None:
    doc = recommendation_as_dict(recommend({"cto_codes": "yes", "engineers": 4}, tiny))
    assert set(doc) == {"ranking", "profile"}
    assert doc["ranking"][0] == {
        "archetype": "technical_leader",
        "stage": "startup",
        "score": 6,
        "reasons": [
            {"question": "cto_codes", "answer": "yes", "effect": 3, "seed": SEED, "quote": "q1"},
            {"question": "cto_codes", "answer": "yes", "effect": 1, "seed": SEED, "quote": "q2"},
            {"question": "engineers", "answer": 4, "effect": 2, "seed": SEED, "quote": "q7"},
        ],
    }
    # the tiny technical_leader targets, no stage adjustment at startup
    assert doc["profile"] == {
        "hands_on_engineering": {"level": 4, "weight": 3},
        "tech_vision": {"level": 3, "weight": 1},
        "people_leadership": {"level": 3, "weight": 2},
    }


def _answer_strategy(rubric: Rubric) -> st.SearchStrategy[dict[str, Any]]:
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for q in rubric.needs:
        assert q.min is not None or q.kind == "choice"
        if q.kind == "choice":
            parts[q.id] = st.sampled_from([a.value for a in q.answers])
        elif q.whole:
            parts[q.id] = st.integers(int(q.min or 0), int(q.max or 0))
        else:
            parts[q.id] = st.floats(q.min or 0.0, q.max or 0.0)
    return st.fixed_dictionaries({}, optional=parts).filter(bool)


SHIPPED = load_rubric()


@settings(max_examples=150, deadline=None)
@given(_answer_strategy(SHIPPED))
def test_ranking_invariants_on_the_shipped_questionnaire(answers: dict[str, Any]) -> None:
    rec = recommend(answers, SHIPPED)
    pairs = [(r.archetype, r.stage) for r in rec.ranking]
    assert sorted(pairs) == sorted((p.archetype, p.stage) for p in SHIPPED.profiles())
    scores = [r.score for r in rec.ranking]
    assert scores == sorted(scores, reverse=True)
    order = [(p.archetype, p.stage) for p in SHIPPED.profiles()]
    for a, b in zip(rec.ranking, rec.ranking[1:], strict=False):
        if a.score == b.score:  # ties keep the rubric order
            assert order.index((a.archetype, a.stage)) < order.index((b.archetype, b.stage))
    totals: dict[str, int] = {}
    for qid, answer in check_answers(answers, SHIPPED).items():
        for e in chosen(SHIPPED.question(qid), answer).effects:
            totals[e.target] = totals.get(e.target, 0) + e.points
    for r in rec.ranking:
        assert r.score == sum(w.effect for w in r.reasons)
        assert r.score == totals.get(r.archetype, 0) + totals.get(r.stage, 0)
        assert {w.target for w in r.reasons} <= {r.archetype, r.stage}
    assert rec.profile == SHIPPED.profile(*pairs[0])


# ------------------------------------------------------------------ reading a file, the command


def _write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_yes_and_no_are_answers_not_booleans(tiny: Rubric, tmp_path: Path) -> None:
    path = _write(tmp_path, "cto_codes: yes\n")
    assert load_answers(path, tiny) == {"cto_codes": "yes"}
    with pytest.raises(NeedsAnswerError) as info:
        load_answers(_write(tmp_path, "cto_codes: true\n"), tiny)
    assert info.value.problems == [
        f"{path}: cto_codes: unknown answer 'true'; answers are yes, sometimes, no"
    ]
    assert yaml.safe_load("a: yes") == {"a": True}  # the plain loader is untouched


BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("not YAML", "cto_codes: [yes\n",
     "line 2: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("not a mapping", "- cto_codes\n", "top: must be a mapping of question id to answer"),
    ("empty", "", "top: must be a mapping of question id to answer"),
    ("a key twice", "cto_codes: yes\ncto_codes: no\n", "line 2: duplicate key 'cto_codes'"),
    ("deeply nested", "cto_codes: " + "[" * 1500 + "]" * 1500 + "\n", "top: nested too deeply"),
    ("nested value", "cto_codes: {a: {b: {c: yes}}}\n",
     "cto_codes: must be one of yes, sometimes, no, got a mapping"),
    ("not UTF-8", b"cto_codes: \xff\n", "top: not UTF-8 text"),
    ("too large", "# " + "x" * 1_000_000 + "\n", "top: larger than 1 MB; not an answers file"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "problem"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_answers_file_is_one_line_per_problem(
    tiny: Rubric, tmp_path: Path, case: str, text: str | bytes, problem: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(NeedsAnswerError) as info:
        load_answers(path, tiny)
    assert info.value.problems == [f"{path}: {problem}"]


def test_missing_answers_file(tiny: Rubric, tmp_path: Path) -> None:
    with pytest.raises(NeedsAnswerError) as info:
        load_answers(tmp_path / "nope.yaml", tiny)
    assert info.value.problems == [f"{tmp_path / 'nope.yaml'}: top: file is missing"]


FOUNDER = """\
company_age: idea
employees: 3
engineers: 0
purpose: innovative_products
cto_codes: yes
customer_facing_software: yes
"""


def test_cli_recommend_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["recommend", "--answers", str(_write(tmp_path, FOUNDER)), "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"ranking", "profile"}
    assert len(doc["ranking"]) == 24
    assert all(set(r) == {"archetype", "stage", "score", "reasons"} for r in doc["ranking"])
    assert all(
        set(w) == {"question", "answer", "effect", "seed", "quote"}
        for r in doc["ranking"]
        for w in r["reasons"]
    )
    # technical_leader: +2 idea, +1 micro, +2 no engineers, +3 codes; pre_seed: +3 +1 +1 +1
    top = doc["ranking"][0]
    assert (top["archetype"], top["stage"], top["score"]) == ("technical_leader", "pre_seed", 14)
    assert [(w["question"], w["answer"], w["effect"]) for w in top["reasons"]] == [
        ("company_age", "idea", 2), ("company_age", "idea", 3), ("employees", 3, 1),
        ("employees", 3, 1), ("engineers", 0, 2), ("engineers", 0, 1), ("cto_codes", "yes", 3),
        ("cto_codes", "yes", 1),
    ]  # fmt: skip
    assert [(r["archetype"], r["stage"], r["score"]) for r in doc["ranking"][1:3]] == [
        ("customer_champion", "pre_seed", 9),
        ("technology_visionary", "pre_seed", 8),
    ]
    # technical_leader at pre-seed: hands-on engineering 5+1 clamped to 5, weight 3+1 to 3
    assert doc["profile"]["hands_on_engineering"] == {"level": 5, "weight": 3}
    assert doc["profile"]["people_leadership"] == {"level": 2, "weight": 1}
    assert list(doc["profile"]) == SHIPPED.competency_ids


def test_cli_recommend_text_names_the_top_three_with_reasons(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["recommend", "--answers", str(_write(tmp_path, FOUNDER))])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        "Answers:",
        "  company_age: An idea: the business plan still has to be shown technically feasible",
        "  employees: 3 (fewer than 10)",
        "  engineers: 0 (none)",
        "  purpose: To build innovative products",
        "  cto_codes: Yes, a large part of the job",
        "  customer_facing_software: Yes",
        "",
    ]
    headings = [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.")]
    assert headings == [
        "1. Hands-on technical leader at Pre-seed: score 14",
        "2. Customer champion (consumer liaison) at Pre-seed: score 9",
        "3. Technology visionary (strategic planner) at Pre-seed: score 8",
    ]
    assert lines[9:11] == [
        "   +2 Hands-on technical leader (company_age = idea)",
        '      000_6b7f2ecfeb9e1e67.txt: "Den här typen av CTO förknippas ofta med nystartade '
        'teknikföretag."',
    ]
    assert "   +3 Pre-seed stage (company_age = idea)" in lines
    at = lines.index("Target profile (Hands-on technical leader at Pre-seed):")
    assert lines[at + 1] == f"  {'Hands-on engineering':34} level 5  weight 3"
    assert len(lines) == at + 15


def test_cli_recommend_bad_file_exits_1_with_every_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, "cto_codes: maybe\nemployees: -3\nfoo: 1\n")
    result = CliRunner().invoke(cli, ["recommend", "--answers", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    questions = ", ".join(q.id for q in SHIPPED.needs)
    assert result.stderr.splitlines() == [
        f"{path}: cto_codes: unknown answer 'maybe'; answers are yes, sometimes, no",
        f"{path}: employees: must be a whole number from 0 to 10000000, got -3",
        f"{path}: foo: unknown question 'foo'; questions are {questions}",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("cto_codes: " + "[" * 1500 + "\n", "top: nested too deeply"),
        ("just text\n", "top: must be a mapping of question id to answer"),
    ],
)
def test_cli_recommend_never_prints_a_traceback(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    result = CliRunner().invoke(cli, ["recommend", "--answers", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"{path}: {problem}\n")


def test_cli_recommend_usage_and_other_rubric(tiny_dir: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["recommend"]).exit_code == 2
    path = _write(tmp_path, "engineers: 40\n")
    result = CliRunner().invoke(
        cli, ["recommend", "--answers", str(path), "--json", "--rubric", str(tiny_dir)]
    )
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)["ranking"]
    assert [(r["archetype"], r["stage"], r["score"]) for r in ranking][:2] == [
        ("operational_manager", "growth", 4),
        ("technical_leader", "growth", 2),
    ]


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        ANY_VALUE,
        st.dictionaries(
            st.sampled_from([q.id for q in SHIPPED.needs]) | st.text(max_size=8),
            ANY_VALUE,
            max_size=6,
        ),
    )
)
def test_any_answers_give_a_recommendation_or_named_problems(answers: Any) -> None:
    try:
        rec = recommend(answers, SHIPPED)
    except NeedsAnswerError as exc:
        assert exc.problems
        starts = (
            ("top: ", *(f"{k}: " for k in answers)) if isinstance(answers, dict) else ("top: ",)
        )
        for line in exc.problems:
            assert line.startswith(starts), line
    else:
        assert len(rec.ranking) == 24
