"""Report summaries: counts kept beside the rows they sum, so the reports need not scan them.

``report_item_tally`` holds, per agent, week, rubric version and item, the answers of the
agent's finalized random evaluations of that week: ``applicable`` (yes, partial or no),
``no`` and ``partial``. It is rewritten for one (agent, week) whenever an evaluation of it is
finalized, revised, written by the demo history or purged (``qa_app.reports.tallies``), and
can be rebuilt from scratch (``python -m qa_app reports rebuild``).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base


class ItemTally(Base):
    __tablename__ = "report_item_tally"
    __table_args__ = (
        UniqueConstraint("agent_id", "week", "rubric_version_id", "item_id",
                         name="uq_report_item_tally_key"),
        Index("ix_report_item_tally_week", "week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"))
    week: Mapped[str] = mapped_column(String(8))
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_version.id"))
    item_id: Mapped[str] = mapped_column(String(16))
    applicable: Mapped[int] = mapped_column(Integer)
    no: Mapped[int] = mapped_column(Integer)
    partial: Mapped[int] = mapped_column(Integer)
