"""`python -m qa_app reports rebuild`: recount the report summaries from the rows they sum.

The summaries are kept in step as evaluations change; this recount is for after rows were
written around the application (a restore, a manual fix, a bulk load).
"""

from __future__ import annotations

import argparse
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.reports.summaries import item_tallies as tallies
from qa_app.reports.summaries import kpi_day_table as kpi_days
from qa_app.reports.targets import cached_targets


def cmd_reports(args: argparse.Namespace) -> int:
    engine = get_engine()
    migrate.ensure_current(engine)
    settings = get_settings()
    with session_scope(engine) as session:
        rows = tallies.rebuild(session)
        days = kpi_days.rebuild(session, settings.tz,
                                cached_targets(settings.report_targets_file).kpi)
    print(f"report_item_tally: {rows} rows rebuilt")
    print(f"report_kpi_day: {days} rows rebuilt")
    return 0


def register(commands: Any) -> None:
    reports = commands.add_parser("reports", help="report summaries")
    reports.add_argument("action", choices=["rebuild"])
    reports.set_defaults(run=cmd_reports)
