"""The candidate's data rights through the CLI: list, export, erase and retention, with the
entry each erasure leaves in the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from builders import DAY, HANDS_ON, PEOPLE, VISION, card
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select, update

from assess.cli.main import cli
from assess.domain.permissions import PermissionDenied
from assess.domain.rubric import load_rubric
from assess.services import backup, candidates, privacy, searches
from assess.services.actor import Actor
from assess.services.users import add_user
from assess.storage import store, users
from assess.storage.db import (
    CANDIDATES,
    RATING_AUDIT,
    SCORECARDS,
    InterviewAssignment,
    PipelineMove,
    SearchCandidate,
    transaction,
    utcnow,
)

ANNA_EVIDENCE = "Ran the Kafka migration without downtime"
BO_EVIDENCE = "Rebuilt the data team after the merger"
ADMIN = Actor("Lena Admin", "cli")


def _load(engine: Engine) -> dict[str, int]:
    """Anna (two scorecards, one rating changed later) and Bo; name -> id."""
    with transaction(engine) as session:
        store.import_scorecards(
            [
                card("Anna Berg", email="anna.berg@example.se",
                     ratings=((HANDS_ON, 4, ANNA_EVIDENCE), (VISION, None, ""))),
                card("Anna Berg", email="anna.berg@example.se", interviewer="Omar Haddad",
                     interview_type="leadership", ratings=((PEOPLE, 3, "Coached two leads"),)),
                card("Bo Lund", ratings=((HANDS_ON, 2, BO_EVIDENCE),)),
            ],
            session=session,
            actor="import test.csv",
        )  # fmt: skip
    with transaction(engine) as session:
        store.import_scorecards(
            [card("Anna Berg", email="anna.berg@example.se",
                  ratings=((HANDS_ON, 5, ANNA_EVIDENCE + ", twice"), (VISION, None, "")))],
            session=session,
            actor="import fix.csv",
        )  # fmt: skip
        return {c.name: c.id for c in store.list_candidates(session=session)}


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(engine: Engine, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", _url(engine)])


def erasures(engine: Engine) -> list[dict[str, Any]]:
    """The audit trail's erasure entries, oldest first."""
    with transaction(engine, readonly=True) as session:
        return [e for e in users.events(session) if e["action"] == "candidate.erased"]


def test_list_prints_ids_names_and_emails(shared_engine: Engine) -> None:
    ids = _load(shared_engine)
    result = _run(shared_engine, "candidate", "list")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{ids['Anna Berg']}\tAnna Berg\tanna.berg@example.se\n{ids['Bo Lund']}\tBo Lund\t\n"
    )
    result = _run(shared_engine, "candidate", "list", "--json")
    assert json.loads(result.stdout) == [
        {"id": ids["Anna Berg"], "name": "Anna Berg", "email": "anna.berg@example.se"},
        {"id": ids["Bo Lund"], "name": "Bo Lund", "email": None},
    ]


