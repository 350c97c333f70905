"""What the pre-scorer reads: turns with speakers and times, plus audio metrics.

Two inputs become one ``Conversation``: the JSON of ``python -m qa_app transcribe --json``
(``{"duration", "speakers_separated", "turns": [...], "metrics": {...}}``) and a chat thread
(the interactions' ``chat_messages``: ``[{"sender", "sent_at", "text"}]``). Metrics are read
defensively, because the transcriber may or may not list holds and silences: a span list
that is absent stays ``None`` and the pre-scorer derives it from the turns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


class TranscriptError(ValueError):
    """Input that is neither a transcript nor a chat thread; the message says what is wrong."""


@dataclass(frozen=True)
class Span:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Turn:
    speaker: str | None  # "agent", "customer" or None (mono audio, no separation)
    start: float
    end: float
    text: str
    word_starts: tuple[float, ...] = ()  # one per whitespace token of text, when known
    word_probabilities: tuple[float, ...] = ()  # the speech model's, one per word, when known


@dataclass(frozen=True)
class Conversation:
    turns: tuple[Turn, ...]
    duration: float
    channel: str = "voice"
    direction: str | None = None
    holds: tuple[Span, ...] | None = None  # hold candidates measured by the transcriber
    silences: tuple[Span, ...] | None = None
    started_at: datetime | None = None  # local time of the call, for conduct rules
    music: tuple[Span, ...] = ()  # music on the agent's channel, measured from the audio
    reported_hold_seconds: float | None = None  # the contact-center export's hold time

    def text_of(self, speaker: str) -> str:
        return " ".join(turn.text for turn in self.turns if turn.speaker == speaker)


def load_input(path: Path, channel: str | None = None,
               direction: str | None = None) -> Conversation:
    """A transcript JSON or a chat thread JSON file, told apart by its shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TranscriptError(f"{path}: not a readable JSON file ({error})") from error
    try:
        if isinstance(data, list):
            return from_chat_thread(data, channel or "chat")
        if isinstance(data, dict) and "turns" in data:
            return from_transcribe_json(data, channel or "voice", direction)
    except (KeyError, TypeError, ValueError) as error:
        raise TranscriptError(f"{path}: {error}") from error
    raise TranscriptError(f"{path}: expected a transcript (an object with 'turns') or a chat "
                          "thread (a list of messages with sender, sent_at, text)")


def from_transcribe_json(data: dict[str, Any], channel: str = "voice",
                         direction: str | None = None,
                         reported_hold_seconds: float | None = None) -> Conversation:
    """``reported_hold_seconds``: the hold time the interaction export gives, when it does."""
    turns = tuple(_turn(number, raw) for number, raw in enumerate(data["turns"]))
    metrics = data.get("metrics") or {}
    duration = float(data.get("duration") or (turns[-1].end if turns else 0.0))
    started = data.get("started_at")
    silences = metrics.get("silence", metrics.get("silences"))
    return Conversation(turns, duration, channel, direction or data.get("direction"),
                      _spans(metrics.get("holds")), _spans(silences),
                      datetime.fromisoformat(started) if started else None,
                      _spans(metrics.get("music")) or (),
                      None if reported_hold_seconds is None else float(reported_hold_seconds))


def from_chat_thread(messages: list[dict[str, Any]], channel: str = "chat") -> Conversation:
    """Messages as zero-length turns, timed in seconds from the first message."""
    if not messages:
        raise ValueError("the chat thread has no messages")
    times = [datetime.fromisoformat(str(m["sent_at"])) for m in messages]
    turns = tuple(Turn(_speaker(m.get("sender")), (at - times[0]).total_seconds(),
                       (at - times[0]).total_seconds(), str(m.get("text") or ""))
                  for m, at in zip(messages, times, strict=True))
    return Conversation(turns, turns[-1].end, channel, None, (), (), times[0])


def _turn(number: int, raw: dict[str, Any]) -> Turn:
    try:
        start, end = float(raw["start"]), float(raw["end"])
        text = str(raw.get("text") or "")
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"turns[{number}]: needs start, end (seconds) and text") from error
    words = [w for w in raw.get("words") or [] if isinstance(w, dict)]
    starts = tuple(float(w["start"]) for w in words if "start" in w)
    probabilities = tuple(float(w["probability"]) for w in words
                          if isinstance(w.get("probability"), (int, float)))
    return Turn(_speaker(raw.get("speaker")), start, end, text,
                starts if len(starts) == len(text.split()) else (),
                probabilities if len(probabilities) == len(words) else ())


def _speaker(value: Any) -> str | None:
    return value if value in ("agent", "customer") else None


def _spans(value: Any) -> tuple[Span, ...] | None:
    """Spans as qa_app.transcribe writes them (``{"count", "longest", "spans": [[s, e]]}``) or
    a plain list of ``{start, end}`` / ``[start, end]``; anything else counts as not given."""
    if isinstance(value, dict):
        value = value.get("spans")
    if not isinstance(value, list):
        return None
    spans = []
    for entry in value:
        if isinstance(entry, dict) and "start" in entry and "end" in entry:
            spans.append(Span(float(entry["start"]), float(entry["end"])))
        elif isinstance(entry, (list, tuple)) and len(entry) == 2:
            spans.append(Span(float(entry[0]), float(entry[1])))
    return tuple(spans)
