"""Speaker turns built from words, never from segments.

Whisper segments span several seconds and, on a mono mix or across channels, hold words of
both speakers; merging segments by start time scrambles who said what. Words are merged
instead: in time order, a turn runs while the speaker stays the same and pauses stay short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa_app.transcribe.call_transcript import Speaker, Turn, Word

#: A pause longer than this starts a new turn even when the same person goes on speaking
#: (the agent coming back after a hold is a new turn).
TURN_PAUSE_S = 1.5


@dataclass(frozen=True)
class SpokenWord:
    """A word and who said it (None when the audio does not tell speakers apart)."""

    speaker: Speaker | None
    word: Word


def build_turns(spoken: Iterable[SpokenWord], pause_s: float = TURN_PAUSE_S) -> list[Turn]:
    ordered = sorted(spoken, key=lambda item: (item.word.start, item.word.end))
    turns: list[Turn] = []
    current: list[Word] = []
    speaker: Speaker | None = None
    for item in ordered:
        if current and (item.speaker != speaker or item.word.start - current[-1].end > pause_s):
            turns.append(_turn(speaker, current))
            current = []
        speaker = item.speaker
        current.append(item.word)
    if current:
        turns.append(_turn(speaker, current))
    return turns


def _turn(speaker: Speaker | None, words: list[Word]) -> Turn:
    return Turn(speaker, words[0].start, max(word.end for word in words),
                " ".join(word.text for word in words), tuple(words))