def _without_times(value: Any) -> Any:
    """The export with every time replaced by whether it is an aware ISO 8601 time."""
    if isinstance(value, dict):
        return {
            k: (dt.datetime.fromisoformat(v).tzinfo == dt.UTC)
            if k in {"at", "added_at", "created_at", "updated_at", "submitted_at", "exported_at"}
            and v is not None
            else _without_times(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _exported_card(
    card_id: int, interviewer: str, interview_type: str, ratings: list[dict[str, Any]]
) -> dict[str, Any]:
    """A scorecard as the export shows it (times as `_without_times` leaves them)."""
    return {
        "id": card_id,
        "interviewer": interviewer,
        "interview_type": interview_type,
        "interview_date": DAY.isoformat(),
        "recommendation": "yes",
        "state": "submitted",
        "submitted_at": True,
        "source": None,
        "external_id": None,
        "notes": "",
        "created_at": True,
        "updated_at": True,
        "search_id": None,
        "ratings": ratings,
    }


def test_export_holds_record_scorecards_ratings_and_audit(
    shared_engine: Engine, tmp_path: Path
) -> None:
    ids = _load(shared_engine)
    anna = ids["Anna Berg"]
    result = _run(shared_engine, "candidate", "export", str(anna))
    assert (result.exit_code, result.stderr) == (0, "")
    held = json.loads(result.stdout)
    assert BO_EVIDENCE not in result.stdout and "Bo Lund" not in result.stdout
    first, second = (c["id"] for c in held["scorecards"])
    assert _without_times(held) == {
        "format": "cto-assess-candidate-export",
        "version": 1,
        "exported_at": True,
        "candidate": {
            "id": anna,
            "name": "Anna Berg",
            "email": "anna.berg@example.se",
            "current_title": "",
            "source": None,
            "external_id": None,
            "notes": "",
            "is_demo": False,
            "created_at": True,
            "keep": False,
            "updated_at": None,
        },
        "searches": [],  # in no search (see the search test below)
        "interviews": [],
        "scorecards": [
            _exported_card(first, "Lena Ek", "technical", [
                {"competency": HANDS_ON, "rating": 5, "evidence": ANNA_EVIDENCE + ", twice"},
                {"competency": VISION, "rating": None, "evidence": ""},
            ]),
            _exported_card(second, "Omar Haddad", "leadership", [
                {"competency": PEOPLE, "rating": 3, "evidence": "Coached two leads"},
            ]),
        ],
        "audit": [
            {
                "id": audit_id,
                "at": True,
                "actor": actor,
                "candidate_id": anna,
                "scorecard_id": scorecard,
                "competency": competency,
                "action": action,
                "old_rating": old,
                "new_rating": new,
                "old_evidence": old_evidence,
                "new_evidence": new_evidence,
            }
            for audit_id, (actor, scorecard, competency, action, old, new, old_evidence,
                           new_evidence) in zip(
                (a["id"] for a in held["audit"]),
                [
                    ("import test.csv", first, HANDS_ON, "created", None, 4, None, ANNA_EVIDENCE),
                    ("import test.csv", first, VISION, "created", None, None, None, ""),
                    ("import test.csv", second, PEOPLE, "created", None, 3, None,
                     "Coached two leads"),
                    ("import fix.csv", first, HANDS_ON, "changed", 4, 5, ANNA_EVIDENCE,
                     ANNA_EVIDENCE + ", twice"),
                ],
                strict=True,
            )
        ],
        "events": [],  # imported without a person's edit (see the erasure test for some)
    }  # fmt: skip

    out = tmp_path / "anna.json"
    result = _run(shared_engine, "candidate", "export", str(anna), "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{out}: candidate {anna}, 2 scorecards, 3 ratings, 4 audit entries\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _without_times(json.loads(out.read_text(encoding="utf-8"))) == _without_times(held)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("candidate", "export", "99"), 1, "candidate 99: no such candidate\n"),
        (("candidate", "erase", "99", "--yes"), 1, "candidate 99: no such candidate\n"),
        (
            ("candidate", "erase", "1"),
            2,
            "Error: erasure cannot be undone: add --yes to erase the candidate\n",
        ),
        (("candidate", "export", "Anna"), 2, "Error: Invalid value for 'ID': 'Anna' is not a "
         "valid integer.\n"),
        (("retention", "--inactive-days", "-1"), 2, "Error: Invalid value for '--inactive-days': "
         "-1 is not in the range x>=0.\n"),
    ],
)  # fmt: skip
def test_refusals_change_nothing(
    shared_engine: Engine, args: tuple[str, ...], code: int, message: str
) -> None:
    _load(shared_engine)
    with transaction(shared_engine, readonly=True) as session:
        before = store.database_fingerprint(session=session)
    result = _run(shared_engine, *args)
    assert result.exit_code == code
    assert result.stderr.endswith(message)
    assert result.stdout == ""
    with transaction(shared_engine, readonly=True) as session:
        assert store.database_fingerprint(session=session) == before
    assert erasures(shared_engine) == []


def test_erase_removes_everything_and_records_it_without_personal_data(
    shared_engine: Engine,
) -> None:
    ids = _load(shared_engine)
    anna = ids["Anna Berg"]
    before = utcnow()
    result = _run(shared_engine, "candidate", "erase", str(anna), "--yes",
                  "--actor", "Lena Admin")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"candidate {anna}: erased with 2 scorecards, 3 ratings and 4 audit rows\n"
    )
    assert _run(shared_engine, "candidate", "list").stdout == f"{ids['Bo Lund']}\tBo Lund\t\n"
    (entry,) = erasures(shared_engine)
    text = json.dumps(entry, default=str)
    for personal in ("Anna", "anna.berg", "Kafka", "Omar", "Lena Ek"):
        assert personal not in text
    assert before <= entry["at"] <= utcnow()
    assert {k: v for k, v in entry.items() if k != "at"} == {
        "actor": "Lena Admin",
        "actor_user_id": None,
        "source": "cli",
        "action": "candidate.erased",
        "entity": "candidate",
        "entity_id": None,
        "candidate_id": None,
        "details": {"reason": "request", "candidates": 1, "scorecards": 2, "ratings": 3,
                    "audit_rows": 4, "events": 0, "search_rows": 0},
    }  # fmt: skip


