"""The review loop around a finalized evaluation: disputes, acknowledgements, correction
requests and the in-app inbox.

A ``dispute`` is raised on one evaluation (by its agent, or by their team lead on the agent's
behalf) and names one or more ``dispute_item`` rows, each with the raiser's reason. Each item
gets a ruling (accepted, partly accepted, rejected) with the ruler's reason; when the last
item is ruled the dispute is closed, and the accepted items become one new revision of the
evaluation (kind "dispute") through the ordinary revision path. ``revision_at_raise`` keeps
the revision the agent disputed, so the figures can tell what was upheld.

``inbox_entry`` is one alert for one user. ``dedupe_key`` makes derived alerts (a deadline
near, a follow-up overdue) idempotent: writing the same alert twice is a no-op.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.db.models import Base, _in
from qa_app.db.types import JsonDocument, UTCDateTime

DISPUTE_STATES = ("open", "ruled")
RULINGS = ("accepted", "partly_accepted", "rejected")
CORRECTION_STATES = ("open", "done", "declined")


class Dispute(Base):
    __tablename__ = "dispute"
    __table_args__ = (
        CheckConstraint(_in("status", DISPUTE_STATES), name="status"),
        Index("ix_dispute_status_deadline", "status", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    raised_by_user_id: Mapped[int | None] = mapped_column(Integer)  # no FK: outlives accounts
    raised_by: Mapped[str] = mapped_column(String(64))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)  # a team lead raised it
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when the ruling is due
    reason: Mapped[str] = mapped_column(Text)
    revision_at_raise: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int] = mapped_column(Integer)  # the evaluation's QCO when raised
    status: Mapped[str] = mapped_column(String(16), default="open")
    ruled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ruled_by_user_id: Mapped[int | None] = mapped_column(Integer)
    ruled_by: Mapped[str | None] = mapped_column(String(64))
    revision_after: Mapped[int | None] = mapped_column(Integer)  # the revision the ruling made

    items: Mapped[list[DisputeItem]] = relationship(
        cascade="all, delete-orphan", order_by="DisputeItem.id")


class DisputeItem(Base):
    __tablename__ = "dispute_item"
    __table_args__ = (
        UniqueConstraint("dispute_id", "item_id", name="uq_dispute_item_item"),
        CheckConstraint(f"ruling IS NULL OR {_in('ruling', RULINGS)}", name="ruling"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("dispute.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(16))
    answer_at_raise: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    ruling: Mapped[str | None] = mapped_column(String(16))
    ruling_reason: Mapped[str | None] = mapped_column(Text)
    new_answer: Mapped[str | None] = mapped_column(String(8))  # accepted / partly accepted


class EvaluationAcknowledgement(Base):
    """The agent has seen a finalized evaluation (once), with an optional comment."""

    __tablename__ = "evaluation_acknowledgement"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(Integer)  # the revision the agent saw
    comment: Mapped[str | None] = mapped_column(Text)


class CorrectionRequest(Base):
    """A QCO asks the QCO lead to correct a finalized evaluation."""

    __tablename__ = "correction_request"
    __table_args__ = (CheckConstraint(_in("status", CORRECTION_STATES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    requested_by_user_id: Mapped[int | None] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))


class InboxEntry(Base):
    __tablename__ = "inbox_entry"
    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key", name="uq_inbox_entry_dedupe"),
        Index("ix_inbox_entry_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    target_page: Mapped[str] = mapped_column(String(32))  # a navigation page key
    target_id: Mapped[int | None] = mapped_column(Integer)
    params: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    dedupe_key: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
