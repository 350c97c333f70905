"""Tagging one transcript or chat thread with the categories whose condition holds.

The conditions are evaluated by the pre-scorer's own ``Evaluator`` (fuzzy phrase matching
that tolerates mis-hearing, speakers, positions, credential requests told from warnings), so
a category and a form item read the same words the same way. A category whose condition is
unknown (``speaker_sure`` on audio without speaker labels) is not tagged: a tag is a claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_app.scoring.category_set import CategorySet
from qa_app.scoring.conditions import Evaluator
from qa_app.scoring.conversation import Conversation
from qa_app.scoring.facts import Facts
from qa_app.scoring.matching import TurnMatcher


@dataclass(frozen=True)
class Tag:
    """One category of one call, with where it was heard first."""

    category_id: str
    turn: int | None
    speaker: str | None
    second: float
    text: str  # the words that matched (as the transcript has them: masked)
    confidence: float


def tag(categories: CategorySet, conversation: Conversation) -> tuple[Tag, ...]:
    """The categories of ``conversation``, in the set's order, each with its first evidence."""
    matcher = TurnMatcher([turn.text for turn in conversation.turns])
    speakers_known = any(turn.speaker is not None for turn in conversation.turns)
    # categories are told from words only: no holds, no metrics (the schema refuses both)
    facts = Facts(holds=(), metrics={}, metric_at={}, speakers_known=speakers_known)
    evaluator = Evaluator(categories, conversation, facts, matcher)
    tags = []
    for category in categories.categories:
        outcome = evaluator.evaluate(category.when)
        if not outcome.value:
            continue
        heard = sorted((e for e in outcome.evidence if e.turn is not None),
                       key=lambda e: e.start)
        first = heard[0] if heard else None
        tags.append(Tag(category.id, first.turn if first else None,
                        first.speaker if first else None, first.start if first else 0.0,
                        first.text if first else "", outcome.confidence))
    return tuple(tags)
