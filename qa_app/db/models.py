"""The data model: teams, agents, interactions, CSI answers and import batches.

Rows that come from a source system carry their natural key (``employee_id``,
``source_id``, ``response_key``) and ``row_hash``, a hash of the imported values, so that
re-importing the same file is recognised as "unchanged" and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from qa_app.db.types import JsonDocument, UTCDateTime
from qa_app.vocabulary import Channel, ConsentState, Direction, ImportKind

CHANNELS = tuple(Channel)
DIRECTIONS = tuple(Direction)
CONSENT_STATES = tuple(ConsentState)
IMPORT_KINDS = tuple(ImportKind)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ImportBatch(Base):
    """One imported file (or recordings scan) and what became of its rows."""

    __tablename__ = "import_batch"
    __table_args__ = (CheckConstraint(_in("kind", IMPORT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    mapping: Mapped[str | None] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))  # "completed" or "failed"
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)

    rejections: Mapped[list[ImportRejection]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="ImportRejection.id"
    )


class ImportRejection(Base):
    """One problem found in one row of an imported file."""

    __tablename__ = "import_rejection"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(128))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))  # a code of the message catalog
    params: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    raw_row: Mapped[dict[str, str] | None] = mapped_column(JsonDocument)

    batch: Mapped[ImportBatch] = relationship(back_populates="rejections")


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)

    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Agent(Base):
    __tablename__ = "agent"
    __table_args__ = (CheckConstraint("tier IN (1, 2)", name="tier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    hire_date: Mapped[date] = mapped_column(Date)
    tier: Mapped[int] = mapped_column(SmallInteger)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    team_lead: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_date: Mapped[date | None] = mapped_column(Date)
    row_hash: Mapped[int] = mapped_column(BigInteger)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    team: Mapped[Team] = relationship(back_populates="agents")


class Interaction(Base):
    __tablename__ = "interaction"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("direction", DIRECTIONS), name="direction"),
        CheckConstraint(_in("consent", CONSENT_STATES), name="consent"),
        CheckConstraint("ended_at >= started_at", name="ended_after_started"),
        Index("ix_interaction_agent_started", "agent_id", "started_at"),
        Index("ix_interaction_started_at", "started_at"),
        Index("ix_interaction_case_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    talk_seconds: Mapped[float | None] = mapped_column(Float)
    hold_seconds: Mapped[float | None] = mapped_column(Float)
    acw_seconds: Mapped[float | None] = mapped_column(Float)
    queue: Mapped[str | None] = mapped_column(String(128))
    wrap_up_code: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(64))
    ticket_key: Mapped[str | None] = mapped_column(String(64))
    recording_path: Mapped[str | None] = mapped_column(String(1024))
    chat_messages: Mapped[list[dict[str, str]] | None] = mapped_column(JsonDocument)
    first_response_seconds: Mapped[float | None] = mapped_column(Float)
    consent: Mapped[str] = mapped_column(String(16), default="unknown")
    row_hash: Mapped[int] = mapped_column(BigInteger)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))

    agent: Mapped[Agent] = relationship()


class CsiResponse(Base):
    """One answer of the 1–5 customer survey, linked by case and, when known, by interaction."""

    __tablename__ = "csi_response"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score"),
        Index("ix_csi_response_case_id", "case_id"),
        Index("ix_csi_response_answered_at", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_key: Mapped[str] = mapped_column(String(255), unique=True)
    case_id: Mapped[str | None] = mapped_column(String(64))
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id"), index=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)
    row_hash: Mapped[int] = mapped_column(BigInteger)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
