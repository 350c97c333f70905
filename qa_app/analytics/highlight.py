"""Marking the searched words in a turn's text, for the results list."""

from __future__ import annotations

import re
from collections.abc import Collection

_TOKEN = re.compile(r"[^\W_]+")


def highlight(text: str, terms: Collection[str]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked when it is one of ``terms`` (lower case), so
    that joining the pieces gives the text back unchanged."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _TOKEN.finditer(text):
        if match.group().lower() not in terms:
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces
