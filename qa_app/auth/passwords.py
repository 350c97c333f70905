"""Password hashing with argon2id, and the password rules a new password must meet."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults follow RFC 9106's second recommended profile (64 MiB, 3 passes).
# Tests swap ``_HASHER`` for a cheaper argon2id so that a fixture with seven accounts
# does not spend a second hashing; ``PRODUCTION_HASHER`` stays what the app uses.
PRODUCTION_HASHER = PasswordHasher(type=Type.ID)
_HASHER = PRODUCTION_HASHER
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def temporary_password(length: int = 14) -> str:
    """A random password for a new or reset account; it must be changed at first login.

    It always holds a digit, so that it meets the rule of mixing letters and digits.
    """
    characters = [secrets.choice(_TEMPORARY_ALPHABET) for _ in range(length - 1)]
    characters.insert(secrets.randbelow(length), secrets.choice("23456789"))
    return "".join(characters)


def password_problem(password: str, username: str, min_length: int) -> str | None:
    """The i18n key of what is wrong with a new password, or None when it is acceptable."""
    if len(password) < min_length:
        return "access.error.password_too_short"
    if username and username.lower() in password.lower():
        return "access.error.password_contains_username"
    if password.isalpha() or password.isdigit():
        return "access.error.password_needs_mix"
    return None
