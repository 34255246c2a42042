"""Who is acting: the person behind a use case, their role, and where the request came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assess.domain.permissions import require
from assess.domain.vocab import ROLES

Source = Literal["app", "cli", "demo", "bench"]


@dataclass(frozen=True)
class Actor:
    """The person a use case acts for; `name` is what the audit trail records.

    In the app it is the signed-in user (`user_id`, `role`). The command line runs with the
    rights of whoever can open the database file, so its operator is an admin by default.
    """

    name: str
    source: Source = "app"
    role: str = "admin"
    user_id: int | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an actor needs a name")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def audit_name(self) -> str:
        """The name written to the audit trail."""
        return self.name.strip()

    def may(self, action: str) -> None:
        """Raise PermissionDenied unless this actor's role allows `action`."""
        require(self.role, action)
