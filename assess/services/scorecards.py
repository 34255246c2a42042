"""Scorecard use cases: an interviewer's own card for an interview, save, submit and reopen."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from assess.domain.schemas import ScorecardIn
from assess.services import audit, searches
from assess.services.actor import Actor
from assess.services.visibility import is_own
from assess.storage import store
from assess.storage.db import StoreError, transaction
from assess.storage.store import SubmittedCard


class NotYourScorecard(StoreError):
    """A scorecard written in another interviewer's name; nothing was read or written."""


def own_scorecard(
    candidate_id: int,
    *,
    actor: Actor,
    engine: Engine,
    interview_date: dt.date,
    interview_type: str,
    search_id: int | None = None,
) -> ScorecardIn | None:
    """The acting interviewer's own stored scorecard for that interview in `search_id` (None:
    of no search), or None; never a colleague's."""
    actor.may("scorecards.write_own")
    with transaction(engine, readonly=True) as session:
        return store.scorecard_for(
            candidate_id,
            actor.audit_name,
            interview_date,
            interview_type,
            session=session,
            search_id=search_id,
        )


def save_scorecard(
    card: ScorecardIn,
    *,
    actor: Actor,
    engine: Engine,
    candidate_id: int | None = None,
    search_id: int | None = None,
) -> int:
    """Create or update the actor's own scorecard (submitted when `card.state` says so).

    The interviewer is the acting user: a card in anyone else's name is refused. A submitted
    scorecard does not change or go back to draft; a recruiter can reopen it with a reason.
    With `search_id` (and `candidate_id`) the card belongs to that search, as far as
    `searches.check_filing` allows; the search is part of the card's identity, so the same
    interview in another search is a card of its own. Returns the scorecard id.
    """
    actor.may("scorecards.write_own")
    if not is_own(actor, card.interviewer):
        raise NotYourScorecard(
            f"scorecard: {actor.audit_name} cannot write a scorecard in the name of "
            f"{card.interviewer!r}; the interviewer of a scorecard is the signed-in user"
        )
    if search_id is not None and candidate_id is None:
        raise StoreError("candidate: a scorecard saved into a search names its candidate")
    with transaction(engine) as session:
        if search_id is not None and candidate_id is not None:
            searches.check_filing(actor, search_id, candidate_id, card, session=session)
        if candidate_id is not None:
            stored = store.scorecard_for(
                candidate_id,
                actor.audit_name,
                card.interview_date,
                card.interview_type,
                session=session,
                search_id=search_id,
            )
            if stored is not None and stored.state == "submitted":
                raise StoreError(
                    "scorecard: already submitted, so it no longer changes; a recruiter can "
                    "reopen it with a reason"
                )
        # the writer stores the card in its search; check_filing has made sure the candidate
        # is already in that search's pipeline
        return store.save_scorecard(
            card,
            session=session,
            actor=actor.audit_name,
            candidate_id=candidate_id,
            search_id=search_id,
        )


def reopen_scorecard(scorecard_id: int, *, actor: Actor, engine: Engine, reason: str) -> None:
    """Turn a submitted scorecard back into a draft its interviewer can change (a recruiter's
    or admin's action, with a reason). The audit trail records who, when, why, and the card's
    state and every rating and evidence as they were; later changes are audited as usual."""
    actor.may("scorecards.reopen")
    if not reason.strip():
        raise StoreError("reason: say why the scorecard is reopened (must not be empty)")
    with transaction(engine) as session:
        card = store.scorecard_row(scorecard_id, session=session)
        if card.state != "submitted":
            raise StoreError(f"scorecard {scorecard_id}: is a draft already; nothing to reopen")
        old = store.scorecard_ratings(scorecard_id, session=session)
        audit.record(
            session,
            actor,
            "scorecard.reopened",
            entity="scorecard",
            entity_id=scorecard_id,
            candidate_id=card.candidate_id,
            details={
                "reason": reason.strip(),
                "interviewer": card.interviewer,
                "old": {"state": "submitted", "submitted_at": card.submitted_at},
                "new": {"state": "draft", "submitted_at": None},
                "ratings": old,
            },
        )
        store.reopen(scorecard_id, session=session)


def submitted_scorecards(candidate_id: int, *, actor: Actor, engine: Engine) -> list[SubmittedCard]:
    """The candidate's submitted scorecards, for a recruiter choosing one to reopen."""
    actor.may("scorecards.reopen")
    with transaction(engine, readonly=True) as session:
        return store.submitted_scorecards(candidate_id, session=session)
