"""Risk flags from a screening pre-score: the calls a QCO lead should look at first.

A call is flagged when its pre-score suspects a fatal item (an OTP/PIN request, account data
before verification, a complaint without a ticket, or any other item the form marks fatal),
rude or slang language (the courtesy items of ``LANGUAGE_ITEMS``, not fatal on the draft
forms but what a lead wants to hear at once), or when the score is below a threshold.
"Suspects": the machine answered "no", or left the item to a human while suggesting "no" —
the lead decides, with the evidence in front of them. The rules read only the stored
pre-score record (``PreScore.to_record()``), so a flag can be re-derived from storage.

A flag is a lead's lead, never a score: it does not enter QM (only random samples a QCO
finalizes do).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qa_app.scoring.schema import Form

FATAL_ITEM = "fatal_item"
LANGUAGE = "language"
LOW_SCORE = "low_score"
REASONS = (FATAL_ITEM, LANGUAGE, LOW_SCORE)  # most serious first
#: Courtesy items whose "no" is rude or slang language.
LANGUAGE_ITEMS = frozenset({"K3", "K5"})
MAX_EVIDENCE = 4


@dataclass(frozen=True)
class FlagEvidence:
    start: float
    text: str
    speaker: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"start": round(self.start, 2), "text": self.text, "speaker": self.speaker}


@dataclass(frozen=True)
class FlagReason:
    """One reason a call is flagged: ``item`` for a suspected item, ``score`` for a low one;
    ``sure`` is False when the machine left the item to a human."""

    reason: str
    item: str | None
    sure: bool
    evidence: tuple[FlagEvidence, ...] = ()
    score: float | None = None

    def to_json(self) -> dict[str, object]:
        return {"reason": self.reason, "item": self.item, "sure": self.sure,
                "score": None if self.score is None else round(self.score, 2),
                "evidence": [entry.to_json() for entry in self.evidence]}


def derive_flags(record: Mapping[str, Any], form: Form, low_score: float
                 ) -> tuple[FlagReason, ...]:
    """The reasons to flag a pre-scored call, most serious first; empty: not flagged."""
    suggested: Mapping[str, str] = record.get("suggested") or {}
    items: Sequence[Mapping[str, Any]] = record.get("items") or ()
    fatal = {item.id for item in form.items() if item.fatal}
    found: list[FlagReason] = []
    failed_evidence: list[FlagEvidence] = []
    for item in items:
        item_id = str(item["id"])
        answer = item.get("answer")
        sure = answer == "no"
        if not sure and not (answer == "manual" and suggested.get(item_id) == "no"):
            continue
        evidence = _evidence(item.get("evidence") or ())
        failed_evidence.extend(evidence[:1])
        if item_id in fatal:
            found.append(FlagReason(FATAL_ITEM, item_id, sure, evidence))
        elif item_id in LANGUAGE_ITEMS:
            found.append(FlagReason(LANGUAGE, item_id, sure, evidence))
    score = record.get("score")
    if score is not None and float(score) < low_score:
        found.append(FlagReason(LOW_SCORE, None, True,
                                tuple(failed_evidence[:MAX_EVIDENCE]), float(score)))
    return tuple(sorted(found, key=lambda flag: (REASONS.index(flag.reason), not flag.sure)))


def _evidence(entries: Sequence[Mapping[str, Any]]) -> tuple[FlagEvidence, ...]:
    """The transcript words of an item's evidence (a note without words is left out: the
    flag shows what was said, and where)."""
    return tuple(FlagEvidence(float(entry.get("start") or 0.0), str(entry["text"]),
                              entry.get("speaker"))
                 for entry in entries if entry.get("text"))[:MAX_EVIDENCE]


def flag_from_json(data: Mapping[str, Any]) -> FlagReason:
    """A stored reason back (``FlagReason.to_json``)."""
    return FlagReason(str(data["reason"]), data.get("item"), bool(data.get("sure", True)),
                      _evidence(data.get("evidence") or ()), data.get("score"))
