"""The report generation (``report_generation``): one number, raised in the transaction of
every write that changes what the report pages read — evaluations finalized, revised, written
by the demo or purged (through ``item_tallies``), interactions imported (``kpi_day_table``),
any other import (roster, CSI, recordings) and a week's draw (quotas and samples).

The number is committed with the write or not at all, so a reader that sees it unchanged
has seen no such write since: the web layer keys its cache of report results by it
(``qa_app.web.report_cache``), and a write in another session or process invalidates it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qa_app.db.summary_models import ReportGeneration

ROW_ID = 1


def bump(session: Session) -> None:
    """Raise the number in ``session``'s transaction (call it last: on PostgreSQL the row
    stays locked until the commit, so concurrent writers queue here, briefly)."""
    raised = session.execute(update(ReportGeneration).where(ReportGeneration.id == ROW_ID)
                             .values(number=ReportGeneration.number + 1))
    if raised.rowcount == 0:  # type: ignore[attr-defined]  # a schema made without its row
        session.add(ReportGeneration(id=ROW_ID, number=1))
        session.flush()


def current(session: Session) -> int:
    """The number as this transaction sees it (0 before the first write)."""
    return int(session.scalar(select(ReportGeneration.number)
                              .where(ReportGeneration.id == ROW_ID)) or 0)
