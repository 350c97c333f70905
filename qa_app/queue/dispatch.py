"""The job queue (Huey): its two generic tasks, and how jobs are sent to the workers.

Default storage is an SQLite file beside the database, good for one machine; with
``QA_QUEUE_URL=redis://…`` any number of workers on any number of machines share the queue.
Every message carries its jobs' priority (qa_app.queue.priority): a QCO's sample before
screening, a pre-score before a transcription; both storages dequeue the highest first.
The job ledger (qa_app.queue.ledger) — not Huey — decides who runs a job and whether it is
done, so a lost or duplicated queue message never loses or doubles work. What a job does
is the worker's business (qa_app.worker.tasks installs the handlers and scheduled duties).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from huey import Huey, PriorityRedisHuey, SqliteHuey
from sqlalchemy import Engine

from qa_app.config import Settings, get_settings
from qa_app.db.session import get_engine, session_scope
from qa_app.queue import ledger, priority, runner
from qa_app.queue.held import HELD, HeldWork

QUEUE_NAME = "qa_workbench"
#: Redis holds the prioritised queue in a sorted set under its own name: the list of an
#: older, unprioritised queue is left alone, and its jobs are sent again by the watchdog.
REDIS_QUEUE_NAME = "qa_workbench.priority"
#: Pre-score jobs (milliseconds each) per queue message: an import of 15,000 chat threads
#: sends 75 messages, not 15,000. Transcriptions (seconds to minutes) go one per message.
JOBS_PER_MESSAGE = 200


def build_huey(settings: Settings) -> Huey:
    url = settings.queue_url
    if not url:
        settings.home.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(settings.home / "queue.sqlite"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        return PriorityRedisHuey(REDIS_QUEUE_NAME, url=url)
    if url.startswith("sqlite:///"):
        return SqliteHuey(QUEUE_NAME, filename=url.removeprefix("sqlite:///"))
    raise ValueError(f"QA_QUEUE_URL={url!r}: use redis://host:port/db or sqlite:///path")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass(frozen=True)
class TaskQueue:
    huey: Huey
    run_job: Any  # the Huey task: run_job(job_id)
    run_jobs: Any  # the Huey task: run_jobs([job_id, …]), one after the other


@lru_cache(maxsize=1)
def task_queue() -> TaskQueue:
    """The process's queue, built from the settings on first use."""
    settings = get_settings()
    huey = build_huey(settings)

    @huey.task(name="run_job", retries=2, retry_delay=5)
    def run_job(job_id: int) -> str:
        return after_run(get_engine(), job_id, runner.run_job(
            get_engine(), settings, job_id, worker_name(), settings.job_lease_seconds))

    @huey.task(name="run_jobs", retries=2, retry_delay=5)
    def run_jobs(job_ids: list[int]) -> list[str]:
        results = runner.run_batch(get_engine(), settings, job_ids, worker_name(),
                                   settings.job_lease_seconds)
        return [after_run(get_engine(), job_id, result) for job_id, result in results]

    return TaskQueue(huey, run_job, run_jobs)


def after_run(engine: Engine, job_id: int, result: runner.RunResult) -> str:
    """What follows a run: its retry, later; its follow-up (a stored transcript's
    pre-score) at once, ahead of the transcriptions still queued."""
    if result.status == "retry":
        task_queue().run_job.schedule(
            (job_id,), delay=result.retry_in,
            priority=priority.job_priorities(engine, [job_id]).get(job_id))
    if result.follow_up:
        kind, interaction_id = result.follow_up
        request_jobs(engine, kind, [interaction_id], requested_by="chain")
    return result.status


def request_jobs(engine: Engine, kind: str, interaction_ids: Iterable[int],
                 requested_by: str) -> list[int]:
    """Queue ``kind`` for each interaction (idempotent); returns the job ids."""
    with session_scope(engine) as session:
        job_ids, to_send = ledger.request_jobs(session, kind, list(interaction_ids),
                                               requested_by)
    send(engine, kind, to_send)  # messages after the commit, so a worker always finds the job row
    return job_ids


def send(engine: Engine, kind: str, job_ids: list[int]) -> None:
    """Queue messages for jobs of one kind, each with its priority: pre-scores in batches,
    the rest one each."""
    if not job_ids:
        return
    queue = task_queue()
    priorities = priority.job_priorities(engine, job_ids)
    by_priority: dict[int, list[int]] = {}
    for job_id in job_ids:
        by_priority.setdefault(priorities.get(job_id, priority.priority(kind, False)),
                               []).append(job_id)
    for level, group in sorted(by_priority.items(), reverse=True):
        if kind == "prescore" and len(group) > 1:
            for start in range(0, len(group), JOBS_PER_MESSAGE):
                queue.run_jobs(group[start:start + JOBS_PER_MESSAGE], priority=level)
        else:
            for job_id in group:
                queue.run_job(job_id, priority=level)


def _send_by_kind(engine: Engine, jobs: dict[int, str]) -> None:
    for kind in sorted(set(jobs.values())):
        send(engine, kind, sorted(job_id for job_id, of_kind in jobs.items() if of_kind == kind))


def release_stale_jobs(engine: Engine) -> list[int]:
    """Give the jobs of dead workers to the living: one new queue message each."""
    released = ledger.release_stale(engine)
    _send_by_kind(engine, ledger.queued_jobs(engine, among=set(released)))
    return released


def jobs_in_queue(huey: Huey) -> set[int]:
    """Every job id named by a message waiting in the queue or its schedule (retries)."""
    named: set[int] = set()
    for task in [*huey.pending(), *huey.scheduled()]:
        if task.name == "run_job":
            named.add(task.args[0])
        elif task.name == "run_jobs":
            named.update(task.args[0])
    return named


def resend_stranded(engine: Engine) -> dict[int, str]:
    """Send again the queued jobs that no queue message names (lost with a flushed or
    replaced queue); returns them (job id -> kind). The audited use case around it is
    :func:`qa_app.services.requeue.requeue_stranded`.

    The ledger is read before the queue, and the jobs found are read once more, so a job
    requested, taken or finished meanwhile is not sent, nor one of the messages this process
    is running. One caught between its ledger commit and its message, or in another worker's
    batch not claimed yet, may be sent twice, which the ledger makes harmless: a job runs once.
    """
    queued = ledger.queued_jobs(engine)
    unnamed = set(queued) - jobs_in_queue(task_queue().huey) - HELD.in_hand()
    stranded = ledger.queued_jobs(engine, among=unnamed)
    if stranded:
        _send_by_kind(engine, stranded)
    return dict(stranded)


def hand_back_held(engine: Engine, held: HeldWork = HELD) -> int:
    """A stopping worker's last act: its claims go back to the ledger and every job of its
    messages that is queued now gets a new message, so other workers take them at once.
    Returns how many jobs were sent again."""
    handover = held.close()
    ledger.hand_back(engine, handover.claims)
    queued = ledger.queued_jobs(engine, among=handover.message_jobs | {
        claim.job_id for claim in handover.claims})
    _send_by_kind(engine, queued)
    return len(queued)
