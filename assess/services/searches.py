"""Search use cases: positions, their targets, pipeline, hiring team, interview plan, progress.

An actor's role on a search: admins and recruiters keep their global role on every search;
anyone else has the role the search's hiring team gives them, and sees nothing of a search
they are not on (it answers as a search that does not exist).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from assess.services.imports import ParsedFile

from assess.domain.kit import KitInterview, interview_kit_html
from assess.domain.permissions import RECRUITING, require
from assess.domain.ratings import RatingColumns
from assess.domain.rubric import Rubric
from assess.domain.schemas import ScorecardIn, name_key
from assess.domain.scoring import score
from assess.domain.searches import (
    OPEN_STATES,
    OVERDUE_DAYS,
    Assignment,
    Interview,
    ProgressCell,
    SearchInputError,
    SearchProfile,
    check_choice,
    check_focus,
    check_move,
    check_override,
    check_search,
    check_search_role,
    check_text,
    progress,
    search_profile,
    sees_colleagues,
)
from assess.domain.vocab import PIPELINE_STAGES
from assess.imports.csv_file import ImportFailed
from assess.services import audit
from assess.services.actor import Actor
from assess.storage import searches as rows
from assess.storage import store
from assess.storage import users as user_rows
from assess.storage.columnar import read_ratings
from assess.storage.db import StoreError, transaction
from assess.storage.searches import Member, Move, PipelineEntry, SearchInfo, no_such_search
from assess.storage.store import ImportSummary

__all__ = [
    "Member",
    "Move",
    "OpenInterview",
    "PipelineEntry",
    "SearchInfo",
    "SearchInputError",
    "SearchView",
    "TeamChoice",
    "add_interview",
    "add_search",
    "add_to_search",
    "assign_interviewer",
    "check_filing",
    "import_into_search",
    "interview_kit",
    "list_searches",
    "move_candidate",
    "my_open_interviews",
    "pipeline_history",
    "remove_team_member",
    "search_columns",
    "search_progress",
    "search_ratings",
    "search_scores",
    "search_target",
    "set_target",
    "set_team_member",
    "show_search",
    "store_file_in_searches",
    "team_choices",
    "team_user",
]

# Global roles that see and act on every search with their own role.
GLOBAL: Final = RECRUITING


@dataclass(frozen=True)
class SearchView:
    """Everything `search show` gives: the search, its resolved profile, pipeline, team, plan."""

    search: SearchInfo
    role: str
    profile: SearchProfile
    pipeline: list[PipelineEntry]
    team: list[Member]
    interviews: list[Interview]


def _role(actor: Actor, search_id: int, session: Session) -> str | None:
    if actor.role in GLOBAL:
        return actor.role
    if actor.user_id is None:
        return None
    return rows.roles_of(actor.user_id, session=session).get(search_id)


def _require_on_team(search_id: int, user_id: int, session: Session, field: str) -> None:
    """A SearchInputError naming `field` unless the user is on the search's hiring team."""
    if user_id not in {m.user_id for m in rows.team(search_id, session=session)}:
        raise SearchInputError(field, f"user {user_id} is not on search {search_id}'s team")


def _open(actor: Actor, search_id: int, session: Session, action: str) -> tuple[SearchInfo, str]:
    """The search and the actor's role on it, once the role allows `action`; a search the
    actor is not on is reported as not existing."""
    role = _role(actor, search_id, session)
    if role is None:
        raise no_such_search(search_id)
    search = rows.get_search(search_id, session=session)
    require(role, action)
    return search, role


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    search_id: int | None,
    candidate_id: int | None = None,
    *,
    entity: str = "search",
    **details: object,
) -> None:
    """One entry in the audit trail of people's writes, about a search (or an import)."""
    audit.record(
        session,
        actor,
        action,
        entity=entity,
        entity_id=search_id,
        candidate_id=candidate_id,
        details=dict(details),
    )


def _profile(search: SearchInfo, rubric: Rubric, session: Session) -> SearchProfile:
    return search_profile(
        rubric, search.archetype, search.stage, rows.overrides(search.id, session=session)
    )


