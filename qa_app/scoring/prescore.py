"""Pre-scoring one interaction: rules (and learned models, when trained) → answers → score."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from qa_app.scoring.arithmetic import compute_score
from qa_app.scoring.conditions import Evaluator
from qa_app.scoring.conversation import Conversation
from qa_app.scoring.facts import derive_facts
from qa_app.scoring.matching import TurnMatcher
from qa_app.scoring.rules import MANUAL, ItemResult, decide_item
from qa_app.scoring.schema import Form

if TYPE_CHECKING:
    from qa_app.scoring.learned import LearnedModels

#: Answers less sure than this are left to a human ("manual"), keeping the machine's
#: suggestion. A phrase match at the threshold gives 0.82; a near miss of a phrase 0.6.
DEFAULT_MIN_CONFIDENCE = 0.65


@dataclass(frozen=True)
class PreScore:
    rubric: str
    rubric_version: int
    rubric_hash: str
    score: float | None
    fatal: bool
    pending_weight: float
    items: tuple[ItemResult, ...]
    model_version: str | None = None

    def answers(self) -> dict[str, str]:
        return {item.id: item.answer for item in self.items}

    def to_json(self) -> dict[str, object]:
        """The shape `python -m qa_app prescore --json` prints."""
        return {"rubric": self.rubric, "rubric_version": self.rubric_version,
                "score": None if self.score is None else round(self.score, 2),
                "fatal": self.fatal, "pending_weight": round(self.pending_weight, 4),
                "items": [item.to_json() for item in self.items]}

    def to_record(self) -> dict[str, object]:
        """What storage keeps: the printed shape plus the form hash, the model version and
        the machine's suggestion for items it left to a human."""
        record = self.to_json()
        record.update(rubric_hash=self.rubric_hash, model_version=self.model_version,
                      suggested={i.id: i.suggested for i in self.items if i.suggested})
        return record


def rule_results(form: Form, transcript: Conversation) -> tuple[ItemResult, ...]:
    matcher = TurnMatcher([turn.text for turn in transcript.turns])
    evaluator = Evaluator(form, transcript, derive_facts(transcript, form, matcher), matcher)
    return tuple(decide_item(item, transcript, evaluator) for item in form.items())


def prescore(form: Form, transcript: Conversation, models: LearnedModels | None = None,
             min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> PreScore:
    results = rule_results(form, transcript)
    if models is not None:
        results = models.blend(results, transcript)
    results = tuple(_left_to_human(r, min_confidence) for r in results)
    breakdown = compute_score(form, {r.id: r.answer for r in results})
    return PreScore(form.id, form.version, form.content_hash(), breakdown.score,
                    breakdown.fatal, breakdown.pending_weight, results,
                    models.version if models is not None else None)


def _left_to_human(result: ItemResult, min_confidence: float) -> ItemResult:
    """An unsure "na" goes to a human too: "na" drawn from evidence not found (V1 when no
    verification was heard) is a guess like any other; an item that does not apply to the
    channel is "na" with confidence 1."""
    if result.answer == MANUAL or result.confidence >= min_confidence:
        return result
    return replace(result, answer=MANUAL, suggested=result.answer)
