"""Background work and what it produces: jobs, their runs, and stored transcripts.

A job is one unit of work on one interaction (transcribe, pre-score). Its row is the ledger
that makes the queue safe: a worker must claim it (a conditional update) before working,
holds a lease it renews while working, and can finish it only with the claim's token. A
worker that dies leaves an expired lease, and the job is queued again; a late finish by a
worker whose claim was taken over is refused. So every job finishes exactly once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base, _in
from qa_app.db.types import JsonDocument, UTCDateTime
from qa_app.vocabulary import JobKind, JobState, RunOutcome

JOB_KINDS = tuple(JobKind)
JOB_STATES = tuple(JobState)
RUN_OUTCOMES = tuple(RunOutcome)


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        UniqueConstraint("kind", "interaction_id", name="uq_job_kind_interaction"),
        CheckConstraint(_in("kind", JOB_KINDS), name="kind"),
        CheckConstraint(_in("status", JOB_STATES), name="status"),
        Index("ix_job_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interaction.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    token: Mapped[str | None] = mapped_column(String(32))
    worker: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    requested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobRun(Base):
    """One attempt at a job by one worker, and how it ended."""

    __tablename__ = "job_run"
    __table_args__ = (CheckConstraint(_in("outcome", RUN_OUTCOMES), name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(32))
    worker: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16), default="running")
    error: Mapped[str | None] = mapped_column(Text)


class Transcript(Base):
    """The transcript of one interaction's recording, masked; unmasked only if configured."""

    __tablename__ = "transcript"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), unique=True)
    model: Mapped[str] = mapped_column(String(255))
    duration: Mapped[float] = mapped_column(Float)
    speakers_separated: Mapped[bool] = mapped_column(Boolean)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # masked transcribe --json
    unmasked_document: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RubricVersion(Base):
    """A form exactly as it was used: editing a form adds a row, old scores keep theirs."""

    __tablename__ = "rubric_version"
    __table_args__ = (UniqueConstraint("rubric_id", "content_hash",
                                       name="uq_rubric_version_content"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PreScoreRecord(Base):
    """The machine's pre-score of one interaction (the latest run replaces the previous)."""

    __tablename__ = "prescore"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), unique=True)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    model_version: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean)
    pending_weight: Mapped[float] = mapped_column(Float)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # PreScore.to_record()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
