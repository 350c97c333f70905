"""The job ledger: request, claim, renew, finish, fail and recover jobs with plain SQL updates.

Each state change is a conditional UPDATE checked by its row count, so two workers (on one
machine or many, over SQLite or PostgreSQL) can never both own or both finish a job.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.db.work_models import Job, JobRun


@dataclass(frozen=True)
class Claim:
    job_id: int
    token: str
    kind: str
    interaction_id: int
    attempt: int
    worker: str


def _now() -> datetime:
    return datetime.now(UTC)


def request_job(session: Session, kind: str, interaction_id: int, requested_by: str,
                now: datetime | None = None) -> tuple[Job, bool]:
    """The job for (kind, interaction), queued; True when it needs a queue message.

    A job already queued or running is left alone (no duplicate); a finished or failed one is
    queued again, and its new result will replace the old.
    """
    now = now or _now()
    job = session.scalar(select(Job).where(Job.kind == kind,
                                           Job.interaction_id == interaction_id))
    if job is not None and job.status in ("queued", "running"):
        return job, False
    if job is None:
        job = Job(kind=kind, interaction_id=interaction_id, created_at=now, attempts=0)
        session.add(job)
    job.status, job.progress, job.error = "queued", 0.0, None
    job.token, job.lease_until = None, None
    job.attempts, job.requested_by, job.finished_at = 0, requested_by, None
    session.flush()
    return job, True


def request_jobs(session: Session, kind: str, interaction_ids: list[int], requested_by: str,
                 now: datetime | None = None) -> tuple[list[int], list[int]]:
    """:func:`request_job` for many interactions at once (one query per thousand).

    Returns every job id, in the order of ``interaction_ids``, and those needing a message.
    """
    now = now or _now()
    existing: dict[int, Job] = {}
    for start in range(0, len(interaction_ids), 1000):
        chunk = interaction_ids[start:start + 1000]
        existing.update((job.interaction_id, job) for job in session.scalars(
            select(Job).where(Job.kind == kind, Job.interaction_id.in_(chunk))))
    fresh = [Job(kind=kind, interaction_id=interaction_id, status="queued", attempts=0,
                 progress=0.0, requested_by=requested_by, created_at=now)
             for interaction_id in dict.fromkeys(interaction_ids) if interaction_id not in existing]
    session.add_all(fresh)
    needs_message = []
    for job in existing.values():
        if job.status not in ("queued", "running"):
            request_job(session, kind, job.interaction_id, requested_by, now)
            needs_message.append(job.id)
    session.flush()
    existing.update((job.interaction_id, job) for job in fresh)
    needs_message += [job.id for job in fresh]
    return [existing[interaction_id].id for interaction_id in interaction_ids], needs_message


def claim(engine: Engine, job_id: int, worker: str, lease_seconds: float,
          now: datetime | None = None) -> Claim | None:
    """Take a queued job for this worker; None when it is running elsewhere, done or gone."""
    now = now or _now()
    token = secrets.token_hex(16)
    with Session(engine) as session, session.begin():
        claimed = session.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued")
            .values(status="running", token=token, worker=worker, started_at=now,
                    lease_until=now + timedelta(seconds=lease_seconds),
                    attempts=Job.attempts + 1)
        ).rowcount
        if claimed != 1:
            return None
        job = session.get_one(Job, job_id)
        session.add(JobRun(job_id=job_id, token=token, worker=worker, started_at=now,
                           outcome="running"))
        return Claim(job_id, token, job.kind, job.interaction_id, job.attempts, worker)


def renew(engine: Engine, claim: Claim, progress: float, lease_seconds: float) -> bool:
    """Extend the lease and record progress; False when the claim was lost."""
    with Session(engine) as session, session.begin():
        return session.execute(
            update(Job).where(Job.id == claim.job_id, Job.token == claim.token,
                              Job.status == "running")
            .values(progress=progress, lease_until=_now() + timedelta(seconds=lease_seconds))
        ).rowcount == 1


def renew_all(engine: Engine, claims: list[Claim], lease_seconds: float) -> None:
    """Extend the leases of claims held but not yet worked on (a batch's waiting jobs)."""
    if not claims:
        return
    with Session(engine) as session, session.begin():
        session.execute(update(Job).where(Job.status == "running",
                                          Job.token.in_([c.token for c in claims]))
                        .values(lease_until=_now() + timedelta(seconds=lease_seconds)))


def _close_run(session: Session, claim: Claim, outcome: str, error: str | None = None) -> None:
    session.execute(update(JobRun).where(JobRun.job_id == claim.job_id,
                                         JobRun.token == claim.token)
                    .values(outcome=outcome, error=error, finished_at=_now()))


def finish(session: Session, claim: Claim) -> bool:
    """Mark the job done inside the caller's transaction (the one that stores the result).

    False when this claim no longer owns the job: the caller must roll back its result.
    """
    done = session.execute(
        update(Job).where(Job.id == claim.job_id, Job.token == claim.token,
                          Job.status == "running")
        .values(status="done", progress=1.0, finished_at=_now(), lease_until=None, error=None)
    ).rowcount == 1
    if done:
        _close_run(session, claim, "done")
    return done


def fail(engine: Engine, claim: Claim, error: str, retry: bool) -> bool:
    """Record a failed attempt: queued again for a retry, or failed for good."""
    with Session(engine) as session, session.begin():
        changed = session.execute(
            update(Job).where(Job.id == claim.job_id, Job.token == claim.token,
                              Job.status == "running")
            .values(status="queued" if retry else "failed", error=error, lease_until=None,
                    finished_at=None if retry else _now())
        ).rowcount == 1
        _close_run(session, claim, ("retry" if retry else "failed") if changed else "superseded",
                   error)
        return changed


def _release(session: Session, job_id: int, token: str, now: datetime) -> bool:
    """Queue a running job again if ``token`` still owns it; its run ends as abandoned."""
    if session.execute(update(Job).where(Job.id == job_id, Job.token == token,
                                         Job.status == "running")
                       .values(status="queued", lease_until=None)).rowcount != 1:
        return False
    session.execute(update(JobRun).where(JobRun.job_id == job_id, JobRun.token == token)
                    .values(outcome="abandoned", finished_at=now))
    return True


def release_stale(engine: Engine, now: datetime | None = None) -> list[int]:
    """Queue again the running jobs whose lease ran out (their worker died or hung).

    Returns the ids released; the caller sends one queue message for each.
    """
    now = now or _now()
    with Session(engine) as session, session.begin():
        stale = session.execute(select(Job.id, Job.token).where(
            Job.status == "running", Job.lease_until < now)).all()
        return [job_id for job_id, token in stale if _release(session, job_id, token, now)]


def hand_back(engine: Engine, claims: list[Claim]) -> list[int]:
    """Queue again the jobs of a stopping worker's claims, lease or not; returns their ids.

    A claim already finished, failed or taken over is left alone."""
    now = _now()
    with Session(engine) as session, session.begin():
        return [claim.job_id for claim in claims
                if _release(session, claim.job_id, claim.token, now)]


def queued_jobs(engine: Engine, among: set[int] | None = None) -> dict[int, str]:
    """The queued jobs (id: kind), all of them or only those ``among`` the ids given."""
    query = select(Job.id, Job.kind).where(Job.status == "queued")
    with Session(engine) as session:
        if among is None:
            return {job_id: kind for job_id, kind in session.execute(query)}
        ids = sorted(among)
        found: dict[int, str] = {}
        for start in range(0, len(ids), 1000):
            found.update((job_id, kind) for job_id, kind in session.execute(
                query.where(Job.id.in_(ids[start:start + 1000]))))
        return found
