"""Coaching sessions a team lead holds with an agent, from the agent's scorecard.

A session focuses on failed items of finalized evaluations (``coaching_focus``, with the
evidence clips copied from the evaluation so the session keeps what was discussed), agrees on
actions (``coaching_action``) and a due date; the agent acknowledges it. Whether the item
improved afterwards is computed from later evaluations, not stored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.db.models import Base
from qa_app.db.types import JsonDocument, UTCDateTime


class CoachingSession(Base):
    __tablename__ = "coaching_session"
    __table_args__ = (Index("ix_coaching_session_agent_created", "agent_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    coach_user_id: Mapped[int | None] = mapped_column(Integer)  # no FK: outlives accounts
    coach: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agent_comment: Mapped[str | None] = mapped_column(Text)

    focuses: Mapped[list[CoachingFocus]] = relationship(
        cascade="all, delete-orphan", order_by="CoachingFocus.id")
    actions: Mapped[list[CoachingAction]] = relationship(
        cascade="all, delete-orphan", order_by="CoachingAction.position")


class CoachingFocus(Base):
    """One failed item of one evaluation that the session is about, with its evidence."""

    __tablename__ = "coaching_focus"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), index=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(String(8))  # the answer when coached
    evidence: Mapped[list[dict[str, Any]] | None] = mapped_column(JsonDocument)


class CoachingAction(Base):
    __tablename__ = "coaching_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
