"""Scorecard use cases: an interviewer's own stored card for an interview, save and submit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from assess.domain.schemas import ScorecardIn
from assess.services.actor import Actor
from assess.storage import store
from assess.storage.db import transaction


def own_scorecard(
    candidate_id: int,
    *,
    actor: Actor,
    engine: Engine,
    interviewer: str,
    interview_date: dt.date,
    interview_type: str,
) -> ScorecardIn | None:
    """The stored scorecard of that interviewer for that interview (to go on with), or None."""
    with transaction(engine, readonly=True) as session:
        return store.scorecard_for(
            candidate_id, interviewer, interview_date, interview_type, session=session
        )


def save_scorecard(
    card: ScorecardIn, *, actor: Actor, engine: Engine, candidate_id: int | None = None
) -> int:
    """Create or update one scorecard (submitted when `card.state` says so); returns its id."""
    with transaction(engine) as session:
        return store.save_scorecard(
            card, session=session, actor=actor.audit_name, candidate_id=candidate_id
        )