def test_erasure_takes_the_audit_trail_about_the_candidate_with_it(shared_engine: Engine) -> None:
    ids = _load(shared_engine)
    anna, bo = ids["Anna Berg"], ids["Bo Lund"]
    for person, title in ((anna, "CTO, Fintech"), (bo, "VP Data")):
        candidates.update_candidate(person, actor=ADMIN, engine=shared_engine, name=
                                    "Anna Berg-Lund" if person == anna else "Bo Lund",
                                    email=None, current_title=title, notes="")  # fmt: skip
    held = privacy.export_candidate(anna, actor=ADMIN, engine=shared_engine)
    assert [(e["action"], e["details"]) for e in held["events"]] == [
        ("candidate.updated", {"new": {"current_title": "CTO, Fintech", "email": None,
                                       "name": "Anna Berg-Lund"},
                               "old": {"current_title": "", "email": "anna.berg@example.se",
                                       "name": "Anna Berg"}}),
    ]  # fmt: skip
    done = privacy.erase_candidate(anna, actor=ADMIN, engine=shared_engine)
    assert done.erased[0].events == 1
    with transaction(shared_engine, readonly=True) as session:
        left = users.events(session)
    assert [(e["action"], e["candidate_id"]) for e in left] == [
        ("candidate.updated", bo),
        ("candidate.erased", None),
    ]
    assert "Anna" not in json.dumps(left, default=str)
    assert left[1]["details"]["events"] == 1


def _in_a_search(engine: Engine, ids: dict[str, int]) -> tuple[int, int]:
    """Anna and Bo in search "CTO, Acme"; Anna moved to screening with a reason and assigned to
    Lena Ek in its one interview, Bo left at sourced. (search id, interview id)."""
    rubric = load_rubric()
    sid = searches.add_search(actor=ADMIN, engine=engine, rubric=rubric, title="CTO, Acme",
                              archetype=rubric.archetypes[0].id, stage=rubric.stage_ids[0],
                              client="Acme AB").id  # fmt: skip
    lena = add_user("lena@example.com", actor=ADMIN, engine=engine, name="Lena Ek",
                    role="interviewer", sign_in_method="sso").id  # fmt: skip
    searches.set_team_member(sid, actor=ADMIN, engine=engine, user_id=lena, role="interviewer")
    for person in ("Anna Berg", "Bo Lund"):
        searches.add_to_search(sid, ids[person], actor=ADMIN, engine=engine)
    searches.move_candidate(sid, ids["Anna Berg"], actor=ADMIN, engine=engine, stage="screening",
                            reason="strong referral")  # fmt: skip
    interview = searches.add_interview(
        sid, actor=ADMIN, engine=engine, rubric=rubric, name="Deep dive", kind="technical",
        focus=[HANDS_ON, VISION, PEOPLE], interview_date=DAY,
    ).id  # fmt: skip
    searches.assign_interviewer(interview, ids["Anna Berg"], lena, actor=ADMIN, engine=engine)
    searches.assign_interviewer(interview, ids["Bo Lund"], lena, actor=ADMIN, engine=engine)
    return sid, interview


