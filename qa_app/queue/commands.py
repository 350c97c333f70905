"""`python -m qa_app worker`: a queue worker, and its watchdog for jobs of dead workers."""

from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine


def _watchdog(stop: threading.Event, interval: float) -> None:
    from qa_app.jobs import release_stale_jobs

    engine = get_engine()
    while not stop.wait(interval):
        try:
            released = release_stale_jobs(engine)
        except Exception:  # the database may be busy; the next round tries again
            logging.getLogger(__name__).exception("releasing stale jobs failed")
            continue
        if released:
            logging.getLogger(__name__).warning("jobs of a silent worker queued again: %s",
                                                released)


def cmd_worker(args: argparse.Namespace) -> int:
    from huey.consumer_options import ConsumerConfig

    from qa_app.jobs import task_queue

    settings = get_settings()
    migrate.ensure_current(get_engine())
    config = ConsumerConfig(workers=args.workers, worker_type="thread", max_delay=2.0,
                            periodic=not args.no_periodic, loglevel=logging.INFO)
    config.setup_logger()
    stop = threading.Event()
    threading.Thread(target=_watchdog, args=(stop, settings.job_lease_seconds / 3),
                     daemon=True, name="job-watchdog").start()
    consumer = task_queue().huey.create_consumer(**config.values)
    try:
        consumer.run()
    finally:
        stop.set()
    return 0


def queue_pending_transcriptions() -> int:
    """``transcribe --pending``: one job per sampled call with a recording and no transcript."""
    from qa_app.db.session import session_scope
    from qa_app.jobs import request_jobs
    from qa_app.privacy.policy import effective_policy
    from qa_app.queue.pending import sampled_without_transcript

    engine = get_engine()
    migrate.ensure_current(engine)
    with session_scope(engine) as session:
        waiting = sampled_without_transcript(session, effective_policy(session, get_settings()))
    queued = request_jobs(engine, "transcribe", waiting, requested_by="cli")
    print(f"{len(queued)} transcription jobs queued; run `python -m qa_app worker` to do them")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from qa_app.queue.handlers import forms
    from qa_app.queue.learning import train_all

    engine = get_engine()
    migrate.ensure_current(engine)
    for outcome in train_all(engine, get_settings(), forms()):
        if outcome.version is None:
            print(f"{outcome.form_id}: {outcome.examples} finalized evaluations; no item has "
                  f"enough answers of both kinds yet (QA_PRESCORE_MIN_EXAMPLES)")
        else:
            print(f"{outcome.form_id}: trained {outcome.version} on {outcome.examples} "
                  f"evaluations; items: {', '.join(outcome.items)}")
    return 0


def register(commands: Any) -> None:
    training = commands.add_parser("train", help="train the learned pre-scorer on finalized "
                                                 "evaluations")
    training.set_defaults(run=cmd_train)

    worker = commands.add_parser("worker", help="run a queue worker (transcription, pre-scoring,"
                                                " scheduled purge and weekly draw)")
    worker.add_argument("--workers", type=int, default=1, help="worker threads (default 1: "
                        "transcription already uses every core)")
    worker.add_argument("--no-periodic", action="store_true",
                        help="skip the scheduled duties (run them on one worker only)")
    worker.set_defaults(run=cmd_worker)
