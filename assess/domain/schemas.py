"""The neutral shape of incoming scorecards, shared by every importer and the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from assess.domain import limits


def _checked(check: Callable[[str], str | None]) -> AfterValidator:
    """A validator refusing a text for which `check` names a problem (the message as it is)."""

    def validate(value: str) -> str:
        problem = check(value)
        if problem is not None:
            raise PydanticCustomError("text", problem)
        return value

    return AfterValidator(validate)


def _line(limit: int) -> AfterValidator:
    return _checked(lambda v: limits.line_problem(v, limit=limit))


def _text(limit: int) -> AfterValidator:
    return _checked(lambda v: limits.text_problem(v, limit=limit))


# Every field refuses what would mislead a reader or break a database (see domain/limits.py),
# so each path in (CSV, Greenhouse, the app's forms, demo data) gets the same rules.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.NAME_MAX),
    _line(limits.NAME_MAX),
]
Email = Annotated[str, StringConstraints(strip_whitespace=True), _line(limits.EMAIL_MAX)]
Source = Annotated[str, _line(limits.SOURCE_MAX)]
ExternalId = Annotated[str, _line(limits.EXTERNAL_ID_MAX)]
Evidence = Annotated[str, _text(limits.EVIDENCE_MAX)]
Notes = Annotated[str, _text(limits.NOTES_MAX)]
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
    email: Email | None = None
    source: Source | None = None  # e.g. "greenhouse"; None for people entered here
    external_id: ExternalId | None = None


class RatingIn(_Strict):
    competency: Annotated[str, _line(limits.COMPETENCY_MAX)]  # a competency id of the rubric
    rating: Annotated[int, Field(ge=1, le=5)] | None = None  # None = not assessed
    evidence: Evidence = ""


_RATING_FIELDS: frozenset[str] = frozenset({"competency", "rating", "evidence"})


def checked_rating(competency: str, rating: int | None, evidence: str) -> RatingIn:
    """A RatingIn of values its caller has already checked by the model's own rules (a
    competency id of the rubric, 1-5 or None, `limits.text_problem` on the evidence), made
    without validating them again: what `RatingIn.model_construct` makes, at a fifth of its
    cost, which matters for the 100,000 ratings of a large import. tests/unit/test_io_csv.py
    holds it equal to the validated model."""
    made = RatingIn.__new__(RatingIn)
    setattr_ = object.__setattr__
    setattr_(made, "__dict__", {"competency": competency, "rating": rating, "evidence": evidence})
    setattr_(made, "__pydantic_fields_set__", set(_RATING_FIELDS))
    setattr_(made, "__pydantic_extra__", None)
    setattr_(made, "__pydantic_private__", None)
    return made


class ScorecardIn(_Strict):
    """One interviewer's ratings of one candidate in one interview, ready to store."""

    candidate: CandidateRef
    interviewer: Name
    interview_type: Name
    interview_date: dt.date
    recommendation: Recommendation | None = None
    state: State = "submitted"
    external_id: ExternalId | None = None  # e.g. the Greenhouse scorecard id
    notes: Notes = ""
    ratings: list[RatingIn]
