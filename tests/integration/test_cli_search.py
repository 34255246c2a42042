"""The search commands and --search on import, report and reliability: output, exit codes,
one-line errors naming the field, nothing written on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from builders import HEADER, write_tiny_rubric
from click.testing import Result
from test_cli_data import fingerprint, run

from assess.storage.db import Base, open_database


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A database with one search (id 1) and the tiny rubric."""
    rubric = str(write_tiny_rubric(tmp_path / "rubrics"))
    db = f"sqlite:///{tmp_path / 'assess.db'}"
    out = run(["search", "add", "--title", "CTO, Acme", "--archetype", "technical_leader",
               "--stage", "startup", "--client", "Acme AB",
               "--db", db, "--rubric", rubric])  # fmt: skip
    assert (out.exit_code, out.stdout) == (0, "1\n"), out.stderr
    return {"db": db, "rubric": rubric, "dir": str(tmp_path)}


def cmd(env: dict[str, str], *args: str, rubric: bool = True) -> Result:
    extra = ["--db", env["db"]] + (["--rubric", env["rubric"]] if rubric else [])
    return run([*args, *extra])


def test_add_list_show_and_set_target(env: dict[str, str]) -> None:
    out = cmd(env, "search", "set-target", "1", "--competency", "people_leadership",
              "--level", "5", "--weight", "3", "--reason", "leads 40 engineers",
              "--actor", "Lena Ek")  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert out.stdout == (
        "search 1: people_leadership            level 5 (override)           weight 3 "
        "(override)  reason: leads 40 engineers (set by Lena Ek)\n"
    )
    listed = cmd(env, "search", "list", "--json", rubric=False)
    assert json.loads(listed.stdout) == [
        {"id": 1, "title": "CTO, Acme", "client": "Acme AB", "archetype": "technical_leader",
         "stage": "startup", "status": "open"},
    ]  # fmt: skip
    assert cmd(env, "search", "list", rubric=False).stdout == (
        "   1  open     technical_leader x startup  CTO, Acme (Acme AB)\n"
    )
    shown = json.loads(cmd(env, "search", "show", "1", "--json").stdout)
    assert shown == {
        "id": 1,
        "title": "CTO, Acme",
        "client": "Acme AB",
        "archetype": "technical_leader",
        "stage": "startup",
        "status": "open",
        "notes": "",
        "feedback_visibility": "after_submit",
        "profile": {
            "hands_on_engineering": {"level": 4, "weight": 3, "source": "archetype+stage"},
            "tech_vision": {"level": 3, "weight": 1, "source": "archetype+stage"},
            "people_leadership": {"level": 5, "weight": 3, "source": "override",
                                  "reason": "leads 40 engineers", "set_by": "Lena Ek",
                                  "overrides": ["level", "weight"]},
        },
        "pipeline": [],
    }  # fmt: skip


