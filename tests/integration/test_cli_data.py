"""The import, report and demo commands: exit codes, exact messages, no writes on bad input."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from builders import HEADER, write_tiny_rubric
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from assess.cli.main import cli
from assess.domain.demo import PANEL, PANEL_PEOPLE, PEOPLE, SEARCH_TITLE, demo_scorecards
from assess.domain.reliability import ICC_KEYS, agreement_explained, leniency
from assess.domain.reports import build_report
from assess.domain.rubric import load_rubric
from assess.domain.scoring import score
from assess.imports.csv_file import to_csv
from assess.services import searches, users
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.storage.db import User
from assess.storage.store import (
    database_fingerprint,
    list_candidates,
    open_database,
    ratings_frame,
    transaction,
)

GOOD = "\r\n".join(
    [
        HEADER,
        "Åsa Öberg,asa@example.se,Karin Ek,2026-03-04,technical,hands_on_engineering,4,Live fix",
        "Åsa Öberg,,Karin Ek,2026-03-04,technical,Teknisk vision,3,",
        "Bo Ek,,Johan Berg,2026-03-05,leadership,people_leadership,2,",
    ]
)
GOOD_ROW = "Cai Lo,,Karin Ek,2026-03-06,technical,tech_vision,3,"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A database with one good import in it, and the tiny rubric."""
    rubric = write_tiny_rubric(tmp_path / "rubrics")
    db = f"sqlite:///{tmp_path / 'assess.db'}"
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    result = run(["import", str(tmp_path / "good.csv"), "--db", db, "--rubric", str(rubric)])
    assert result.exit_code == 0, result.stderr
    return {"db": db, "rubric": str(rubric), "dir": str(tmp_path)}


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def fingerprint(db: str) -> tuple[dict[str, int], str]:
    engine = open_database(db)
    try:
        with transaction(engine, readonly=True) as session:
            return database_fingerprint(session=session)
    finally:
        engine.dispose()


def test_import_prints_what_was_added_and_a_second_run_adds_nothing(env: dict[str, str]) -> None:
    path = Path(env["dir"]) / "good.csv"
    before = fingerprint(env["db"])
    assert before[0]["ratings"] == 3
    again = run(["import", str(path), "--db", env["db"], "--rubric", env["rubric"]])
    assert again.exit_code == 0
    assert again.stdout == (
        f"{path}: read 2 scorecards with 3 ratings; added 0 candidates, 0 scorecards, "
        "0 ratings; updated 0 scorecards (0 ratings changed, 0 removed)\n"
    )
    assert fingerprint(env["db"]) == before


def test_first_import_message(tmp_path: Path) -> None:
    rubric = write_tiny_rubric(tmp_path / "rubrics")
    (tmp_path / "good.csv").write_bytes(codecs.BOM_UTF8 + GOOD.replace(",", ";").encode())
    with CliRunner().isolated_filesystem(temp_dir=tmp_path):
        Path("ratings.csv").write_bytes((tmp_path / "good.csv").read_bytes())
        result = run(["import", "ratings.csv", "--db", "sqlite:///x.db", "--rubric", str(rubric)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "ratings.csv: read 2 scorecards with 3 ratings; added 2 candidates, 2 scorecards, "
        "3 ratings; updated 0 scorecards (0 ratings changed, 0 removed)\n"
    )


BAD = [
    ("unknown competency", "Cai Lo,,Karin Ek,2026-03-06,technical,Kodning,3,",
     'ratings.csv:3:competency: unknown competency "Kodning"'),
    ("rating 0", "Cai Lo,,Karin Ek,2026-03-06,technical,tech_vision,0,",
     'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "0"'),
    ("rating 6", "Cai Lo,,Karin Ek,2026-03-06,technical,tech_vision,6,",
     'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "6"'),
    ("rating abc", "Cai Lo,,Karin Ek,2026-03-06,technical,tech_vision,abc,",
     'ratings.csv:3:rating: rating must be a whole number 1-5 or empty/N/A/-, got "abc"'),
    ("missing candidate", ",,Karin Ek,2026-03-06,technical,tech_vision,3,",
     "ratings.csv:3:candidate: candidate is required"),
    ("duplicate rating", "Cai Lo,,Karin Ek,2026-03-06,technical,Technology vision,4,",
     "ratings.csv:3:competency: duplicate rating for this scorecard and competency "
     "(first at row 2)"),
    ("wrong column count", "Cai Lo,,Karin Ek,2026-03-06,technical,tech_vision,3,,x",
     "ratings.csv:3:*: expected 8 columns, found 9"),
    ("bad date", "Cai Lo,,Karin Ek,3/4/2026,technical,tech_vision,3,",
     'ratings.csv:3:interview_date: date must be YYYY-MM-DD, got "3/4/2026"'),
]  # fmt: skip


@pytest.mark.parametrize(("case", "row", "expected"), BAD, ids=[c for c, _, _ in BAD])
def test_bad_file_exits_1_with_the_line_on_stderr_and_writes_nothing(
    env: dict[str, str], case: str, row: str, expected: str
) -> None:
    before = fingerprint(env["db"])
    with CliRunner().isolated_filesystem(temp_dir=env["dir"]):
        # a good row first: a valid part of a bad file must not be imported either
        Path("ratings.csv").write_text("\n".join([HEADER, GOOD_ROW, row]), encoding="utf-8")
        result = run(["import", "ratings.csv", "--db", env["db"], "--rubric", env["rubric"]])
    assert result.exit_code == 1
    assert result.stderr == expected + "\n"
    assert result.stdout == ""
    assert fingerprint(env["db"]) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import"], "Missing argument 'FILE'"),
        (["import", "no-such-file.csv"], "'no-such-file.csv' does not exist"),
        (["report", "--kind", "pdf"], "'pdf' is not one of 'summary', 'detail', 'ratings'"),
        (["report", "--stage", "growth"], "the summary report needs --archetype (one of "),
        (["report", "--archetype", "cto", "--stage", "growth"], '"cto" is not one of '),
        (["report", "--excel", "de"], "'de' is not 'sv'"),
        (["demo", "--seed", "x"], "'x' is not a valid integer"),
    ],
)
def test_usage_errors_exit_2(env: dict[str, str], args: list[str], message: str) -> None:
    result = run([*args, "--db", env["db"]])
    assert result.exit_code == 2
    assert message in result.stderr


