"""The neutral shape of incoming scorecards, shared by every importer and the store."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Recommendation = Literal["strong_no", "no", "yes", "strong_yes", "no_decision"]
State = Literal["draft", "submitted"]


def name_key(text: str) -> str:
    """How names and labels compare everywhere: "Karin  Ek" and "karin ek" are the same person,
    "Säkerhet och REGELEFTERLEVNAD" the same competency. Importers group rows and the store
    matches scorecards by this one rule, so a file and the database never disagree."""
    return " ".join(text.split()).casefold()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CandidateRef(_Strict):
    """Who a scorecard is about: by name (CSV, app) or by an external system's id."""

    name: Name | None = None
    email: str | None = None
    source: str | None = None  # e.g. "greenhouse"; None for people entered here
    external_id: str | None = None


class RatingIn(_Strict):
    competency: str  # a competency id of the rubric
    rating: Annotated[int, Field(ge=1, le=5)] | None = None  # None = not assessed
    evidence: str = ""


class ScorecardIn(_Strict):
    """One interviewer's ratings of one candidate in one interview, ready to store."""

    candidate: CandidateRef
    interviewer: Name
    interview_type: Name
    interview_date: dt.date
    recommendation: Recommendation | None = None
    state: State = "submitted"
    external_id: str | None = None  # e.g. the Greenhouse scorecard id
    notes: str = ""
    ratings: list[RatingIn]
