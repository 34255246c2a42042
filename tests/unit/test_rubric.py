"""Rubric loading: the shipped files load, every kind of broken file gives its exact error line."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from assess.cli.main import cli
from assess.domain.rubric import DEFAULT_RUBRIC_DIR, RubricError, load_rubric, resolve_profile


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the shipped rubric folder, named rubrics/ like the original."""
    target = tmp_path / "rubrics"
    shutil.copytree(DEFAULT_RUBRIC_DIR, target)
    return target


def edit(folder: Path, name: str, change: Callable[[Any], None]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_rubric_loads_and_every_profile_resolves() -> None:
    rubric = load_rubric()
    assert 10 <= len(rubric.competencies) <= 14
    assert len(rubric.archetypes) == 6
    assert rubric.stage_ids == ["pre_seed", "startup", "growth", "expansion"]
    for profile in rubric.profiles():
        assert [t.competency for t in profile.targets] == rubric.competency_ids
        for t in profile.targets:
            assert 1 <= t.level <= 5 and 0 <= t.weight <= 3
        assert sum(t.weight for t in profile.targets) > 0


def test_profile_is_resolved_once_and_equals_resolve_profile() -> None:
    rubric = load_rubric()
    first = rubric.profile("technical_leader", "growth")
    assert rubric.profile("technical_leader", "growth") is first
    fresh = resolve_profile(rubric.archetype("technical_leader"), rubric.stage("growth"), rubric)
    assert first == fresh
    assert rubric.profiles()[rubric.archetype_ids.index("technical_leader") * 4 + 2] == fresh
    with pytest.raises(KeyError):
        rubric.profile("technical_leader", "ipo")


def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


def _duplicate_competency(data: Any) -> None:
    data["competencies"][1]["id"] = data["competencies"][0]["id"]


def _rename_target(data: Any) -> None:
    targets = data["archetypes"][0]["targets"]
    targets["kodning"] = targets.pop("data_ai")


BROKEN = [
    (
        "weight out of range",
        "archetypes.yaml",
        _set(["archetypes", 2, "targets", "security_compliance", "weight"], 5),
        "rubrics/archetypes.yaml: archetypes[2].targets.security_compliance: weight must be 0-3",
    ),
    (
        "level out of range",
        "archetypes.yaml",
        _set(["archetypes", 0, "targets", "tech_vision", "level"], 6),
        "rubrics/archetypes.yaml: archetypes[0].targets.tech_vision: level must be 1-5",
    ),
    (
        "unknown key",
        "competencies.yaml",
        _set(["competencies", 0, "colour"], "blue"),
        "rubrics/competencies.yaml: competencies[0].colour: unknown key",
    ),
    (
        "duplicate id",
        "competencies.yaml",
        _duplicate_competency,
        "rubrics/competencies.yaml: competencies[1].id: duplicate id 'hands_on_engineering'",
    ),
    (
        "missing translation",
        "competencies.yaml",
        _delete(["competencies", 3, "name", "sv"]),
        "rubrics/competencies.yaml: competencies[3].name.sv: missing Swedish (sv) translation",
    ),
    (
        "empty translation",
        "competencies.yaml",
        _set(["competencies", 2, "levels", 4, "en"], "  "),
        "rubrics/competencies.yaml: competencies[2].levels.4.en: must not be empty",
    ),
    (
        "missing level anchor",
        "competencies.yaml",
        _delete(["competencies", 5, "levels", 4]),
        "rubrics/competencies.yaml: competencies[5].levels: missing level 4",
    ),
    (
        "too few questions",
        "competencies.yaml",
        _set(["competencies", 0, "questions"], [{"en": "Why?", "sv": "Varför?"}]),
        "rubrics/competencies.yaml: competencies[0].questions: needs 2-4 questions",
    ),
    (
        "target names an unknown competency",
        "archetypes.yaml",
        _rename_target,
        "rubrics/archetypes.yaml: archetypes[0].targets.kodning: unknown competency 'kodning'\n"
        "rubrics/archetypes.yaml: archetypes[0].targets: no target for competency 'data_ai'",
    ),
    (
        "archetype misses a competency",
        "archetypes.yaml",
        _delete(["archetypes", 1, "targets", "budget_vendors"]),
        "rubrics/archetypes.yaml: archetypes[1].targets: no target for competency 'budget_vendors'",
    ),
    (
        "stage adjusts an unknown competency",
        "stages.yaml",
        _set(["stages", 3, "adjustments", "marketing"], {"level": 1}),
        "rubrics/stages.yaml: stages[3].adjustments.marketing: unknown competency 'marketing'",
    ),
    (
        "stage delta out of range",
        "stages.yaml",
        _set(["stages", 0, "adjustments", "tech_vision"], {"weight": 7}),
        "rubrics/stages.yaml: stages[0].adjustments.tech_vision: weight must be -3 to 3",
    ),
    (
        "unknown cluster",
        "competencies.yaml",
        _set(["competencies", 0, "cluster"], "magic"),
        "rubrics/competencies.yaml: competencies[0].cluster: unknown cluster 'magic'",
    ),
    (
        "source without a seed file name",
        "archetypes.yaml",
        _set(["archetypes", 4, "sources", 0, "seed"], "blog.txt"),
        "rubrics/archetypes.yaml: archetypes[4].sources[0].seed: "
        "must name a seed file like 000_6b7f2ecfeb9e1e67.txt",
    ),
]


def _needs_effect(question: int, answer: int, effect: int) -> list[Any]:
    return ["questions", question, "answers", answer, "effects", effect]


def _needs_band(question: int, band: int) -> list[Any]:
    return ["questions", question, "bands", band]


def _duplicate_question(data: Any) -> None:
    data["questions"][1]["id"] = data["questions"][0]["id"]


def _second_effect(data: Any) -> None:
    effects = data["questions"][0]["answers"][0]["effects"]
    effects.append(dict(effects[0], points=1))


NEEDS = "rubrics/needs.yaml: questions"
BROKEN += [
    (
        "needs: effect on an unknown archetype",
        "needs.yaml",
        _set([*_needs_effect(0, 0, 1), "archetype"], "wizard"),
        f"{NEEDS}[0].answers[0].effects[1].archetype: unknown archetype 'wizard'",
    ),
    (
        "needs: effect on an unknown stage",
        "needs.yaml",
        _set([*_needs_effect(0, 0, 0), "stage"], "ipo"),
        f"{NEEDS}[0].answers[0].effects[0].stage: unknown stage 'ipo'",
    ),
    (
        "needs: effect on an archetype and a stage",
        "needs.yaml",
        _set([*_needs_effect(0, 0, 0), "archetype"], "big_thinker"),
        f"{NEEDS}[0].answers[0].effects[0]: needs exactly one of archetype, stage",
    ),
    (
        "needs: points out of range",
        "needs.yaml",
        _set([*_needs_effect(0, 1, 0), "points"], 5),
        f"{NEEDS}[0].answers[1].effects[0]: points must be -3 to 3",
    ),
    (
        "needs: zero points",
        "needs.yaml",
        _set([*_needs_effect(0, 1, 0), "points"], 0),
        f"{NEEDS}[0].answers[1].effects[0]: points must not be 0",
    ),
    (
        "needs: two effects on one stage",
        "needs.yaml",
        _second_effect,
        f"{NEEDS}[0].answers[0].effects[3]: second effect on 'pre_seed'",
    ),
    (
        "needs: effect without a quote",
        "needs.yaml",
        _delete([*_needs_effect(5, 0, 0), "quote"]),
        f"{NEEDS}[5].answers[0].effects[0].quote: is required",
    ),
    (
        "needs: unknown key",
        "needs.yaml",
        _set(["questions", 2, "colour"], "blue"),
        f"{NEEDS}[2].colour: unknown key",
    ),
    (
        "needs: unknown kind",
        "needs.yaml",
        _set(["questions", 0, "kind"], "text"),
        f"{NEEDS}[0].kind: input should be 'choice' or 'number'",
    ),
    (
        "needs: missing translation",
        "needs.yaml",
        _delete(["questions", 4, "text", "sv"]),
        f"{NEEDS}[4].text.sv: missing Swedish (sv) translation",
    ),
    (
        "needs: question without sources",
        "needs.yaml",
        _set(["questions", 3, "sources"], []),
        f"{NEEDS}[3].sources: list should have at least 1 item after validation, not 0",
    ),
    (
        "needs: duplicate question id",
        "needs.yaml",
        _duplicate_question,
        f"{NEEDS}[1].id: duplicate id 'company_age'",
    ),
    (
        "needs: duplicate answer value",
        "needs.yaml",
        _set(["questions", 5, "answers", 1, "value"], "yes"),
        f"{NEEDS}[5].answers[1].value: duplicate value 'yes'",
    ),
    (
        "needs: choice with one answer",
        "needs.yaml",
        _delete(["questions", 7, "answers", 1]),
        f"{NEEDS}[7].answers: needs at least 2 answers",
    ),
    (
        "needs: choice with bands",
        "needs.yaml",
        _set(["questions", 4, "bands"], []),
        f"{NEEDS}[4].bands: only a number question has bands",
    ),
    (
        "needs: number without min",
        "needs.yaml",
        _delete(["questions", 3, "min"]),
        f"{NEEDS}[3].min: is required for a number question",
    ),
    (
        "needs: max not above min",
        "needs.yaml",
        _set(["questions", 3, "max"], 0),
        f"{NEEDS}[3].max: must be greater than min (0)",
    ),
    (
        "needs: bands out of order",
        "needs.yaml",
        _set([*_needs_band(1, 1), "below"], 5),
        f"{NEEDS}[1].bands[1].below: must be greater than 10",
    ),
    (
        "needs: band beyond max",
        "needs.yaml",
        _set([*_needs_band(3, 1), "below"], 2),
        f"{NEEDS}[3].bands[1].below: must not exceed max (1)",
    ),
    (
        "needs: last band bounded",
        "needs.yaml",
        _set([*_needs_band(1, 3), "below"], 1000),
        f"{NEEDS}[1].bands[3].below: the last band has no bound; it runs up to max",
    ),
    (
        "needs: inner band unbounded",
        "needs.yaml",
        _delete([*_needs_band(2, 1), "below"]),
        f"{NEEDS}[2].bands[1].below: is required on every band but the last",
    ),
    (
        "needs: fractional bound of a whole-number question",
        "needs.yaml",
        _set([*_needs_band(2, 0), "below"], 0.5),
        f"{NEEDS}[2].bands[0].below: must be a whole number (the question is whole)",
    ),
]


@pytest.mark.parametrize(("case", "name", "change", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rubric_gives_exact_error_line(
    copy: Path, case: str, name: str, change: Callable[[Any], None], line: str
) -> None:
    edit(copy, name, change)
    with pytest.raises(RubricError) as info:
        load_rubric(copy)
    assert info.value.problems == line.split("\n")


def test_invalid_yaml_and_missing_file(copy: Path) -> None:
    (copy / "stages.yaml").write_text("stages:\n  - id: [unclosed\n", encoding="utf-8")
    (copy / "scale.yaml").unlink()
    with pytest.raises(RubricError) as info:
        load_rubric(copy)
    assert info.value.problems[0] == "rubrics/scale.yaml: file is missing"
    assert info.value.problems[1].startswith("rubrics/stages.yaml: line 3: not valid YAML:")


def test_every_problem_is_listed_not_only_the_first(copy: Path) -> None:
    edit(copy, "archetypes.yaml", _set(["archetypes", 2, "targets", "data_ai", "weight"], 9))
    edit(copy, "competencies.yaml", _set(["competencies", 0, "colour"], "blue"))
    with pytest.raises(RubricError) as info:
        load_rubric(copy)
    assert info.value.problems == [
        "rubrics/competencies.yaml: competencies[0].colour: unknown key",
        "rubrics/archetypes.yaml: archetypes[2].targets.data_ai: weight must be 0-3",
    ]


def test_cli_rubric_check_exit_codes(copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["rubric", "check", str(copy)])
    assert ok.exit_code == 0, ok.output
    assert (
        "ok (14 competencies, 6 archetypes, 4 stages, 24 profiles, 12 needs questions)" in ok.output
    )
    edit(
        copy,
        "archetypes.yaml",
        _set(["archetypes", 2, "targets", "security_compliance", "weight"], 5),
    )
    bad = runner.invoke(cli, ["rubric", "check", str(copy)])
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        "rubrics/archetypes.yaml: archetypes[2].targets.security_compliance: weight must be 0-3"
    ]


def test_cli_rubric_show_json_contract() -> None:
    result = CliRunner().invoke(cli, ["rubric", "show", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert {"scale", "competencies", "archetypes", "stages"} <= set(doc)
    assert [lv["value"] for lv in doc["scale"]] == [1, 2, 3, 4, 5]
    comp = doc["competencies"][0]
    assert set(comp) == {"id", "cluster", "name", "description", "levels", "questions", "sources"}
    assert set(comp["levels"]) == {"1", "2", "3", "4", "5"}
    assert set(comp["name"]) == {"en", "sv"}
    assert all(set(s) == {"seed", "quote"} for s in comp["sources"])
    ids = {c["id"] for c in doc["competencies"]}
    for arch in doc["archetypes"]:
        assert set(arch["targets"]) == ids
        assert arch["sources"]
    assert len(doc["stages"]) == 4 and all(s["sources"] for s in doc["stages"])
    assert len(doc["profiles"]) == 24


def test_a_key_written_twice_is_an_error_not_last_one_wins(copy: Path) -> None:
    path = copy / "archetypes.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("data_ai:"))
    lines.insert(at + 1, lines[at].replace("weight: 1", "weight: 3"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(copy)
    assert info.value.problems == [
        f"rubrics/archetypes.yaml: line {at + 2}: duplicate key 'data_ai'"
    ]


def test_duplicate_ids_are_reported_beside_schema_errors(copy: Path) -> None:
    def both(data: Any) -> None:
        data["archetypes"][2]["targets"]["data_ai"]["weight"] = 9
        data["archetypes"][4]["id"] = data["archetypes"][1]["id"]

    edit(copy, "archetypes.yaml", both)
    with pytest.raises(RubricError) as info:
        load_rubric(copy)
    assert info.value.problems == [
        "rubrics/archetypes.yaml: archetypes[2].targets.data_ai: weight must be 0-3",
        "rubrics/archetypes.yaml: archetypes[4].id: duplicate id 'technology_visionary'",
    ]


def test_a_folder_without_needs_yaml_loads_without_a_questionnaire(copy: Path) -> None:
    (copy / "needs.yaml").unlink()
    assert load_rubric(copy).needs == ()


def test_cli_rubric_show_json_lists_the_needs_questionnaire() -> None:
    result = CliRunner().invoke(cli, ["rubric", "show", "--json"])
    needs = json.loads(result.stdout)["needs"]
    assert [q["id"] for q in needs][:4] == [
        "company_age",
        "employees",
        "engineers",
        "outsourced_share",
    ]
    age, employees = needs[0], needs[1]
    assert set(age) == {"id", "kind", "text", "sources", "answers"}
    assert age["answers"][0]["value"] == "idea"
    assert age["answers"][0]["effects"][0] == {
        "stage": "pre_seed",
        "points": 3,
        "seed": "000_6b7f2ecfeb9e1e67.txt",
        "quote": "När en affärsidé har blommat ut agerar CTO som en praktisk ingenjör som "
        "bekräftar affärsplanens tekniska genomförbarhet.",
    }
    assert set(employees) == {"id", "kind", "text", "sources", "whole", "min", "max", "bands"}
    assert (employees["min"], employees["max"], employees["whole"]) == (0, 10_000_000, True)
    assert [(b["value"], b["below"]) for b in employees["bands"]] == [
        ("micro", 10), ("small", 50), ("medium", 250), ("large", None)
    ]  # fmt: skip
    assert needs[3]["bands"][0]["below"] == 0.25
