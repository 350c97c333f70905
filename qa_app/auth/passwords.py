"""Password hashing with argon2id, and random temporary passwords.

What a new password must not be is :mod:`qa_app.auth.password_policy`.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

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
    """True when ``password`` matches; without a stored hash, a decoy hash is verified instead,
    so that a login for an unknown account takes as long as one for a known account."""
    try:
        matches = _HASHER.verify(password_hash or _decoy_hash(_HASHER), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and bool(password_hash)  # the decoy's secret is never typed, but still


@lru_cache(maxsize=2)
def _decoy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random secret made with ``hasher``'s own cost parameters."""
    return hasher.hash(secrets.token_urlsafe(16))


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def temporary_password(length: int = 14) -> str:
    """A random password for a new or reset account; it must be changed at first login.

    It always holds a digit, so that it meets the rule of mixing letters and digits.
    """
    characters = [secrets.choice(_TEMPORARY_ALPHABET) for _ in range(length - 1)]
    characters.insert(secrets.randbelow(length), secrets.choice("23456789"))
    return "".join(characters)
