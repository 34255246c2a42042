"""What an interviewer may see: only candidates they have submitted their own scorecard for."""

from __future__ import annotations

from typing import Final

import pandas as pd

from assess.domain.permissions import RECRUITING, allowed
from assess.domain.ratings import RatingColumns
from assess.domain.schemas import name_key
from assess.services.actor import Actor

ALL: Final = "all"


def scope(actor: Actor) -> str:
    """A key naming what `actor` may see of the results: "all", or their own scope."""
    if allowed(actor.role, "results.read_all"):
        return ALL
    return f"own:{name_key(actor.name)}"


def search_scope(actor: Actor, search_id: int) -> str:
    """A key naming what `actor` may see of one search: "search:ID:all" for the roles that see
    every search whole (admins, recruiters), else one per user, since their role comes from
    that search's hiring team and may differ from one search to the next."""
    if actor.role in RECRUITING:
        return f"search:{search_id}:{ALL}"
    return f"search:{search_id}:user:{actor.user_id}:{name_key(actor.name)}"


def is_own(actor: Actor, interviewer: str) -> bool:
    """Whether a scorecard's interviewer is this actor (names compared as the store does)."""
    return name_key(interviewer) == name_key(actor.name)


def visible_ratings(actor: Actor, ratings: pd.DataFrame) -> pd.DataFrame:
    """The submitted ratings `actor` may see: every one for a results reader; for an
    interviewer, those of the candidates they have submitted their own scorecard for (their
    colleagues' ratings and evidence of a candidate appear only after their own)."""
    if scope(actor) == ALL:
        return ratings
    own = ratings["interviewer"].map(name_key) == name_key(actor.name)
    candidates = ratings.loc[own, "candidate"].unique()
    return ratings[ratings["candidate"].isin(candidates)].reset_index(drop=True)


def visible_columns(actor: Actor, columns: RatingColumns) -> RatingColumns:
    """`visible_ratings` for the columnar ratings: every one for a results reader; for an
    interviewer, those of the candidates they have submitted their own scorecard for."""
    if scope(actor) == ALL:
        return columns
    cards = columns.cards
    own = cards["interviewer"].map(name_key).to_numpy() == name_key(actor.name)
    return columns.only_candidates(cards.loc[own, "candidate"].unique())
