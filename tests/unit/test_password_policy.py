"""Refusing common, leaked, published and context-specific passwords; the decoy verification."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from qa_app.auth import passwords
from qa_app.auth.password_policy import DEMO_PASSWORD, password_problem

CONTEXT = ("pegadaian", "workbench")


def problem(password: str, username: str = "sitirahayu") -> str | None:
    return password_problem(password, username, min_length=10, context_words=CONTEXT)


@pytest.mark.parametrize("password", [
    "password123",        # on the list as it is
    "Password2026!",      # a listed word with a year and a symbol added
    "2026-Dragon-2026",   # digits and separators around a listed word
    "P@ssw0rd-2026",      # look-alike digits and symbols
    "sun-shine-99",       # separators inside a listed word
    "Sayang-2026",        # an Indonesian favourite on zxcvbn's list
    "Indonesia-1945",     # an Indonesian favourite added by us
    "1q2w3e4r5t6y",       # a keyboard walk on the list
    "aaaa1111aaaa",       # fewer than four different characters
])
def test_common_and_leaked_passwords_are_refused(password: str) -> None:
    assert problem(password) == "access.error.password_common"


@pytest.mark.parametrize("password", [DEMO_PASSWORD, "demo-qa-2026", "Demo-QA-2027!",
                                      "DemoQA-1234"])
def test_the_published_demo_password_and_its_variants_are_refused(password: str) -> None:
    assert problem(password) == "access.error.password_published"


@pytest.mark.parametrize("password", ["Pegadaian-2026", "kopi-PEGADAIAN-77", "P3gadaian-kopi",
                                      "QA-Workbench-01"])
def test_company_and_product_names_are_refused(password: str) -> None:
    assert problem(password) == "access.error.password_context_word"


def test_context_words_are_a_setting_not_a_fixed_list() -> None:
    assert password_problem("Pegadaian-2026", "dewi", min_length=10) != \
        "access.error.password_context_word"
    assert password_problem("Kopi-Nusantara-1", "dewi", min_length=10,
                            context_words=["Nusantara"]) == "access.error.password_context_word"


@pytest.mark.parametrize("password", ["S1t1rahayu-2026", "xx-SitiRahayu-xx"])
def test_the_username_also_with_look_alike_digits(password: str) -> None:
    assert problem(password) == "access.error.password_contains_username"


@pytest.mark.parametrize("password", ["Kopi-Tubruk-77", "Rahasia-Uji-2026", "Awal-Sandi-2026",
                                      "gunung-merapi-lautan-9", "tiga ekor kucing oren 7"])
def test_uncommon_passwords_pass(password: str) -> None:
    assert problem(password) is None


def test_temporary_passwords_pass_the_whole_policy() -> None:
    assert all(problem(passwords.temporary_password(), "admin") is None for _ in range(300))


class CountingHasher(PasswordHasher):
    """The tests' cheap argon2id, counting the hashes it verifies."""

    def __init__(self) -> None:
        super().__init__(type=Type.ID, memory_cost=1024, time_cost=1, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        self.verified.append(str(hash))
        return super().verify(hash, password)


@pytest.mark.parametrize("stored", [None, ""])
def test_without_a_stored_hash_a_decoy_with_the_same_cost_is_verified(
        monkeypatch: pytest.MonkeyPatch, stored: str | None) -> None:
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "_HASHER", hasher)

    assert passwords.verify_password(stored, "whatever-was-typed") is False

    [decoy] = hasher.verified
    assert decoy.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert hasher.hash("x").split("$")[:4] == decoy.split("$")[:4]
