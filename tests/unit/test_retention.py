"""Retention's selection: age = max(now - latest activity, 0) >= N days, oldest first."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess.domain.retention import Inactive, select_inactive

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("latest", "inactive_days", "expected"),
    [
        ({1: _ago(30)}, 30, [(1, 30)]),  # exactly N days old is old enough
        ({1: _ago(29.999)}, 30, []),
        ({1: _ago(0)}, 0, [(1, 0)]),
        ({1: _ago(-2)}, 0, [(1, 0)]),  # an activity "in the future" has age 0
        ({1: _ago(-2)}, 1, []),
        ({1: _ago(40), 2: _ago(100), 3: _ago(5)}, 30, [(2, 100), (1, 40)]),
        ({1: _ago(50), 2: _ago(50)}, 30, [(1, 50), (2, 50)]),  # equal times: by id
        ({1: _ago(50), 9: _ago(50)}, 30, [(1, 50)]),  # 9 has no record any more
    ],
)
def test_selection(
    latest: dict[int, dt.datetime], inactive_days: int, expected: list[tuple[int, int]]
) -> None:
    names = {1: "Anna", 2: "Bo", 3: "Cai"}
    found = select_inactive(latest, names, inactive_days=inactive_days, now=NOW)
    assert [(i.id, i.days) for i in found] == expected
    assert all(i == Inactive(i.id, names[i.id], latest[i.id], i.days) for i in found)


def test_negative_days_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"^inactive days: must be 0 or more, got -1$"):
        select_inactive({}, {}, inactive_days=-1, now=NOW)


ages = st.dictionaries(
    st.integers(1, 50), st.floats(-5, 400, allow_nan=False), min_size=0, max_size=20
)


@given(ages, st.integers(0, 400))
def test_selects_exactly_the_old_enough_oldest_first(ages: dict[int, float], days: int) -> None:
    latest = {cid: _ago(age) for cid, age in ages.items()}
    names = {cid: f"person {cid}" for cid in ages}
    found = select_inactive(latest, names, inactive_days=days, now=NOW)
    assert {i.id for i in found} == {
        cid for cid, when in latest.items() if max(NOW - when, dt.timedelta()).days >= days
    }
    assert [(i.latest_activity, i.id) for i in found] == sorted(
        (i.latest_activity, i.id) for i in found
    )
    assert {i.id for i in select_inactive(latest, names, inactive_days=0, now=NOW)} == set(ages)
