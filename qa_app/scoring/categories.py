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

EXCERPT_CHARS = 240


@dataclass(frozen=True)
class Tag:
    """One category of one call, with where it was heard first."""

    category_id: str
    turn: int | None
    speaker: str | None
    second: float
    words: str  # the words that matched, as matched (lower case for phrases)
    text: str  # the turn they were heard in, as the transcript has it (masked), shortened
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
        if not heard:  # a condition true without words (``not`` of an absence)
            tags.append(Tag(category.id, None, None, 0.0, "", "", outcome.confidence))
            continue
        first = heard[0]
        turn = conversation.turns[first.turn or 0]
        tags.append(Tag(category.id, first.turn, first.speaker, first.start, first.text,
                        _excerpt(turn.text, first.text), outcome.confidence))
    return tuple(tags)


def _excerpt(text: str, words: str) -> str:
    """The turn, or for a long one the ``EXCERPT_CHARS`` around the words that matched."""
    if len(text) <= EXCERPT_CHARS:
        return text
    at = max(text.lower().find(words.split()[0]) if words else 0, 0)
    start = max(0, min(at - EXCERPT_CHARS // 3, len(text) - EXCERPT_CHARS))
    piece = text[start:start + EXCERPT_CHARS].strip()
    return ("…" if start else "") + piece + ("…" if start + EXCERPT_CHARS < len(text) else "")
