"""The store against every database engine: constraints, use cases, audit, erasure, concurrency."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from builders import DAY, HANDS_ON, PEOPLE, VISION, card
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from assess.domain.schemas import ScorecardIn
from assess.storage.db import (
    CANDIDATES,
    RATING_AUDIT,
    RATINGS,
    SCORECARDS,
    RatingAudit,
    Scorecard,
    database_url,
    make_engine,
    open_database,
    utcnow,
)
from assess.storage.searches import add_search
from assess.storage.store import (
    RATINGS_FRAME_COLUMNS,
    SCORECARDS_FRAME_COLUMNS,
    Erasure,
    ImportSummary,
    StoreError,
    add_candidate,
    database_fingerprint,
    delete_candidate,
    get_candidate,
    import_scorecards,
    list_candidates,
    ratings_frame,
    save_scorecard,
    scorecard_for,
    scorecards_frame,
    submit_scorecard,
    transaction,
    update_candidate,
)


def audit_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with transaction(engine, readonly=True) as session:
        rows = session.execute(
            select(
                RatingAudit.actor,
                RatingAudit.candidate_id,
                RatingAudit.scorecard_id,
                RatingAudit.competency,
                RatingAudit.action,
                RatingAudit.old_rating,
                RatingAudit.new_rating,
                RatingAudit.old_evidence,
                RatingAudit.new_evidence,
            ).order_by(RatingAudit.id)
        )
        return [tuple(row) for row in rows]


def stored_ratings(engine: Engine, scorecard_id: int) -> dict[str, tuple[int | None, str]]:
    with transaction(engine, readonly=True) as session:
        rows = session.execute(
            select(RATINGS.c.competency, RATINGS.c.rating, RATINGS.c.evidence).where(
                RATINGS.c.scorecard_id == scorecard_id
            )
        )
        return {c: (r, e) for c, r, e in rows}


def fingerprint(engine: Engine) -> tuple[dict[str, int], str]:
    with transaction(engine, readonly=True) as session:
        return database_fingerprint(session=session)


def new_candidate(engine: Engine, name: str = "Anna Berg", **fields: Any) -> int:
    with transaction(engine) as session:
        return add_candidate(name, session=session, **fields)


def save(engine: Engine, scorecard: ScorecardIn, actor: str = "lena", **kw: Any) -> int:
    with transaction(engine) as session:
        return save_scorecard(scorecard, session=session, actor=actor, **kw)


def import_all(engine: Engine, cards: list[ScorecardIn], actor: str = "import") -> ImportSummary:
    with transaction(engine) as session:
        return import_scorecards(cards, session=session, actor=actor)


# --- the database enforces its own rules ----------------------------------------------------------


def _scorecard_row(candidate_id: int, **overrides: Any) -> dict[str, Any]:
    row = {
        "candidate_id": candidate_id,
        "interviewer": "Lena Ek",
        "interview_type": "technical",
        "interview_date": DAY,
        "recommendation": None,
        "state": "draft",
        "submitted_at": None,
        "notes": "",
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("rating", "accepted"),
    [(0, False), (6, False), (-1, False), (1, True), (5, True), (None, True)],
)
def test_rating_range_is_checked_by_the_database(
    engine: Engine, rating: int | None, accepted: bool
) -> None:
    cid = new_candidate(engine)
    with transaction(engine) as session:
        sid = session.scalar(
            insert(SCORECARDS).values(_scorecard_row(cid)).returning(SCORECARDS.c.id)
        )
    row = {"scorecard_id": sid, "competency": HANDS_ON, "rating": rating, "evidence": ""}
    if accepted:
        with transaction(engine) as session:
            session.execute(insert(RATINGS).values(row))
        assert stored_ratings(engine, sid) == {HANDS_ON: (rating, "")}
    else:
        with pytest.raises(IntegrityError, match="rating_range"), transaction(engine) as session:
            session.execute(insert(RATINGS).values(row))
        assert stored_ratings(engine, sid) == {}


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"state": "final"}, "ck_scorecards_state"),
        ({"recommendation": "maybe"}, "ck_scorecards_recommendation"),
        ({"state": "submitted", "submitted_at": None}, "ck_scorecards_submitted_at"),
    ],
)
def test_scorecard_checks(engine: Engine, overrides: dict[str, Any], constraint: str) -> None:
    cid = new_candidate(engine)
    with pytest.raises(IntegrityError, match=constraint), transaction(engine) as session:
        session.execute(insert(SCORECARDS).values(_scorecard_row(cid, **overrides)))


def test_duplicate_rating_and_duplicate_scorecard_are_rejected(engine: Engine) -> None:
    cid = new_candidate(engine)
    with transaction(engine) as session:
        sid = session.scalar(
            insert(SCORECARDS).values(_scorecard_row(cid)).returning(SCORECARDS.c.id)
        )
        session.execute(insert(RATINGS).values(scorecard_id=sid, competency=HANDS_ON, rating=3))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.execute(insert(RATINGS).values(scorecard_id=sid, competency=HANDS_ON, rating=4))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.execute(insert(SCORECARDS).values(_scorecard_row(cid)))
    assert stored_ratings(engine, sid) == {HANDS_ON: (3, "")}


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("ratings", {"scorecard_id": 999, "competency": HANDS_ON, "rating": 3}),
        ("scorecards", _scorecard_row(999)),
    ],
)
def test_foreign_keys_are_enforced(engine: Engine, table: str, row: dict[str, Any]) -> None:
    target = {"ratings": RATINGS, "scorecards": SCORECARDS}[table]
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.execute(insert(target).values(row))


def test_audit_action_is_checked(engine: Engine) -> None:
    cid = new_candidate(engine)
    row = {"at": utcnow(), "actor": "x", "candidate_id": cid, "scorecard_id": 1}
    statement = insert(RATING_AUDIT).values(**row, competency=HANDS_ON, action="edited")
    with (
        pytest.raises(IntegrityError, match="ck_rating_audit_action"),
        transaction(engine) as session,
    ):
        session.execute(statement)


def test_deleting_a_candidate_row_cascades(engine: Engine) -> None:
    sid = save(engine, card())
    with transaction(engine) as session:
        session.execute(CANDIDATES.delete())
    counts, _ = fingerprint(engine)
    assert counts == {"candidates": 0, "scorecards": 0, "ratings": 0, "rating_audit": 0}
    assert stored_ratings(engine, sid) == {}


def test_file_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


# --- opening databases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("sqlite:///x.db", "postgresql+psycopg://u@h/db", "sqlite:///x.db"),
        (None, "postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        (None, None, "sqlite:///data/assess.db"),
        ("  ", "  ", "sqlite:///data/assess.db"),
    ],
)
def test_database_url_precedence(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv("ASSESS_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("ASSESS_DATABASE_URL", env)
    assert database_url(explicit) == expected


def test_default_database_is_created_under_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSESS_DATABASE_URL", raising=False)
    engine = open_database()
    try:
        assert (tmp_path / "data" / "assess.db").is_file()
        assert fingerprint(engine)[0] == {
            "candidates": 0,
            "scorecards": 0,
            "ratings": 0,
            "rating_audit": 0,
        }
    finally:
        engine.dispose()


def test_cannot_open_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_database(f"sqlite:///{tmp_path}")
    assert str(caught.value) == (
        f"cannot open the database at sqlite:///{tmp_path}: unable to open database file"
    )


def test_cannot_open_a_file_that_is_no_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("dear diary " * 200)
    with pytest.raises(StoreError) as caught:
        open_database(f"sqlite:///{path}")
    assert str(caught.value) == (
        f"cannot open the database at sqlite:///{path}: file is not a database"
    )


def test_cannot_create_the_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"^cannot open the database at sqlite:///.*file\.txt"):
        open_database(f"sqlite:///{blocker / 'sub' / 'a.db'}")


def test_not_a_url() -> None:
    with pytest.raises(StoreError) as caught:
        open_database("data/assess.db")
    assert str(caught.value) == (
        "cannot open the database at data/assess.db: not a database URL "
        "(expected e.g. sqlite:///data/assess.db or postgresql+psycopg://user@host/db)"
    )


def test_unreachable_server_is_reported_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_database("postgresql://ann:secret@127.0.0.1:1/assess")
    message = str(caught.value)
    assert message.startswith(
        "cannot open the database at postgresql+psycopg://ann:***@127.0.0.1:1/assess: "
    )
    assert "secret" not in message
    assert "\n" not in message


# --- candidates -----------------------------------------------------------------------------------


def test_add_update_list_and_search_candidates(engine: Engine) -> None:
    anna = new_candidate(engine, "Anna Berg", email="anna@x.se", current_title="VP Eng")
    asa = new_candidate(engine, "Åsa Öberg", source="greenhouse", external_id="77")
    with transaction(engine) as session:
        update_candidate(anna, session=session, current_title="CTO", email=None, is_demo=True)
    with transaction(engine, readonly=True) as session:
        everyone = list_candidates(session=session)
        found = [c.id for c in list_candidates(session=session, search="åSA")]
        by_title = [c.id for c in list_candidates(session=session, search="cto")]
        info = get_candidate(anna, session=session)
    assert [c.name for c in everyone] == ["Anna Berg", "Åsa Öberg"]
    assert found == [asa]
    assert by_title == [anna]
    assert (info.current_title, info.email, info.is_demo, info.scorecards) == ("CTO", None, True, 0)
    assert info.created_at.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: add_candidate("  ", session=s), "candidate name: must not be empty"),
        (
            lambda s: add_candidate("Bo", session=s, source="greenhouse", external_id="77"),
            "candidate external_id: greenhouse id '77' already belongs to candidate 1",
        ),
        (lambda s: update_candidate(42, session=s, name="X"), "candidate 42: no such candidate"),
        (lambda s: get_candidate(42, session=s), "candidate 42: no such candidate"),
        (lambda s: delete_candidate(42, session=s), "candidate 42: no such candidate"),
        (lambda s: submit_scorecard(42, session=s), "scorecard 42: no such scorecard"),
    ],
)
def test_candidate_errors(engine: Engine, call: Any, message: str) -> None:
    assert new_candidate(engine, "Åsa Öberg", source="greenhouse", external_id="77") == 1
    before = fingerprint(engine)
    with pytest.raises(StoreError) as caught, transaction(engine) as session:
        call(session)
    assert str(caught.value) == message
    assert fingerprint(engine) == before


# --- saving scorecards, with the audit trail ------------------------------------------------------


def test_save_update_submit_with_exact_audit(engine: Engine) -> None:
    cid = new_candidate(engine)
    draft = card(
        state="draft",
        recommendation=None,
        ratings=((HANDS_ON, 3, "built the platform"), (VISION, None, "")),
    )
    sid = save(engine, draft, candidate_id=cid)
    assert audit_rows(engine) == [
        ("lena", cid, sid, HANDS_ON, "created", None, 3, None, "built the platform"),
        ("lena", cid, sid, VISION, "created", None, None, None, ""),
    ]
    with transaction(engine, readonly=True) as session:
        assert scorecard_for(cid, "Lena Ek", DAY, "technical", session=session) == draft
        assert scorecard_for(cid, "Lena Ek", DAY, "screening", session=session) is None
        row = session.get(Scorecard, sid)
        assert row is not None
        assert (row.state, row.submitted_at) == ("draft", None)
        assert ratings_frame(session=session).empty

    # Unchanged: nothing written, not even updated_at.
    before = fingerprint(engine)
    assert save(engine, draft, candidate_id=cid) == sid
    assert fingerprint(engine) == before

    edited = card(
        state="draft",
        ratings=((HANDS_ON, 4, "built the platform"), (PEOPLE, 2, "one report")),
    )
    assert save(engine, edited, actor="lena.ek", candidate_id=cid) == sid
    assert audit_rows(engine)[2:] == [
        ("lena.ek", cid, sid, HANDS_ON, "changed", 3, 4, None, None),
        ("lena.ek", cid, sid, PEOPLE, "created", None, 2, None, "one report"),
        ("lena.ek", cid, sid, VISION, "deleted", None, None, "", None),
    ]
    assert stored_ratings(engine, sid) == {
        HANDS_ON: (4, "built the platform"),
        PEOPLE: (2, "one report"),
    }

    with transaction(engine) as session:
        submit_scorecard(sid, session=session)
    with transaction(engine, readonly=True) as session:
        row = session.get(Scorecard, sid)
        assert row is not None
        assert row.state == "submitted"
        assert row.submitted_at is not None
        assert row.submitted_at.tzinfo == dt.UTC
        assert row.updated_at == row.submitted_at
        assert row.recommendation == "yes"
        frame = ratings_frame(session=session)
    assert frame[["competency", "rating"]].to_dict("records") == [
        {"competency": HANDS_ON, "rating": 4.0},
        {"competency": PEOPLE, "rating": 2.0},
    ]
    assert len(audit_rows(engine)) == 5


def test_evidence_change_is_audited_with_both_texts(engine: Engine) -> None:
    sid = save(engine, card(ratings=((HANDS_ON, 4, "old"),)))
    save(engine, card(ratings=((HANDS_ON, 4, "new"),)), actor="eva")
    assert audit_rows(engine)[-1] == ("eva", 1, sid, HANDS_ON, "changed", 4, 4, "old", "new")


def test_saving_a_submitted_card_sets_submitted_at_once(engine: Engine) -> None:
    sid = save(engine, card())
    with transaction(engine, readonly=True) as session:
        first = session.scalar(select(Scorecard.submitted_at).where(Scorecard.id == sid))
    save(engine, card(notes="follow up on hiring plan"))
    with transaction(engine, readonly=True) as session:
        row = session.get(Scorecard, sid)
        assert row is not None
        assert (row.submitted_at, row.notes) == (first, "follow up on hiring plan")
        assert row.updated_at > row.created_at


@pytest.mark.parametrize(
    ("actor", "cards", "message"),
    [
        (" ", [card()], "actor: say who makes the change (must not be empty)"),
        (
            "x",
            [card(ratings=((HANDS_ON, 3, ""), (HANDS_ON, 4, "")))],
            "scorecard: competency 'hands_on_engineering' is rated twice",
        ),
        (
            "x",
            [card(), card(ratings=((HANDS_ON, 2, ""),))],
            "scorecard 1 and scorecard 2 are the same scorecard (interviewer 'Lena Ek', "
            "2026-11-02, 'technical'); give each interview once",
        ),
        (
            "x",
            [card(name=None, email="nobody@x.se")],
            "scorecard: no candidate matches email 'nobody@x.se' and without a name none can "
            "be created",
        ),
    ],
)
def test_write_errors_change_nothing(
    engine: Engine, actor: str, cards: list[ScorecardIn], message: str
) -> None:
    before = fingerprint(engine)
    with pytest.raises(StoreError) as caught:
        import_all(engine, cards, actor=actor)
    assert str(caught.value) == message
    assert fingerprint(engine) == before


# --- imports --------------------------------------------------------------------------------------


def _batch() -> list[ScorecardIn]:
    return [
        card("Anna Berg", email="anna@x.se", interviewer="Lena Ek"),
        card("Anna Berg", email="ANNA@x.se", interviewer="Per Holm", interview_type="strategy"),
        card(
            "Björn Dahl",
            source="greenhouse",
            candidate_external_id="c-9",
            external_id="sc-1",
            ratings=((HANDS_ON, 2, "little"), (PEOPLE, 5, "great"), (VISION, 3, "")),
        ),
        card("Cecilia Lind", state="draft", ratings=()),
    ]


def test_import_twice_changes_nothing_the_second_time(engine: Engine) -> None:
    first = import_all(engine, _batch())
    assert first == ImportSummary(
        candidates_added=3, scorecards_added=4, scorecards_updated=0, ratings_added=7
    )
    after_first = fingerprint(engine)
    assert after_first[0] == {"candidates": 3, "scorecards": 4, "ratings": 7, "rating_audit": 7}
    assert import_all(engine, _batch()) == ImportSummary()
    assert fingerprint(engine) == after_first


def test_scorecard_identity_ignores_case_and_spacing_of_names(engine: Engine) -> None:
    """The same interview typed "Lena Ek, technical" and "lena  ek, Technical" is one scorecard,
    so the same interviewer never counts twice in a level."""
    import_all(engine, [card(interviewer="Lena Ek", interview_type="technical")])
    again = import_all(engine, [card(interviewer="lena  ek", interview_type="Technical")])
    assert again.scorecards_added == 0
    with transaction(engine, readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(SCORECARDS)) == 1


def test_reimport_with_changes_updates_by_identity(engine: Engine) -> None:
    import_all(engine, _batch())
    changed = _batch()
    # Same external id, other date: still the same scorecard.
    changed[2] = card(
        "Björn Dahl",
        source="greenhouse",
        candidate_external_id="c-9",
        external_id="sc-1",
        day=dt.date(2026, 11, 3),
        ratings=((HANDS_ON, 3, "more than thought"), (PEOPLE, 5, "great")),
    )
    changed[3] = card("Cecilia Lind", state="submitted", ratings=((VISION, 4, "clear"),))
    summary = import_all(engine, changed, actor="sync")
    assert summary == ImportSummary(
        scorecards_updated=2, ratings_added=1, ratings_changed=1, ratings_deleted=1
    )
    assert fingerprint(engine)[0] == {
        "candidates": 3,
        "scorecards": 4,
        "ratings": 7,
        "rating_audit": 10,
    }
    assert [row[3:] for row in audit_rows(engine)[7:]] == [
        (HANDS_ON, "changed", 2, 3, "little", "more than thought"),
        (VISION, "deleted", 3, None, "", None),
        (VISION, "created", None, 4, None, "clear"),
    ]
    with transaction(engine, readonly=True) as session:
        dates = session.execute(
            select(Scorecard.external_id, Scorecard.interview_date, Scorecard.state).order_by(
                Scorecard.id
            )
        ).all()
    assert [tuple(d) for d in dates] == [
        (None, DAY, "submitted"),
        (None, DAY, "submitted"),
        ("sc-1", dt.date(2026, 11, 3), "submitted"),
        (None, DAY, "submitted"),
    ]


@pytest.mark.parametrize(
    ("existing", "ref", "expected"),
    [
        # (name, email, source, external id) of the stored candidate; the incoming reference.
        (("Anna Berg", None, "greenhouse", "7"), ("Someone", None, "greenhouse", "7"), "matched"),
        (("Anna Berg", "anna@x.se", None, None), ("A. Berg", "Anna@X.se", None, None), "matched"),
        (("Anna Berg", None, None, None), ("anna berg", None, None, None), "matched"),
        (("Anna Berg", None, None, None), ("Anna Berg", "anna@x.se", None, None), "matched"),
        (("Anna Berg", "a@x.se", None, None), ("Anna Berg", "b@x.se", None, None), "new"),
        (("Anna Berg", None, "greenhouse", "7"), ("Anna Berg", None, "lever", "7"), "matched"),
        (("Anna Berg", "a@x.se", "gh", "7"), ("Anna Berg", "b@x.se", "gh", "8"), "new"),
    ],
)
def test_candidate_matching(
    engine: Engine,
    existing: tuple[str, str | None, str | None, str | None],
    ref: tuple[str, str | None, str | None, str | None],
    expected: str,
) -> None:
    name, email, source, external_id = existing
    cid = new_candidate(engine, name, email=email, source=source, external_id=external_id)
    summary = import_all(
        engine,
        [card(ref[0], email=ref[1], source=ref[2], candidate_external_id=ref[3])],
    )
    assert summary.candidates_added == (0 if expected == "matched" else 1)
    with transaction(engine, readonly=True) as session:
        owner = session.scalar(select(Scorecard.candidate_id))
    assert (owner == cid) == (expected == "matched")


def test_matching_fills_in_the_missing_email_and_external_id(engine: Engine) -> None:
    cid = new_candidate(engine, "Anna Berg")
    import_all(
        engine, [card("Anna Berg", email="anna@x.se", source="gh", candidate_external_id="7")]
    )
    with transaction(engine, readonly=True) as session:
        info = get_candidate(cid, session=session)
    assert (info.email, info.source, info.external_id) == ("anna@x.se", "gh", "7")
    # Now the external id alone finds her, whatever the name says.
    summary = import_all(
        engine, [card("A. Berg", source="gh", candidate_external_id="7", interviewer="Per")]
    )
    assert summary.candidates_added == 0


def test_ambiguous_name_is_refused(engine: Engine) -> None:
    new_candidate(engine, "Anna Berg")
    new_candidate(engine, "Anna Berg")
    with pytest.raises(StoreError) as caught:
        import_all(engine, [card("Anna Berg"), card("Bo Ek")])
    assert str(caught.value) == (
        "scorecard 1: name 'Anna Berg' matches 2 candidates (1, 2); "
        "give an email or an external id to tell them apart"
    )


def test_bulk_import_lands_in_one_transaction(shared_engine: Engine) -> None:
    """100,000 ratings (20,000 scorecards x 5, 4,000 candidates) in one import (the bulk path;
    its speed is measured by `python -m assess bench`, not asserted here)."""
    competencies = [HANDS_ON, VISION, PEOPLE, "product_customer", "security_compliance"]
    cards = [
        card(
            f"Candidate {i // 5}",
            email=f"c{i // 5}@x.se",
            interviewer=f"Interviewer {i % 5}",
            ratings=tuple((c, (i + j) % 5 + 1, "e") for j, c in enumerate(competencies)),
        )
        for i in range(20_000)
    ]
    summary = import_all(shared_engine, cards)
    assert summary == ImportSummary(
        candidates_added=4000, scorecards_added=20_000, ratings_added=100_000
    )
    with transaction(shared_engine, readonly=True) as session:
        stamps = set(session.scalars(select(RATING_AUDIT.c.at).distinct()))
        stamps |= set(session.scalars(select(SCORECARDS.c.created_at).distinct()))
        stamps |= set(session.scalars(select(CANDIDATES.c.created_at).distinct()))
    # One transaction, one time, stored as UTC whichever way the rows went in (COPY or INSERT).
    assert len(stamps) == 1
    (stamp,) = stamps
    assert stamp.tzinfo == dt.UTC
    assert abs(stamp - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


# --- erasure --------------------------------------------------------------------------------------


def test_erasure_removes_everything_of_one_candidate_and_nothing_else(engine: Engine) -> None:
    import_all(engine, _batch())
    with transaction(engine, readonly=True) as session:
        others_before = ratings_frame(session=session, submitted_only=False)
    anna = 1
    others_before = others_before[others_before["candidate"] != anna].reset_index(drop=True)
    with transaction(engine, readonly=True) as session:
        audit_before = session.scalar(
            select(func.count()).where(RATING_AUDIT.c.candidate_id != anna)
        )
    with transaction(engine) as session:
        erased = delete_candidate(anna, session=session)
    assert erased == Erasure(candidates=1, scorecards=2, ratings=4, audit_rows=4)
    with transaction(engine, readonly=True) as session:
        left = {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in (CANDIDATES, SCORECARDS, RATINGS, RATING_AUDIT)
        }
        mentions = session.scalar(select(func.count()).where(RATING_AUDIT.c.candidate_id == anna))
        others_after = ratings_frame(session=session, submitted_only=False)
    assert left == {"candidates": 2, "scorecards": 2, "ratings": 3, "rating_audit": 3}
    assert mentions == 0
    assert audit_before == 3
    pd.testing.assert_frame_equal(others_after, others_before)


def test_erasure_takes_the_trail_of_a_scorecard_that_changed_hands(engine: Engine) -> None:
    import_all(engine, [card("Anna Berg", external_id="sc-1")])
    moved = import_all(engine, [card("Bo Ek", external_id="sc-1")])
    assert moved == ImportSummary(candidates_added=1, scorecards_updated=1)
    with transaction(engine) as session:
        erased = delete_candidate(2, session=session)
    assert erased == Erasure(candidates=1, scorecards=1, ratings=2, audit_rows=2)
    assert fingerprint(engine)[0] == {
        "candidates": 1,
        "scorecards": 0,
        "ratings": 0,
        "rating_audit": 0,
    }


def test_erasure_is_all_or_nothing(engine: Engine) -> None:
    import_all(engine, _batch())
    before = fingerprint(engine)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        delete_candidate(1, session=session)
        raise RuntimeError("the caller failed after erasing")
    assert fingerprint(engine) == before


# --- reading --------------------------------------------------------------------------------------


def test_ratings_frame_exact_content(engine: Engine) -> None:
    import_all(engine, _batch())
    with transaction(engine, readonly=True) as session:
        submitted = ratings_frame(session=session)
        everything = ratings_frame(session=session, submitted_only=False)
    expected = pd.DataFrame.from_records(
        [
            (1, "Anna Berg", "Lena Ek", 1, "technical", DAY, HANDS_ON, 4.0, "built the platform"),
            (1, "Anna Berg", "Lena Ek", 1, "technical", DAY, VISION, np.nan, ""),
            (1, "Anna Berg", "Per Holm", 2, "strategy", DAY, HANDS_ON, 4.0, "built the platform"),
            (1, "Anna Berg", "Per Holm", 2, "strategy", DAY, VISION, np.nan, ""),
            (2, "Björn Dahl", "Lena Ek", 3, "technical", DAY, HANDS_ON, 2.0, "little"),
            (2, "Björn Dahl", "Lena Ek", 3, "technical", DAY, PEOPLE, 5.0, "great"),
            (2, "Björn Dahl", "Lena Ek", 3, "technical", DAY, VISION, 3.0, ""),
        ],
        columns=list(RATINGS_FRAME_COLUMNS[:-3]),
    ).assign(recommendation="yes", state="submitted")
    expected["candidate_email"] = np.where(expected["candidate"] == 1, "anna@x.se", None)
    expected = expected.astype({"candidate": "int64", "interview": "int64", "rating": "float64"})
    assert tuple(submitted.columns) == RATINGS_FRAME_COLUMNS
    pd.testing.assert_frame_equal(submitted, expected, check_dtype=False)
    assert submitted.dtypes[["candidate", "interview", "rating"]].tolist() == [
        np.dtype("int64"),
        np.dtype("int64"),
        np.dtype("float64"),
    ]
    # Cecilia's draft has no ratings, so the frames match; a draft with ratings shows only here.
    pd.testing.assert_frame_equal(everything, submitted)
    save(engine, card("Cecilia Lind", state="draft", ratings=((VISION, 4, "clear"),)))
    with transaction(engine, readonly=True) as session:
        assert len(ratings_frame(session=session)) == 7
        drafts = ratings_frame(session=session, submitted_only=False)
    assert drafts.iloc[-1][["candidate", "competency", "rating", "state"]].tolist() == [
        3,
        VISION,
        4.0,
        "draft",
    ]


def test_empty_frames_have_their_columns(engine: Engine) -> None:
    with transaction(engine, readonly=True) as session:
        ratings = ratings_frame(session=session)
        cards = scorecards_frame(session=session)
    assert (tuple(ratings.columns), len(ratings)) == (RATINGS_FRAME_COLUMNS, 0)
    assert (tuple(cards.columns), len(cards)) == (SCORECARDS_FRAME_COLUMNS, 0)
    assert ratings["rating"].dtype == np.dtype("float64")


def test_scorecards_frame(engine: Engine) -> None:
    import_all(engine, _batch())
    with transaction(engine, readonly=True) as session:
        frame = scorecards_frame(session=session)
    assert frame[["interview", "candidate", "interviewer", "state", "ratings", "assessed"]].to_dict(
        "records"
    ) == [
        {
            "interview": 1,
            "candidate": 1,
            "interviewer": "Lena Ek",
            "state": "submitted",
            "ratings": 2,
            "assessed": 1,
        },
        {
            "interview": 2,
            "candidate": 1,
            "interviewer": "Per Holm",
            "state": "submitted",
            "ratings": 2,
            "assessed": 1,
        },
        {
            "interview": 3,
            "candidate": 2,
            "interviewer": "Lena Ek",
            "state": "submitted",
            "ratings": 3,
            "assessed": 3,
        },
        {
            "interview": 4,
            "candidate": 3,
            "interviewer": "Lena Ek",
            "state": "draft",
            "ratings": 0,
            "assessed": 0,
        },
    ]


def test_ratings_frame_is_four_queries_for_5000_scorecards(engine: Engine) -> None:
    """Scorecards, competency ids, ratings, candidates: one query each, however many rows."""
    import_all(
        engine,
        [card(f"Candidate {i // 5}", interviewer=f"Interviewer {i % 5}") for i in range(5000)],
    )
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", count)
    try:
        with transaction(engine, readonly=True) as session:
            frame = ratings_frame(session=session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert frame.shape == (10_000, len(RATINGS_FRAME_COLUMNS))
    assert sum(s.lstrip().upper().startswith("SELECT") for s in statements) == 4


# --- transactions and the fingerprint -------------------------------------------------------------


def test_fingerprint_unchanged_after_rollback(engine: Engine) -> None:
    import_all(engine, _batch())
    before = fingerprint(engine)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        import_scorecards([card("Dan Ek")], session=session, actor="x")
        update_candidate(1, session=session, name="Changed")
        raise RuntimeError("abort")
    assert fingerprint(engine) == before
    save(engine, card("Dan Ek"))
    counts, digest = fingerprint(engine)
    assert counts == {"candidates": 4, "scorecards": 5, "ratings": 9, "rating_audit": 9}
    assert digest != before[1]


def test_readonly_transaction_never_writes(engine: Engine) -> None:
    before = fingerprint(engine)
    # PostgreSQL refuses the write itself; SQLite takes it and rolls it back.
    with transaction(engine, readonly=True) as session, contextlib.suppress(DBAPIError):
        add_candidate("Eva", session=session)
    assert fingerprint(engine) == before


# --- concurrency ----------------------------------------------------------------------------------


def _in_threads(*jobs: Any) -> None:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Any) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_concurrent_saves_for_the_same_candidate_both_land(shared_engine: Engine) -> None:
    cid = new_candidate(shared_engine)

    def interview(interviewer: str, rating: int) -> Any:
        def job() -> None:
            with transaction(shared_engine) as session:
                save_scorecard(
                    card(interviewer=interviewer, ratings=((HANDS_ON, rating, interviewer),)),
                    session=session,
                    actor=interviewer,
                    candidate_id=cid,
                )
                # Hold the transaction open so the other writer has to wait for it.
                time.sleep(0.3)

        return job

    _in_threads(interview("Lena Ek", 4), interview("Per Holm", 2))
    with transaction(shared_engine, readonly=True) as session:
        frame = ratings_frame(session=session)
    assert sorted(zip(frame["interviewer"], frame["rating"], strict=True)) == [
        ("Lena Ek", 4.0),
        ("Per Holm", 2.0),
    ]
    assert sorted(row[0] for row in audit_rows(shared_engine)) == ["Lena Ek", "Per Holm"]


def test_concurrent_imports_create_a_new_candidate_once(shared_engine: Engine) -> None:
    def job(interviewer: str) -> Any:
        return lambda: import_all(shared_engine, [card("Nora Sund", interviewer=interviewer)])

    _in_threads(job("Lena Ek"), job("Per Holm"), job("Eva Lund"))
    counts, _ = fingerprint(shared_engine)
    assert counts == {"candidates": 1, "scorecards": 3, "ratings": 6, "rating_audit": 6}


def test_every_engine_is_isolated_and_enforces_foreign_keys(engine: Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            schema = conn.execute(text("SELECT current_schema()")).scalar()
            assert str(schema).startswith("test_")
        else:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert fingerprint(engine)[0] == {
        "candidates": 0,
        "scorecards": 0,
        "ratings": 0,
        "rating_audit": 0,
    }


# --- property: the audit trail replays to the stored ratings --------------------------------------

_rating = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
_card_ratings = st.dictionaries(
    st.sampled_from([HANDS_ON, VISION, PEOPLE]),
    st.tuples(_rating, st.sampled_from(["", "a", "b"])),
    max_size=3,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions=st.lists(_card_ratings, min_size=1, max_size=5))
def test_audit_replays_to_the_stored_ratings(versions: list[dict[str, Any]]) -> None:
    engine = open_database("sqlite://")
    try:
        sid = 0
        for version in versions:
            ratings = tuple((c, r, e) for c, (r, e) in version.items())
            sid = save(engine, card(ratings=ratings))
        replayed: dict[str, tuple[int | None, str]] = {}
        for *_, competency, action, _old, new, _old_e, new_e in audit_rows(engine):
            if action == "deleted":
                del replayed[competency]
            elif action == "created":
                replayed[competency] = (new, new_e)
            else:
                replayed[competency] = (new, replayed[competency][1] if new_e is None else new_e)
        final = {c: (r, e) for c, (r, e) in versions[-1].items()}
        assert stored_ratings(engine, sid) == final
        assert replayed == final
    finally:
        engine.dispose()


# --- a scorecard's identity includes its search -----------------------------------------------


def _two_searches(engine: Engine) -> tuple[int, int]:
    with transaction(engine) as session:
        return tuple(  # type: ignore[return-value]
            add_search(session=session, title=title, archetype="big_thinker", stage="growth")
            for title in ("CTO Acme", "CTO Beta")
        )


def _cards_by_search(engine: Engine) -> list[tuple[int | None, str, dict[str, Any]]]:
    with transaction(engine, readonly=True) as session:
        rows = session.execute(
            select(Scorecard.id, Scorecard.search_id, Scorecard.recommendation).order_by(
                Scorecard.id
            )
        ).all()
    return [(search, rec, stored_ratings(engine, sid)) for sid, search, rec in rows]


def test_one_interview_in_two_searches_is_two_scorecards(engine: Engine) -> None:
    acme, beta = _two_searches(engine)
    with transaction(engine) as session:
        first = import_scorecards(
            [card(), card()], session=session, actor="import", search_ids=[acme, beta]
        )
    assert (first.candidates_added, first.scorecards_added, first.ratings_added) == (1, 2, 4)
    # again into Beta, changed: Beta's card is updated, Acme's stays as it was
    changed = card(ratings=((HANDS_ON, 2, "less than hoped"),), recommendation="no")
    with transaction(engine) as session:
        again = import_scorecards([changed], session=session, actor="import", search_ids=[beta])
    assert again == ImportSummary(scorecards_updated=1, ratings_changed=1, ratings_deleted=1)
    # and once without a search: a card of its own, beside the two
    with transaction(engine) as session:
        bare = import_scorecards([card()], session=session, actor="import")
    assert (bare.scorecards_added, bare.scorecards_updated) == (1, 0)
    assert _cards_by_search(engine) == [
        (acme, "yes", {HANDS_ON: (4, "built the platform"), VISION: (None, "")}),
        (beta, "no", {HANDS_ON: (2, "less than hoped")}),
        (None, "yes", {HANDS_ON: (4, "built the platform"), VISION: (None, "")}),
    ]
    # the same cards again change nothing
    with transaction(engine) as session:
        assert (
            import_scorecards(
                [card(), changed, card()],
                session=session,
                actor="import",
                search_ids=[acme, beta, None],
            )
            == ImportSummary()
        )


def test_the_database_holds_one_card_per_interview_and_search(engine: Engine) -> None:
    acme, beta = _two_searches(engine)
    cid = new_candidate(engine)
    with transaction(engine) as session:
        for search in (acme, beta, None):
            session.execute(insert(SCORECARDS).values(_scorecard_row(cid, search_id=search)))
    for search in (acme, beta, None):
        with (
            pytest.raises(IntegrityError, match=r"uq_scorecards_interview|UNIQUE constraint"),
            transaction(engine) as session,
        ):
            session.execute(insert(SCORECARDS).values(_scorecard_row(cid, search_id=search)))


def test_a_saved_card_is_found_in_its_search_only(engine: Engine) -> None:
    acme, beta = _two_searches(engine)
    cid = new_candidate(engine)
    save(engine, card(state="draft"), candidate_id=cid, search_id=acme)
    with transaction(engine, readonly=True) as session:
        found = [
            scorecard_for(cid, "Lena Ek", DAY, "technical", session=session, search_id=search)
            for search in (acme, beta, None)
        ]
    assert [f is not None and f.state for f in found] == ["draft", False, False]
