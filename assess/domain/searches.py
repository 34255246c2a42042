"""Searches: a CTO position's target profile with overrides, its pipeline, interviews, progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from assess.domain.rubric import Profile, ProfileTarget, Rubric
from assess.domain.schemas import name_key
from assess.domain.vocab import (
    FEEDBACK_VISIBILITY,
    PIPELINE_STAGES,
    PROGRESS_STATES,
    SEARCH_ROLES,
    SEARCH_STATUSES,
    TARGET_SOURCES,
)

RUBRIC_SOURCE, OVERRIDE_SOURCE = TARGET_SOURCES
# A scorecard still missing this many days after its interview date is overdue.
OVERDUE_DAYS: Final = 3
# An interview focuses on a few competencies; the others stay ratable but folded away.
FOCUS_MIN: Final = 3
FOCUS_MAX: Final = 6
# The search the migration puts every scorecard and candidate made before searches into.
IMPORTED_TITLE: Final = "Imported"
LEVELS: Final = (1, 5)
WEIGHTS: Final = (0, 3)
MAX_TITLE: Final = 200


class SearchInputError(ValueError):
    """Input a search cannot take; the message is `field: problem`, one line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def check_choice(field: str, value: str, known: Sequence[str], what: str) -> str:
    """`value` if it is one of `known`, else a SearchInputError naming the field."""
    if value not in known:
        raise SearchInputError(field, f"unknown {what} {value!r}; one of {', '.join(known)}")
    return value


def check_text(field: str, value: str, *, required: bool, limit: int = MAX_TITLE) -> str:
    """A one-line text field, stripped: required ones must not be empty."""
    cleaned = value.strip()
    if required and not cleaned:
        raise SearchInputError(field, "must not be empty")
    if len(cleaned) > limit:
        raise SearchInputError(field, f"at most {limit} characters, got {len(cleaned)}")
    return cleaned


def check_search(
    rubric: Rubric,
    *,
    title: str,
    archetype: str,
    stage: str,
    status: str = "open",
    feedback_visibility: str = "after_submit",
) -> None:
    """Check a new search's fields against the rubric and the vocabularies."""
    check_text("title", title, required=True)
    check_choice("archetype", archetype, rubric.archetype_ids, "archetype")
    check_choice("stage", stage, rubric.stage_ids, "stage")
    check_choice("status", status, SEARCH_STATUSES, "status")
    check_choice("feedback_visibility", feedback_visibility, FEEDBACK_VISIBILITY, "visibility")


