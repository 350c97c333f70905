"""What a new password must not be, in the manner of NIST SP 800-63B: too short, letters or
digits only, the username, the published demo password, the company's or the product's name,
or a common or leaked password.

The common passwords are zxcvbn's list of the 30,000 most frequent passwords of public leaks,
with a few Indonesian favourites added. A password matches the list, the demo password or a
company word also when only digits and symbols were added at its ends ("Dragon2026!"), when
only its letters are read ("sun-shine-99"), and when look-alike digits are read as letters
("P@ssw0rd"): such small changes are the first guesses of anyone trying leaked passwords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

DEMO_PASSWORD = "Demo-QA-2026"  # noqa: S105  (documented in the README, so never acceptable)

# Frequent in Indonesian leaks and missing from zxcvbn's (mostly English) list.
_INDONESIAN_FAVOURITES = (
    "indonesia", "merdeka", "pancasila", "garuda", "katasandi", "sandiku", "rahasiaku",
    "sayangku", "cintaku", "bismillah", "alhamdulillah", "masuk", "masukaja", "bandung",
    "surabaya", "semarang", "yogyakarta", "persib", "persija", "bangsat", "anjing",
)
_NOT_LETTERS = r"[\W\d_]"
_ENDS = re.compile(rf"^{_NOT_LETTERS}+|{_NOT_LETTERS}+$")
_ANY_NOT_LETTER = re.compile(f"{_NOT_LETTERS}+")
_LOOKALIKES = tuple(str.maketrans(table) for table in (
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"},
    {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"},
))
_FEWEST_DISTINCT_CHARACTERS = 4


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 30,000 words: loaded on first use

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_INDONESIAN_FAVOURITES)


def _forms(text: str) -> set[str]:
    """The password as typed, lower-cased, and as the small changes above would undo it."""
    lowered = text.casefold()
    forms: set[str] = set()
    for form in (lowered, _ENDS.sub("", lowered)):
        for variant in (form, *(form.translate(table) for table in _LOOKALIKES)):
            forms |= {variant, _ENDS.sub("", variant), _ANY_NOT_LETTER.sub("", variant)}
    forms.discard("")
    return forms


def password_problem(password: str, username: str, *, min_length: int,
                     context_words: Iterable[str] = ()) -> str | None:
    """The i18n key of what is wrong with a new password, or None when it is acceptable.

    ``context_words`` are names a guesser tries first for this install: the company, the
    product (the setting ``QA_PASSWORD_CONTEXT_WORDS``).
    """
    if len(password) < min_length:
        return "access.error.password_too_short"
    forms = _forms(password)
    if forms & _forms(DEMO_PASSWORD):
        return "access.error.password_published"
    if username and any(username.casefold() in form for form in forms):
        return "access.error.password_contains_username"
    words = {_ANY_NOT_LETTER.sub("", word.casefold()) for word in context_words} - {""}
    if any(word in form for form in forms for word in words):
        return "access.error.password_context_word"
    if forms & _common_passwords() or \
            len(set(password.casefold())) < _FEWEST_DISTINCT_CHARACTERS:
        return "access.error.password_common"
    if password.isalpha() or password.isdigit():
        return "access.error.password_needs_mix"
    return None
