"""Which turns of a transcript hold the pre-score's evidence, and which words of them.

Evidence carries a speaker, a second and the matched text, not a turn number, so it is
placed on the turn of that speaker whose time span holds the second (the nearest one when a
speech-recognition timing falls between turns). Metric evidence (no speaker, e.g.
``first_agent_start = 2.1``) marks no turn; it is still a second to play from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa_app.review.access import TurnText
from qa_app.review.answers import MachineAnswer

TOLERANCE_SECONDS = 0.05


@dataclass(frozen=True)
class MarkedTurn:
    index: int
    turn: TurnText
    items: tuple[str, ...]  # ids of the items whose evidence lies in this turn
    phrases: tuple[str, ...]  # the matched texts, to highlight inside the turn


def turn_of(turns: Sequence[TurnText], speaker: str | None, second: float) -> int | None:
    """The index of the turn the evidence belongs to, or None for metric evidence."""
    if speaker is None or not turns:
        return None
    same = [i for i, turn in enumerate(turns) if turn.speaker in (speaker, None)] or \
        list(range(len(turns)))
    inside = [i for i in same if turns[i].start - TOLERANCE_SECONDS <= second
              <= turns[i].end + TOLERANCE_SECONDS]
    if inside:
        return inside[0]
    return min(same, key=lambda i: min(abs(turns[i].start - second), abs(turns[i].end - second)))


def mark_turns(turns: Sequence[TurnText],
               machine: Mapping[str, MachineAnswer]) -> list[MarkedTurn]:
    items: dict[int, list[str]] = {}
    phrases: dict[int, list[str]] = {}
    for item_id, answer in machine.items():
        for evidence in answer.evidence:
            index = turn_of(turns, evidence.speaker, evidence.start)
            if index is None:
                continue
            if item_id not in items.setdefault(index, []):
                items[index].append(item_id)
            # words of an absence (the turn searched) are shown, not highlighted as found
            if evidence.text and evidence.note is None \
                    and evidence.text not in phrases.setdefault(index, []):
                phrases[index].append(evidence.text)
    return [MarkedTurn(i, turn, tuple(items.get(i, ())), tuple(phrases.get(i, ())))
            for i, turn in enumerate(turns)]


def split_highlights(text: str, phrases: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) parts: each phrase found (case-insensitively)
    is highlighted; a phrase the transcript spells differently highlights nothing."""
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        for found in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE):
            spans.append(found.span())
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in merged:
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return parts
