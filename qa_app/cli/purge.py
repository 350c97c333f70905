"""`python -m qa_app purge [--dry-run]`: delete what is past retention, and log it."""

from __future__ import annotations

import argparse
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.privacy.policy import effective_policy
from qa_app.privacy.retention import default_purgers, purge


def cmd_purge(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    with session_scope(engine) as session:
        policy = effective_policy(session, settings)
        report = purge(session, policy, default_purgers(settings.recordings_dir),
                       by="cli:purge", dry_run=args.dry_run)
    verb = "would delete" if report.dry_run else "deleted"
    for kind, cutoff in report.cutoffs.items():
        count = report.deleted.get(kind)
        shown = "-" if count is None else str(count)
        print(f"{kind}: older than {cutoff:%Y-%m-%d}: {verb} {shown}")
    for problem in report.problems:
        print(f"  note: {problem}")
    return 0


def register(commands: Any) -> None:
    purging = commands.add_parser("purge", help="delete data past its retention period")
    purging.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purging.set_defaults(run=cmd_purge)
