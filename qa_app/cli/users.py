"""`python -m qa_app user add|reset|disable|enable|list`: accounts without the UI."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qa_app.auth import accounts
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.auth_models import ROLES
from qa_app.db.session import get_engine, session_scope
from qa_app.i18n import t


def cmd_user(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    by = f"cli:{args.by}"
    try:
        with session_scope(engine) as session:
            if args.action == "add":
                user, initial = accounts.create_user(
                    session, username=args.username, display_name=args.name or args.username,
                    role=args.role, by=by, password=args.password,
                    agent_employee_id=args.employee_id, team_codes=args.team or (),
                    email=args.email, settings=settings)
                print(f"created {user.username} ({user.role}); initial password: {initial}")
                print("the password must be changed at first login")
            elif args.action == "reset":
                initial = accounts.reset_password(session, args.username, by=by,
                                                 settings=settings)
                print(f"{args.username}: new temporary password: {initial}")
            elif args.action in ("disable", "enable"):
                accounts.set_active(session, args.username, args.action == "enable", by=by)
                print(f"{args.username}: {args.action}d")
            else:
                for user in accounts.list_users(session):
                    state = "active" if user.active else "disabled"
                    print(f"{user.username}\t{user.role}\t{state}\t{user.display_name}")
    except accounts.AccountError as error:
        print(f"error: {t(error.key, settings.language, **error.params)}", file=sys.stderr)
        return 2
    return 0


def register(commands: Any) -> None:
    user = commands.add_parser("user", help="local accounts: add, reset, disable, enable, list")
    user.add_argument("action", choices=["add", "reset", "disable", "enable", "list"])
    user.add_argument("username", nargs="?", default="")
    user.add_argument("--role", choices=ROLES, default="qco")
    user.add_argument("--name", help="display name")
    user.add_argument("--password", help="initial password (default: a random one)")
    user.add_argument("--employee-id", help="roster employee id of an agent account")
    user.add_argument("--team", action="append", help="team a team lead coaches (repeatable)")
    user.add_argument("--email", help="e-mail, for single sign-on")
    user.add_argument("--by", default="admin", help="who makes the change, for the audit log")
    user.set_defaults(run=cmd_user)
