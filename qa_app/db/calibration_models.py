"""Calibration sessions: several QCOs score the same interactions blind, against a baseline.

A calibration answer set is NOT an evaluation: it lives in its own tables, outside
``evaluation``, so that no QM figure, tally or report ever reads it. ``calibration_score``
holds one participant's whole form for one interaction (the answers as a JSON document,
item id → answer and comment), written when they submit. The baseline is the answer set of
one participant flagged ``is_baseline`` (the lead, or a named expert).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base, _in
from qa_app.db.types import JsonDocument, UTCDateTime

CALIBRATION_STATES = ("open", "closed")


class CalibrationSession(Base):
    __tablename__ = "calibration_session"
    __table_args__ = (CheckConstraint(_in("status", CALIBRATION_STATES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="open")
    due_on: Mapped[date] = mapped_column(Date)
    hide_ai: Mapped[bool] = mapped_column(Boolean, default=True)  # AI suggestions hidden
    hide_agent: Mapped[bool] = mapped_column(Boolean, default=False)  # agent's name hidden
    week: Mapped[str | None] = mapped_column(String(8))  # the week drawn from, when drawn
    seed: Mapped[str | None] = mapped_column(String(32))  # the seed of that draw
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CalibrationItem(Base):
    """One interaction of a session, with the form version every participant scores it on."""

    __tablename__ = "calibration_item"
    __table_args__ = (
        UniqueConstraint("session_id", "interaction_id", name="uq_calibration_item_interaction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_session.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interaction.id"))
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    position: Mapped[int] = mapped_column(Integer)


class CalibrationParticipant(Base):
    __tablename__ = "calibration_participant"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_calibration_participant_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)


class CalibrationScore(Base):
    """One participant's submitted form for one calibration item."""

    __tablename__ = "calibration_score"
    __table_args__ = (
        UniqueConstraint("item_id", "user_id", name="uq_calibration_score_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_item.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # item → {answer, comment}
    overall_comment: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean)
    seconds_spent: Mapped[float] = mapped_column(Float, default=0.0)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
