"""The rule engine: one item's answer from its decision list, with evidence and confidence."""

from __future__ import annotations

from dataclasses import dataclass

from qa_app.scoring.conditions import Evaluator, Evidence
from qa_app.scoring.conversation import Conversation
from qa_app.scoring.schema import Item

MANUAL = "manual"
MAX_EVIDENCE = 4


@dataclass(frozen=True)
class ItemResult:
    id: str
    answer: str  # yes / partial / no / na / manual
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    suggested: str | None = None  # the machine's answer when it was too unsure to give it

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "answer": self.answer, "confidence": round(self.confidence, 3),
                "evidence": [e.to_json() for e in self.evidence]}


def applies(item: Item, transcript: Conversation) -> bool:
    channels, directions = item.applies.channels, item.applies.directions
    if channels is not None and transcript.channel not in channels:
        return False
    return directions is None or transcript.direction is None \
        or transcript.direction in directions


def decide_item(item: Item, transcript: Conversation, evaluator: Evaluator) -> ItemResult:
    """The first rule whose condition holds gives the answer; an unknown condition stops at
    "manual". The confidence is the lowest along the path: each rule passed over had to be
    false, so doubt about any of them is doubt about the answer. An answer that no rule gave
    (``otherwise``) shows what the rules passed over found missing."""
    if not applies(item, transcript):
        return ItemResult(item.id, "na", 1.0)
    if item.manual or not item.decide:
        return ItemResult(item.id, MANUAL, 0.0)
    confidence = 1.0
    missing: list[Evidence] = []
    for rule in item.decide:
        outcome = evaluator.evaluate(rule.when)
        if outcome.value is None:
            return ItemResult(item.id, MANUAL, 0.0)
        confidence = min(confidence, outcome.confidence)
        if outcome.value:
            if rule.at_most is not None:
                confidence = min(confidence, rule.at_most)
            # what the rules passed over missed explains the answer too: H1 "no" is the hold
            # *and* the announcement not heard before it
            return ItemResult(item.id, rule.answer, confidence,
                              _distinct([*outcome.evidence, *missing]))
        missing.extend(outcome.absent)
    return ItemResult(item.id, item.otherwise, confidence, _distinct(missing))


def _distinct(evidence: list[Evidence], most: int = MAX_EVIDENCE
              ) -> tuple[Evidence, ...]:
    seen, kept = set(), []
    for entry in evidence:
        key = (entry.note, entry.start, entry.text, tuple(map(str, entry.values.values())))
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return tuple(kept[:most])
