"""The columnar read equals the ORM-row ratings frame it replaced, on the same database."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from builders import HANDS_ON, PEOPLE, VISION, card
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assess.domain.ratings import RATINGS_FRAME_COLUMNS
from assess.domain.rubric import load_rubric
from assess.domain.scoring import aggregate, aggregate_codes, levels_frame
from assess.services.actor import Actor
from assess.services.demo import load_demo
from assess.storage.columnar import read_ratings
from assess.storage.db import Candidate, Rating, Scorecard, transaction
from assess.storage.store import import_scorecards, ratings_frame


def old_ratings_frame(*, session: Session, submitted_only: bool = True) -> pd.DataFrame:
    """The read as it was before the columnar one: ORM columns, one row tuple per rating."""
    query = (
        select(
            Candidate.id,
            Candidate.name,
            Scorecard.interviewer,
            Scorecard.id,
            Scorecard.interview_type,
            Scorecard.interview_date,
            Rating.competency,
            Rating.rating,
            Rating.evidence,
            Scorecard.recommendation,
            Scorecard.state,
            Candidate.email,
        )
        .select_from(Rating)
        .join(Scorecard, Rating.scorecard_id == Scorecard.id)
        .join(Candidate, Scorecard.candidate_id == Candidate.id)
        .order_by(Candidate.id, Scorecard.id, Rating.competency)
    )
    if submitted_only:
        query = query.where(Scorecard.state == "submitted")
    rows = session.execute(query).all()
    frame = pd.DataFrame.from_records(
        [tuple(row) for row in rows], columns=list(RATINGS_FRAME_COLUMNS)
    )
    return frame.astype(
        {"candidate": "int64", "interview": "int64", "rating": "float64", "candidate_email": "str"}
    )


@pytest.fixture
def filled(engine: Engine) -> Engine:
    """Demo data, plus drafts, a candidate with drafts only, an email, a card with no rating."""
    load_demo(actor=Actor("test"), engine=engine, rubric=load_rubric(), today=dt.date(2026, 11, 23))
    with transaction(engine) as session:
        import_scorecards(
            [
                card("Zoe Draft", interviewer="Ann", state="draft"),
                card("Anna Berg", email="anna@example.com", interviewer="Bo"),
                card("Anna Berg", interviewer="Cy", state="draft", ratings=((PEOPLE, 2, "x"),)),
                card("Anna Berg", interviewer="Di", ratings=()),
                card("Bert Ek", interviewer="Bo", ratings=((VISION, None, ""), (HANDS_ON, 5, ""))),
            ],
            session=session,
            actor="test",
        )
    return engine


@pytest.mark.parametrize("submitted_only", [True, False])
def test_columnar_read_equals_the_old_frame(filled: Engine, submitted_only: bool) -> None:
    with transaction(filled, readonly=True) as session:
        old = old_ratings_frame(session=session, submitted_only=submitted_only)
        new = ratings_frame(session=session, submitted_only=submitted_only)
    assert len(old) > 100
    assert ("draft" in set(old["state"])) is not submitted_only
    pd.testing.assert_frame_equal(new, old)


def test_columns_hold_codes_and_small_ints(filled: Engine) -> None:
    with transaction(filled, readonly=True) as session:
        columns = read_ratings(session=session, evidence=False)
        frame = old_ratings_frame(session=session)
    assert columns.rating.dtype == np.int8
    assert columns.evidence is None
    assert columns.competencies == tuple(sorted(set(frame["competency"])))
    np.testing.assert_array_equal(columns.candidate_ids[columns.candidate], frame["candidate"])
    np.testing.assert_array_equal(columns.cards["interview"].iloc[columns.card], frame["interview"])
    who = np.array(columns.interviewers, dtype=object)[columns.interviewer[columns.card]]
    np.testing.assert_array_equal(who, frame["interviewer"].to_numpy(dtype=object))
    np.testing.assert_array_equal(
        np.where(columns.rating == 0, np.nan, columns.rating), frame["rating"]
    )
    assert columns.names() == dict(
        zip(frame["candidate"].tolist(), frame["candidate_name"].tolist(), strict=False)
    )
    # scoring from the codes gives the levels the frame gives
    pd.testing.assert_frame_equal(
        levels_frame(aggregate_codes(columns.coded())), aggregate(frame), check_index_type=False
    )


def test_an_empty_database_reads_as_empty_columns(engine: Engine) -> None:
    with transaction(engine, readonly=True) as session:
        columns = read_ratings(session=session)
        frame = ratings_frame(session=session)
    assert len(columns) == 0
    assert list(frame.columns) == list(RATINGS_FRAME_COLUMNS)
    assert frame.empty


@pytest.mark.parametrize("who", ["Bo", "Cy", "Nobody"])
def test_an_interviewers_columns_are_their_visible_ratings(filled: Engine, who: str) -> None:
    from assess.services.visibility import visible_columns, visible_ratings

    actor = Actor(who, role="interviewer")
    with transaction(filled, readonly=True) as session:
        columns = read_ratings(session=session)
    mine = visible_columns(actor, columns)
    pd.testing.assert_frame_equal(mine.frame(), visible_ratings(actor, columns.frame()))
    assert len(mine) == (0 if who == "Nobody" else len(mine))
    if who == "Bo":  # Bo submitted for Anna and Bert: their ratings, all of them
        assert sorted(mine.names().values()) == ["Anna Berg", "Bert Ek"]
