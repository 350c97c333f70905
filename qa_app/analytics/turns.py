"""The turns the search index stores: masked text, speaker and start second.

A voice transcript is stored masked already (its ``document``); a chat thread is stored as
it was imported, so it is masked here the way the review screen masks it
(qa_app.transcribe.dialogue), with the customer's answer to the agent's question included.
Only masked text is ever indexed: searching a name or a number finds nothing to unmask.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from qa_app.analytics.query import tokens
from qa_app.transcribe.dialogue import mask_dialogue

SPEAKERS = ("agent", "customer")


class IndexTurn(NamedTuple):
    speaker: str | None  # "agent", "customer", or None when speakers were not separated
    start: float  # seconds from the start of the call (of the first message of a chat)
    text: str  # masked


def _speaker(value: object) -> str | None:
    return value if isinstance(value, str) and value in SPEAKERS else None


def transcript_turns(document: Mapping[str, Any]) -> list[IndexTurn]:
    """The turns of a stored (masked) transcript document; empty turns are left out."""
    turns = []
    for turn in document.get("turns") or ():
        text = str(turn.get("text") or "").strip()
        if text:
            turns.append(IndexTurn(_speaker(turn.get("speaker")), float(turn["start"]), text))
    return turns


def chat_turns(messages: Sequence[Mapping[str, Any]]) -> list[IndexTurn]:
    """A chat thread's messages as masked turns, timed from the first message."""
    if not messages:
        return []
    said = [(_speaker(m.get("sender")), str(m.get("text") or "")) for m in messages]
    masked = mask_dialogue(said)
    first = datetime.fromisoformat(str(messages[0]["sent_at"]))
    turns = []
    for message, (speaker, _), text in zip(messages, said, masked, strict=True):
        offset = (datetime.fromisoformat(str(message["sent_at"])) - first).total_seconds()
        if text.strip():
            turns.append(IndexTurn(speaker, max(0.0, offset), text.strip()))
    return turns


def vocabulary_of(turns: Sequence[IndexTurn], longest: int = 64) -> set[str]:
    """The distinct terms of ``turns`` (terms longer than ``longest`` are not kept)."""
    return {term for turn in turns for term in tokens(turn.text) if len(term) <= longest}
