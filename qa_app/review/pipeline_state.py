"""Where a sample stands on its way to the reviewer, told truly: the one function both the
reviewer's worklist and the review screen use.

A sample was once "waiting for transcript" whenever it had no pre-score, so a call whose
transcript was stored, and whose pre-score sat queued behind other transcriptions, still
said so. The state is now read from the transcript, the pre-score and the two jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: In the order a sample passes through them (the queue page sorts by it).
PIPELINE_STATES = ("no_recording", "not_queued", "failed", "waiting_transcription",
                   "transcribing", "prescoring", "ready", "draft", "final")
OPENABLE = ("ready", "draft", "final")


@dataclass(frozen=True)
class JobFacts:
    status: str  # queued, running, done, failed
    progress: float = 0.0
    started_at: datetime | None = None
    error: str | None = None


@dataclass(frozen=True)
class SampleFacts:
    channel: str
    has_recording: bool
    has_transcript: bool
    has_prescore: bool
    evaluation_status: str | None = None  # draft or final once opened
    transcription: JobFacts | None = None
    prescore: JobFacts | None = None


@dataclass(frozen=True)
class SampleState:
    code: str  # one of PIPELINE_STATES
    progress: float | None = None
    started_at: datetime | None = None
    elapsed_seconds: float | None = None
    error: str | None = None

    @property
    def openable(self) -> bool:
        return self.code in OPENABLE


def _running(code: str, job: JobFacts, now: datetime) -> SampleState:
    elapsed = None if job.started_at is None else max((now - job.started_at).total_seconds(), 0)
    return SampleState(code, progress=job.progress, started_at=job.started_at,
                       elapsed_seconds=elapsed)


def _from_job(job: JobFacts | None, queued: str, running: str, now: datetime) -> SampleState:
    if job is None or job.status == "done":  # done, yet its result is gone (purged): redo it
        return SampleState("not_queued")
    if job.status == "failed":
        return SampleState("failed", error=job.error)
    if job.status == "running":
        return _running(running, job, now)
    return SampleState(queued)


def sample_state(facts: SampleFacts, now: datetime) -> SampleState:
    """The state of one sample from its facts, ``now`` giving a running job's elapsed time."""
    if facts.evaluation_status is not None:
        return SampleState(facts.evaluation_status)
    if facts.has_prescore:
        return SampleState("ready")
    if facts.channel == "voice" and not facts.has_transcript:
        if not facts.has_recording and facts.transcription is None:
            return SampleState("no_recording")
        return _from_job(facts.transcription, "waiting_transcription", "transcribing", now)
    return _from_job(facts.prescore, "prescoring", "prescoring", now)
