"""Tapping draws, their samples and quotas, reviewer assignment history and absences.

``sample_draw`` holds everything needed to re-derive a draw (seed, rule version and rules,
pool hash); ``sample_quota`` keeps each agent's quota and shortfall of that draw, which the
completion figures count; ``sample.interaction_id`` is unique: an interaction is never
sampled twice. A sample without a draw is a targeted review sent from a risk flag.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base, _in
from qa_app.db.types import JsonDocument, UTCDateTime
from qa_app.vocabulary import SampleKind

SAMPLE_KINDS = tuple(SampleKind)


class SampleDraw(Base):
    """One weekly draw; at most one per week."""

    __tablename__ = "sample_draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(8), unique=True)  # "2026-W47"
    seed: Mapped[str] = mapped_column(String(48))  # decimal text: seeds are 128-bit
    rule_version: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    pool_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(64))


class Sample(Base):
    __tablename__ = "sample"
    __table_args__ = (
        CheckConstraint(_in("kind", SAMPLE_KINDS), name="kind"),
        Index("ix_sample_week_reviewer", "week", "reviewer_id"),
        Index("ix_sample_agent_week", "agent_id", "week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # no draw: a targeted review the QCO lead sent from a risk flag (target_reason "risk_flag")
    draw_id: Mapped[int | None] = mapped_column(
        ForeignKey("sample_draw.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interaction.id"), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    week: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    target_reason: Mapped[str | None] = mapped_column(String(64))  # comma-separated codes
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="waiting")


class SampleQuota(Base):
    """An agent's quota in a draw and how much of it the pool could fill."""

    __tablename__ = "sample_quota"
    __table_args__ = (Index("ix_sample_quota_agent_week", "agent_id", "week"),)

    draw_id: Mapped[int] = mapped_column(ForeignKey("sample_draw.id", ondelete="CASCADE"),
                                         primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # sampled, not_started, left, inactive
    tenure_months: Mapped[int | None] = mapped_column(SmallInteger)
    weekly_rate: Mapped[int | None] = mapped_column(SmallInteger)
    monthly_cap: Mapped[int | None] = mapped_column(SmallInteger)
    already_in_month: Mapped[int] = mapped_column(SmallInteger)
    quota: Mapped[int] = mapped_column(SmallInteger)
    interactions: Mapped[int] = mapped_column(Integer)
    eligible: Mapped[int] = mapped_column(Integer)
    picked: Mapped[int] = mapped_column(SmallInteger)
    shortfall: Mapped[int] = mapped_column(SmallInteger)
    shortfall_reason: Mapped[str | None] = mapped_column(String(32))
    exclusions: Mapped[dict[str, int]] = mapped_column(JsonDocument)


class SampleAssignmentLog(Base):
    """Every (re)assignment of a sample to a reviewer, with who did it and why."""

    __tablename__ = "sample_assignment_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id", ondelete="CASCADE"),
                                           index=True)
    from_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    to_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewerAbsence(Base):
    """A day a reviewer does not work (leave, training): no new samples for that week."""

    __tablename__ = "reviewer_absence"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    note: Mapped[str | None] = mapped_column(String(255))
