"""`python -m qa_app demo [--seed N] [--if-empty]`: load the demo dataset and recordings."""

from __future__ import annotations

import argparse
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine
from qa_app.demo.generator import DEFAULT_SEED
from qa_app.demo.load import database_is_empty, load_demo
from qa_app.i18n import t
from qa_app.ingest.report import summary


def cmd_demo(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    if args.if_empty and not database_is_empty(engine):
        print("demo: the database already holds data; nothing loaded")
        return 0
    loaded = load_demo(engine, settings, seed=args.seed)
    for report in loaded.reports:
        print(summary(report, settings.language))
    if loaded.recordings:
        scan = loaded.recordings
        print(t("recordings.summary", settings.language, files=scan.files,
                linked=scan.linked + scan.unchanged, orphan_files=len(scan.orphan_files),
                missing=scan.voice_without_recording + len(scan.missing_files)))
    if loaded.transcribed:
        print(f"demo: {len(loaded.transcribed)} recorded calls transcribed (as the bundled "
              "model heard them) and pre-scored")
    if loaded.chats_queued:
        print(f"demo: {loaded.chats_queued:,} chat threads queued for pre-scoring "
              "(the worker of `make run` does them)")
    if loaded.transcriptions_queued:
        print(f"demo: {loaded.transcriptions_queued:,} drawn calls queued for transcription "
              "(a QCO's samples first; each pre-scored as soon as it is transcribed)")
    if loaded.screening:
        print(f"demo: screening every call is on; {loaded.screening:,} more calls and chats "
              "queued for it at the lowest priority (risk flags on the Tanda Risiko page)")
    if loaded.stand_in_recordings:
        print(f"demo: {loaded.stand_in_recordings:,} voice calls without audio play one of the "
              "demo recordings in turn")
    if loaded.history is not None and loaded.history.weeks:
        past = loaded.history
        print(f"demo: weeks {past.weeks[0]}–{past.weeks[-1]} drawn and finalized by the QCOs "
              f"(generated, marked as demo): {past.random:,} random and {past.targeted:,} "
              f"targeted evaluations, {past.fatal} fatal, mean random QM "
              f"{past.mean_random_score or 0:.1f}")
    if loaded.draw is not None:
        plan = loaded.draw.plan
        print(f"demo: week {plan.week} drawn (draw #{loaded.draw.draw_id}): {plan.drawn} random "
              f"and {plan.targeted} targeted samples for the QCOs")
    if loaded.accounts:
        print(f"demo accounts created: {', '.join(loaded.accounts)} "
              "(password in the README; change it at first login)")
    return 1 if any(r.status == "failed" for r in loaded.reports) else 0


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="load the demo dataset and recordings")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED)
    demo.add_argument("--if-empty", action="store_true",
                      help="load only when the database holds no agents yet")
    demo.set_defaults(run=cmd_demo)
