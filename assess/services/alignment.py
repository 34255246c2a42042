"""Defining the role of a search: the needs answers and the chosen archetype x stage, the
stakeholders' own target profiles, their alignment, and adopting the consensus as the target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from assess.domain.alignment import (
    Alignment,
    AlignmentError,
    RankingComparison,
    align,
    check_name,
    check_view,
    compare_rankings,
    consensus_reason,
)
from assess.domain.needs import Answer, check_answers
from assess.domain.rubric import Rubric
from assess.domain.searches import SearchProfile, check_choice
from assess.services.actor import Actor
from assess.services.searches import _audit, _open, _profile, _ratings, _require_on_team
from assess.storage import searches as rows
from assess.storage import stakeholders as views
from assess.storage.db import transaction
from assess.storage.searches import SearchInfo
from assess.storage.stakeholders import NeedsRecord, Stakeholder

__all__ = [
    "AlignmentError",
    "NeedsRecord",
    "Stakeholder",
    "StakeholderRanking",
    "adopt_consensus",
    "list_stakeholders",
    "remove_stakeholder",
    "save_needs",
    "search_alignment",
    "search_needs",
    "set_stakeholder",
    "stakeholder_rankings",
]


@dataclass(frozen=True)
class StakeholderRanking:
    """The candidate ranking under each stakeholder's profile, with the candidates' names."""

    comparison: RankingComparison
    names: dict[int, str]


def set_stakeholder(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    name: str,
    profile: object,
    user_id: int | None = None,
) -> Stakeholder:
    """Record one stakeholder's view of the target (a level 1-5 and a weight 0-3 for every
    competency; ViewError naming the competency and field otherwise), replacing an earlier
    view under the same name. `user_id` links a user on the search's team; a person without
    an account (the CEO, a board member) has none."""
    actor.may("stakeholders.write")
    who = check_name(name)
    targets = check_view(profile, rubric.competency_ids)
    with transaction(engine) as session:
        _open(actor, search_id, session, "stakeholders.write")
        if user_id is not None:
            _require_on_team(search_id, user_id, session, "user")
        made, created = views.set_stakeholder(
            search_id,
            session=session,
            name=who,
            targets=targets,
            user_id=user_id,
            set_by=actor.audit_name,
        )
        _audit(
            session,
            actor,
            "stakeholders.added" if created else "stakeholders.changed",
            search_id,
            name=who,
            user_id=user_id,
            profile={c: list(v) for c, v in targets.items()},
        )
        return made


def list_stakeholders(search_id: int, *, actor: Actor, engine: Engine) -> list[Stakeholder]:
    """The search's stakeholders and their views, in the order they were added."""
    actor.may("stakeholders.read")
    with transaction(engine, readonly=True) as session:
        _open(actor, search_id, session, "stakeholders.read")
        return views.stakeholders(search_id, session=session)


def remove_stakeholder(search_id: int, name: str, *, actor: Actor, engine: Engine) -> bool:
    """Remove a stakeholder's view; False when the search has no stakeholder of that name."""
    actor.may("stakeholders.write")
    with transaction(engine) as session:
        _open(actor, search_id, session, "stakeholders.write")
        removed = views.remove_stakeholder(search_id, name, session=session)
        if removed:
            _audit(session, actor, "stakeholders.removed", search_id, name=name.strip())
        return removed


def search_needs(search_id: int, *, actor: Actor, engine: Engine) -> NeedsRecord | None:
    """The search's saved questionnaire answers and choice, or None."""
    actor.may("stakeholders.read")
    with transaction(engine, readonly=True) as session:
        _open(actor, search_id, session, "stakeholders.read")
        return views.needs(search_id, session=session)


def save_needs(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    answers: Mapping[str, Answer],
    archetype: str,
    stage: str,
) -> SearchInfo:
    """Keep the questionnaire's answers with the search and make the chosen recommendation
    (an archetype x stage) the search's own; returns the search after the change."""
    actor.may("searches.manage")
    given = check_answers(answers, rubric)
    check_choice("archetype", archetype, rubric.archetype_ids, "archetype")
    check_choice("stage", stage, rubric.stage_ids, "stage")
    with transaction(engine) as session:
        search, _ = _open(actor, search_id, session, "searches.manage")
        views.save_needs(
            search_id,
            session=session,
            answers=given,
            archetype=archetype,
            stage=stage,
            set_by=actor.audit_name,
        )
        _audit(
            session,
            actor,
            "searches.role_defined",
            search_id,
            old=f"{search.archetype} x {search.stage}",
            new=f"{archetype} x {stage}",
            answers=given,
        )
        return rows.get_search(search_id, session=session)


def _profiles(found: list[Stakeholder]) -> dict[str, dict[str, tuple[int, int]]]:
    return {s.name: s.targets for s in found}


def search_alignment(search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric) -> Alignment:
    """How far the search's stakeholders agree (`alignment.align`); AlignmentError with fewer
    than two ("alignment needs at least 2 stakeholders, got 1: ...")."""
    found = list_stakeholders(search_id, actor=actor, engine=engine)
    return align(_profiles(found), rubric.competency_ids)


def stakeholder_rankings(
    search_id: int, *, actor: Actor, engine: Engine, rubric: Rubric
) -> StakeholderRanking:
    """The search's candidates the actor may see, ranked under each stakeholder's profile: the
    top candidate under each and the rank correlation between every two
    (`alignment.compare_rankings`)."""
    actor.may("stakeholders.read")
    actor.may("results.read")
    with transaction(engine, readonly=True) as session:
        search, role = _open(actor, search_id, session, "stakeholders.read")
        found = views.stakeholders(search_id, session=session)
        ratings = _ratings(actor, role, search, session)
    names = dict(zip(ratings["candidate"], ratings["candidate_name"], strict=True))
    comparison = compare_rankings(
        ratings, _profiles(found), rubric.competency_ids, settings=rubric.settings
    )
    return StakeholderRanking(comparison, {int(k): str(v) for k, v in names.items()})


def adopt_consensus(
    search_id: int,
    *,
    actor: Actor,
    engine: Engine,
    rubric: Rubric,
    today: dt.date | None = None,
) -> SearchProfile:
    """Make the stakeholders' consensus the search's target: an override of level and weight
    for every competency, each with the reason "consensus of N stakeholders on DATE" (so the
    profile's sources show it); returns the search's profile after the change."""
    actor.may("searches.manage")
    day = today or dt.datetime.now(dt.UTC).date()
    with transaction(engine) as session:
        search, _ = _open(actor, search_id, session, "searches.manage")
        found = views.stakeholders(search_id, session=session)
        result = align(_profiles(found), rubric.competency_ids)
        reason = consensus_reason(len(found), day)
        for cid, (level, weight) in result.consensus.items():
            rows.set_override(
                search_id,
                session=session,
                competency=cid,
                level=level,
                weight=weight,
                reason=reason,
                set_by=actor.audit_name,
            )
        _audit(
            session,
            actor,
            "searches.consensus_adopted",
            search_id,
            reason=reason,
            stakeholders=list(result.stakeholders),
            consensus={c: list(v) for c, v in result.consensus.items()},
        )
        return _profile(search, rubric, session)
