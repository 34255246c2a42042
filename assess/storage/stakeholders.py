"""A search's stakeholders and needs answers in the database, and its archetype x stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from assess.domain.schemas import name_key
from assess.storage.db import Search, SearchNeeds, SearchStakeholder, utcnow

Answer = str | int | float


@dataclass(frozen=True)
class Stakeholder:
    """One stakeholder's view of a search's target: (level, weight) per competency."""

    name: str
    user_id: int | None
    targets: dict[str, tuple[int, int]]
    set_by: str
    set_at: dt.datetime


@dataclass(frozen=True)
class NeedsRecord:
    """A search's questionnaire answers and the archetype x stage chosen from them."""

    answers: dict[str, Answer]
    archetype: str
    stage: str
    set_by: str
    set_at: dt.datetime


def _stakeholder(row: SearchStakeholder) -> Stakeholder:
    targets = {c: (int(v["level"]), int(v["weight"])) for c, v in row.profile.items()}
    return Stakeholder(row.name, row.user_id, targets, row.set_by, row.set_at)


def stakeholders(search_id: int, *, session: Session) -> list[Stakeholder]:
    """The search's stakeholders in the order they were first added."""
    rows = session.scalars(
        select(SearchStakeholder)
        .where(SearchStakeholder.search_id == search_id)
        .order_by(SearchStakeholder.id)
    )
    return [_stakeholder(r) for r in rows]


def _find(search_id: int, name: str, session: Session) -> SearchStakeholder | None:
    # names compare as everywhere (case and spacing aside), so "ceo" edits "CEO"
    for row in session.scalars(
        select(SearchStakeholder).where(SearchStakeholder.search_id == search_id)
    ):
        if name_key(row.name) == name_key(name):
            return row
    return None


def set_stakeholder(
    search_id: int,
    *,
    session: Session,
    name: str,
    targets: Mapping[str, tuple[int, int]],
    user_id: int | None,
    set_by: str,
) -> tuple[Stakeholder, bool]:
    """Store a (checked) view under the stakeholder's name; (it, True) when the name is new,
    (it, False) when an earlier view of the same name was replaced."""
    row = _find(search_id, name, session)
    created = row is None
    if row is None:
        row = SearchStakeholder(search_id=search_id, name=name)
        session.add(row)
    row.profile = {c: {"level": lv, "weight": w} for c, (lv, w) in targets.items()}
    row.user_id = user_id
    row.set_by, row.set_at = set_by, utcnow()
    session.flush()
    return _stakeholder(row), created


def remove_stakeholder(search_id: int, name: str, *, session: Session) -> bool:
    """Remove the stakeholder of that name; False when there is none."""
    row = _find(search_id, name, session)
    if row is None:
        return False
    session.execute(delete(SearchStakeholder).where(SearchStakeholder.id == row.id))
    return True


def _needs_row(search_id: int, session: Session) -> SearchNeeds | None:
    return session.scalars(
        select(SearchNeeds).where(SearchNeeds.search_id == search_id)
    ).one_or_none()


def needs(search_id: int, *, session: Session) -> NeedsRecord | None:
    """The search's saved answers, or None when the questionnaire was never answered."""
    row = _needs_row(search_id, session)
    if row is None:
        return None
    return NeedsRecord(dict(row.answers), row.archetype, row.stage, row.set_by, row.set_at)


def save_needs(
    search_id: int,
    *,
    session: Session,
    answers: Mapping[str, Answer],
    archetype: str,
    stage: str,
    set_by: str,
) -> NeedsRecord:
    """Keep the (checked) answers and the choice, and make it the search's archetype x stage."""
    now = utcnow()
    row = _needs_row(search_id, session)
    if row is None:
        row = SearchNeeds(search_id=search_id)
        session.add(row)
    row.answers = dict(answers)
    row.archetype, row.stage, row.set_by, row.set_at = archetype, stage, set_by, now
    session.execute(
        update(Search)
        .where(Search.id == search_id)
        .values(archetype=archetype, stage=stage, updated_at=now)
    )
    session.flush()
    return NeedsRecord(dict(answers), archetype, stage, set_by, now)
