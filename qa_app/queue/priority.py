"""Which job a worker takes first: the reviewer's work before screening.

The pre-score (milliseconds) of a sample assigned to a QCO runs before anything else, so a
sample becomes reviewable as soon as its own transcript is stored; then the transcriptions of
samples assigned to a QCO; then screening: pre-scores first (a stored transcript's pre-score
still runs before the transcriptions left), then transcriptions. Screening pre-scores stay
behind a QCO's transcriptions because an import brings thousands of chat threads at once
(15,000 in the demo: two minutes of pre-scoring) and the reviewer must not wait for them.
Both queue storages honour these numbers (higher first): Huey's SQLite storage natively,
Redis through its sorted-set storage.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, exists, select
from sqlalchemy.orm import Session

from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import Job

ASSIGNED_PRESCORE = 40
ASSIGNED_TRANSCRIPTION = 30
OTHER_PRESCORE = 20
OTHER_TRANSCRIPTION = 10


def priority(kind: str, assigned_to_reviewer: bool) -> int:
    if kind == "prescore":
        return ASSIGNED_PRESCORE if assigned_to_reviewer else OTHER_PRESCORE
    return ASSIGNED_TRANSCRIPTION if assigned_to_reviewer else OTHER_TRANSCRIPTION


def job_priorities(engine: Engine, job_ids: Iterable[int]) -> dict[int, int]:
    """The priority of each job (by its kind and whether a QCO waits for its sample)."""
    ids = sorted(set(job_ids))
    assigned = exists().where(Sample.interaction_id == Job.interaction_id,
                              Sample.reviewer_id.is_not(None), Sample.status != "final")
    found: dict[int, int] = {}
    with Session(engine) as session:
        for start in range(0, len(ids), 1000):
            found.update((job_id, priority(kind, bool(waiting))) for job_id, kind, waiting in
                         session.execute(select(Job.id, Job.kind, assigned)
                                         .where(Job.id.in_(ids[start:start + 1000]))))
    return found
