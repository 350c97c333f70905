"""Evaluating a form's conditions on one transcript, with evidence and a confidence.

Logic is three-valued: a condition is true, false, or unknown (``None``, e.g. a metric the
input does not carry, such as the start time of a call). Unknown leads to a "manual" answer
rather than a guess. A phrase or pattern *not found* is only as sure as the text it was
looked for in: its confidence is capped by the region's clarity (see ``clarity.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_app.scoring.clarity import clarity, trusted_absence
from qa_app.scoring.facts import Facts
from qa_app.scoring.matching import TurnMatcher
from qa_app.scoring.schema import Condition, Form
from qa_app.scoring.transcript import Transcript

REGEX_CONFIDENCE = (0.95, 0.9)  # (found, not found): exact patterns, but text may be misheard
METRIC_CONFIDENCE = 0.95
UNLABELLED_SPEAKERS_FACTOR = 0.8
UNRELATED_SCORE = 60.0  # mono audio: who said it is a guess


@dataclass(frozen=True)
class Evidence:
    turn: int | None
    speaker: str | None
    start: float
    text: str

    def to_json(self) -> dict[str, object]:
        return {"speaker": self.speaker, "start": round(self.start, 2), "text": self.text}


@dataclass(frozen=True)
class Outcome:
    value: bool | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()


def _miss_confidence(best: float, threshold: float) -> float:
    """How sure an absent phrase is absent: 0.95 when the closest words score 60 or less (what
    unrelated words score in the demo calls), falling to 0.6 at the threshold."""
    if best <= UNRELATED_SCORE:
        return 0.95
    return 0.6 + 0.35 * max(0.0, threshold - best) / max(threshold - UNRELATED_SCORE, 1.0)


class Evaluator:
    def __init__(self, form: Form, transcript: Transcript, facts: Facts,
                 matcher: TurnMatcher) -> None:
        self.form, self.transcript, self.facts, self.matcher = form, transcript, facts, matcher

    def evaluate(self, condition: Condition) -> Outcome:
        if condition.ref is not None:
            return self.evaluate(self.form.conditions[condition.ref])
        if condition.phrases is not None:
            return self._scaled(condition, self._phrases(condition))
        if condition.regex is not None:
            return self._scaled(condition, self._regex(condition))
        if condition.metric is not None:
            return self._metric(condition)
        if condition.not_ is not None:
            inner = self.evaluate(condition.not_)
            value = None if inner.value is None else not inner.value
            return Outcome(value, inner.confidence, inner.evidence)
        children = [self.evaluate(c) for c in
                    condition.all_of or condition.any_of or condition.of or ()]
        if condition.all_of is not None:
            return _at_least(children, len(children))
        return _at_least(children, 1 if condition.any_of is not None else condition.min_true)

    def _groups(self, condition: Condition) -> list[list[int]]:
        """Turn indices the condition looks at; one group per hold for hold windows."""
        turns, known = self.transcript.turns, self.facts.speakers_known
        picked = [i for i, t in enumerate(turns)
                  if condition.speaker == "any" or not known or t.speaker == condition.speaker]
        if condition.first_seconds is not None:
            picked = [i for i in picked if turns[i].start <= condition.first_seconds]
        if condition.last_seconds is not None:
            edge = self.transcript.duration - condition.last_seconds
            picked = [i for i in picked if turns[i].end >= edge]
        first = next((i for i, t in enumerate(turns) if t.speaker == "agent" or not known), -1)
        if condition.window == "first_agent_turn":
            return [[i for i in picked if i == first]]
        if condition.window == "after_opening":
            return [[i for i in picked if i > first]]
        if condition.window == "before_hold":
            return [[i for i in picked if turns[i].end <= hold.start + 0.5][-1:]
                    for hold in self.facts.holds]
        if condition.window == "after_hold":
            return [[i for i in picked if turns[i].start >= hold.end - 0.5][:1]
                    for hold in self.facts.holds]
        return [picked]

    def _phrases(self, condition: Condition) -> Outcome:
        threshold = condition.threshold or self.form.match_threshold
        groups = self._groups(condition)
        evidence: list[Evidence] = []
        seen: set[tuple[int, str]] = set()
        scores: list[float] = []
        for group in groups:
            best_per_phrase = []
            for phrase in condition.phrases or ():
                found = max(((self.matcher.match(phrase, i), i) for i in group),
                            key=lambda pair: pair[0].score, default=None)
                if found is not None:
                    best_per_phrase.append(found)
            hits = sorted((f for f in best_per_phrase if f[0].score >= threshold),
                          key=lambda pair: -pair[0].score)
            if len(hits) < condition.min_distinct:
                best = max((f[0].score for f in best_per_phrase), default=0.0)
                return Outcome(False, trusted_absence(_miss_confidence(best, threshold),
                                                      self._clarity(group)))
            scores.append(hits[condition.min_distinct - 1][0].score / 100)
            for match, i in hits:
                if (i, match.text) not in seen:
                    seen.add((i, match.text))
                    evidence.append(self._evidence(i, match.start_char, match.text))
        if not groups:
            return Outcome(False, METRIC_CONFIDENCE)
        return Outcome(True, min(scores), tuple(evidence))

    def _regex(self, condition: Condition) -> Outcome:
        patterns = [re.compile(p) for p in condition.regex or ()]
        groups = self._groups(condition)
        evidence: list[Evidence] = []
        for group in groups:
            found = [(i, m) for i in group for p in patterns
                     for m in p.finditer(self.transcript.turns[i].text)]
            if not found:
                return Outcome(False, trusted_absence(REGEX_CONFIDENCE[1], self._clarity(group)))
            turns = self.transcript.turns
            evidence.extend(Evidence(i, turns[i].speaker, turns[i].start, m.group(0))
                            for i, m in found)
        return Outcome(bool(groups), REGEX_CONFIDENCE[0 if groups else 1], tuple(evidence))

    def _metric(self, condition: Condition) -> Outcome:
        name = condition.metric or ""
        value = self.facts.metrics.get(name)
        if value is None:
            return Outcome(None, 0.0)
        holds = all(bound is None or compare(value, bound) for bound, compare in (
            (condition.gt, float.__gt__), (condition.ge, float.__ge__),
            (condition.lt, float.__lt__), (condition.le, float.__le__)))
        where = Evidence(None, None, self.facts.metric_at.get(name, 0.0), f"{name} = {value:g}")
        return Outcome(holds, self.facts.metric_confidence.get(name, METRIC_CONFIDENCE), (where,))

    def _clarity(self, group: list[int]) -> float | None:
        turns = self.transcript.turns
        return clarity(p for i in group for p in turns[i].word_probabilities)

    def _evidence(self, turn_index: int, start_char: int, text: str) -> Evidence:
        turn = self.transcript.turns[turn_index]
        token = self.matcher.texts[turn_index][:start_char].count(" ")
        start = turn.word_starts[token] if token < len(turn.word_starts) else turn.start
        return Evidence(turn_index, turn.speaker, start, text)

    def _scaled(self, condition: Condition, outcome: Outcome) -> Outcome:
        if self.facts.speakers_known or condition.speaker == "any":
            return outcome
        return Outcome(outcome.value, outcome.confidence * UNLABELLED_SPEAKERS_FACTOR,
                       outcome.evidence)


def _at_least(children: list[Outcome], needed: int) -> Outcome:
    """True when ``needed`` children are true. Its confidence is that of the weakest child it
    needs; a false one's is that of the weakest of the falsehoods that make it false."""
    true = sorted((c for c in children if c.value), key=lambda c: -c.confidence)
    unknown = sum(c.value is None for c in children)
    if len(true) >= needed:
        return Outcome(True, true[needed - 1].confidence,
                       tuple(e for c in true for e in c.evidence))
    if len(true) + unknown >= needed:
        return Outcome(None, 0.0)
    false = sorted((c.confidence for c in children if c.value is False), reverse=True)
    return Outcome(False, false[len(children) - needed])
