"""The transcript: plain dataclasses and their JSON form.

JSON shape (read by the pre-scorer and stored by the queue)::

    {"duration": s, "speakers_separated": bool,
     "turns": [{"speaker": "agent"|"customer"|null, "start": s, "end": s, "text": str,
                "words": [{"start": s, "end": s, "text": str, "probability": p}]}],
     "metrics": {...}}

A turn carries ``"unmasked_text"`` only when unmasked transcripts are kept
(``QA_KEEP_UNMASKED_TRANSCRIPTS``); the text shown by default is always masked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Speaker = Literal["agent", "customer"]


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "text": self.text,
                "probability": round(self.probability, 3)}


@dataclass(frozen=True)
class Turn:
    speaker: Speaker | None
    start: float
    end: float
    text: str
    words: tuple[Word, ...]
    unmasked_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"speaker": self.speaker, "start": round(self.start, 2),
                                "end": round(self.end, 2), "text": self.text,
                                "words": [word.to_dict() for word in self.words]}
        if self.unmasked_text is not None:
            data["unmasked_text"] = self.unmasked_text
        return data


@dataclass(frozen=True)
class CallTranscript:
    duration: float
    speakers_separated: bool
    turns: tuple[Turn, ...]
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(turn.text for turn in self.turns)

    def to_dict(self) -> dict[str, Any]:
        return {"duration": round(self.duration, 2), "speakers_separated": self.speakers_separated,
                "turns": [turn.to_dict() for turn in self.turns], "metrics": self.metrics}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallTranscript:
        turns = tuple(
            Turn(turn["speaker"], turn["start"], turn["end"], turn["text"],
                 tuple(Word(**word) for word in turn["words"]), turn.get("unmasked_text"))
            for turn in data["turns"])
        return cls(data["duration"], data["speakers_separated"], turns, data.get("metrics", {}))

    @classmethod
    def from_json(cls, text: str) -> CallTranscript:
        return cls.from_dict(json.loads(text))
