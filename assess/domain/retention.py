"""Retention: which candidates have been inactive long enough to be erased."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Inactive:
    """A candidate retention selects: their latest activity and its age in whole days."""

    id: int
    name: str
    latest_activity: dt.datetime
    days: int


def select_inactive(
    latest: Mapping[int, dt.datetime],
    names: Mapping[int, str],
    *,
    inactive_days: int,
    now: dt.datetime,
) -> list[Inactive]:
    """The candidates (ids in `names`, latest activity in `latest`) with
    age = max(now - latest activity, 0) >= `inactive_days` days, oldest activity first (then by
    id). `inactive_days` = 0 selects everyone; a negative number is a ValueError."""
    if inactive_days < 0:
        raise ValueError(f"inactive days: must be 0 or more, got {inactive_days}")
    limit = dt.timedelta(days=inactive_days)
    selected = []
    for cid, when in latest.items():
        # Clock skew can put an activity after `now`: that is no age at all.
        age = max(now - when, dt.timedelta())
        if cid in names and age >= limit:
            selected.append(Inactive(id=cid, name=names[cid], latest_activity=when, days=age.days))
    return sorted(selected, key=lambda item: (item.latest_activity, item.id))
