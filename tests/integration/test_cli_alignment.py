"""The stakeholder and alignment commands: exact output, exit codes, `file: location: message`
errors with nothing written, the JSON of issue 13 and the adopted consensus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import write_tiny_rubric
from click.testing import Result
from test_cli_data import run

CEO = """hands_on_engineering: {level: 5, weight: 3}
tech_vision: {level: 3, weight: 1}
people_leadership: {level: 2, weight: 1}
"""
BOARD = """hands_on_engineering: {level: 3, weight: 1}
tech_vision: {level: 5, weight: 3}
people_leadership: {level: 2, weight: 2}
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A database with search 1 and the tiny rubric, and the CEO's and the board's files."""
    rubric = str(write_tiny_rubric(tmp_path / "rubrics"))
    db = f"sqlite:///{tmp_path / 'assess.db'}"
    out = run(["search", "add", "--title", "CTO, Acme", "--archetype", "technical_leader",
               "--stage", "startup", "--db", db, "--rubric", rubric])  # fmt: skip
    assert out.exit_code == 0, out.stderr
    (tmp_path / "ceo.yaml").write_text(CEO, encoding="utf-8")
    (tmp_path / "board.yaml").write_text(BOARD, encoding="utf-8")
    return {"db": db, "rubric": rubric, "dir": str(tmp_path)}


def cmd(env: dict[str, str], *args: str, rubric: bool = True) -> Result:
    extra = ["--db", env["db"]] + (["--rubric", env["rubric"]] if rubric else [])
    return run([*args, *extra])


def _set(env: dict[str, str], name: str, file: str) -> Result:
    return cmd(env, "stakeholder", "set", "--search", "1", "--name", name,
               "--file", str(Path(env["dir"]) / file), "--actor", "Lena Ek")  # fmt: skip


def test_set_and_list(env: dict[str, str]) -> None:
    out = _set(env, "CEO", "ceo.yaml")
    assert (out.exit_code, out.stdout) == (
        0, "search 1: CEO: hands_on_engineering 5/3, tech_vision 3/1, people_leadership 2/1\n"
    )  # fmt: skip
    _set(env, "Board", "board.yaml")
    listed = cmd(env, "stakeholder", "list", "--search", "1", rubric=False)
    assert listed.stdout == (
        "CEO (set by Lena Ek): hands_on_engineering 5/3, tech_vision 3/1, people_leadership 2/1\n"
        "Board (set by Lena Ek): hands_on_engineering 3/1, tech_vision 5/3, people_leadership 2/2\n"
    )
    as_json = json.loads(cmd(env, "stakeholder", "list", "--search", "1", "--json",
                             rubric=False).stdout)  # fmt: skip
    assert as_json[1] == {
        "name": "Board",
        "user_id": None,
        "set_by": "Lena Ek",
        "profile": {"hands_on_engineering": {"level": 3, "weight": 1},
                    "tech_vision": {"level": 5, "weight": 3},
                    "people_leadership": {"level": 2, "weight": 2}},
    }  # fmt: skip
    removed = cmd(env, "stakeholder", "remove", "--search", "1", "--name", "Board", rubric=False)
    assert (removed.exit_code, removed.stdout) == (0, "search 1: Board removed\n")
    again = cmd(env, "stakeholder", "remove", "--search", "1", "--name", "Board", rubric=False)
    assert (again.exit_code, again.stderr) == (1, "name: search 1 has no stakeholder 'Board'\n")


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("hands_on_engineering: {level: 7, weight: 3}\ntech_vision: {level: 3}\nfoo: 1\n",
         ["foo: unknown competency 'foo'; competencies are hands_on_engineering, tech_vision, "
          "people_leadership",
          "hands_on_engineering.level: must be a whole number 1-5, got 7",
          "tech_vision.weight: missing",
          "people_leadership: missing: every competency needs a level and a weight"]),
        ("- 1\n- 2\n", ["top: must be a mapping of competency id to {level, weight}"]),
        ("a: [\n", ["line 2: not valid YAML: expected the node content, but found '<stream end>'"]),
        ("tech_vision: 1\ntech_vision: 2\n", ["line 2: duplicate key 'tech_vision'"]),
    ],
)  # fmt: skip
def test_a_bad_profile_file_is_one_line_per_problem_and_nothing_written(
    env: dict[str, str], text: str, lines: list[str]
) -> None:
    path = Path(env["dir"]) / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    out = _set(env, "CEO", "bad.yaml")
    assert out.exit_code == 1
    assert out.stderr == "".join(f"{path}: {line}\n" for line in lines)
    listed = cmd(env, "stakeholder", "list", "--search", "1", rubric=False)
    assert listed.stdout == "search 1: no stakeholders yet\n"


def test_a_missing_file_and_an_unknown_search(env: dict[str, str]) -> None:
    out = _set(env, "CEO", "nope.yaml")
    assert (out.exit_code, out.stderr) == (
        1,
        f"{Path(env['dir']) / 'nope.yaml'}: top: file is missing\n",
    )
    out = cmd(env, "stakeholder", "set", "--search", "9", "--name", "CEO",
              "--file", str(Path(env["dir"]) / "ceo.yaml"))  # fmt: skip
    assert (out.exit_code, out.stderr) == (1, "search: no search with id 9\n")


def test_one_stakeholder_is_a_message_not_a_number(env: dict[str, str]) -> None:
    _set(env, "CEO", "ceo.yaml")
    out = cmd(env, "alignment", "--search", "1", "--json")
    assert (out.exit_code, out.stdout) == (1, "")
    assert out.stderr == (
        "alignment needs at least 2 stakeholders, got 1: agreement among fewer is not defined\n"
    )


def test_alignment_text_and_json(env: dict[str, str]) -> None:
    _set(env, "CEO", "ceo.yaml")
    _set(env, "Board", "board.yaml")
    out = cmd(env, "alignment", "--search", "1")
    assert out.exit_code == 0, out.stderr
    assert out.stdout == (
        "2 stakeholders: CEO, Board\n"
        "alpha on levels:  0.286\n"
        "alpha on weights: -0.552\n"
        "\n"
        "competency                   mean level spread mean weight spread  consensus\n"
        "hands_on_engineering               4.00      2        2.00      2  level 4 weight 2\n"
        "tech_vision                        4.00      2        2.00      2  level 4 weight 2\n"
        "people_leadership                  2.00      0        1.50      1  level 2 weight 2\n"
        "\n"
        "Most disputed: Hands-on engineering, Technology vision, People leadership\n"
    )
    document = json.loads(cmd(env, "alignment", "--search", "1", "--json").stdout)
    assert document == {
        "stakeholders": ["CEO", "Board"],
        "alpha_weight": pytest.approx(-16 / 29, abs=1e-12),
        "alpha_level": pytest.approx(2 / 7, abs=1e-12),
        "per_competency": {
            "hands_on_engineering": {"mean_level": 4.0, "mean_weight": 2.0,
                                     "spread_level": 2, "spread_weight": 2},
            "tech_vision": {"mean_level": 4.0, "mean_weight": 2.0,
                            "spread_level": 2, "spread_weight": 2},
            "people_leadership": {"mean_level": 2.0, "mean_weight": 1.5,
                                  "spread_level": 0, "spread_weight": 1},
        },
        "most_disputed": ["hands_on_engineering", "tech_vision", "people_leadership"],
        "consensus": {"hands_on_engineering": {"level": 4, "weight": 2},
                      "tech_vision": {"level": 4, "weight": 2},
                      "people_leadership": {"level": 2, "weight": 2}},
    }  # fmt: skip


def test_adopt_makes_the_consensus_the_target_with_its_reason(env: dict[str, str]) -> None:
    _set(env, "CEO", "ceo.yaml")
    _set(env, "Board", "board.yaml")
    out = cmd(env, "alignment", "--search", "1", "--json", "--adopt", "--actor", "Lena Ek")
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["consensus"]["people_leadership"] == {"level": 2, "weight": 2}
    reason = f"consensus of 2 stakeholders on {dt.datetime.now(dt.UTC).date().isoformat()}"
    assert out.stderr == f"search 1: target set to the {reason}\n"
    shown = json.loads(cmd(env, "search", "show", "1", "--json").stdout)["profile"]
    assert shown["people_leadership"] == {
        "level": 2, "weight": 2, "source": "override", "reason": reason, "set_by": "Lena Ek",
        "overrides": ["level", "weight"],
    }  # fmt: skip
