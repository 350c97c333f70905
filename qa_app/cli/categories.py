"""`python -m qa_app categories [--retag]`: the current call categories and the tagging's
progress, or tag every call not yet tagged with them now (what the worker's duty does each
minute; for a database without a running worker, such as a freshly built demo)."""

from __future__ import annotations

import argparse
import sys

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.scoring.category_set import CategoryError
from qa_app.services.category_tagging import current_categories, retag_pending, tagging_progress

#: No time limit from the command line: it runs until every call is tagged.
UNLIMITED_SECONDS = 10 ** 9


def cmd_categories(args: argparse.Namespace) -> int:
    engine, settings = get_engine(), get_settings()
    migrate.ensure_current(engine)
    try:
        if args.retag:
            report = retag_pending(engine, settings, budget_seconds=UNLIMITED_SECONDS)
            print(f"categories version {report.version}: {report.tagged:,} calls tagged, "
                  f"{report.left:,} left")
            return 0
        with session_scope(engine) as session:
            current = current_categories(session)
            progress = tagging_progress(session, settings, current)
    except CategoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for category in current.categories.categories:
        print(f"{category.id}\t{category.name}")
    print(f"categories version {progress.version}: {progress.tagged:,} of {progress.total:,} "
          "calls tagged", file=sys.stderr)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "categories", help="the call categories and their tagging (rubric/categories.yaml)")
    parser.add_argument("--retag", action="store_true",
                        help="tag every call not yet tagged with the current categories now")
    parser.set_defaults(run=cmd_categories)