def test_report_to_stdout_and_to_a_file(env: dict[str, str]) -> None:
    rubric = load_rubric(env["rubric"])
    engine = open_database(env["db"])
    with transaction(engine, readonly=True) as session:
        ratings = ratings_frame(session=session)
    engine.dispose()
    common = ["--db", env["db"], "--rubric", env["rubric"]]
    shown = run(["report", "--archetype", "technical_leader", "--stage", "growth", *common])
    assert shown.exit_code == 0
    summary = build_report("summary", ratings, rubric, archetype="technical_leader", stage="growth")
    assert shown.stdout_bytes == to_csv(summary)
    out = Path(env["dir"]) / "detail.csv"
    args = ["report", "--kind", "detail", "--archetype", "technical_leader", "--stage", "growth"]
    written = run([*args, "--excel", "sv", "--lang", "sv", "-o", str(out), *common])
    assert written.exit_code == 0
    assert written.stdout == f"{out}: detail report, 6 rows\n"
    detail = build_report(
        "detail", ratings, rubric, archetype="technical_leader", stage="growth", lang="sv"
    )
    assert out.read_bytes() == to_csv(detail, excel="sv")
    assert out.read_bytes().startswith(codecs.BOM_UTF8 + b"rank;candidate;competency;")


def test_ratings_report_of_the_cli_imports_again_unchanged(env: dict[str, str]) -> None:
    out = Path(env["dir"]) / "ratings.csv"
    common = ["--db", env["db"], "--rubric", env["rubric"]]
    assert (
        run(["report", "--kind", "ratings", "--excel", "sv", "-o", str(out), *common]).exit_code
        == 0
    )
    before = fingerprint(env["db"])
    result = run(["import", str(out), *common])
    assert result.exit_code == 0
    assert "added 0 candidates, 0 scorecards, 0 ratings; updated 0 scorecards" in result.stdout
    assert fingerprint(env["db"]) == before


