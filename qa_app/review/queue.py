"""A reviewer's queue: the samples assigned to them, with where each one stands.

Status: ``waiting`` (no pre-score yet: the transcript or the pre-score job has not finished),
``ready`` (pre-scored, not opened), ``draft`` (opened or saved) and ``final``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import PreScoreRecord

QUEUE_STATES = ("waiting", "ready", "draft", "final")
SORT_KEYS = ("week", "agent", "status", "started_at")


@dataclass(frozen=True)
class QueueRow:
    sample_id: int
    source_id: str
    week: str
    agent: str
    channel: str
    direction: str
    kind: str
    status: str
    score: float | None
    started_at: datetime


@dataclass(frozen=True)
class QueueFilter:
    weeks: Sequence[str] = ()
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    channels: Sequence[str] = ()
    agent_text: str = ""
    sort_by: str = "week"
    descending: bool = False


def queue_rows(session: Session, principal: Principal, only_mine: bool = True) -> list[QueueRow]:
    """The samples the principal may read (assigned to them when ``only_mine``)."""
    has_prescore = exists().where(PreScoreRecord.interaction_id == Sample.interaction_id)
    query = (select(Sample.id, Interaction.source_id, Sample.week, Agent.name,
                    Interaction.channel, Interaction.direction, Sample.kind, Evaluation.status,
                    Evaluation.score, has_prescore, Interaction.started_at)
             .join(Interaction, Interaction.id == Sample.interaction_id)
             .join(Agent, Agent.id == Sample.agent_id)
             .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
             .where(visible(principal, Sample)))
    if only_mine:
        query = query.where(Sample.reviewer_id == principal.user_id)
    return [QueueRow(sample_id, source_id, week, agent, channel, direction, kind,
                     status or ("ready" if prescored else "waiting"), score, started_at)
            for (sample_id, source_id, week, agent, channel, direction, kind, status, score,
                 prescored, started_at) in session.execute(query)]


def apply_filter(rows: Sequence[QueueRow], criteria: QueueFilter) -> list[QueueRow]:
    """Rows matching every given criterion (an empty criterion matches all), sorted."""
    if criteria.sort_by not in SORT_KEYS:
        raise ValueError(f"sort_by {criteria.sort_by!r}: expected one of {SORT_KEYS}")
    needle = criteria.agent_text.strip().casefold()
    chosen = [row for row in rows
              if (not criteria.weeks or row.week in criteria.weeks)
              and (not criteria.statuses or row.status in criteria.statuses)
              and (not criteria.kinds or row.kind in criteria.kinds)
              and (not criteria.channels or row.channel in criteria.channels)
              and (not needle or needle in row.agent.casefold())]

    def order(row: QueueRow) -> tuple[object, ...]:
        primary: object = {"week": row.week, "agent": row.agent.casefold(),
                           "status": QUEUE_STATES.index(row.status),
                           "started_at": row.started_at}[criteria.sort_by]
        return (primary, row.started_at, row.sample_id)

    return sorted(chosen, key=order, reverse=criteria.descending)