def _visible_candidates(
    actor: Actor, role: str, search_id: int, session: Session
) -> list[int] | None:
    """None: every candidate of the search; else the ones the actor interviews there."""
    if role != "interviewer":
        return None
    if actor.user_id is None:
        return []
    return rows.assigned_candidates(search_id, actor.user_id, session=session)


def add_search(
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    title: str,
    archetype: str,
    stage: str,
    client: str = "",
    notes: str = "",
    status: str = "open",
    feedback_visibility: str = "after_submit",
) -> SearchInfo:
    """Add a search (checked against the rubric) and return it."""
    actor.may("searches.manage")
    check_search(
        rubric,
        title=title,
        archetype=archetype,
        stage=stage,
        status=status,
        feedback_visibility=feedback_visibility,
    )
    client = check_text("client", client, required=False)
    with transaction(engine) as session:
        new_id = rows.add_search(
            session=session,
            title=title.strip(),
            archetype=archetype,
            stage=stage,
            client=client,
            notes=notes,
            status=status,
            feedback_visibility=feedback_visibility,
        )
        made = rows.get_search(new_id, session=session)
        _audit(
            session,
            actor,
            "searches.added",
            new_id,
            title=made.title,
            client=made.client,
            archetype=archetype,
            stage=stage,
        )
        return made


def list_searches(*, actor: Actor, engine: Engine) -> list[SearchInfo]:
    """The searches the actor may see: all for admins and recruiters, else those they are on."""
    actor.may("searches.read")
    with transaction(engine, readonly=True) as session:
        if actor.role in GLOBAL:
            return rows.list_searches(session=session)
        mine = [] if actor.user_id is None else rows.roles_of(actor.user_id, session=session)
        return rows.list_searches(session=session, only=list(mine))