def test_bad_rubric_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "f.csv").write_text(GOOD, encoding="utf-8")
    result = run(["import", str(tmp_path / "f.csv"), "--rubric", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "empty/scale.yaml: file is missing" in result.stderr


def test_demo_is_marked_idempotent_and_deterministic(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    first = run(["demo", "--db", db])
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("demo data: added 12 candidates, ")
    lines = first.stdout.splitlines()
    assert lines[1] == "demo accounts, one per role (the passwords are shown this once):"
    accounts = [line.split() for line in lines[2:]]
    assert [(role, email) for role, email, _ in accounts] == [
        ("admin", "demo.admin@example.com"),
        ("recruiter", "demo.recruiter@example.com"),
        ("hiring_manager", "demo.manager@example.com"),
        ("interviewer", "karin.ek@example.com"),
    ]
    # each printed password signs its account in; the database holds only argon2id hashes
    engine = open_database(db)
    for role, email, password in accounts:
        user = users.sign_in(email, password, engine=engine)
        assert user is not None and user.role == role
    with transaction(engine, readonly=True) as session:
        hashes = [row.password_hash for row in session.scalars(select(User))]
    engine.dispose()
    assert all(h is not None and h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in hashes)
    assert not any(password in str(hashes) for _, _, password in accounts)
    before = fingerprint(db)
    second = run(["demo", "--db", db])
    assert second.stdout == (
        "demo data: added 0 candidates, 0 scorecards, 0 ratings; updated 0 scorecards\n"
        "demo accounts: they exist already (a new password: "
        "`python -m assess user reset-password EMAIL`)\n"
    )
    assert fingerprint(db) == before
    engine = open_database(db)
    with transaction(engine, readonly=True) as session:
        people = list_candidates(session=session)
    engine.dispose()
    assert len(people) == len(PEOPLE) == 12
    for person in people:
        assert person.is_demo and person.name.endswith(" (demo)")
        assert person.notes.startswith("Demo data. ")
        # 3-5 interviews each, and the demo search's panel of 3 for the first six
        panel = len(PANEL) if int(str(person.external_id)[5:]) <= PANEL_PEOPLE else 0
        assert 3 + panel <= person.scorecards <= 5 + panel

    rubric = load_rubric()
    day = dt.date(2026, 11, 23)
    cards = demo_scorecards(rubric, seed=3, today=day)
    assert cards == demo_scorecards(rubric, seed=3, today=day)
    assert cards != demo_scorecards(rubric, seed=4, today=day)
    assert all(day - dt.timedelta(days=60) <= c.interview_date <= day for c in cards)
    assert {c.notes for c in cards} == {"Demo data"}


def test_demo_search_has_a_full_panel_so_every_statistic_shows(engine: Engine) -> None:
    rubric = load_rubric()
    admin = Actor("test")
    for _ in range(2):  # a second run adds no second search
        load_demo(actor=admin, engine=engine, rubric=rubric, today=dt.date(2026, 11, 23))
    (found,) = [s for s in searches.list_searches(actor=admin, engine=engine)
                if s.title == SEARCH_TITLE]  # fmt: skip
    assert (found.client, found.archetype, found.stage) == (
        "Demo client",
        rubric.archetypes[0].id,
        rubric.stage_ids[0],
    )
    view = searches.show_search(found.id, actor=admin, engine=engine, rubric=rubric)
    assert [(p.name, p.stage) for p in view.pipeline] == sorted(
        (person.name, "interviewing") for person in PEOPLE[:PANEL_PEOPLE]
    )
    ratings = searches.search_ratings(found.id, actor=admin, engine=engine)
    assert sorted(set(ratings["interviewer"])) == sorted(PANEL)
    table, why = agreement_explained(ratings, rubric.competency_ids)
    assert why == [{}] * len(rubric.competency_ids)  # no reason: every number is there
    assert not table[["alpha", *ICC_KEYS]].isna().any().any()
    assert table["icc_candidates"].tolist() == [PANEL_PEOPLE] * len(rubric.competency_ids)
    lenient = leniency(ratings)
    assert not lenient["leniency"].isna().any()
    # the lenient panellist rates above the harsh one
    assert lenient.at["Karin Ek", "leniency"] > 0 > lenient.at["Johan Berg", "leniency"]


def test_demo_has_lenient_and_harsh_raters_and_varied_best_fits() -> None:
    rubric = load_rubric()
    cards = demo_scorecards(rubric, today=dt.date(2026, 11, 23))
    rows = [
        (c.candidate.name, c.interviewer, c.recommendation, r.competency, r.rating)
        for c in cards
        if c.state == "submitted"
        for r in c.ratings
    ]
    frame = pd.DataFrame(rows, columns=["candidate", "interviewer", "rec", "competency", "rating"])
    frame["rating"] = frame["rating"].astype(float)
    by_rater = frame.groupby("interviewer")["rating"].mean()
    assert by_rater["Karin Ek"] - by_rater["Johan Berg"] > 0.8
    best = (
        score(frame, rubric.profiles(), settings=rubric.settings)
        .sort_values("fit", ascending=False)
        .drop_duplicates("candidate")
    )
    assert best["archetype"].nunique() >= 4
    # the recommendation follows the mean of the card's ratings
    bands = {"strong_no": (1, 2.5), "no": (2.5, 3.2), "yes": (3.2, 4), "strong_yes": (4, 5.1)}
    for c in cards:
        given = [r.rating for r in c.ratings if r.rating is not None]
        if c.recommendation is None:
            assert c.state == "draft" or not given
            continue
        low, high = bands[c.recommendation]
        assert low <= sum(given) / len(given) < high


def test_store_refusal_exits_1_and_writes_nothing(env: dict[str, str]) -> None:
    path = Path(env["dir"]) / "namesake.csv"
    rows = [
        HEADER,
        "Åsa Öberg,asa2@example.se,Maria Holm,2026-03-07,case,tech_vision,3,",
        "Åsa Öberg,,Maria Holm,2026-03-08,case,tech_vision,3,",
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    before = fingerprint(env["db"])
    result = run(["import", str(path), "--db", env["db"], "--rubric", env["rubric"]])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: scorecard 2: name 'Åsa Öberg' matches 2 candidates")
    assert fingerprint(env["db"]) == before
