"""Searches in the database: positions, target overrides, pipeline, team, interviews, cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assess.domain.searches import Assignment, CardState, Interview, TargetOverride
from assess.storage.db import (
    Candidate,
    InterviewAssignment,
    InterviewPlan,
    PipelineMove,
    Scorecard,
    Search,
    SearchCandidate,
    SearchOverride,
    SearchTeamMember,
    StoreError,
    User,
    utcnow,
)


@dataclass(frozen=True)
class SearchInfo:
    """A search as lists and `search show` give it."""

    id: int
    title: str
    client: str
    archetype: str
    stage: str
    status: str
    notes: str
    feedback_visibility: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class PipelineEntry:
    """A candidate in a search and where they are."""

    candidate: int
    name: str
    stage: str


@dataclass(frozen=True)
class Move:
    """One step of a candidate's pipeline history."""

    candidate: int
    from_stage: str | None
    to_stage: str
    actor: str
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Member:
    """Someone on a search's hiring team."""

    user_id: int
    name: str
    role: str


def _info(row: Search) -> SearchInfo:
    return SearchInfo(
        id=row.id,
        title=row.title,
        client=row.client,
        archetype=row.archetype,
        stage=row.stage,
        status=row.status,
        notes=row.notes,
        feedback_visibility=row.feedback_visibility,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def no_such_search(search_id: int) -> StoreError:
    """The one message for a search that does not exist or that the actor may not see."""
    return StoreError(f"search: no search with id {search_id}")


def add_search(
    *,
    session: Session,
    title: str,
    archetype: str,
    stage: str,
    client: str = "",
    notes: str = "",
    status: str = "open",
    feedback_visibility: str = "after_submit",
) -> int:
    """Insert a (checked) search and return its id."""
    now = utcnow()
    row = Search(
        title=title,
        client=client,
        archetype=archetype,
        stage=stage,
        status=status,
        notes=notes,
        feedback_visibility=feedback_visibility,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def list_searches(*, session: Session, only: Sequence[int] | None = None) -> list[SearchInfo]:
    """Every search by id, or only those in `only`."""
    query = select(Search).order_by(Search.id)
    if only is not None:
        query = query.where(Search.id.in_(list(only)))
    return [_info(row) for row in session.scalars(query)]


def get_search(search_id: int, *, session: Session) -> SearchInfo:
    """One search, or StoreError "search: no search with id N"."""
    row = session.get(Search, search_id)
    if row is None:
        raise no_such_search(search_id)
    return _info(row)


def _touch(session: Session, search_id: int) -> None:
    session.execute(update(Search).where(Search.id == search_id).values(updated_at=utcnow()))


def overrides(search_id: int, *, session: Session) -> list[TargetOverride]:
    """The search's target overrides, by competency."""
    rows = session.scalars(
        select(SearchOverride)
        .where(SearchOverride.search_id == search_id)
        .order_by(SearchOverride.competency)
    )
    return [
        TargetOverride(r.competency, r.level, r.weight, r.reason, r.set_by, r.set_at) for r in rows
    ]


def set_override(
    search_id: int,
    *,
    session: Session,
    competency: str,
    level: int | None,
    weight: int | None,
    reason: str,
    set_by: str,
) -> TargetOverride:
    """Set a (checked) override; a number not given keeps what an earlier override set."""
    now = utcnow()
    row = session.scalars(
        select(SearchOverride).where(
            SearchOverride.search_id == search_id, SearchOverride.competency == competency
        )
    ).one_or_none()
    if row is None:
        row = SearchOverride(search_id=search_id, competency=competency)
        session.add(row)
    if level is not None:
        row.level = level
    if weight is not None:
        row.weight = weight
    row.reason, row.set_by, row.set_at = reason, set_by, now
    session.flush()
    _touch(session, search_id)
    return TargetOverride(competency, row.level, row.weight, reason, set_by, now)


def candidate_stage(search_id: int, candidate_id: int, *, session: Session) -> str | None:
    """Where the candidate is in the search, or None when they are not in it."""
    return session.scalars(
        select(SearchCandidate.stage).where(
            SearchCandidate.search_id == search_id, SearchCandidate.candidate_id == candidate_id
        )
    ).one_or_none()


def _require_candidate(candidate_id: int, session: Session) -> None:
    if session.get(Candidate, candidate_id) is None:
        raise StoreError(f"candidate: no candidate with id {candidate_id}")


def add_candidate(
    search_id: int,
    candidate_id: int,
    *,
    session: Session,
    actor: str,
    stage: str = "sourced",
    reason: str = "",
) -> bool:
    """Put a candidate into a search at `stage` (recorded as their first move); False when
    they are in it already (nothing changes)."""
    _require_candidate(candidate_id, session)
    if candidate_stage(search_id, candidate_id, session=session) is not None:
        return False
    now = utcnow()
    session.add(
        SearchCandidate(search_id=search_id, candidate_id=candidate_id, stage=stage, added_at=now)
    )
    session.add(
        PipelineMove(
            search_id=search_id,
            candidate_id=candidate_id,
            from_stage=None,
            to_stage=stage,
            actor=actor,
            at=now,
            reason=reason,
        )
    )
    session.flush()
    return True


def move_candidate(
    search_id: int,
    candidate_id: int,
    *,
    session: Session,
    from_stage: str,
    to_stage: str,
    actor: str,
    reason: str,
) -> None:
    """Move a candidate in the search (a checked move) and record who, when and why."""
    now = utcnow()
    session.execute(
        update(SearchCandidate)
        .where(SearchCandidate.search_id == search_id, SearchCandidate.candidate_id == candidate_id)
        .values(stage=to_stage)
    )
    session.add(
        PipelineMove(
            search_id=search_id,
            candidate_id=candidate_id,
            from_stage=from_stage,
            to_stage=to_stage,
            actor=actor,
            at=now,
            reason=reason,
        )
    )
    session.flush()


def pipeline(
    search_id: int, *, session: Session, only: Sequence[int] | None = None
) -> list[PipelineEntry]:
    """The search's candidates by name (then id), each at their stage."""
    query = (
        select(Candidate.id, Candidate.name, SearchCandidate.stage)
        .join(SearchCandidate, SearchCandidate.candidate_id == Candidate.id)
        .where(SearchCandidate.search_id == search_id)
        .order_by(Candidate.name, Candidate.id)
    )
    if only is not None:
        query = query.where(Candidate.id.in_(list(only)))
    return [PipelineEntry(cid, name, stage) for cid, name, stage in session.execute(query)]


def history(search_id: int, candidate_id: int, *, session: Session) -> list[Move]:
    """The candidate's moves in the search, oldest first."""
    rows = session.scalars(
        select(PipelineMove)
        .where(PipelineMove.search_id == search_id, PipelineMove.candidate_id == candidate_id)
        .order_by(PipelineMove.at, PipelineMove.id)
    )
    return [Move(r.candidate_id, r.from_stage, r.to_stage, r.actor, r.at, r.reason) for r in rows]


def set_member(search_id: int, *, session: Session, user_id: int, role: str) -> None:
    """Put a user on the search's team with `role` (a second call changes the role)."""
    if session.get(User, user_id) is None:
        raise StoreError(f"user: no user with id {user_id}")
    row = session.scalars(
        select(SearchTeamMember).where(
            SearchTeamMember.search_id == search_id, SearchTeamMember.user_id == user_id
        )
    ).one_or_none()
    if row is None:
        session.add(SearchTeamMember(search_id=search_id, user_id=user_id, role=role))
    else:
        row.role = role
    session.flush()


def remove_member(search_id: int, user_id: int, *, session: Session) -> bool:
    """Take a user off the team and their interview assignments; False if not on it."""
    row = session.scalars(
        select(SearchTeamMember).where(
            SearchTeamMember.search_id == search_id, SearchTeamMember.user_id == user_id
        )
    ).one_or_none()
    if row is None:
        return False
    interview_ids = select(InterviewPlan.id).where(InterviewPlan.search_id == search_id)
    for assignment in session.scalars(
        select(InterviewAssignment).where(
            InterviewAssignment.interview_id.in_(interview_ids),
            InterviewAssignment.user_id == user_id,
        )
    ):
        session.delete(assignment)
    session.delete(row)
    session.flush()
    return True


def team(search_id: int, *, session: Session) -> list[Member]:
    """The search's hiring team by name."""
    rows = session.execute(
        select(SearchTeamMember.user_id, User.name, SearchTeamMember.role)
        .join(User, User.id == SearchTeamMember.user_id)
        .where(SearchTeamMember.search_id == search_id)
        .order_by(User.name, User.id)
    )
    return [Member(user_id, name, role) for user_id, name, role in rows]


def roles_of(user_id: int, *, session: Session) -> dict[int, str]:
    """search id -> the user's role on it, for every search they are on."""
    rows = session.execute(
        select(SearchTeamMember.search_id, SearchTeamMember.role).where(
            SearchTeamMember.user_id == user_id
        )
    )
    return {search_id: role for search_id, role in rows}


def add_interview(
    search_id: int,
    *,
    session: Session,
    name: str,
    kind: str,
    focus: Sequence[str],
    interview_date: dt.date | None,
) -> int:
    """Add a (checked) interview to the search's plan; returns its id."""
    row = InterviewPlan(
        search_id=search_id,
        name=name,
        kind=kind,
        focus=list(focus),
        interview_date=interview_date,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row.id


def interviews(search_id: int, *, session: Session) -> list[Interview]:
    """The search's interview plan, in the order it was made."""
    rows = session.scalars(
        select(InterviewPlan).where(InterviewPlan.search_id == search_id).order_by(InterviewPlan.id)
    )
    return [Interview(r.id, r.name, r.kind, tuple(r.focus), r.interview_date) for r in rows]


def interview_search(interview_id: int, *, session: Session) -> int:
    """The search an interview belongs to, or StoreError naming the interview."""
    found = session.scalars(
        select(InterviewPlan.search_id).where(InterviewPlan.id == interview_id)
    ).one_or_none()
    if found is None:
        raise StoreError(f"interview: no interview with id {interview_id}")
    return found


def assign(interview_id: int, candidate_id: int, user_id: int, *, session: Session) -> bool:
    """Have a team member interview a candidate in one interview; False if already so."""
    exists = session.scalars(
        select(InterviewAssignment.id).where(
            InterviewAssignment.interview_id == interview_id,
            InterviewAssignment.candidate_id == candidate_id,
            InterviewAssignment.user_id == user_id,
        )
    ).one_or_none()
    if exists is not None:
        return False
    session.add(
        InterviewAssignment(interview_id=interview_id, candidate_id=candidate_id, user_id=user_id)
    )
    session.flush()
    return True


def assignments(search_id: int, *, session: Session) -> list[Assignment]:
    """Who interviews whom in the search's interviews (interviewers by their user name, the
    name their scorecards carry)."""
    rows = session.execute(
        select(InterviewAssignment.interview_id, InterviewAssignment.candidate_id, User.name)
        .join(InterviewPlan, InterviewPlan.id == InterviewAssignment.interview_id)
        .join(User, User.id == InterviewAssignment.user_id)
        .where(InterviewPlan.search_id == search_id)
        .order_by(InterviewAssignment.interview_id, InterviewAssignment.candidate_id)
    )
    return [Assignment(i, c, name) for i, c, name in rows]


def assigned_candidates(search_id: int, user_id: int, *, session: Session) -> list[int]:
    """The candidates a user interviews in the search."""
    return sorted(
        set(
            session.scalars(
                select(InterviewAssignment.candidate_id)
                .join(InterviewPlan, InterviewPlan.id == InterviewAssignment.interview_id)
                .where(
                    InterviewPlan.search_id == search_id,
                    InterviewAssignment.user_id == user_id,
                )
            )
        )
    )


def cards(search_id: int, *, session: Session) -> list[CardState]:
    """The search's scorecards, drafts included, as progress reads them."""
    rows = session.execute(
        select(
            Scorecard.candidate_id,
            Scorecard.interviewer,
            Scorecard.interview_type,
            Scorecard.interview_date,
            Scorecard.state,
        ).where(Scorecard.search_id == search_id)
    )
    return [CardState(c, who, kind, day, state) for c, who, kind, day, state in rows]


def scorecard_ids(search_id: int, *, session: Session) -> set[int]:
    """Ids of the scorecards that belong to the search."""
    return set(session.scalars(select(Scorecard.id).where(Scorecard.search_id == search_id)))


def file_scorecards(
    search_id: int, card_ids: Sequence[int], *, session: Session, actor: str
) -> int:
    """Put scorecards into a search and their candidates into its pipeline ("interviewing"
    for those not in it yet); returns how many candidates joined the search."""
    if not card_ids:
        return 0
    session.execute(
        update(Scorecard).where(Scorecard.id.in_(list(card_ids))).values(search_id=search_id)
    )
    joined = 0
    candidate_ids = sorted(
        set(session.scalars(select(Scorecard.candidate_id).where(Scorecard.id.in_(list(card_ids)))))
    )
    for cid in candidate_ids:
        joined += add_candidate(
            search_id, cid, session=session, actor=actor, stage="interviewing", reason="imported"
        )
    return joined


@dataclass(frozen=True)
class OwnAssignment:
    """One interview a user is assigned to: the search, the interview and the candidate."""

    search_id: int
    interview_id: int
    candidate: int
    candidate_name: str


def assignments_of(user_id: int, *, session: Session) -> list[OwnAssignment]:
    """Every interview assignment of a user, across the searches they are on (a user taken
    off a team loses its assignments, see `remove_member`)."""
    rows = session.execute(
        select(
            InterviewPlan.search_id,
            InterviewAssignment.interview_id,
            InterviewAssignment.candidate_id,
            Candidate.name,
        )
        .join(InterviewPlan, InterviewPlan.id == InterviewAssignment.interview_id)
        .join(Candidate, Candidate.id == InterviewAssignment.candidate_id)
        .where(InterviewAssignment.user_id == user_id)
        .order_by(InterviewPlan.search_id, InterviewAssignment.interview_id, Candidate.name)
    )
    return [OwnAssignment(s, i, c, name) for s, i, c, name in rows]


def user_name(user_id: int, *, session: Session) -> str:
    """A user's name, as their scorecards carry it."""
    name = session.scalars(select(User.name).where(User.id == user_id)).one_or_none()
    if name is None:
        raise StoreError(f"user: no user with id {user_id}")
    return name
