"""The work this process holds: the jobs of the queue messages it is running, and its claims.

A worker told to stop (SIGTERM) closes the books — no claim succeeds after that — and hands
its claims back to the ledger, so another worker can take the jobs at once instead of waiting
for their leases to run out. The jobs of its messages that are still queued (a batch's jobs
not claimed yet, the handed-back ones) then need a new queue message: its message is spent.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine

from qa_app.queue import ledger


@dataclass(frozen=True)
class Handover:
    claims: list[ledger.Claim]  # claims still held: their jobs are running here
    message_jobs: set[int]  # every job named by the messages being run here


class HeldWork:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closed = False
        self._claims: dict[str, ledger.Claim] = {}
        self._message_jobs: Counter[int] = Counter()

    @contextmanager
    def message(self, job_ids: Iterable[int]) -> Iterator[None]:
        """While one queue message's jobs are run."""
        job_ids = list(job_ids)
        with self._lock:
            self._message_jobs.update(job_ids)
        try:
            yield
        finally:
            with self._lock:
                self._message_jobs.subtract(job_ids)
                self._message_jobs = +self._message_jobs  # drop the zero counts

    def in_hand(self) -> set[int]:
        """The jobs of the messages being run here (some perhaps not claimed yet)."""
        with self._lock:
            return set(self._message_jobs)

    def claim(self, engine: Engine, job_id: int, worker: str,
              lease_seconds: float) -> ledger.Claim | None:
        """:func:`ledger.claim`, refused once the books are closed (the lock spans the claim,
        so a claim cannot slip in while the worker hands its work back)."""
        with self._lock:
            if self._closed:
                return None
            claim = ledger.claim(engine, job_id, worker, lease_seconds)
            if claim is not None:
                self._claims[claim.token] = claim
            return claim

    def release(self, claim: ledger.Claim) -> None:
        """The claim's job is finished, failed or lost: nothing left to hand back."""
        with self._lock:
            self._claims.pop(claim.token, None)

    def close(self) -> Handover:
        """No more claims in this process; what it held, to be handed back."""
        with self._lock:
            self._closed = True
            handover = Handover(list(self._claims.values()), set(self._message_jobs))
            self._claims.clear()
            return handover


#: The process's own books (a worker process runs one consumer).
HELD = HeldWork()
