"""The draw seed as a person reads and types it: its decimal digits in groups of three
("281 474 976 710 655"). Typing accepts spaces, dots, commas, underscores or hyphens between
the digits, so a seed copied from a report or a spreadsheet in either language reads back
to exactly the stored number."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.,_\-]+")
_GROUPED_DIGITS = re.compile(r"[0-9]+(?:[\s.,_\-]+[0-9]+)*")


def format_seed(seed: int) -> str:
    if seed < 0:
        raise ValueError(f"seed {seed}: a seed is a whole number from 0 up")
    return f"{seed:,}".replace(",", " ")


def parse_seed(text: str) -> int | None:
    """The seed typed in ``text``; None when it is blank (a new seed is then drawn)."""
    text = text.strip()
    if not text:
        return None
    if not _GROUPED_DIGITS.fullmatch(text):
        raise ValueError(f"seed {text!r}: type digits only, grouped by spaces if you "
                         f"like (e.g. 123 456 789)")
    return int(_SEPARATORS.sub("", text))