def show_search(search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric) -> SearchView:
    """A search with its resolved profile, pipeline, team and interview plan; an interviewer
    sees only the candidates they interview there."""
    actor.may("searches.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        only = _visible_candidates(actor, role, search_id, session)
        return SearchView(
            search=search,
            role=role,
            profile=_profile(search, rubric, session),
            pipeline=rows.pipeline(search_id, session=session, only=only),
            team=rows.team(search_id, session=session),
            interviews=rows.interviews(search_id, session=session),
        )


def set_target(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    competency: str,
    level: int | None,
    weight: int | None,
    reason: str,
) -> SearchProfile:
    """Override a competency's target level and/or weight for this search, with a reason;
    returns the search's profile after the change."""
    check_override(rubric, competency=competency, level=level, weight=weight, reason=reason)
    with transaction(engine) as session:
        search, _ = _open(actor, search_id, session, "searches.manage")
        rows.set_override(
            search_id,
            session=session,
            competency=competency,
            level=level,
            weight=weight,
            reason=reason.strip(),
            set_by=actor.audit_name,
        )
        _audit(
            session,
            actor,
            "searches.target_set",
            search_id,
            competency=competency,
            level=level,
            weight=weight,
            reason=reason.strip(),
        )
        return _profile(search, rubric, session)


def add_to_search(
    search_id: int, candidate_id: int, *, actor: Actor, engine: Engine, stage: str = "sourced"
) -> bool:
    """Put a candidate into the search at `stage`; False when they are in it already."""
    check_move(None, stage)
    with transaction(engine) as session:
        _open(actor, search_id, session, "searches.manage")
        added = rows.add_candidate(
            search_id, candidate_id, session=session, actor=actor.audit_name, stage=stage
        )
        if added:
            _audit(session, actor, "searches.candidate_added", search_id, candidate_id, stage=stage)
        return added


def move_candidate(
    search_id: int,
    candidate_id: int,
    *,
    actor: Actor,
    engine: Engine,
    stage: str,
    reason: str = "",
) -> Move:
    """Move a candidate to another pipeline stage of the search, recording who, when and why."""
    check_choice("stage", stage, PIPELINE_STAGES, "pipeline stage")
    with transaction(engine) as session:
        _open(actor, search_id, session, "searches.move")
        current = rows.candidate_stage(search_id, candidate_id, session=session)
        if current is None:
            raise SearchInputError(
                "candidate", f"candidate {candidate_id} is not in search {search_id}"
            )
        check_move(current, stage)
        rows.move_candidate(
            search_id,
            candidate_id,
            session=session,
            from_stage=current,
            to_stage=stage,
            actor=actor.audit_name,
            reason=reason.strip(),
        )
        _audit(
            session,
            actor,
            "searches.candidate_moved",
            search_id,
            candidate_id,
            old=current,
            new=stage,
            reason=reason.strip(),
        )
        return rows.history(search_id, candidate_id, session=session)[-1]


def pipeline_history(
    search_id: int, candidate_id: int, *, actor: Actor, engine: Engine
) -> list[Move]:
    """A candidate's moves in the search, oldest first."""
    with transaction(engine, readonly=True) as session:
        _, role = _open(actor, search_id, session, "searches.read")
        only = _visible_candidates(actor, role, search_id, session)
        if only is not None and candidate_id not in only:
            raise SearchInputError(
                "candidate", f"candidate {candidate_id} is not in search {search_id}"
            )
        return rows.history(search_id, candidate_id, session=session)


def set_team_member(
    search_id: int, *, actor: Actor, engine: Engine, user_id: int, role: str
) -> list[Member]:
    """Put a user on the search's hiring team (or change their role); returns the team."""
    check_search_role(role)
    with transaction(engine) as session:
        _open(actor, search_id, session, "searches.manage")
        rows.set_member(search_id, session=session, user_id=user_id, role=role)
        _audit(session, actor, "searches.team_set", search_id, user_id=user_id, role=role)
        return rows.team(search_id, session=session)


def team_user(email: str, *, actor: Actor, engine: Engine) -> int:
    """The id of the active user with that email, for a team or an assignment given by email
    (the command line); a SearchInputError naming the field `user` when there is none."""
    actor.may("searches.manage")
    with transaction(engine, readonly=True) as session:
        row = user_rows.user_row(session, email=email)
        found = None if row is None or not row.active else row.id
    if found is None:
        raise SearchInputError("user", f"no active user with email {user_rows.normal_email(email)}")
    return found


def remove_team_member(search_id: int, user_id: int, *, actor: Actor, engine: Engine) -> bool:
    """Take a user off the team (and off its interviews); False when they were not on it."""
    with transaction(engine) as session:
        _open(actor, search_id, session, "searches.manage")
        removed = rows.remove_member(search_id, user_id, session=session)
        if removed:
            _audit(session, actor, "searches.team_removed", search_id, user_id=user_id)
        return removed


def add_interview(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    name: str,
    kind: str,
    focus: Sequence[str],
    interview_date: dt.date | None = None,
) -> Interview:
    """Add an interview with 3-6 focus competencies to the search's plan."""
    name = check_text("name", name, required=True)
    kind = check_text("kind", kind, required=True)
    chosen = check_focus(rubric, list(focus))
    with transaction(engine) as session:
        _open(actor, search_id, session, "searches.manage")
        new_id = rows.add_interview(
            search_id,
            session=session,
            name=name,
            kind=kind,
            focus=chosen,
            interview_date=interview_date,
        )
        _audit(
            session,
            actor,
            "searches.interview_added",
            search_id,
            interview=new_id,
            name=name,
            kind=kind,
            focus=list(chosen),
            date=interview_date,
        )
        return Interview(new_id, name, kind, chosen, interview_date)


def assign_interviewer(
    interview_id: int,
    candidate_id: int,
    user_id: int,
    *,
    actor: Actor,
    engine: Engine,
    search_id: int | None = None,
) -> bool:
    """Have a team member interview a candidate of the search; False if already assigned.
    `search_id`, when given, is the search the caller means: an interview of another search
    is then an error naming the interview."""
    with transaction(engine) as session:
        found = rows.interview_search(interview_id, session=session)
        if search_id is not None and found != search_id:
            _open(actor, search_id, session, "searches.manage")
            raise SearchInputError(
                "interview", f"interview {interview_id} is not in search {search_id}"
            )
        search_id = found
        _open(actor, search_id, session, "searches.manage")
        _require_on_team(search_id, user_id, session, "interviewer")
        if rows.candidate_stage(search_id, candidate_id, session=session) is None:
            raise SearchInputError(
                "candidate", f"candidate {candidate_id} is not in search {search_id}"
            )
        assigned = rows.assign(interview_id, candidate_id, user_id, session=session)
        if assigned:
            _audit(
                session,
                actor,
                "searches.assigned",
                search_id,
                candidate_id,
                interview=interview_id,
                user_id=user_id,
            )
        return assigned


def search_progress(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    today: dt.date | None = None,
    overdue_days: int = OVERDUE_DAYS,
) -> list[ProgressCell]:
    """Every candidate x interview of the search with its state and whether it is overdue; an
    interviewer sees only their own assignments."""
    with transaction(engine, readonly=True) as session:
        _, role = _open(actor, search_id, session, "searches.read")
        only = _visible_candidates(actor, role, search_id, session)
        candidates = [e.candidate for e in rows.pipeline(search_id, session=session, only=only)]
        cells = progress(
            candidates,
            rows.interviews(search_id, session=session),
            rows.assignments(search_id, session=session),
            rows.cards(search_id, session=session),
            today=today or dt.date.today(),
            overdue_days=overdue_days,
        )
    if only is None:
        return cells
    return [
        c
        for c in cells
        if c.interviewer is not None and name_key(c.interviewer) == name_key(actor.name)
    ]


def _visible(
    actor: Actor, role: str, search: SearchInfo, session: Session, rows_of: pd.DataFrame
) -> np.ndarray:
    """Which rows (ratings or scorecards, with `interview` = scorecard id, `candidate` and
    `interviewer`) of the search the actor may see: every one of its scorecards for a results
    reader; for an interviewer, of the candidates they interview there, their own and
    colleagues' as the search's feedback visibility allows."""
    inside = rows_of["interview"].isin(rows.scorecard_ids(search.id, session=session)).to_numpy()
    only = _visible_candidates(actor, role, search.id, session)
    if only is None:
        return inside
    mine = inside & rows_of["candidate"].isin(only).to_numpy()
    own = (rows_of["interviewer"].map(name_key) == name_key(actor.name)).to_numpy()
    submitted_own = set(rows_of.loc[mine & own, "candidate"])
    # the rule has two answers, before and after one's own submission: ask it once each, not
    # once per rating
    after = sees_colleagues(search.feedback_visibility, submitted_own=True)
    before = sees_colleagues(search.feedback_visibility, submitted_own=False)
    colleagues = np.where(rows_of["candidate"].isin(submitted_own).to_numpy(), after, before)
    keep: np.ndarray = mine & (own | colleagues)
    return keep


def _ratings(actor: Actor, role: str, search: SearchInfo, session: Session) -> pd.DataFrame:
    frame = store.ratings_frame(session=session)
    return frame[_visible(actor, role, search, session, frame)].reset_index(drop=True)


def search_columns(search_id: int, *, actor: Actor, engine: Engine) -> RatingColumns:
    """`search_ratings` as columnar integer codes, without the evidence: the search's submitted
    ratings the actor may see, what the dashboard scores a search from."""
    actor.may("results.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        columns = read_ratings(session=session, evidence=False)
        return columns.only_cards(_visible(actor, role, search, session, columns.cards))


def search_target(
    search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric
) -> tuple[SearchInfo, SearchProfile]:
    """The search and its resolved profile (each number with where it comes from), without
    its pipeline, team or plan: what the analysis pages score against."""
    actor.may("searches.read")
    with transaction(engine, readonly=True) as session:
        search, _ = _open(actor, search_id, session, "searches.read")
        return search, _profile(search, rubric, session)


def search_ratings(search_id: int, *, actor: Actor, engine: Engine) -> pd.DataFrame:
    """The submitted ratings of the search's scorecards the actor may see: all of them for a
    results reader; for an interviewer, their own and, for the candidates they interview,
    colleagues' as the search's feedback visibility allows."""
    actor.may("results.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        return _ratings(actor, role, search, session)


def search_scores(
    search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric
) -> tuple[SearchProfile, pd.DataFrame]:
    """The search's profile and the fit of every candidate the actor may see against it (the
    same fit as for any archetype x stage: `scoring.score`)."""
    actor.may("results.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        profile = _profile(search, rubric, session)
        ratings = _ratings(actor, role, search, session)
    return profile, score(ratings, [profile.profile], settings=rubric.settings)


def search_context(
    search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric
) -> tuple[SearchInfo, SearchProfile, pd.DataFrame]:
    """The search, its profile and the ratings the actor may see: what reports need."""
    actor.may("results.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        return search, _profile(search, rubric, session), _ratings(actor, role, search, session)


def import_into_search(
    cards: list[ScorecardIn],
    *,
    actor: Actor,
    engine: Engine,
    search_ids: Sequence[int | None],
    file_name: str = "",
) -> tuple[ImportSummary, int]:
    """Store checked scorecards in one transaction, each into the search beside it in
    `search_ids` (None: no search), and their candidates into those searches' pipelines
    ("interviewing"); returns the import summary and how many candidates joined a search."""
    actor.may("imports.run")
    with transaction(engine) as session:
        for search_id in sorted({s for s in search_ids if s is not None}):
            _open(actor, search_id, session, "searches.manage")
        # each card is stored in its search, so the search is part of its identity
        summary, ids = store.import_scorecards_with_ids(
            cards, session=session, actor=actor.audit_name, search_ids=search_ids
        )
        joined = 0
        by_search: dict[int, list[int]] = {}
        for maybe, card_id in zip(search_ids, ids, strict=True):
            if maybe is not None:
                by_search.setdefault(maybe, []).append(card_id)
        for search_id, card_ids in by_search.items():
            joined += rows.file_scorecards(
                search_id, card_ids, session=session, actor=actor.audit_name
            )
        _audit(
            session,
            actor,
            "scorecards.imported",
            None,
            entity="import",
            file=file_name,
            searches=sorted(by_search),
            joined=joined,
            **dataclasses.asdict(summary),
        )
        return summary, joined


def store_file_in_searches(
    parsed: ParsedFile, *, actor: Actor, engine: Engine, search: int | None
) -> ImportSummary:
    """A checked file into searches: `search` for every card (a CSV row naming another search
    is an error at its row), else the search each CSV row names; a search the actor cannot
    see is an error at its row (`FILE:ROW:search: unknown search 7`). All or nothing."""
    named = parsed.searches or [None] * len(parsed.cards)
    rows_of = parsed.rows or [0] * len(parsed.cards)
    problems: list[str] = []
    if search is not None:
        for row, value in zip(rows_of, named, strict=True):
            if value is not None and value != search:
                problems.append(
                    f"{parsed.name}:{row}:search: the row names search {value}, the command "
                    f"--search {search}"
                )
        if problems:
            raise ImportFailed(problems)
        return import_into_search(
            parsed.cards,
            actor=actor,
            engine=engine,
            search_ids=[search] * len(parsed.cards),
            file_name=parsed.name,
        )[0]
    known = {s.id for s in list_searches(actor=actor, engine=engine)}
    for row, value in zip(rows_of, named, strict=True):
        if value is not None and value not in known:
            problems.append(f"{parsed.name}:{row}:search: unknown search {value}")
    if problems:
        raise ImportFailed(problems)
    return import_into_search(
        parsed.cards, actor=actor, engine=engine, search_ids=named, file_name=parsed.name
    )[0]


# --- the signed-in interviewer's own interviews ----------------------------------------------


@dataclass(frozen=True)
class OpenInterview:
    """One of the actor's own interviews still to score: the search, the interview (its kind
    is the scorecard's interview type), the candidate, the card's state and whether it is late."""

    search: SearchInfo
    interview: Interview
    candidate: int
    candidate_name: str
    state: str
    overdue: bool


def my_open_interviews(
    *,
    actor: Actor,
    engine: Engine,
    today: dt.date | None = None,
    overdue_days: int = OVERDUE_DAYS,
) -> list[OpenInterview]:
    """The interviews the actor is assigned to, across every search they are on, whose
    scorecard is not submitted yet (not started or a draft), overdue ones first, then by
    interview date (undated last), search, interview and candidate name. Whatever their role,
    only their own assignments: an actor who is not a user of the app (the CLI) has none."""
    actor.may("scorecards.write_own")
    if actor.user_id is None:
        return []
    found: list[OpenInterview] = []
    with transaction(engine, readonly=True) as session:
        mine = rows.assignments_of(actor.user_id, session=session)
        name = rows.user_name(actor.user_id, session=session)
        for search_id in sorted({a.search_id for a in mine}):
            search = rows.get_search(search_id, session=session)
            plan = {i.id: i for i in rows.interviews(search_id, session=session)}
            own = [a for a in mine if a.search_id == search_id]
            names = {a.candidate: a.candidate_name for a in own}
            cells = progress(
                sorted(names),
                list(plan.values()),
                [Assignment(a.interview_id, a.candidate, name) for a in own],
                rows.cards(search_id, session=session),
                today=today or dt.date.today(),
                overdue_days=overdue_days,
            )
            found += [
                OpenInterview(
                    search, plan[c.interview], c.candidate, names[c.candidate], c.state, c.overdue
                )
                for c in cells
                if c.state in OPEN_STATES
            ]
    return sorted(
        found,
        key=lambda o: (
            not o.overdue,
            o.interview.date is None,
            o.interview.date or dt.date.min,
            o.search.id,
            o.interview.id,
            name_key(o.candidate_name),
        ),
    )


def check_filing(
    actor: Actor, search_id: int, candidate_id: int, card: ScorecardIn, *, session: Session
) -> None:
    """Whether the actor's own scorecard of `candidate_id` may be saved into the search: they
    see the search, and the candidate is in it (an interviewer: one they interview there). The
    same interview in another search is a scorecard of its own (the search is part of a card's
    identity), never taken from there. A StoreError names what is wrong."""
    role = _role(actor, search_id, session)
    if role is None:
        raise no_such_search(search_id)
    if rows.candidate_stage(search_id, candidate_id, session=session) is None:
        raise StoreError(f"candidate: candidate {candidate_id} is not in search {search_id}")
    only = _visible_candidates(actor, role, search_id, session)
    if only is not None and candidate_id not in only:
        raise StoreError(
            f"candidate: you do not interview candidate {candidate_id} in search {search_id}"
        )


def interview_kit(
    search_id: int,
    interview_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    lang: str = "en",
    candidate_id: int | None = None,
) -> str:
    """The interview kit of one interview of the search as an HTML document
    (`kit.interview_kit_html`), for `candidate_id` when given (a candidate of the search the
    actor sees: an interviewer, one they interview there)."""
    actor.may("searches.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "searches.read")
        found = [i for i in rows.interviews(search_id, session=session) if i.id == interview_id]
        if not found:
            raise StoreError(
                f"interview: no interview with id {interview_id} in search {search_id}"
            )
        candidate = None
        if candidate_id is not None:
            only = _visible_candidates(actor, role, search_id, session)
            names = {
                p.candidate: p.name for p in rows.pipeline(search_id, session=session, only=only)
            }
            if candidate_id not in names:
                raise StoreError(
                    f"candidate: candidate {candidate_id} is not in search {search_id}"
                )
            candidate = names[candidate_id]
    interview = found[0]
    kit = KitInterview(
        search_title=search.title,
        client=search.client,
        name=interview.name,
        kind=interview.kind,
        focus=interview.focus,
        date=interview.date,
        candidate=candidate,
    )
    return interview_kit_html(kit, rubric, lang)


@dataclass(frozen=True)
class TeamChoice:
    """A user who can be put on a search's hiring team."""

    user_id: int
    name: str
    email: str


def team_choices(search_id: int, *, actor: Actor, engine: Engine) -> list[TeamChoice]:
    """The active users, by name, for whoever manages the search to put on its team (a
    recruiter may not manage users, but picks the team from them)."""
    with transaction(engine, readonly=True) as session:
        _open(actor, search_id, session, "searches.manage")
        users = [u for u in user_rows.list_users(session) if u.active]
    return sorted(
        (TeamChoice(u.id, u.name, u.email) for u in users),
        key=lambda u: (name_key(u.name), u.user_id),
    )
