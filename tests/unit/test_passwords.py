"""Built-in account passwords: argon2id hashes, the five-failure lockout, idle session expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.domain.i18n import t
from assess.services import passwords as pw
from assess.services.passwords import Credentials, Lockout

# argon2id with the smallest parameters argon2 allows: the same code paths, milliseconds a hash
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RIGHT = "correct horse battery staple"
WRONG = "Tr0ub4dor&3 wrong"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def _account(lockout: Lockout | None = None, active: bool = True) -> Credentials:
    encoded = pw.hash_password(RIGHT, hasher=FAST)
    return Credentials(encoded, lockout=lockout or Lockout(), active=active)


def test_the_policy_numbers() -> None:
    policy = (pw.LOCKOUT_THRESHOLD, pw.LOCKOUT_DURATION, pw.DEFAULT_IDLE_TIMEOUT)
    assert policy == (5, dt.timedelta(minutes=15), dt.timedelta(hours=8))


def test_default_hashes_are_argon2id_with_rfc_9106_parameters() -> None:
    encoded = pw.hash_password(RIGHT)
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert RIGHT not in encoded
    assert pw.verify_password(encoded, RIGHT)
    assert not pw.verify_password(encoded, WRONG)
    assert not pw.needs_rehash(encoded)
    # salted: the same password never gives the same hash twice
    assert pw.hash_password(RIGHT, hasher=FAST) != pw.hash_password(RIGHT, hasher=FAST)


@pytest.mark.parametrize(
    ("encoded", "password", "expected"),
    [
        ("<fast hash of RIGHT>", RIGHT, True),
        ("<fast hash of RIGHT>", WRONG, False),
        ("<fast hash of RIGHT>", "", False),
        ("<fast hash of RIGHT>", RIGHT.upper(), False),
        ("not a hash", RIGHT, False),
        ("$argon2id$v=19$m=8,t=1,p=1$broken", RIGHT, False),
        ("", RIGHT, False),
    ],
)
def test_verify_password(encoded: str, password: str, expected: bool) -> None:
    if encoded == "<fast hash of RIGHT>":
        encoded = pw.hash_password(RIGHT, hasher=FAST)
    assert pw.verify_password(encoded, password, hasher=FAST) is expected


def test_a_hash_with_old_parameters_needs_rehash() -> None:
    old = pw.hash_password(RIGHT, hasher=FAST)
    assert pw.needs_rehash(old)
    assert not pw.needs_rehash(old, hasher=FAST)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * 12, None),
        ("x" * 1024, None),
        ("x" * 11, "password: must have at least 12 characters"),
        ("", "password: must have at least 12 characters"),
        ("x" * 1025, "password: must have at most 1024 characters"),
        (" " * 12, "password: must not be only spaces"),
    ],
)
def test_password_problem(password: str, problem: str | None) -> None:
    assert pw.password_problem(password) == problem


LOCKED = Lockout(failures=5, locked_until=T0 + dt.timedelta(minutes=15))


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (Lockout(), Lockout(failures=1)),
        (Lockout(failures=3), Lockout(failures=4)),
        # the fifth failure in a row locks the account for 15 minutes from now
        (Lockout(failures=4), LOCKED),
        # attempts while locked neither count nor extend the lock
        (LOCKED, LOCKED),
        # after a lock that has run out, counting starts again
        (Lockout(failures=5, locked_until=T0), Lockout(failures=1)),
        (Lockout(failures=5, locked_until=T0 - dt.timedelta(hours=1)), Lockout(failures=1)),
    ],
)
def test_record_failure(before: Lockout, expected: Lockout) -> None:
    assert pw.record_failure(before, T0) == expected


@pytest.mark.parametrize(
    ("minutes", "locked"),
    [(0, True), (1, True), (14, True), (14.99, True), (15, False), (16, False)],
)
def test_the_lock_lasts_exactly_fifteen_minutes(minutes: float, locked: bool) -> None:
    assert pw.is_locked(LOCKED, T0 + dt.timedelta(minutes=minutes)) is locked
    assert not pw.is_locked(Lockout(failures=4), T0)


def test_five_wrong_passwords_lock_the_account_then_it_opens_again() -> None:
    clock = FakeClock()
    account = _account()
    reasons = []
    for _ in range(5):
        outcome = pw.check_sign_in(account, WRONG, now=clock(), hasher=FAST)
        reasons.append(outcome.reason)
        assert outcome.lockout is not None
        account = Credentials(account.password_hash, lockout=outcome.lockout)
        clock.advance(seconds=10)
    assert reasons == ["wrong_password"] * 5
    assert account.lockout == Lockout(
        failures=5, locked_until=T0 + dt.timedelta(seconds=40, minutes=15)
    )

    # locked: even the right password is refused, and the lock does not move
    locked = pw.check_sign_in(account, RIGHT, now=clock(), hasher=FAST)
    assert (locked.ok, locked.reason, locked.lockout) == (False, "locked", account.lockout)

    # 15 minutes after the fifth failure the right password works and clears the count
    clock.now = T0 + dt.timedelta(seconds=40, minutes=15)
    opened = pw.check_sign_in(account, RIGHT, now=clock(), hasher=FAST)
    assert (opened.ok, opened.reason, opened.lockout, opened.new_hash) == (
        True,
        "ok",
        Lockout(),
        None,
    )


def test_a_success_clears_earlier_failures() -> None:
    outcome = pw.check_sign_in(_account(Lockout(failures=4)), RIGHT, now=T0, hasher=FAST)
    assert outcome.ok
    assert outcome.lockout == Lockout()
    assert outcome.message_key is None


@pytest.mark.parametrize(
    ("account", "password", "reason", "lockout"),
    [
        (None, RIGHT, "unknown", None),
        ("plain", WRONG, "wrong_password", Lockout(failures=1)),
        ("locked", RIGHT, "locked", LOCKED),
        ("locked", WRONG, "locked", LOCKED),
        ("inactive", RIGHT, "inactive", Lockout()),
    ],
)
def test_every_refusal_shows_the_same_message(
    account: str | None, password: str, reason: str, lockout: Lockout | None
) -> None:
    accounts = {
        "plain": _account(),
        "locked": _account(LOCKED),
        "inactive": _account(active=False),
    }
    outcome = pw.check_sign_in(
        None if account is None else accounts[account], password, now=T0, hasher=FAST
    )
    assert (outcome.ok, outcome.reason, outcome.lockout, outcome.new_hash) == (
        False,
        reason,
        lockout,
        None,
    )
    assert outcome.message_key == "auth.sign_in_refused"
    assert t(outcome.message_key, "en") == (
        "Sign-in failed: the email or the password is wrong, or the account is locked for a "
        "while after too many failed attempts."
    )


def test_the_refusal_text_names_no_reason() -> None:
    for lang in ("en", "sv"):
        text = t(pw.SIGN_IN_REFUSED_KEY, lang)
        assert "not found" not in text and "unknown" not in text
        assert "finns inte" not in text


def test_a_right_password_on_an_old_hash_returns_its_replacement() -> None:
    old = Credentials(
        pw.hash_password(RIGHT, hasher=PasswordHasher(time_cost=2, memory_cost=8, parallelism=1))
    )
    outcome = pw.check_sign_in(old, RIGHT, now=T0, hasher=FAST)
    assert outcome.ok
    assert outcome.new_hash is not None
    assert outcome.new_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert pw.verify_password(outcome.new_hash, RIGHT, hasher=FAST)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.booleans(), max_size=30), st.lists(st.integers(0, 600), min_size=30, max_size=30)
)
def test_lockout_invariants(attempts_ok: list[bool], gaps_s: list[int]) -> None:
    """Whatever the sequence: never more than 5 failures in a row without a lock, a lock lasts
    15 minutes from the failure that set it, and a success always clears everything."""
    now = T0
    lockout = Lockout()
    for ok, gap in zip(attempts_ok, gaps_s, strict=False):
        now += dt.timedelta(seconds=gap)
        if pw.is_locked(lockout, now):
            assert pw.record_failure(lockout, now) == lockout
            continue
        if ok:
            lockout = Lockout()
            continue
        after = pw.record_failure(lockout, now)
        assert 1 <= after.failures <= pw.LOCKOUT_THRESHOLD
        if after.failures == pw.LOCKOUT_THRESHOLD:
            assert after.locked_until == now + pw.LOCKOUT_DURATION
        else:
            assert after.locked_until is None
        lockout = after


@pytest.mark.parametrize(
    ("idle", "timeout", "expired"),
    [
        (dt.timedelta(0), pw.DEFAULT_IDLE_TIMEOUT, False),
        (dt.timedelta(hours=7, minutes=59, seconds=59), pw.DEFAULT_IDLE_TIMEOUT, False),
        (dt.timedelta(hours=8), pw.DEFAULT_IDLE_TIMEOUT, True),
        (dt.timedelta(days=3), pw.DEFAULT_IDLE_TIMEOUT, True),
        (dt.timedelta(minutes=29), dt.timedelta(minutes=30), False),
        (dt.timedelta(minutes=30), dt.timedelta(minutes=30), True),
    ],
)
def test_session_expired(idle: dt.timedelta, timeout: dt.timedelta, expired: bool) -> None:
    clock = FakeClock()
    last = clock()
    clock.advance(seconds=idle.total_seconds())
    assert pw.session_expired(last, clock(), timeout) is expired


def test_the_default_idle_timeout_is_eight_hours() -> None:
    assert not pw.session_expired(T0, T0 + dt.timedelta(hours=8) - dt.timedelta(microseconds=1))
    assert pw.session_expired(T0, T0 + dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, dt.timedelta(hours=8)),
        ({"ASSESS_IDLE_TIMEOUT_MINUTES": ""}, dt.timedelta(hours=8)),
        ({"ASSESS_IDLE_TIMEOUT_MINUTES": "30"}, dt.timedelta(minutes=30)),
        ({"ASSESS_IDLE_TIMEOUT_MINUTES": " 1 "}, dt.timedelta(minutes=1)),
        ({"ASSESS_IDLE_TIMEOUT_MINUTES": "1440"}, dt.timedelta(days=1)),
    ],
)
def test_idle_timeout_from_env(environ: dict[str, str], expected: dt.timedelta) -> None:
    assert pw.idle_timeout_from_env(environ) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "ASSESS_IDLE_TIMEOUT_MINUTES: must be at least 1 minute, got 0"),
        ("-5", "ASSESS_IDLE_TIMEOUT_MINUTES: must be at least 1 minute, got -5"),
        ("8h", "ASSESS_IDLE_TIMEOUT_MINUTES: '8h' is not a whole number of minutes"),
        ("2.5", "ASSESS_IDLE_TIMEOUT_MINUTES: '2.5' is not a whole number of minutes"),
    ],
)
def test_idle_timeout_from_env_refuses(value: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        pw.idle_timeout_from_env({"ASSESS_IDLE_TIMEOUT_MINUTES": value})
    assert str(info.value) == message


def test_the_real_clock_is_aware_utc() -> None:
    assert pw.utc_now().tzinfo is dt.UTC
