"""Who is acting: the person behind a use case, and where the request came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Source = Literal["app", "cli", "demo", "bench"]


@dataclass(frozen=True)
class Actor:
    """The person a use case acts for; `name` is what the audit trail records."""

    name: str
    source: Source = "app"

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an actor needs a name")

    @property
    def audit_name(self) -> str:
        """The name written to the audit trail."""
        return self.name.strip()
