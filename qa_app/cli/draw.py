"""`python -m qa_app draw …`: run a weekly draw (or try it dry) and verify a stored one.

    python -m qa_app draw --week 2026-W47 [--seed N] [--dry-run]   (same as `draw run …`)
    python -m qa_app draw verify DRAW_ID                            (exit code 1 on mismatch)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.i18n import t
from qa_app.sampling.plan import WeekPlan
from qa_app.sampling.seed_text import parse_seed
from qa_app.sampling.service import DrawError
from qa_app.sampling.verify import VerifyError, verify_draw
from qa_app.sampling.weeks import WeekError
from qa_app.services.draws import draw_week


def register(commands: Any) -> None:
    draw = commands.add_parser("draw", help="weekly tapping draw, or verify a stored draw",
                               description=__doc__,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    draw.add_argument("action", nargs="?", choices=["run", "verify"], default="run")
    draw.add_argument("draw_id", nargs="?", type=int, help="the draw to verify")
    draw.add_argument("--week", help="ISO week to draw, e.g. 2026-W47")
    draw.add_argument("--seed", type=_seed, help="seed to use, digits as the page shows them "
                      "(\"281 474 976\" or 281474976; default: a cryptographic one)")
    draw.add_argument("--dry-run", action="store_true", help="show the draw, store nothing")
    draw.add_argument("--by", default="cli", help="who draws, for the audit log")
    draw.set_defaults(run=cmd_draw)


def _seed(text: str) -> int:
    try:
        seed = parse_seed(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if seed is None:
        raise argparse.ArgumentTypeError("seed: empty; leave --seed out for a new one")
    return seed


def cmd_draw(args: argparse.Namespace) -> int:
    if args.action == "verify" and args.draw_id is None:
        print("error: give the draw to verify: python -m qa_app draw verify DRAW_ID",
              file=sys.stderr)
        return 2
    if args.action == "run" and not args.week:
        print("error: give the week: python -m qa_app draw --week 2026-W47", file=sys.stderr)
        return 2
    engine = get_engine()
    migrate.ensure_current(engine)
    language = get_settings().language
    try:
        if args.action == "verify":
            with session_scope(engine) as session:
                return _verify(session, args.draw_id, language)
        outcome = draw_week(engine, get_settings(), args.week, by=args.by, seed=args.seed,
                            dry_run=args.dry_run)
    except (DrawError, VerifyError, WeekError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = outcome.result
    _print_plan(result.plan, language)
    if result.draw_id is None:
        print(t("sampling.dry_run", language, seed=result.plan.seed, week=result.plan.week))
    else:
        print(t("sampling.saved", language, id=result.draw_id,
                samples=len(result.plan.picks()), reviewers=result.reviewers))
        print(t("sampling.transcriptions_queued", language,
                count=outcome.transcriptions_queued))
    return 0


def _print_plan(plan: WeekPlan, language: str) -> None:
    print(t("sampling.summary", language, week=plan.week, agents=len(plan.agents),
            required=plan.required, drawn=plan.drawn, targeted=plan.targeted,
            shortfall=plan.shortfall, completion=f"{plan.completion:.1%}"))
    print(t("sampling.seed", language, seed=plan.seed, version=plan.rules.version,
            pool_hash=plan.pool_hash))
    excluded = [f"{t('sampling.reason.' + code, language)} {count}"
                for code, count in sorted(plan.exclusions.items())]
    print(t("sampling.exclusions", language, reasons=excluded or "-"))
    for agent_plan in plan.agents:
        reason = agent_plan.shortfall_reason(plan.week)
        if reason:
            print("  " + t("sampling.shortfall_line", language,
                           employee_id=agent_plan.agent.employee_id, name=agent_plan.agent.name,
                           quota=agent_plan.quota.quota, picked=len(agent_plan.random_picks),
                           shortfall=agent_plan.shortfall,
                           reason=t("sampling.reason." + reason, language)))


def _verify(session: Any, draw_id: int, language: str) -> int:
    result = verify_draw(session, draw_id)
    if result.matches:
        print(t("sampling.verify_match", language, id=draw_id, week=result.week))
        return 0
    if not result.pool_matches:
        print(t("sampling.verify_pool_changed", language, id=draw_id, week=result.week,
                stored=result.stored_pool_hash, now=result.pool_hash))
    if not result.picks_match:
        print(t("sampling.verify_picks_differ", language, id=draw_id, week=result.week,
                missing=len(result.missing), unexpected=len(result.unexpected)))
    return 1
