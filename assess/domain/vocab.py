"""Fixed vocabularies of scorecards, declared once as data."""

from __future__ import annotations

from typing import Final

# Overall recommendation of a scorecard, in the order a debrief reads them.
RECOMMENDATIONS: Final[tuple[str, ...]] = ("strong_no", "no", "yes", "strong_yes", "no_decision")

# A draft is private to its interviewer and never scored; submitted ratings are.
SCORECARD_STATES: Final[tuple[str, ...]] = ("draft", "submitted")

# Interview types offered in the app; imports may bring others, kept as written.
INTERVIEW_TYPES: Final[tuple[str, ...]] = (
    "screening",
    "technical",
    "leadership",
    "strategy",
    "case",
    "references",
    "debrief",
)

# Values an import reads as "not assessed" (compared case-insensitively after stripping).
NOT_ASSESSED: Final[frozenset[str]] = frozenset({"", "n/a", "na", "-", "not assessed", "ej bedömd"})

# The long CSV layout, one rating per row: what imports read and the ratings report writes.
LONG_COLUMNS: Final[tuple[str, ...]] = (
    "candidate",
    "email",
    "interviewer",
    "interview_date",
    "interview_type",
    "competency",
    "rating",
    "evidence",
    "recommendation",
)

# Who a user is on the hiring team, most rights first (see domain/permissions.py).
ROLES: Final[tuple[str, ...]] = ("admin", "recruiter", "hiring_manager", "interviewer")

# How a user signs in: a password kept here (argon2id), or single sign-on by email.
SIGN_IN_METHODS: Final[tuple[str, ...]] = ("password", "sso")

# Where a candidate is in a search, in the order a pipeline runs; the last three end it.
PIPELINE_STAGES: Final[tuple[str, ...]] = (
    "sourced",
    "screening",
    "interviewing",
    "final",
    "offer",
    "hired",
    "rejected",
    "withdrawn",
)

# A search (one CTO position): open, paused or done.
SEARCH_STATUSES: Final[tuple[str, ...]] = ("open", "on_hold", "closed")

# When an interviewer on a search sees colleagues' feedback on a candidate: never, only after
# submitting their own scorecard (the default: ratings stay independent), or always.
FEEDBACK_VISIBILITY: Final[tuple[str, ...]] = ("never", "after_submit", "always")

# Someone's role on one search's hiring team (the sign-in roles below admin, per search).
SEARCH_ROLES: Final[tuple[str, ...]] = ("recruiter", "hiring_manager", "interviewer")

# Where a number of a search's target profile comes from.
TARGET_SOURCES: Final[tuple[str, ...]] = ("archetype+stage", "override")

# Progress of one candidate x interview: nobody assigned, assigned but no scorecard yet,
# a draft saved, or submitted.
PROGRESS_STATES: Final[tuple[str, ...]] = ("unassigned", "not_started", "draft", "submitted")
