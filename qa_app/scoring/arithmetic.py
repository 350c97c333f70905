"""The score of an evaluation, from the form's own weights: the one place it is computed.

score = Σ(weight × value) ÷ Σ(weights of the answered, applicable items) × 100, with
yes = 1, partial = 0.5, no = 0; "na" items are left out; a fatal item answered "no" sets the
score to 0. Items answered "manual" (or not answered at all) are pending: they are left out
of the provisional score, and their share of the applicable weight is reported, so a
pre-score never pretends to know what a human still has to judge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qa_app.scoring.schema import Form

ANSWER_VALUES: dict[str, float] = {"yes": 1.0, "partial": 0.5, "no": 0.0}
PENDING = "manual"


@dataclass(frozen=True)
class ScoreBreakdown:
    score: float | None  # None when no answered item carries weight (e.g. all N/A)
    fatal: bool
    pending_weight: float  # share 0–1 of the applicable weight still awaiting a human
    fatal_items: tuple[str, ...]


def compute_score(form: Form, answers: Mapping[str, str]) -> ScoreBreakdown:
    """Score ``answers`` (item id → yes/partial/no/na/manual; missing = manual) on ``form``."""
    unknown = sorted(set(answers) - {item.id for item in form.items()})
    if unknown:
        raise ValueError(f"answers name items that form {form.id} v{form.version} "
                         f"does not have: {', '.join(unknown)}")
    earned = answered_weight = pending = 0.0
    fatal_items = []
    for item in form.items():
        answer = answers.get(item.id, PENDING)
        if answer == "na":
            continue
        if answer == PENDING:
            pending += item.weight
            continue
        if answer not in ANSWER_VALUES:
            raise ValueError(f"item {item.id}: answer {answer!r} is not one of yes, partial, "
                             "no, na, manual")
        if item.fatal and answer == "no":
            fatal_items.append(item.id)
        earned += item.weight * ANSWER_VALUES[answer]
        answered_weight += item.weight
    applicable = answered_weight + pending
    pending_share = pending / applicable if applicable else 0.0
    if fatal_items:
        return ScoreBreakdown(0.0, True, pending_share, tuple(fatal_items))
    score = earned / answered_weight * 100 if answered_weight else None
    return ScoreBreakdown(score, False, pending_share, ())