def _search_rows(engine: Engine) -> dict[str, list[int]]:
    """Whose rows each search table holds (candidate ids)."""
    with transaction(engine, readonly=True) as session:
        return {
            model.__tablename__: sorted(session.scalars(select(model.candidate_id)))
            for model in (SearchCandidate, PipelineMove, InterviewAssignment)
        }


def test_export_and_erasure_cover_the_candidates_searches(shared_engine: Engine) -> None:
    ids = _load(shared_engine)
    anna, bo = ids["Anna Berg"], ids["Bo Lund"]
    sid, interview = _in_a_search(shared_engine, ids)
    held = privacy.export_candidate(anna, actor=ADMIN, engine=shared_engine)
    assert _without_times(held["searches"]) == [
        {"search": sid, "title": "CTO, Acme", "client": "Acme AB", "stage": "screening",
         "added_at": True,
         "history": [
             {"from_stage": None, "to_stage": "sourced", "actor": "Lena Admin", "at": True,
              "reason": ""},
             {"from_stage": "sourced", "to_stage": "screening", "actor": "Lena Admin",
              "at": True, "reason": "strong referral"},
         ]},
    ]  # fmt: skip
    assert held["interviews"] == [
        {"search": sid, "interview": interview, "name": "Deep dive", "kind": "technical",
         "date": DAY.isoformat(), "interviewer": "Lena Ek"},
    ]  # fmt: skip
    before = _search_rows(shared_engine)
    assert before == {
        "search_candidates": sorted([anna, bo]),
        "pipeline_moves": sorted([anna, anna, bo]),
        "interview_assignments": sorted([anna, bo]),
    }
    done = privacy.erase_candidate(anna, actor=ADMIN, engine=shared_engine)
    assert done.erased[0].search_rows == 4
    assert _search_rows(shared_engine) == {
        "search_candidates": [bo],
        "pipeline_moves": [bo],
        "interview_assignments": [bo],
    }
    assert erasures(shared_engine)[0]["details"]["search_rows"] == 4
    # the search, its plan and Bo's export stay as they were
    assert privacy.export_candidate(bo, actor=ADMIN, engine=shared_engine)["interviews"] == [
        {"search": sid, "interview": interview, "name": "Deep dive", "kind": "technical",
         "date": DAY.isoformat(), "interviewer": "Lena Ek"},
    ]  # fmt: skip


# --- retention ---------------------------------------------------------------------------------


def _age_everything(engine: Engine, days: int, candidate_id: int | None = None) -> dt.datetime:
    """Move every activity time (of one candidate, or everyone's) `days` days back."""
    when = utcnow() - dt.timedelta(days=days)
    cards = SCORECARDS.c.candidate_id
    with transaction(engine) as session:
        for table, key, columns in (
            (CANDIDATES, CANDIDATES.c.id, ("created_at", "updated_at")),
            (SCORECARDS, cards, ("created_at", "updated_at", "submitted_at")),
            (RATING_AUDIT, RATING_AUDIT.c.candidate_id, ("at",)),
        ):
            statement = update(table).values(dict.fromkeys(columns, when))
            if candidate_id is not None:
                statement = statement.where(key == candidate_id)
            session.execute(statement)
    return when


