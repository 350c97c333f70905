"""What the queue page shows: jobs the principal may see, and retrying failed ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Interaction
from qa_app.db.work_models import Job
from qa_app.queue.dispatch import request_jobs


@dataclass(frozen=True)
class JobRow:
    job_id: int
    kind: str
    status: str
    source_id: str
    attempts: int
    progress: float
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def job_rows(session: Session, principal: Principal, statuses: Sequence[str],
             limit: int = 500) -> list[JobRow]:
    query = (select(Job, Interaction.source_id)
             .join(Interaction, Interaction.id == Job.interaction_id)
             .where(visible(principal, Interaction), Job.status.in_(list(statuses)))
             .order_by(Job.created_at.desc(), Job.id.desc()).limit(limit))
    return [JobRow(job.id, job.kind, job.status, source_id, job.attempts, job.progress,
                   job.error, job.created_at, job.started_at, job.finished_at)
            for job, source_id in session.execute(query)]


def counts(session: Session, principal: Principal) -> dict[tuple[str, str], int]:
    query = (select(Job.kind, Job.status, func.count())
             .join(Interaction, Interaction.id == Job.interaction_id)
             .where(visible(principal, Interaction)).group_by(Job.kind, Job.status))
    return {(kind, status): count for kind, status, count in session.execute(query)}


def retry(engine: Engine, principal: Principal, job_ids: Sequence[int]) -> list[int]:
    """Queue failed jobs again (only those the principal may see); returns their ids."""
    with Session(engine) as session:
        targets = session.execute(
            select(Job.kind, Job.interaction_id).join(Interaction,
                                                      Interaction.id == Job.interaction_id)
            .where(Job.id.in_(list(job_ids)), Job.status == "failed",
                   visible(principal, Interaction))).all()
    retried: list[int] = []
    for kind, interaction_id in targets:
        retried += request_jobs(engine, kind, [interaction_id], requested_by=principal.username)
    return retried