def test_add_candidate_and_move(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(
        HEADER + "\nAnna Berg,,Lena Ek,2026-11-02,technical,tech_vision,3,\n", encoding="utf-8"
    )
    assert cmd(env, "import", str(tmp_path / "one.csv")).exit_code == 0
    out = cmd(env, "search", "add-candidate", "1", "1", rubric=False)
    assert out.stdout == "search 1: candidate 1 added at sourced\n"
    again = cmd(env, "search", "add-candidate", "1", "1", rubric=False)
    assert again.stdout == "search 1: candidate 1 already in the search, nothing changed\n"
    moved = cmd(env, "search", "move", "1", "1", "--stage", "screening", "--reason",
                "strong referral", rubric=False)  # fmt: skip
    assert moved.stdout == "search 1: candidate 1 moved from sourced to screening\n"
    shown = json.loads(cmd(env, "search", "show", "1", "--json").stdout)
    assert shown["pipeline"] == [{"candidate": 1, "name": "Anna Berg", "stage": "screening"}]
    text = cmd(env, "search", "show", "1").stdout
    assert text.endswith("candidates: 1\n     1  screening    Anna Berg\n")
    assert text.startswith(
        "search 1: CTO, Acme (Acme AB)\nstatus open; target technical_leader x startup\n"
        "target profile:\n"
        "  hands_on_engineering         level 4 (archetype+stage)    weight 3 (archetype+stage)\n"
    )


BAD = [
    (["search", "add", "--title", "T", "--archetype", "wizard", "--stage", "startup"],
     "archetype: unknown archetype 'wizard'; one of technical_leader, operational_manager"),
    (["search", "add", "--title", "T", "--archetype", "technical_leader", "--stage", "late"],
     "stage: unknown stage 'late'; one of startup, growth"),
    (["search", "add", "--title", " ", "--archetype", "technical_leader", "--stage", "startup"],
     "title: must not be empty"),
    (["search", "set-target", "1", "--competency", "coding", "--level", "3", "--reason", "r"],
     "competency: unknown competency 'coding'; one of hands_on_engineering, tech_vision, "
     "people_leadership"),
    (["search", "set-target", "1", "--competency", "tech_vision", "--level", "6", "--reason", "r"],
     "level: must be 1-5, got 6"),
    (["search", "set-target", "1", "--competency", "tech_vision", "--level", "0", "--reason", "r"],
     "level: must be 1-5, got 0"),
    (["search", "set-target", "1", "--competency", "tech_vision", "--weight", "4", "--reason", "r"],
     "weight: must be 0-3, got 4"),
    (["search", "set-target", "1", "--competency", "tech_vision", "--weight", "2"],
     "reason: an override needs a reason"),
    (["search", "set-target", "1", "--competency", "tech_vision", "--reason", "r"],
     "level: an override sets a level, a weight or both"),
    (["search", "set-target", "7", "--competency", "tech_vision", "--level", "2", "--reason", "r"],
     "search: no search with id 7"),
    (["search", "show", "7"], "search: no search with id 7"),
    (["search", "add-candidate", "1", "42"], "candidate: no candidate with id 42"),
    (["search", "add-candidate", "3", "42"], "search: no search with id 3"),
    (["search", "move", "1", "42", "--stage", "hired"], "candidate: candidate 42 is not in "
     "search 1"),
    (["search", "move", "1", "42", "--stage", "done"], "stage: unknown pipeline stage 'done'; "
     "one of sourced, screening, interviewing, final, offer, hired, rejected, withdrawn"),
    (["report", "--search", "5", "--kind", "summary"], "search: no search with id 5"),
    (["reliability", "--search", "5"], "reliability: search: no search with id 5"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD, ids=[m.split(":")[0] + str(i)
                                                      for i, (_, m) in enumerate(BAD)])  # fmt: skip
def test_bad_input_is_one_line_naming_the_field(
    env: dict[str, str], args: list[str], message: str
) -> None:
    before = fingerprint(env["db"])
    rubric = args[0] != "search" or args[1] in ("add", "set-target", "show")
    out = cmd(env, *args, rubric=rubric)
    assert (out.exit_code, out.stdout, out.stderr) == (1, "", message + "\n")
    assert fingerprint(env["db"]) == before


def test_bad_add_creates_no_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    out = run(["search", "add", "--title", "T", "--archetype", "x", "--stage", "y",
               "--db", f"sqlite:///{db}"])  # fmt: skip
    assert out.exit_code == 1
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "move", "1", "1"], "Missing option '--stage'"),
        (["search", "set-target", "1", "--competency", "tech_vision", "--level", "high"],
         "'high' is not a valid integer"),
        (["report", "--search", "1", "--archetype", "technical_leader"],
         "--search scores against the search's own profile: leave out --archetype and --stage"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2(env: dict[str, str], args: list[str], message: str) -> None:
    out = cmd(env, *args, rubric=args[0] != "search" or args[1] == "set-target")
    assert out.exit_code == 2
    assert message in out.stderr


LONG = HEADER + ",search"


def _csv(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join([LONG, *lines]) + "\n", encoding="utf-8")
    return str(path)


def test_import_report_and_reliability_on_a_search(env: dict[str, str], tmp_path: Path) -> None:
    """Search 1 overrides people leadership (5, weight 3) and tech vision (weight 2). Anna's
    ratings in it: hands-on 3 and 4, vision 2, people 4, so fit = 71.875 (see the services
    test); her rating outside the search (vision 5, no search column value) is left out."""
    for args in (["--competency", "people_leadership", "--level", "5", "--weight", "3"],
                 ["--competency", "tech_vision", "--weight", "2"]):  # fmt: skip
        assert cmd(env, "search", "set-target", "1", *args, "--reason", "client").exit_code == 0
    path = _csv(tmp_path, "in.csv", [
        "Anna Berg,,Lena Ek,2026-11-02,technical,hands_on_engineering,3,,1",
        "Anna Berg,,Lena Ek,2026-11-02,technical,tech_vision,2,,1",
        "Anna Berg,,Lena Ek,2026-11-02,technical,people_leadership,4,,1",
        "Anna Berg,,Per Holm,2026-11-03,technical,hands_on_engineering,4,,1",
        "Anna Berg,,Sara Lind,2026-11-04,case,tech_vision,5,,",
    ])  # fmt: skip
    out = cmd(env, "import", path)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith(f"{path}: read 3 scorecards with 5 ratings; added 1 candidates")
    shown = json.loads(cmd(env, "search", "show", "1", "--json").stdout)
    assert shown["pipeline"] == [{"candidate": 1, "name": "Anna Berg", "stage": "interviewing"}]
    summary = cmd(env, "report", "--search", "1", "--kind", "summary")
    assert summary.exit_code == 0, summary.stderr
    (row,) = list(csv.DictReader(io.StringIO(summary.stdout)))
    assert (row["candidate"], row["fit_pct"], row["scorecards"]) == ("Anna Berg", "71.88", "2")
    ratings = cmd(env, "report", "--search", "1", "--kind", "ratings")
    assert len(list(csv.DictReader(io.StringIO(ratings.stdout)))) == 4
    # without --search the same command scores every rating, as before
    everything = cmd(env, "report", "--kind", "ratings")
    assert len(list(csv.DictReader(io.StringIO(everything.stdout)))) == 5
    agreement = json.loads(cmd(env, "reliability", "--search", "1", "--json").stdout)
    hands_on = next(a for a in agreement["agreement"] if a["competency"] == "hands_on_engineering")
    assert hands_on["ratings"] == 2
    vision = next(a for a in agreement["agreement"] if a["competency"] == "tech_vision")
    # one rating of Anna's vision in the search: nothing to agree on (single ratings are left out)
    assert vision["ratings"] == 0
    all_vision = json.loads(cmd(env, "reliability", "--json").stdout)["agreement"]
    assert next(a for a in all_vision if a["competency"] == "tech_vision")["ratings"] == 2


def test_import_search_errors_at_their_row(env: dict[str, str], tmp_path: Path) -> None:
    before = fingerprint(env["db"])
    path = _csv(tmp_path, "bad.csv", [
        "Anna Berg,,Lena Ek,2026-11-02,technical,tech_vision,3,,1",
        "Bo Ek,,Lena Ek,2026-11-02,technical,tech_vision,3,,9",
        "Cia Lo,,Lena Ek,2026-11-02,technical,tech_vision,3,,two",
    ])  # fmt: skip
    out = cmd(env, "import", path)
    assert (out.exit_code, out.stderr) == (
        1,
        f'{path}:4:search: search must be a search id (a number), got "two"\n',
    )
    path = _csv(tmp_path, "bad2.csv", [
        "Anna Berg,,Lena Ek,2026-11-02,technical,tech_vision,3,,1",
        "Bo Ek,,Lena Ek,2026-11-02,technical,tech_vision,3,,9",
    ])  # fmt: skip
    out = cmd(env, "import", path)
    assert (out.exit_code, out.stderr) == (1, f"{path}:3:search: unknown search 9\n")
    out = cmd(env, "import", path, "--search", "1")
    assert (out.exit_code, out.stderr) == (
        1,
        f"{path}:3:search: the row names search 9, the command --search 1\n",
    )
    plain = tmp_path / "plain.csv"
    plain.write_text(HEADER + "\nAnna,,Lena Ek,2026-11-02,technical,tech_vision,3,\n", "utf-8")
    out = cmd(env, "import", str(plain), "--search", "4")
    assert (out.exit_code, out.stderr) == (1, f"{plain}: search: no search with id 4\n")
    assert fingerprint(env["db"]) == before
    out = cmd(env, "import", str(plain), "--search", "1")
    assert out.exit_code == 0, out.stderr
    shown = json.loads(cmd(env, "search", "show", "1", "--json").stdout)
    assert [p["name"] for p in shown["pipeline"]] == ["Anna"]


# --- the hiring team, the interview plan and progress -------------------------------------------

FOCUS = "hands_on_engineering,tech_vision,people_leadership"


def everything(db: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the search tables included), to prove nothing was written."""
    engine = open_database(db)
    try:
        with engine.connect() as conn:
            return {
                table.name: [tuple(row) for row in conn.execute(table.select().order_by(
                    *table.primary_key.columns))]
                for table in Base.metadata.sorted_tables
            }  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture
def team_env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Search 1 with Anna Berg (candidate 1, rated by Lena Ek in a technical interview on
    2026-11-02, the scorecard in search 1) and search 2 with nobody; users Lena Ek (1) and
    Per Holm (2), on no team yet."""
    for email, name in (("lena@example.com", "Lena Ek"), ("per@example.com", "Per Holm")):
        out = cmd(env, "user", "add", email, "--name", name, "--role", "interviewer",
                  "--sign-in", "sso", rubric=False)  # fmt: skip
        assert out.exit_code == 0, out.stderr
    (tmp_path / "one.csv").write_text(
        HEADER + "\nAnna Berg,,Lena Ek,2026-11-02,technical,tech_vision,3,\n", encoding="utf-8"
    )
    assert cmd(env, "import", str(tmp_path / "one.csv"), "--search", "1").exit_code == 0
    second = cmd(env, "search", "add", "--title", "CTO, Beta", "--archetype", "technical_leader",
                 "--stage", "growth")  # fmt: skip
    assert second.stdout == "2\n", second.stderr
    return env


def test_team_plan_assignments_and_progress(team_env: dict[str, str]) -> None:
    env = team_env
    out = cmd(env, "search", "team", "1", "--user", "lena@example.com", "--role", "interviewer",
              rubric=False)  # fmt: skip
    assert (out.exit_code, out.stdout) == (0, "search 1: Lena Ek (lena@example.com) on the team "
                                              "as interviewer\n"), out.stderr  # fmt: skip
    out = cmd(env, "search", "team", "1", "--user", " Per@Example.com", "--role", "recruiter",
              rubric=False)  # fmt: skip
    assert out.stdout == "search 1: Per Holm (per@example.com) on the team as recruiter\n"
    # a second call changes the role
    out = cmd(env, "search", "team", "1", "--user", "per@example.com", "--role",
              "hiring_manager", rubric=False)  # fmt: skip
    assert out.stdout == "search 1: Per Holm (per@example.com) on the team as hiring_manager\n"
    out = cmd(env, "search", "interview", "1", "--name", "Deep dive", "--kind", "technical",
              "--focus", FOCUS, "--date", "2026-11-02")  # fmt: skip
    assert (out.exit_code, out.stdout) == (0, "1\n"), out.stderr
    out = cmd(env, "search", "interview", "1", "--name", "Board", "--kind", "leadership",
              "--focus", "people_leadership, tech_vision ,hands_on_engineering")  # fmt: skip
    assert out.stdout == "2\n", out.stderr
    for user in ("lena@example.com", "per@example.com"):
        out = cmd(env, "search", "assign", "1", "1", "1", "--user", user, rubric=False)
        assert out.stdout == f"search 1: interview 1, candidate 1: {user} assigned\n", out.stderr
    again = cmd(env, "search", "assign", "1", "1", "1", "--user", "lena@example.com",
                rubric=False)  # fmt: skip
    assert again.stdout == (
        "search 1: interview 1, candidate 1: lena@example.com already assigned, nothing changed\n"
    )
    progress = cmd(env, "search", "progress", "1", "--json", "--today", "2026-11-05")
    assert json.loads(progress.stdout) == {
        "search": 1,
        "cells": [
            {"candidate": 1, "name": "Anna Berg", "interview": 1, "interview_name": "Deep dive",
             "date": "2026-11-02", "interviewer": "Lena Ek", "state": "submitted",
             "overdue": False},
            # Per has no scorecard 3 days after the interview: overdue
            {"candidate": 1, "name": "Anna Berg", "interview": 1, "interview_name": "Deep dive",
             "date": "2026-11-02", "interviewer": "Per Holm", "state": "not_started",
             "overdue": True},
            {"candidate": 1, "name": "Anna Berg", "interview": 2, "interview_name": "Board",
             "date": None, "interviewer": None, "state": "unassigned", "overdue": False},
        ],
        "counts": {"unassigned": 1, "not_started": 1, "draft": 0, "submitted": 1, "overdue": 1},
    }  # fmt: skip
    text = cmd(env, "search", "progress", "1", "--today", "2026-11-04")
    assert text.stdout.splitlines() == [
        "search 1: 1 candidates x 2 interviews; 1 unassigned, 1 not_started, 0 draft, "
        "1 submitted, 0 overdue",
        f"     1 {'Anna Berg':24}    1 {'Deep dive':20} {'Lena Ek':20} submitted",
        f"     1 {'Anna Berg':24}    1 {'Deep dive':20} {'Per Holm':20} not_started",
        f"     1 {'Anna Berg':24}    2 {'Board':20} {'-':20} unassigned",
    ]
    out = cmd(env, "search", "team-remove", "1", "--user", "per@example.com", rubric=False)
    assert out.stdout == "search 1: per@example.com taken off the team\n"
    out = cmd(env, "search", "team-remove", "1", "--user", "per@example.com", rubric=False)
    assert out.stdout == "search 1: per@example.com not on the team, nothing changed\n"
    # off the team, off its interviews too
    cells = json.loads(cmd(env, "search", "progress", "1", "--json").stdout)["cells"]
    assert [c["interviewer"] for c in cells] == ["Lena Ek", None]


TEAM_BAD = [
    (["search", "team", "1", "--user", "nobody@example.com", "--role", "interviewer"],
     "user: no active user with email nobody@example.com"),
    (["search", "team", "1", "--user", "lena@example.com", "--role", "boss"],
     "role: unknown role on a search 'boss'; one of recruiter, hiring_manager, interviewer"),
    (["search", "team", "9", "--user", "lena@example.com", "--role", "interviewer"],
     "search: no search with id 9"),
    (["search", "team-remove", "1", "--user", "nobody@example.com"],
     "user: no active user with email nobody@example.com"),
    (["search", "interview", "1", "--name", "N", "--kind", "K",
      "--focus", "hands_on_engineering,tech_vision"],
     "focus: an interview focuses on 3-6 competencies, got 2"),
    (["search", "interview", "1", "--name", "N", "--kind", "K",
      "--focus", "coding,tech_vision,people_leadership"],
     "focus: unknown competency 'coding'; one of hands_on_engineering, tech_vision, "
     "people_leadership"),
    (["search", "interview", "1", "--name", "N", "--kind", "K",
      "--focus", "tech_vision,tech_vision,people_leadership"],
     "focus: a competency is named twice"),
    (["search", "interview", "1", "--name", " ", "--kind", "K", "--focus", FOCUS],
     "name: must not be empty"),
    (["search", "interview", "1", "--name", "N", "--kind", "", "--focus", FOCUS],
     "kind: must not be empty"),
    (["search", "interview", "1", "--name", "N", "--kind", "K", "--focus", FOCUS,
      "--date", "2026-13-01"], "date: must be a date YYYY-MM-DD, got '2026-13-01'"),
    (["search", "interview", "7", "--name", "N", "--kind", "K", "--focus", FOCUS],
     "search: no search with id 7"),
    (["search", "assign", "1", "1", "1", "--user", "nobody@example.com"],
     "user: no active user with email nobody@example.com"),
    (["search", "assign", "1", "9", "1", "--user", "lena@example.com"],
     "interview: no interview with id 9"),
    (["search", "assign", "2", "1", "1", "--user", "lena@example.com"],
     "interview: interview 1 is not in search 2"),
    (["search", "assign", "1", "1", "1", "--user", "per@example.com"],
     "interviewer: user 2 is not on search 1's team"),
    (["search", "assign", "1", "1", "5", "--user", "lena@example.com"],
     "candidate: candidate 5 is not in search 1"),
    (["search", "progress", "7"], "search: no search with id 7"),
    (["search", "progress", "1", "--today", "soon"],
     "today: must be a date YYYY-MM-DD, got 'soon'"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), TEAM_BAD,
                         ids=[f"{a[1]}-{m.split(':')[0]}-{i}" for i, (a, m)
                              in enumerate(TEAM_BAD)])  # fmt: skip
def test_team_and_plan_bad_input_is_one_line_and_writes_nothing(
    team_env: dict[str, str], args: list[str], message: str
) -> None:
    env = team_env
    # Lena on search 1's team and one interview planned, so that the later checks are reached
    cmd(env, "search", "team", "1", "--user", "lena@example.com", "--role", "interviewer",
        rubric=False)  # fmt: skip
    planned = cmd(env, "search", "interview", "1", "--name", "Deep dive", "--kind", "technical",
                  "--focus", FOCUS)  # fmt: skip
    assert planned.stdout == "1\n", planned.stderr
    before = everything(env["db"])
    out = cmd(env, *args, rubric=args[1] in ("interview", "progress"))
    assert (out.exit_code, out.stdout, out.stderr) == (1, "", message + "\n")
    assert everything(env["db"]) == before
