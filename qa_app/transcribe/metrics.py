"""Audio metrics of a call, computed from when each speaker's words were said.

Definitions (seconds; every span family reports ``count``, ``total``, ``longest`` and
``spans`` as ``[start, end]`` pairs):

- *talk time*: per speaker, the union of its word intervals, pauses under ``BRIDGE_S`` bridged.
- *silence*: nobody speaks for at least ``SILENCE_MIN_S``, between the first and last word
  (ringing before the first word and the line after the last are not silence).
- *dead air*: a silence longer than ``DEAD_AIR_S`` (10 s, item K4 of the form). Whether it was
  an announced hold is for the scorer to judge from the words before it.
- *hold* (a candidate: the scorer confirms it from the words around it): the agent is silent
  for at least ``HOLD_MIN_S`` (5 s) while the customer speaks at most
  ``HOLD_CUSTOMER_TALK_MAX_S`` of it (a customer's "Halo?" does not end a hold); from the agent's
  last word to its next. On mono audio, where speakers are not known, holds are the dead air.
  Music on the agent's channel (``music.py``) while the customer speaks at most as much is a
  hold candidate too, whatever words the model wrote into it.
- *music*: the spans of music on the agent's channel (the mix on mono audio), from the audio.
- *overtalk*: both channels carry voice at once for at least ``OVERTALK_MIN_S``, from the
  channels' energy (``activity.py``) when given, else from word times. Always 0 on mono audio.
- *speaking rate*: words per minute of the speaker's own talk time.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from qa_app.transcribe.call_transcript import Turn

BRIDGE_S = 0.5
SILENCE_MIN_S = 3.0
DEAD_AIR_S = 10.0
HOLD_MIN_S = 5.0
HOLD_CUSTOMER_TALK_MAX_S = 3.0
OVERTALK_MIN_S = 0.5

Span = tuple[float, float]


def _union(spans: Sequence[Span], bridge: float = BRIDGE_S) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= bridge:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _gaps(speech: Sequence[Span], minimum: float) -> list[Span]:
    return [(a_end, b_start) for (_, a_end), (b_start, _) in pairwise(speech)
            if b_start - a_end >= minimum]


def _overlap(spans: Sequence[Span], start: float, end: float) -> float:
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in spans)


def _intersections(first: Sequence[Span], second: Sequence[Span]) -> list[Span]:
    """Overlaps of two sorted, disjoint span lists, in one sweep."""
    found: list[Span] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start, end = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if end > start:
            found.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return found


def _summary(spans: Sequence[Span]) -> dict[str, Any]:
    lengths = [end - start for start, end in spans]
    return {"count": len(spans), "total": round(sum(lengths), 2),
            "longest": round(max(lengths, default=0.0), 2),
            "spans": [[round(start, 2), round(end, 2)] for start, end in spans]}


def call_metrics(turns: Sequence[Turn], duration: float, speakers_separated: bool,
                 voice: dict[str, list[Span]] | None = None,
                 music: Sequence[Span] = ()) -> dict[str, Any]:
    """``voice``: per speaker, when its channel carries a voice (for overtalk); ``music``:
    when the agent's channel (the mix on mono audio) carries music."""
    speech_by_speaker: dict[str, list[Span]] = {}
    words_by_speaker: dict[str, int] = {}
    for turn in turns:
        key = turn.speaker or "unknown"
        speech_by_speaker.setdefault(key, []).extend((w.start, w.end) for w in turn.words)
        words_by_speaker[key] = words_by_speaker.get(key, 0) + len(turn.words)
    speech = {key: _union(spans) for key, spans in speech_by_speaker.items()}
    talk = {key: sum(end - start for start, end in spans) for key, spans in speech.items()}
    anyone = _union([span for spans in speech.values() for span in spans])
    silences = _gaps(anyone, SILENCE_MIN_S)
    dead_air = [span for span in silences if span[1] - span[0] > DEAD_AIR_S]
    if speakers_separated:
        customer = speech.get("customer", [])
        holds = [gap for gap in [*_gaps(speech.get("agent", []), HOLD_MIN_S), *music]
                 if _overlap(customer, *gap) <= HOLD_CUSTOMER_TALK_MAX_S]
        holds = _union(holds, 0.0)
        sources = speech if voice is None else {key: _union(spans) for key, spans in voice.items()}
        overtalk = [span for span in _intersections(sources.get("agent", []),
                                                    sources.get("customer", []))
                    if span[1] - span[0] >= OVERTALK_MIN_S]
    else:
        holds, overtalk = _union([*dead_air, *music], 0.0), []
    return {
        "duration": round(duration, 2),
        "talk_time": {key: round(value, 2) for key, value in talk.items()},
        "word_count": words_by_speaker,
        "speaking_rate_wpm": {key: round(words_by_speaker[key] * 60 / value, 1)
                              for key, value in talk.items() if value > 0},
        "silence": _summary(silences),
        "dead_air": _summary(dead_air),
        "holds": _summary(holds),
        "music": _summary(music),
        "overtalk": _summary(overtalk),
    }
