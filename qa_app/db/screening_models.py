"""Risk flags of screened calls: what the QCO lead looks at, and what they decided.

One row per flagged interaction, kept apart from samples and evaluations so that screening
never enters QM. ``reasons`` holds ``FlagReason.to_json()`` of each reason (masked evidence
with its second); ``top_reason`` the most serious, for filtering. A decided flag (sent to a
targeted review, or dismissed with a reason) keeps its decision when the call is pre-scored
again; an open one is refreshed, or removed when its reasons are gone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base, _in
from qa_app.db.types import JsonDocument, UTCDateTime
from qa_app.vocabulary import RiskFlagState

RISK_FLAG_STATES = tuple(RiskFlagState)


class RiskFlag(Base):
    __tablename__ = "risk_flag"
    __table_args__ = (
        CheckConstraint(_in("status", RISK_FLAG_STATES), name="status"),
        Index("ix_risk_flag_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), unique=True)
    score: Mapped[float | None] = mapped_column(Float)
    top_reason: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision_note: Mapped[str | None] = mapped_column(Text)
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("sample.id", ondelete="SET NULL"))
