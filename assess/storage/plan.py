"""The scorecard writer's plan: what to insert, update and delete, decided without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from assess.domain.schemas import RatingIn, name_key

# scorecard columns an incoming card sets; "source"/"external_id" only when it has an id
CardFields = dict[str, Any]
# stored ratings of one scorecard: competency -> (rating row id, rating, evidence)
StoredRatings = dict[str, tuple[int, int | None, str]]


class PlanError(ValueError):
    """The cards cannot be written as given (two of them are the same interview)."""


@dataclass(frozen=True)
class StoredCard:
    """A scorecard already in the database: its id and its CardFields."""

    id: int
    fields: CardFields


class AuditEntry(NamedTuple):
    """One rating change for the audit trail; `slot` is the card's place in the batch.

    A named tuple: a first import makes one per rating, and a frozen dataclass costs several
    times as much to create."""

    slot: int
    competency: str
    action: str  # created, changed, deleted
    old_rating: int | None = None
    new_rating: int | None = None
    old_evidence: str | None = None
    new_evidence: str | None = None


@dataclass
class WritePlan:
    """Every write an import makes; slots index the incoming cards."""

    ids: list[int]  # stored scorecard id per slot; 0 for a card still to insert
    new_cards: list[CardFields] = field(default_factory=list)
    new_card_slots: list[int] = field(default_factory=list)
    card_updates: list[dict[str, Any]] = field(default_factory=list)
    rating_inserts: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    rating_updates: list[dict[str, Any]] = field(default_factory=list)
    rating_deletes: list[int] = field(default_factory=list)
    audits: list[AuditEntry] = field(default_factory=list)
    changed_cards: int = 0


def natural_key(fields: CardFields) -> tuple[Any, ...]:
    """A scorecard's identity without an external id: candidate, interviewer, date, interview
    and search (None: no search, itself one search, as the database's unique index has it)."""
    return (
        fields["candidate_id"],
        name_key(fields["interviewer"]),
        fields["interview_date"],
        name_key(fields["interview_type"]),
        fields["search_id"],
    )


def match_cards(
    cards: Sequence[CardFields], existing: Sequence[StoredCard], wheres: Sequence[str]
) -> list[StoredCard | None]:
    """The stored scorecard each card updates (by external id first, then natural key), or
    None for a new one; PlanError when two cards of the batch are the same scorecard."""
    by_ext = {
        (e.fields["source"], e.fields["external_id"]): e
        for e in existing
        if e.fields["external_id"] is not None
    }
    by_key = {natural_key(e.fields): e for e in existing}
    targets: list[StoredCard | None] = []
    claimed: dict[Any, int] = {}
    for i, fields in enumerate(cards):
        match = None
        if fields["external_id"] is not None:
            match = by_ext.get((fields["source"], fields["external_id"]))
        if match is None:
            match = by_key.get(natural_key(fields))
        identity: Any = match.id if match is not None else natural_key(fields)
        ext_identity = (fields["source"], fields["external_id"])
        for key in (identity, ext_identity if fields["external_id"] is not None else None):
            if key is None:
                continue
            if key in claimed:
                raise PlanError(
                    f"{wheres[claimed[key]]} and {wheres[i]} are the same scorecard "
                    f"(interviewer {fields['interviewer']!r}, {fields['interview_date']}, "
                    f"{fields['interview_type']!r}); give each interview once"
                )
            claimed[key] = i
        targets.append(match)
    return targets


def _rating_row(competency: str, r: RatingIn) -> dict[str, Any]:
    return {"competency": competency, "rating": r.rating, "evidence": r.evidence}


def plan_writes(
    cards: Sequence[CardFields],
    targets: Sequence[StoredCard | None],
    given: Sequence[dict[str, RatingIn]],
    stored: dict[int, StoredRatings],
    *,
    now: dt.datetime,
) -> WritePlan:
    """What to write so the database holds `cards` with their `given` ratings.

    A card without a target is inserted with all its ratings. A matched card is updated in the
    fields that differ (an import without an external id leaves the stored one alone, one
    without a search the stored search: a card matched by its external id moves to the search
    given), its ratings diffed against `stored`: new competencies inserted, changed ones
    updated, missing ones deleted, each change audited. A card that changes nothing is not
    written at all.
    """
    plan = WritePlan(ids=[0] * len(cards))
    for slot, (fields, target, ratings) in enumerate(zip(cards, targets, given, strict=True)):
        if target is None:
            submitted_at = now if fields["state"] == "submitted" else None
            plan.new_cards.append(
                {**fields, "submitted_at": submitted_at, "created_at": now, "updated_at": now}
            )
            plan.new_card_slots.append(slot)
            # a first import goes through here once per rating: the rows built inline
            plan.rating_inserts.extend(
                (slot, {"competency": c, "rating": r.rating, "evidence": r.evidence})
                for c, r in ratings.items()
            )
            plan.audits.extend(
                AuditEntry(slot, c, "created", None, r.rating, None, r.evidence)
                for c, r in ratings.items()
            )
            continue
        plan.ids[slot] = target.id
        changes = {
            k: v
            for k, v in fields.items()
            if v != target.fields[k]
            and not (k in ("source", "external_id") and fields["external_id"] is None)
            and not (k == "search_id" and v is None)
        }
        if "state" in changes:
            changes["submitted_at"] = now if fields["state"] == "submitted" else None
        old = stored.get(target.id, {})
        touched = False
        for competency, r in ratings.items():
            if competency not in old:
                plan.rating_inserts.append((slot, _rating_row(competency, r)))
                plan.audits.append(
                    AuditEntry(
                        slot, competency, "created", new_rating=r.rating, new_evidence=r.evidence
                    )
                )
                touched = True
                continue
            rid, old_value, old_evidence = old[competency]
            if old_value == r.rating and old_evidence == r.evidence:
                continue
            plan.rating_updates.append({"id": rid, "rating": r.rating, "evidence": r.evidence})
            evidence_changed = old_evidence != r.evidence
            plan.audits.append(
                AuditEntry(
                    slot,
                    competency,
                    "changed",
                    old_rating=old_value,
                    new_rating=r.rating,
                    old_evidence=old_evidence if evidence_changed else None,
                    new_evidence=r.evidence if evidence_changed else None,
                )
            )
            touched = True
        for competency in sorted(set(old) - set(ratings)):
            rid, old_value, old_evidence = old[competency]
            plan.rating_deletes.append(rid)
            plan.audits.append(
                AuditEntry(
                    slot, competency, "deleted", old_rating=old_value, old_evidence=old_evidence
                )
            )
            touched = True
        if changes or touched:
            plan.changed_cards += 1
            plan.card_updates.append({"id": target.id, **changes, "updated_at": now})
    return plan
