"""Indonesian number words and the spoken form of acronyms, for the corpus scripts.

Scripts write numbers the way a person reads them out (digit by digit for identifiers and
codes), so the ground truth, the synthesized speech and the masking rules see the same words.
"""

from __future__ import annotations

import re

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

#: How the MBROLA voice must be told to say an acronym (letter names in Indonesian).
SPOKEN_ACRONYMS = {
    "OTP": "o te pe", "SBG": "es be ge", "KTP": "ka te pe", "PIN": "pin", "HP": "ha pe",
    "BPKB": "be pe ka be", "STNK": "es te en ka", "SMS": "es em es", "CVV": "se ve ve",
}
_ACRONYM = re.compile(r"\b(" + "|".join(SPOKEN_ACRONYMS) + r")\b")


def number_words(number: int) -> str:
    """``1_250_000`` -> ``satu juta dua ratus lima puluh ribu``."""
    if number < 0:
        raise ValueError("no negative numbers in the corpus")
    if number < 10:
        return DIGITS[number]
    if number < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(number, f"{DIGITS[number - 10]} belas")
    for size, word, single in ((1_000_000_000, "miliar", "satu miliar"),
                               (1_000_000, "juta", "satu juta"), (1000, "ribu", "seribu"),
                               (100, "ratus", "seratus"), (10, "puluh", "")):
        if number >= size:
            head, rest = divmod(number, size)
            words = single if head == 1 and single else f"{number_words(head)} {word}"
            return f"{words} {number_words(rest)}".strip() if rest else words
    raise AssertionError("unreachable")


def digit_words(digits: str, group: int = 4) -> str:
    """``"1102345678"`` read in groups: ``satu satu nol dua, tiga empat lima enam, ...``."""
    groups = [digits[i:i + group] for i in range(0, len(digits), group)]
    return ", ".join(" ".join(DIGITS[int(d)] for d in chunk) for chunk in groups)


def birth_date(day: int, month: int, year: int) -> str:
    """``(17, 8, 1985)`` -> ``tujuh belas Agustus delapan puluh lima`` (years read short)."""
    return f"{number_words(day)} {MONTHS[month - 1]} {number_words(year % 100)}"


def spoken(text: str) -> str:
    """What the speech synthesizer reads for ``text``: acronyms as letter names."""
    return _ACRONYM.sub(lambda m: SPOKEN_ACRONYMS[m.group(1)], text)