def test_retention_lists_then_erases_the_inactive(shared_engine: Engine) -> None:
    ids = _load(shared_engine)
    anna, bo = ids["Anna Berg"], ids["Bo Lund"]
    old = _age_everything(shared_engine, 100, anna)
    recent = _age_everything(shared_engine, 10, bo)

    result = _run(shared_engine, "retention", "--inactive-days", "30", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        f"candidate {anna} (Anna Berg): latest activity {old:%Y-%m-%d}, 100 days ago: "
        "would be erased\n"
    )
    assert result.stderr == "retention: 1 candidate would be erased\n"

    result = _run(shared_engine, "retention", "--inactive-days", "0", "--dry-run")
    assert result.stdout == (
        f"candidate {anna} (Anna Berg): latest activity {old:%Y-%m-%d}, 100 days ago: "
        "would be erased\n"
        f"candidate {bo} (Bo Lund): latest activity {recent:%Y-%m-%d}, 10 days ago: "
        "would be erased\n"
    )
    assert result.stderr == "retention: 2 candidates would be erased\n"
    assert erasures(shared_engine) == []

    result = _run(shared_engine, "retention", "--inactive-days", "30")
    assert (result.exit_code, result.stderr) == (0, "retention: 1 candidate erased\n")
    assert result.stdout == (
        f"candidate {anna}: latest activity {old:%Y-%m-%d}, 100 days ago: erased with "
        "2 scorecards, 3 ratings and 4 audit rows\n"
    )
    assert _run(shared_engine, "candidate", "list").stdout == f"{bo}\tBo Lund\t\n"
    (entry,) = erasures(shared_engine)
    assert entry["details"] == {"reason": "retention", "candidates": 1, "scorecards": 2,
                                "ratings": 3, "audit_rows": 4, "events": 0,
                                "search_rows": 0}  # fmt: skip

    result = _run(shared_engine, "retention", "--inactive-days", "30")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "retention: 0 candidates erased\n",
    )


@pytest.mark.parametrize(
    ("table", "column", "selected"),
    [
        (None, None, True),
        (CANDIDATES, "created_at", False),
        (CANDIDATES, "updated_at", False),
        (SCORECARDS, "created_at", False),
        (SCORECARDS, "updated_at", False),
        (SCORECARDS, "submitted_at", False),
        (RATING_AUDIT, "at", False),
    ],
)
def test_any_recent_activity_keeps_a_candidate(
    engine: Engine, table: Any, column: str | None, selected: bool
) -> None:
    ids = _load(engine)
    _age_everything(engine, 100)
    if table is not None:
        key = {CANDIDATES: CANDIDATES.c.id, SCORECARDS: SCORECARDS.c.candidate_id,
               RATING_AUDIT: RATING_AUDIT.c.candidate_id}[table]  # fmt: skip
        with transaction(engine) as session:
            session.execute(
                update(table)
                .where(key == ids["Anna Berg"])
                .values({column: utcnow() - dt.timedelta(days=29)})
            )
    found = privacy.inactive_candidates(actor=ADMIN, engine=engine, inactive_days=30)
    assert [(i.name, i.days) for i in found] == [
        *([("Anna Berg", 100)] if selected else []),
        ("Bo Lund", 100),
    ]


def test_a_recent_pipeline_move_keeps_a_candidate(engine: Engine) -> None:
    ids = _load(engine)
    _age_everything(engine, 100)
    _in_a_search(engine, ids)  # Anna and Bo joined a search today, Anna moved on
    with transaction(engine) as session:
        session.execute(
            update(PipelineMove)
            .where(PipelineMove.candidate_id == ids["Bo Lund"])
            .values(at=utcnow() - dt.timedelta(days=40))
        )
    found = privacy.inactive_candidates(actor=ADMIN, engine=engine, inactive_days=30)
    assert [(i.name, i.days) for i in found] == [("Bo Lund", 40)]


def test_retention_age_is_never_negative(engine: Engine) -> None:
    ids = _load(engine)
    now = utcnow() - dt.timedelta(days=1)  # every activity lies after this "now"
    found = privacy.inactive_candidates(actor=ADMIN, engine=engine, inactive_days=0, now=now)
    assert sorted((i.id, i.days) for i in found) == sorted((i, 0) for i in ids.values())
    assert privacy.inactive_candidates(actor=ADMIN, engine=engine, inactive_days=1, now=now) == []


