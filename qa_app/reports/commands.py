"""`python -m qa_app reports rebuild`: recount the report summaries from the rows they sum.

The summaries are kept in step as evaluations change; this recount is for after rows were
written around the application (a restore, a manual fix, a bulk load).
"""

from __future__ import annotations

import argparse
from typing import Any

from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.reports import tallies


def cmd_reports(args: argparse.Namespace) -> int:
    engine = get_engine()
    migrate.ensure_current(engine)
    with session_scope(engine) as session:
        rows = tallies.rebuild(session)
    print(f"report_item_tally: {rows} rows rebuilt")
    return 0


def register(commands: Any) -> None:
    reports = commands.add_parser("reports", help="report summaries")
    reports.add_argument("action", choices=["rebuild"])
    reports.set_defaults(run=cmd_reports)
