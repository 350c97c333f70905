"""A stored draw's samples, each with its QCO and how far the review is, and each QCO's
progress: assigned, not opened yet, in draft, finalized."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample

PROGRESS_STATES = ("unassigned", "assigned", "draft", "final")


@dataclass(frozen=True)
class DrawnSample:
    source_id: str
    agent: str
    kind: str
    reviewer: str | None  # display name; None while unassigned
    progress: str         # one of PROGRESS_STATES


@dataclass(frozen=True)
class ReviewerProgress:
    reviewer: str
    assigned: int
    not_opened: int
    draft: int
    final: int


def drawn_samples(session: Session, draw_id: int) -> list[DrawnSample]:
    rows = session.execute(
        select(Interaction.source_id, Agent.name, Sample.kind, UserAccount.display_name,
               Evaluation.status)
        .select_from(Sample).join(Interaction, Interaction.id == Sample.interaction_id)
        .join(Agent, Agent.id == Sample.agent_id)
        .outerjoin(UserAccount, UserAccount.id == Sample.reviewer_id)
        .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
        .where(Sample.draw_id == draw_id)
        .order_by(UserAccount.display_name, Agent.name, Interaction.started_at))
    return [DrawnSample(source_id, agent, kind, reviewer,
                        _progress(reviewer, status))
            for source_id, agent, kind, reviewer, status in rows]


def _progress(reviewer: str | None, evaluation_status: str | None) -> str:
    if reviewer is None:
        return "unassigned"
    return evaluation_status if evaluation_status in ("draft", "final") else "assigned"


def reviewer_progress(samples: Sequence[DrawnSample]) -> list[ReviewerProgress]:
    """One line per QCO with samples in the draw, by name."""
    counts: dict[str, Counter[str]] = {}
    for sample in samples:
        if sample.reviewer is not None:
            counts.setdefault(sample.reviewer, Counter())[sample.progress] += 1
    return [ReviewerProgress(name, sum(count.values()), count["assigned"], count["draft"],
                             count["final"]) for name, count in sorted(counts.items())]
