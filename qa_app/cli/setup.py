"""`python -m qa_app config` and `db upgrade|current`: the settings and the schema."""

from __future__ import annotations

import argparse
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine


def cmd_config(_args: argparse.Namespace) -> int:
    for name, value in get_settings().describe().items():
        print(f"{name}={value}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    engine = get_engine()
    if args.action == "upgrade":
        migrate.upgrade(engine)
    print(f"database revision: {migrate.current_revision(engine)} "
          f"(newest: {migrate.head_revision(engine)})")
    return 0


def register(commands: Any) -> None:
    commands.add_parser("config", help="print the effective settings, secrets masked") \
        .set_defaults(run=cmd_config)

    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(run=cmd_db)
