"""Password hashing with argon2id (RFC 9106 low-memory profile; the cheapest one in tests)."""

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


@cache
def _hasher(fast: bool) -> PasswordHasher:
    profile = profiles.CHEAPEST if fast else profiles.RFC_9106_LOW_MEMORY
    return PasswordHasher.from_parameters(profile)


@cache
def _dummy_hash(fast: bool) -> str:
    """Verified against when the email is unknown, so both paths cost one verification."""
    return _hasher(fast).hash("consult-dummy-password-for-timing")


def _fast() -> bool:
    return bool(current_app.config.get("CONSULT_FAST_PASSWORD_HASHING"))


def hash_password(password: str) -> str:
    return _hasher(_fast()).hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """True if the password matches; an unknown account still spends the same work."""
    fast = _fast()
    try:
        return _hasher(fast).verify(password_hash or _dummy_hash(fast), password) and bool(
            password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher(_fast()).check_needs_rehash(password_hash)
