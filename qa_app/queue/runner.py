"""Running one job: claim it, do it while renewing the lease, store and finish atomically.

Errors are sorted into permanent ones (the job fails with its reason, shown in the UI) and
transient ones (database busy, a file system hiccup), retried with exponential backoff up
to ``MAX_ATTEMPTS``. The worker itself always carries on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.queue import ledger
from qa_app.queue.handler_registry import PermanentJobError, handler_for
from qa_app.queue.held import HELD, HeldWork

MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 5.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    status: str  # "done", "failed", "retry", "skipped" (claimed elsewhere), "superseded"
    follow_up: tuple[str, int] | None = None  # (kind, interaction id) to request next
    retry_in: float | None = None
    error: str | None = None


def retry_delay(attempt: int) -> float:
    """5 s, 10 s, 20 s … after the first, second, third failed attempt."""
    return BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)


def run_job(engine: Engine, settings: Settings, job_id: int, worker: str,
            lease_seconds: float, held: HeldWork = HELD) -> RunResult:
    with held.message([job_id]):
        claim = held.claim(engine, job_id, worker, lease_seconds)
        if claim is None:
            return RunResult("skipped")
        return _run_held(engine, settings, held, claim, lease_seconds)


def run_batch(engine: Engine, settings: Settings, job_ids: list[int], worker: str,
              lease_seconds: float, held: HeldWork = HELD) -> list[tuple[int, RunResult]]:
    """Several short jobs from one queue message. All are claimed first, and the waiting
    ones' leases are renewed before each job, so a worker dying mid-batch leaves every
    unfinished job to expire and be taken over — none is stranded in a lost message."""
    with held.message(job_ids):
        claims = [claim for claim in (held.claim(engine, job_id, worker, lease_seconds)
                                      for job_id in job_ids) if claim is not None]
        results = []
        for index, claim in enumerate(claims):
            ledger.renew_all(engine, claims[index:], lease_seconds)
            results.append((claim.job_id,
                            _run_held(engine, settings, held, claim, lease_seconds)))
        return results


def _run_held(engine: Engine, settings: Settings, held: HeldWork, claim: ledger.Claim,
              lease_seconds: float) -> RunResult:
    try:
        return _run_claimed(engine, settings, claim, lease_seconds)
    finally:
        held.release(claim)


def _run_claimed(engine: Engine, settings: Settings, claim: ledger.Claim,
                 lease_seconds: float) -> RunResult:
    job_id = claim.job_id
    renew_every = lease_seconds / 3
    last_renewal = time.monotonic()

    def progress(done: float) -> None:
        nonlocal last_renewal
        if time.monotonic() - last_renewal >= renew_every:
            ledger.renew(engine, claim, done, lease_seconds)
            last_renewal = time.monotonic()

    try:
        outcome = handler_for(claim.kind)(engine, settings, claim.interaction_id, progress)
    except PermanentJobError as error:
        ledger.fail(engine, claim, str(error), retry=False)
        return RunResult("failed", error=str(error))
    except Exception as error:  # transient until proven otherwise: retried, then failed
        message = f"{type(error).__name__}: {error}"
        log.exception("job %s attempt %s failed", job_id, claim.attempt)
        retry = claim.attempt < MAX_ATTEMPTS
        ledger.fail(engine, claim, message, retry=retry)
        if retry:
            return RunResult("retry", retry_in=retry_delay(claim.attempt), error=message)
        return RunResult("failed", error=message)
    with Session(engine) as session, session.begin():
        finished = ledger.finish(session, claim)
        if finished:  # a claim taken over meanwhile stores nothing
            outcome.store(session)
    if not finished:
        return RunResult("superseded")
    follow_up = (outcome.follow_up, claim.interaction_id) if outcome.follow_up else None
    return RunResult("done", follow_up=follow_up)

