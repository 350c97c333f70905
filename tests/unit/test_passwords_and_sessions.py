"""Password hashing, password rules and the idle timeout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_app.auth.password_policy import password_problem
from qa_app.auth.passwords import (
    PRODUCTION_HASHER,
    hash_password,
    needs_rehash,
    temporary_password,
    verify_password,
)
from qa_app.auth.principal import Principal, session_expired


def test_hash_is_argon2id_salted_and_verifies_only_the_right_password() -> None:
    first, second = hash_password("Rahasia-2026"), hash_password("Rahasia-2026")

    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert verify_password(first, "Rahasia-2026")
    assert not verify_password(first, "rahasia-2026")
    assert not needs_rehash(first)


def test_the_app_hashes_with_rfc_9106_strength() -> None:
    assert PRODUCTION_HASHER.type.name == "ID"
    assert PRODUCTION_HASHER.memory_cost >= 64 * 1024
    assert PRODUCTION_HASHER.time_cost >= 3
    assert PRODUCTION_HASHER.hash("x").startswith("$argon2id$v=19$m=65536,t=3")


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$broken"])
def test_missing_or_broken_hash_never_verifies(stored: str | None) -> None:
    assert verify_password(stored, "anything") is False


@pytest.mark.parametrize(("password", "problem"), [
    ("pendek1", "access.error.password_too_short"),
    ("sitirahayu-2026", "access.error.password_contains_username"),
    ("SITIRAHAYU2026x", "access.error.password_contains_username"),
    ("hanyahurufsaja", "access.error.password_needs_mix"),
    ("12345678901234", "access.error.password_needs_mix"),
    ("Kopi-Tubruk-77", None),
])
def test_password_rules(password: str, problem: str | None) -> None:
    assert password_problem(password, "sitirahayu", min_length=10) == problem


def test_temporary_passwords_are_random_and_meet_the_rules() -> None:
    passwords = {temporary_password() for _ in range(500)}
    assert len(passwords) == 500
    assert all(len(p) == 14 for p in passwords)
    assert all(password_problem(p, "admin", min_length=10) is None for p in passwords)


@pytest.mark.parametrize(("idle_minutes", "expired"), [(0, False), (29, False), (30, False),
                                                        (31, True), (600, True)])
def test_idle_timeout(idle_minutes: int, expired: bool) -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert session_expired(now - timedelta(minutes=idle_minutes), now, 30) is expired


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role 'supervisor'"):
        Principal(user_id=1, username="x", display_name="X", role="supervisor")