def _in_range(field: str, value: int | None, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        raise SearchInputError(field, f"must be {low}-{high}, got {value}")


def check_override(
    rubric: Rubric, *, competency: str, level: int | None, weight: int | None, reason: str
) -> None:
    """An override names a known competency, sets a level 1-5 and/or a weight 0-3, and says why."""
    check_choice("competency", competency, rubric.competency_ids, "competency")
    if level is None and weight is None:
        raise SearchInputError("level", "an override sets a level, a weight or both")
    _in_range("level", level, LEVELS)
    _in_range("weight", weight, WEIGHTS)
    if not reason.strip():
        raise SearchInputError("reason", "an override needs a reason")


def check_focus(rubric: Rubric, focus: Sequence[str]) -> tuple[str, ...]:
    """An interview's focus: FOCUS_MIN-FOCUS_MAX distinct competencies of the rubric."""
    for cid in focus:
        check_choice("focus", cid, rubric.competency_ids, "competency")
    if len(set(focus)) != len(focus):
        raise SearchInputError("focus", "a competency is named twice")
    if not FOCUS_MIN <= len(focus) <= FOCUS_MAX:
        raise SearchInputError(
            "focus",
            f"an interview focuses on {FOCUS_MIN}-{FOCUS_MAX} competencies, got {len(focus)}",
        )
    return tuple(focus)


def check_move(current: str | None, to: str) -> None:
    """A move goes to a known pipeline stage other than the one the candidate is at."""
    check_choice("stage", to, PIPELINE_STAGES, "pipeline stage")
    if current == to:
        raise SearchInputError("stage", f"the candidate is at {to} already")


def check_search_role(role: str) -> str:
    """A role on a search's hiring team."""
    return check_choice("role", role, SEARCH_ROLES, "role on a search")


@dataclass(frozen=True)
class TargetOverride:
    """A search's own target for one competency: a level, a weight or both, with why and who."""

    competency: str
    level: int | None
    weight: int | None
    reason: str
    set_by: str
    set_at: dt.datetime | None = None


@dataclass(frozen=True)
class SearchTarget:
    """One competency of a search's profile, each number with where it comes from."""

    competency: str
    level: int
    weight: int
    level_source: str
    weight_source: str
    reason: str | None = None
    set_by: str | None = None

    @property
    def source(self) -> str:
        """ "override" when the search overrides either number, else "archetype+stage"."""
        if OVERRIDE_SOURCE in (self.level_source, self.weight_source):
            return OVERRIDE_SOURCE
        return RUBRIC_SOURCE


@dataclass(frozen=True)
class SearchProfile:
    """A search's target: the archetype x stage profile with the search's overrides applied.

    `profile` is the scoring engine's Profile, so fit against a search is computed exactly as
    fit against any archetype x stage.
    """

    profile: Profile
    targets: tuple[SearchTarget, ...]

    def target(self, competency: str) -> SearchTarget:
        for t in self.targets:
            if t.competency == competency:
                return t
        raise KeyError(competency)


def search_profile(
    rubric: Rubric, archetype: str, stage: str, overrides: Iterable[TargetOverride] = ()
) -> SearchProfile:
    """The target profile of a search.

    For every competency c, with the rubric's resolved level L_c and weight W_c for the
    archetype at the stage (`resolve_profile`) and the search's override (l_c, w_c), either
    of which may be absent:

        level_c  = l_c if the search sets it, else L_c
        weight_c = w_c if the search sets it, else W_c

    An override replaces the number (it is checked to lie within 1-5 and 0-3) rather than
    shifting it, so what the recruiter typed is what the fit uses.
    """
    base = rubric.profile(archetype, stage)
    by_competency = {o.competency: o for o in overrides}
    unknown = sorted(set(by_competency) - set(rubric.competency_ids))
    if unknown:
        raise SearchInputError("competency", f"unknown competency {unknown[0]!r}")
    targets: list[SearchTarget] = []
    scoring: list[ProfileTarget] = []
    for t in base.targets:
        o = by_competency.get(t.competency)
        level = t.level if o is None or o.level is None else o.level
        weight = t.weight if o is None or o.weight is None else o.weight
        targets.append(
            SearchTarget(
                competency=t.competency,
                level=level,
                weight=weight,
                level_source=RUBRIC_SOURCE if o is None or o.level is None else OVERRIDE_SOURCE,
                weight_source=RUBRIC_SOURCE if o is None or o.weight is None else OVERRIDE_SOURCE,
                reason=None if o is None else o.reason,
                set_by=None if o is None else o.set_by,
            )
        )
        scoring.append(
            ProfileTarget(
                competency=t.competency,
                level=level,
                weight=weight,
                base_level=t.base_level,
                base_weight=t.base_weight,
            )
        )
    return SearchProfile(
        profile=Profile(archetype=archetype, stage=stage, targets=tuple(scoring)),
        targets=tuple(targets),
    )


def profile_as_dict(profile: SearchProfile) -> dict[str, dict[str, Any]]:
    """`{competency: {"level", "weight", "source"}}`; an override adds "reason", "set_by" and
    "overrides" (which of level and weight it sets)."""
    out: dict[str, dict[str, Any]] = {}
    for t in profile.targets:
        entry: dict[str, Any] = {"level": t.level, "weight": t.weight, "source": t.source}
        if t.source == OVERRIDE_SOURCE:
            entry["reason"] = t.reason
            entry["set_by"] = t.set_by
            entry["overrides"] = [
                name
                for name, source in (("level", t.level_source), ("weight", t.weight_source))
                if source == OVERRIDE_SOURCE
            ]
        out[t.competency] = entry
    return out


def describe_target(t: SearchTarget) -> str:
    """One line per competency for text output: each number with its source."""

    def number(name: str, value: int, source: str) -> str:
        return f"{name} {value} ({source})"

    line = (
        f"{t.competency:28} {number('level', t.level, t.level_source):28} "
        f"{number('weight', t.weight, t.weight_source)}"
    )
    if t.source == OVERRIDE_SOURCE:
        line += f"  reason: {t.reason} (set by {t.set_by})"
    return line


# --- interviews and progress ---------------------------------------------------------------


@dataclass(frozen=True)
class Interview:
    """One interview of a search's plan: what it is called, its kind and its focus."""

    id: int
    name: str
    kind: str
    focus: tuple[str, ...]
    date: dt.date | None = None


@dataclass(frozen=True)
class Assignment:
    """Who interviews a candidate in one interview (the interviewer's name as scorecards hold
    it)."""

    interview: int
    candidate: int
    interviewer: str


@dataclass(frozen=True)
class CardState:
    """What progress needs of a stored scorecard in the search."""

    candidate: int
    interviewer: str
    interview_type: str
    interview_date: dt.date
    state: str


@dataclass(frozen=True)
class ProgressCell:
    """One candidate x interview x assigned interviewer (interviewer None: nobody assigned)."""

    candidate: int
    interview: int
    interviewer: str | None
    state: str
    overdue: bool


def _matches(card: CardState, interview: Interview, a: Assignment) -> bool:
    return (
        card.candidate == a.candidate
        and name_key(card.interviewer) == name_key(a.interviewer)
        and name_key(card.interview_type) == name_key(interview.kind)
        and (interview.date is None or card.interview_date == interview.date)
    )


# An interview still to score: nothing saved yet, or a draft.
OPEN_STATES: Final[tuple[str, ...]] = ("not_started", "draft")


def is_overdue(state: str, date: dt.date | None, today: dt.date, days: int = OVERDUE_DAYS) -> bool:
    """A scorecard is overdue when it is assigned but not submitted and today is `days` or more
    days after the interview date: today - date >= days."""
    if state not in OPEN_STATES or date is None:
        return False
    return (today - date).days >= days


def progress(
    candidates: Sequence[int],
    interviews: Sequence[Interview],
    assignments: Sequence[Assignment],
    cards: Sequence[CardState],
    *,
    today: dt.date,
    overdue_days: int = OVERDUE_DAYS,
) -> list[ProgressCell]:
    """Every candidate x interview of a search, once per assigned interviewer.

    A cell's scorecard is the assigned interviewer's card for that candidate with the interview's
    kind as its interview type (names compared as the store does) and, when the interview has a
    date, that date. State: "submitted" if such a card is submitted, else "draft" if one is
    saved, else "not_started"; "unassigned" when nobody interviews the candidate there.
    """
    cells: list[ProgressCell] = []
    by_pair: dict[tuple[int, int], list[Assignment]] = {}
    for a in assignments:
        by_pair.setdefault((a.interview, a.candidate), []).append(a)
    for cand in candidates:
        for interview in interviews:
            assigned = by_pair.get((interview.id, cand), [])
            if not assigned:
                cells.append(ProgressCell(cand, interview.id, None, "unassigned", False))
                continue
            for a in sorted(assigned, key=lambda x: name_key(x.interviewer)):
                states = {c.state for c in cards if _matches(c, interview, a)}
                state = (
                    "submitted"
                    if "submitted" in states
                    else "draft"
                    if "draft" in states
                    else "not_started"
                )
                overdue = is_overdue(state, interview.date, today, overdue_days)
                cells.append(ProgressCell(cand, interview.id, a.interviewer, state, overdue))
    return cells


def progress_counts(cells: Iterable[ProgressCell]) -> Mapping[str, int]:
    """How many cells are in each progress state, and how many are overdue."""
    counts = dict.fromkeys((*PROGRESS_STATES, "overdue"), 0)
    for c in cells:
        counts[c.state] += 1
        counts["overdue"] += c.overdue
    return counts


def sees_colleagues(visibility: str, *, submitted_own: bool) -> bool:
    """Whether an interviewer on a search sees colleagues' ratings of a candidate: never, only
    after submitting their own scorecard for that candidate, or always."""
    check_choice("feedback_visibility", visibility, FEEDBACK_VISIBILITY, "visibility")
    if visibility == "always":
        return True
    return visibility == "after_submit" and submitted_own
