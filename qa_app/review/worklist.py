"""A reviewer's worklist: the samples assigned to them, with where each one stands.

Status: one of ``pipeline_state.PIPELINE_STATES`` — no recording, not queued, failed (with
its reason), waiting to transcribe, transcribing (with its progress and time), pre-scoring,
``ready`` (pre-scored, not opened), ``draft`` (opened or saved) and ``final``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import Session, aliased

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import Job, PreScoreRecord, Transcript
from qa_app.review.pipeline_state import (
    PIPELINE_STATES,
    JobFacts,
    SampleFacts,
    SampleState,
    sample_state,
)

WORKLIST_STATES = PIPELINE_STATES
SORT_KEYS = ("oldest_open", "week", "agent", "status", "started_at")


@dataclass(frozen=True)
class WorklistRow:
    sample_id: int
    source_id: str
    week: str
    agent: str
    channel: str
    direction: str
    kind: str
    state: SampleState
    score: float | None
    started_at: datetime

    @property
    def status(self) -> str:
        return self.state.code

    @property
    def open(self) -> bool:
        """Waiting for the reviewer: it can be opened and is not finalized."""
        return self.state.openable and self.status != "final"


@dataclass(frozen=True)
class WorklistFilter:
    weeks: Sequence[str] = ()
    statuses: Sequence[str] = ()
    kinds: Sequence[str] = ()
    channels: Sequence[str] = ()
    agent_text: str = ""
    sort_by: str = "oldest_open"
    descending: bool = False


_TRANSCRIPTION, _PRESCORE = aliased(Job), aliased(Job)
_JOB_COLUMNS = ("status", "progress", "started_at", "error")


def _with_facts(query: Select) -> Select:  # type: ignore[type-arg]
    """``query`` (over Sample joined to Interaction) with the facts of each sample's state."""
    jobs = [getattr(job, column) for job in (_TRANSCRIPTION, _PRESCORE) for column in _JOB_COLUMNS]
    return (query.add_columns(
        Interaction.channel, Interaction.recording_path.is_not(None),
        exists().where(Transcript.interaction_id == Sample.interaction_id),
        exists().where(PreScoreRecord.interaction_id == Sample.interaction_id),
        Evaluation.status, *jobs)
        .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
        .outerjoin(_TRANSCRIPTION, and_(_TRANSCRIPTION.interaction_id == Sample.interaction_id,
                                        _TRANSCRIPTION.kind == "transcribe"))
        .outerjoin(_PRESCORE, and_(_PRESCORE.interaction_id == Sample.interaction_id,
                                   _PRESCORE.kind == "prescore")))


def _state(facts: tuple, now: datetime) -> SampleState:  # type: ignore[type-arg]
    channel, has_recording, has_transcript, has_prescore, evaluation, *job_columns = facts
    transcription, prescore = job_columns[:4], job_columns[4:]
    return sample_state(SampleFacts(
        channel, bool(has_recording), bool(has_transcript), bool(has_prescore), evaluation,
        JobFacts(*transcription) if transcription[0] else None,
        JobFacts(*prescore) if prescore[0] else None), now)


_FACTS = 5 + 2 * len(_JOB_COLUMNS)


def worklist_rows(session: Session, principal: Principal, now: datetime,
               only_mine: bool = True) -> list[WorklistRow]:
    """The samples the principal may read (assigned to them when ``only_mine``)."""
    query = _with_facts(
        select(Sample.id, Interaction.source_id, Sample.week, Agent.name, Interaction.direction,
               Sample.kind, Evaluation.score, Interaction.started_at)
        .join(Interaction, Interaction.id == Sample.interaction_id)
        .join(Agent, Agent.id == Sample.agent_id)
        .where(visible(principal, Sample)))
    if only_mine:
        query = query.where(Sample.reviewer_id == principal.user_id)
    rows = []
    for row in session.execute(query):
        sample_id, source_id, week, agent, direction, kind, score, started_at = row[:-_FACTS]
        facts = tuple(row[-_FACTS:])
        rows.append(WorklistRow(sample_id, source_id, week, agent, facts[0], direction, kind,
                             _state(facts, now), score, started_at))
    return rows


def state_of_sample(session: Session, principal: Principal, sample_id: int,
                    now: datetime) -> SampleState | None:
    """The state of one sample the principal may read; None when there is no such sample."""
    row = session.execute(_with_facts(
        select(Sample.id).join(Interaction, Interaction.id == Sample.interaction_id)
        .where(Sample.id == sample_id, visible(principal, Sample)))).first()
    return None if row is None else _state(tuple(row[1:]), now)


def oldest_open_first(row: WorklistRow) -> tuple[bool, datetime, int]:
    """Sort key: the open samples (openable, not final) first, each group oldest first."""
    return (not row.open, row.started_at, row.sample_id)


def apply_filter(rows: Sequence[WorklistRow], criteria: WorklistFilter) -> list[WorklistRow]:
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

    def order(row: WorklistRow) -> tuple[object, ...]:
        if criteria.sort_by == "oldest_open":
            return oldest_open_first(row)
        primary: object = {"week": row.week, "agent": row.agent.casefold(),
                           "status": WORKLIST_STATES.index(row.status),
                           "started_at": row.started_at}[criteria.sort_by]
        return (primary, row.started_at, row.sample_id)

    return sorted(chosen, key=order, reverse=criteria.descending)
