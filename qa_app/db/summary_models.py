"""Report summaries: counts kept beside the rows they sum, so the reports need not scan them.

``report_kpi_day`` (see ``KpiDay``) holds the daily KPI sums per agent, kept on import.

``report_item_tally`` holds, per agent, month, rubric version and item, the answers of the
agent's finalized random evaluations of the weeks of that month (a week's month is its
Thursday's): ``applicable`` (yes, partial or no), ``no`` and ``partial``. It is rewritten for
one (agent, month) whenever an evaluation of it is finalized, revised, written by the demo
history or purged (``qa_app.reports.summaries.item_tallies``), and can be rebuilt from scratch
(``python -m qa_app reports rebuild``).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base


class ItemTally(Base):
    __tablename__ = "report_item_tally"
    __table_args__ = (
        UniqueConstraint("agent_id", "month", "rubric_version_id", "item_id",
                         name="uq_report_item_tally_key"),
        Index("ix_report_item_tally_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    month: Mapped[str] = mapped_column(String(7))
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    item_id: Mapped[str] = mapped_column(String(16))
    applicable: Mapped[int] = mapped_column(Integer)
    no: Mapped[int] = mapped_column(Integer)
    partial: Mapped[int] = mapped_column(Integer)


class KpiDay(Base):
    """The KPI sums of ``qa_app.reports.summaries.kpi_day_table.day_sums`` per agent and local day.

    The sums depend on the zone and on some KPI settings (wrap-up codes that count as
    resolved, the first-response channels and target); ``SummaryBasis`` names those the rows
    were counted with, and the reports read the rows only while it matches theirs."""

    __tablename__ = "report_kpi_day"
    __table_args__ = (UniqueConstraint("day", "agent_id", name="uq_report_kpi_day_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    day: Mapped[str] = mapped_column(String(10))
    offered: Mapped[int] = mapped_column(Integer)
    handled: Mapped[int] = mapped_column(Integer)
    handle_seconds: Mapped[float] = mapped_column(Float)
    resolved: Mapped[int] = mapped_column(Integer)
    responses: Mapped[int] = mapped_column(Integer)
    response_seconds: Mapped[float] = mapped_column(Float)
    responses_within: Mapped[int] = mapped_column(Integer)


class SummaryBasis(Base):
    """What a summary table was counted with (one row per summary that depends on settings)."""

    __tablename__ = "report_summary_basis"

    summary: Mapped[str] = mapped_column(String(32), primary_key=True)
    basis: Mapped[str] = mapped_column(Text)


class ReportGeneration(Base):
    """One number, raised in every transaction that changes what the reports read (see
    ``qa_app.reports.summaries.generation``): a cache of report results keyed by it is
    current exactly while the number stays the same, in every process."""

    __tablename__ = "report_generation"

    id: Mapped[int] = mapped_column(primary_key=True)  # one row, id 1
    number: Mapped[int] = mapped_column(Integer)
