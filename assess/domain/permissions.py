"""Who may do what: every action a person can take, and the roles allowed it, as data."""

from __future__ import annotations

from typing import Final

from assess.domain.vocab import ROLES

ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER = ROLES
EVERYONE: Final = frozenset(ROLES)
RESULTS_READERS: Final = frozenset({ADMIN, RECRUITER, HIRING_MANAGER})
RECRUITING: Final = frozenset({ADMIN, RECRUITER})

# action -> the roles allowed it. An interviewer's reads are further limited to the candidates
# they have submitted their own scorecard for (services/visibility.py), so their own rating stays
# independent: results and colleagues' feedback show only after their own submission.
PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "candidates.read": EVERYONE,
    "candidates.write": RECRUITING,
    "candidates.erase": RECRUITING,
    "candidates.export": RECRUITING,
    "demo.load": RECRUITING,
    "imports.run": RECRUITING,
    "scorecards.write_own": EVERYONE,
    "scorecards.read_all": RESULTS_READERS,
    "scorecards.reopen": RECRUITING,
    "results.read": EVERYONE,  # scoped for interviewers, see above
    "results.read_all": RESULTS_READERS,
    "users.manage": frozenset({ADMIN}),
    "schema.upgrade": frozenset({ADMIN}),
    "database.backup": frozenset({ADMIN}),
    "database.restore": frozenset({ADMIN}),
    # searches: an actor's role on a search comes from its hiring team (services/searches.py)
    "searches.read": EVERYONE,
    "searches.manage": RECRUITING,
    "searches.move": RESULTS_READERS,
    # defining the role: the stakeholders' views of a search's target and their alignment
    "stakeholders.read": RESULTS_READERS,
    "stakeholders.write": RESULTS_READERS,
}


# The app's pages in navigation order, each with the action that opens it. Every page still
# checks what it shows through the services; this only decides what the navigation lists.
PAGES: Final[dict[str, str]] = {
    "dashboard": "results.read",
    "searches": "searches.read",
    "role": "stakeholders.read",
    "candidates": "candidates.read",
    "scorecard": "scorecards.write_own",
    "compare": "results.read",
    "reports": "results.read",
    "calibration": "results.read",
    "rubric": "candidates.read",
    "admin": "users.manage",
}


class PermissionDenied(Exception):
    """The acting person's role does not allow the action; nothing was read or written."""

    def __init__(self, action: str, role: str) -> None:
        super().__init__(f"not allowed: a user with the role {role} cannot {describe(action)}")
        self.action = action
        self.role = role


DESCRIPTIONS: Final[dict[str, str]] = {
    "candidates.read": "see candidates",
    "candidates.write": "add or edit candidates",
    "candidates.erase": "erase candidates",
    "candidates.export": "export a candidate's data",
    "demo.load": "load demo data",
    "imports.run": "import files",
    "scorecards.write_own": "write scorecards",
    "scorecards.read_all": "read every scorecard",
    "scorecards.reopen": "reopen a submitted scorecard",
    "results.read": "see results",
    "results.read_all": "see every candidate's results",
    "users.manage": "manage users",
    "schema.upgrade": "upgrade the database schema",
    "database.backup": "back up the database",
    "database.restore": "restore the database from a backup",
    "searches.read": "see searches",
    "searches.manage": "add or change searches, their targets, teams and interviews",
    "searches.move": "move candidates in a search's pipeline",
    "stakeholders.read": "see a search's stakeholders and their alignment",
    "stakeholders.write": "set or remove a stakeholder's view of a search's target",
}


def describe(action: str) -> str:
    """An action in words, for messages."""
    return DESCRIPTIONS[action]


def allowed(role: str, action: str) -> bool:
    """Whether `role` may take `action` (an unknown action is a programming error)."""
    return role in PERMISSIONS[action]


def require(role: str, action: str) -> None:
    """Raise PermissionDenied unless `role` may take `action`."""
    if not allowed(role, action):
        raise PermissionDenied(action, role)