@pytest.mark.parametrize(
    ("role", "call", "message"),
    [
        ("interviewer", lambda a, e, ids: privacy.export_candidate(ids["Anna Berg"], actor=a,
         engine=e), "not allowed: a user with the role interviewer cannot export a candidate's "
         "data"),
        ("hiring_manager", lambda a, e, ids: privacy.erase_candidate(ids["Anna Berg"], actor=a,
         engine=e), "not allowed: a user with the role hiring_manager cannot erase candidates"),
        ("interviewer", lambda a, e, ids: privacy.apply_retention(actor=a, engine=e,
         inactive_days=0), "not allowed: a user with the role interviewer cannot erase "
         "candidates"),
        ("recruiter", lambda a, e, ids: backup.backup_database(actor=a, engine=e,
         target=Path("never.db")), "not allowed: a user with the role recruiter cannot back up "
         "the database"),
        ("recruiter", lambda a, e, ids: backup.restore_database(actor=a, engine=e,
         source=Path("never.db")), "not allowed: a user with the role recruiter cannot restore "
         "the database from a backup"),
    ],
)  # fmt: skip
def test_roles_without_the_right_change_and_read_nothing(
    engine: Engine, role: str, call: Any, message: str
) -> None:
    ids = _load(engine)
    with transaction(engine, readonly=True) as session:
        before = store.database_fingerprint(session=session)
    with pytest.raises(PermissionDenied) as raised:
        call(Actor("Iris Ek", "app", role=role), engine, ids)
    assert str(raised.value) == message
    with transaction(engine, readonly=True) as session:
        assert store.database_fingerprint(session=session) == before
    assert not Path("never.db").exists()


def test_kept_candidates_are_left_by_retention(shared_engine: Engine) -> None:
    ids = _load(shared_engine)
    anna, bo = ids["Anna Berg"], ids["Bo Lund"]
    old = _age_everything(shared_engine, 100)
    result = _run(shared_engine, "candidate", "keep", str(anna))
    assert (result.exit_code, result.stdout) == (
        0,
        f"candidate {anna}: kept: retention leaves them\n",
    )

    result = _run(shared_engine, "retention", "--inactive-days", "0", "--dry-run")
    # Marking is an edit, so Anna's latest activity is now; she is left out all the same.
    assert result.stdout == (
        f"candidate {bo} (Bo Lund): latest activity {old:%Y-%m-%d}, 100 days ago: would be erased\n"
    )
    result = _run(shared_engine, "retention", "--inactive-days", "0")
    assert (result.exit_code, result.stderr) == (0, "retention: 1 candidate erased\n")
    assert _run(shared_engine, "candidate", "list").stdout == (
        f"{anna}\tAnna Berg\tanna.berg@example.se\n"
    )

    result = _run(shared_engine, "candidate", "keep", str(anna), "--off")
    assert result.stdout == f"candidate {anna}: no longer kept: retention may erase them\n"
    result = _run(shared_engine, "retention", "--inactive-days", "0", "--dry-run")
    assert result.stderr == "retention: 1 candidate would be erased\n"
    result = _run(shared_engine, "candidate", "keep", "99")
    assert (result.exit_code, result.stderr) == (1, "candidate 99: no such candidate\n")


def test_an_edit_stamps_updated_at_and_a_no_op_does_not(engine: Engine) -> None:
    ids = _load(engine)
    anna = ids["Anna Berg"]

    def stamped() -> dt.datetime | None:
        with transaction(engine, readonly=True) as session:
            return session.scalar(select(CANDIDATES.c.updated_at).where(CANDIDATES.c.id == anna))

    assert stamped() is None
    with transaction(engine) as session:
        store.update_candidate(
            anna, session=session, name="Anna Berg", email="anna.berg@example.se"
        )
    assert stamped() is None
    before = utcnow()
    with transaction(engine) as session:
        store.update_candidate(anna, session=session, current_title="CTO")
    when = stamped()
    assert when is not None and before <= when <= utcnow()
