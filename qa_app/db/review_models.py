"""QCO evaluations: the current answers of each sampled interaction, and every revision.

``evaluation`` is one per sample and holds the current state that reports read (total score,
fatal flag, rubric version, random/targeted kind copied from the sample). ``version`` is the
optimistic-concurrency counter: every write is ``UPDATE … WHERE version = <the version the
writer read>``, so a second writer who read an older version is refused instead of
overwriting. ``evaluation_answer`` keeps one row per form item with the machine's suggestion
frozen beside the human answer. ``evaluation_revision`` is append-only: a snapshot of each
save (draft, finalize, correction, dispute ruling), with who, when and why.
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
from qa_app.db.sampling_models import SAMPLE_KINDS
from qa_app.db.types import JsonDocument, UTCDateTime
from qa_app.vocabulary import EvaluationState, HumanAnswer, RevisionKind

EVALUATION_STATES = tuple(EvaluationState)
REVISION_KINDS = tuple(RevisionKind)
HUMAN_ANSWERS = tuple(HumanAnswer)


class Evaluation(Base):
    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint(_in("status", EVALUATION_STATES), name="status"),
        CheckConstraint(_in("kind", SAMPLE_KINDS), name="kind"),
        Index("ix_evaluation_agent_week", "agent_id", "week"),
        Index("ix_evaluation_reviewer_status", "reviewer_id", "status"),
        # the pre-score accuracy snapshot reads the latest finalized evaluations first
        Index("ix_evaluation_status_finalized_at", "status", "finalized_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"), unique=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interaction.id"), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    week: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    score: Mapped[float | None] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean, default=False)
    pending_weight: Mapped[float] = mapped_column(Float, default=1.0)
    overall_comment: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # number of the latest revision
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seconds_spent: Mapped[float] = mapped_column(Float, default=0.0)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(64))

    __mapper_args__ = {"version_id_col": version}


class EvaluationAnswer(Base):
    """One item of one evaluation: the human answer (None until given) beside the machine's."""

    __tablename__ = "evaluation_answer"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "item_id", name="uq_evaluation_answer_item"),
        CheckConstraint(f"answer IS NULL OR {_in('answer', HUMAN_ANSWERS)}", name="answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(String(8))
    machine_answer: Mapped[str | None] = mapped_column(String(8))  # yes/partial/no/na/manual
    machine_suggested: Mapped[str | None] = mapped_column(String(8))  # when it was unsure
    machine_confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]] | None] = mapped_column(JsonDocument)
    reason: Mapped[str | None] = mapped_column(Text)  # why the human differs from the machine
    comment: Mapped[str | None] = mapped_column(Text)


class EvaluationRevision(Base):
    """A snapshot of one save. Never updated: the history is these rows in order."""

    __tablename__ = "evaluation_revision"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "number", name="uq_evaluation_revision_number"),
        CheckConstraint(_in("kind", REVISION_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    by_user_id: Mapped[int | None] = mapped_column(Integer)  # no FK: history outlives accounts
    by_username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean)
    answers: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # item → answer/reason/comment
    overall_comment: Mapped[str | None] = mapped_column(Text)
