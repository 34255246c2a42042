"""Built-in accounts: argon2id password hashes, the lockout after failed sign-ins, idle expiry."""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# The policy's numbers, declared once; the README's "Signing in" section quotes them.
LOCKOUT_THRESHOLD: Final = 5
LOCKOUT_DURATION: Final = dt.timedelta(minutes=15)
DEFAULT_IDLE_TIMEOUT: Final = dt.timedelta(hours=8)
IDLE_TIMEOUT_ENV: Final = "ASSESS_IDLE_TIMEOUT_MINUTES"
MIN_PASSWORD_LENGTH: Final = 12
# argon2 hashes any length, but a megabyte "password" is a cheap way to make the server work
MAX_PASSWORD_LENGTH: Final = 1024

# RFC 9106's second recommended profile (argon2id, t=3, m=64 MiB, p=4): argon2-cffi's default
# today, pinned here so a library upgrade changes hashes only through needs_rehash.
HASHER: Final = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)

# The one message for every refused sign-in: unknown account, wrong password and locked
# account look the same, so the form never tells a stranger which emails have accounts.
SIGN_IN_REFUSED_KEY: Final = "auth.sign_in_refused"

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock (timezone-aware UTC); tests inject a fake one instead."""
    return dt.datetime.now(dt.UTC)


def hash_password(password: str, *, hasher: PasswordHasher = HASHER) -> str:
    """The encoded argon2id hash of `password` (salted; starts with `$argon2id$`)."""
    return hasher.hash(password)


def verify_password(encoded: str, password: str, *, hasher: PasswordHasher = HASHER) -> bool:
    """True when `password` matches the encoded hash; False on a mismatch or a damaged hash."""
    try:
        return hasher.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str, *, hasher: PasswordHasher = HASHER) -> bool:
    """True when the hash was made with other parameters than `hasher`'s (store a new one
    at the next successful sign-in, when the password is at hand)."""
    return hasher.check_needs_rehash(encoded)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in English for the CLI, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password: must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"password: must have at most {MAX_PASSWORD_LENGTH} characters"
    if not password.strip():
        return "password: must not be only spaces"
    return None


@dataclass(frozen=True)
class Lockout:
    """An account's failed sign-ins: how many in a row, and until when it is locked."""

    failures: int = 0
    locked_until: dt.datetime | None = None


def is_locked(lockout: Lockout, now: dt.datetime) -> bool:
    """True while `now` is before the end of the account's lock."""
    return lockout.locked_until is not None and now < lockout.locked_until


def record_failure(lockout: Lockout, now: dt.datetime) -> Lockout:
    """The lockout after one more failed sign-in at `now`.

    The LOCKOUT_THRESHOLD-th failure in a row locks the account until now + LOCKOUT_DURATION.
    Attempts while locked change nothing (they neither count nor extend the lock, so a
    stranger cannot keep an account locked for longer by guessing). A failure after a lock
    has run out starts a new count at 1.
    """
    if is_locked(lockout, now):
        return lockout
    failures = 1 if lockout.locked_until is not None else lockout.failures + 1
    if failures >= LOCKOUT_THRESHOLD:
        return Lockout(failures=failures, locked_until=now + LOCKOUT_DURATION)
    return Lockout(failures=failures, locked_until=None)


@dataclass(frozen=True)
class Credentials:
    """What the users table keeps for a built-in account."""

    password_hash: str
    lockout: Lockout = Lockout()
    active: bool = True


Reason = Literal["ok", "unknown", "inactive", "locked", "wrong_password"]


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt and what the caller must store.

    `reason` is for the audit trail and tests, never for the person at the form: they see
    `message_key` (SIGN_IN_REFUSED_KEY whatever the reason) on any refusal.
    """

    ok: bool
    reason: Reason
    lockout: Lockout | None
    new_hash: str | None = None

    @property
    def message_key(self) -> str | None:
        return None if self.ok else SIGN_IN_REFUSED_KEY


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def check_sign_in(
    account: Credentials | None,
    password: str,
    *,
    now: dt.datetime,
    hasher: PasswordHasher = HASHER,
) -> SignIn:
    """Decide a sign-in attempt at `now` for `account` (None: no account has that email).

    Every path runs one argon2 verification, against a throwaway hash when there is no
    account or it is locked or inactive, so the time taken does not tell them apart either.
    A locked account refuses even the right password; a wrong password counts towards the
    lock (record_failure); the right one clears the count and the lock and, when the stored hash was
    made with other parameters, returns its replacement in `new_hash`.
    """
    if account is None:
        verify_password(_dummy_hash(hasher), password, hasher=hasher)
        return SignIn(ok=False, reason="unknown", lockout=None)
    if not account.active or is_locked(account.lockout, now):
        verify_password(_dummy_hash(hasher), password, hasher=hasher)
        reason: Reason = "inactive" if not account.active else "locked"
        return SignIn(ok=False, reason=reason, lockout=account.lockout)
    if not verify_password(account.password_hash, password, hasher=hasher):
        return SignIn(
            ok=False, reason="wrong_password", lockout=record_failure(account.lockout, now)
        )
    new_hash = (
        hash_password(password, hasher=hasher)
        if needs_rehash(account.password_hash, hasher=hasher)
        else None
    )
    return SignIn(ok=True, reason="ok", lockout=Lockout(), new_hash=new_hash)


def session_expired(
    last_activity: dt.datetime,
    now: dt.datetime,
    idle_timeout: dt.timedelta = DEFAULT_IDLE_TIMEOUT,
) -> bool:
    """True once a session has been idle for `idle_timeout` or longer: now - last >= idle."""
    return now - last_activity >= idle_timeout


def idle_timeout_from_env(environ: Mapping[str, str] = os.environ) -> dt.timedelta:
    """The idle time after which a session ends: ASSESS_IDLE_TIMEOUT_MINUTES, else 8 hours.

    Raises ValueError naming the variable when it is not a whole number of minutes >= 1.
    """
    raw = environ.get(IDLE_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_IDLE_TIMEOUT
    try:
        minutes = int(raw)
    except ValueError:
        raise ValueError(f"{IDLE_TIMEOUT_ENV}: {raw!r} is not a whole number of minutes") from None
    if minutes < 1:
        raise ValueError(f"{IDLE_TIMEOUT_ENV}: must be at least 1 minute, got {minutes}")
    return dt.timedelta(minutes=minutes)
