"""`python -m qa_app worker`: a queue worker and its watchdog (jobs of dead workers, jobs
that lost their queue message); `requeue`, the same re-sending on demand."""

from __future__ import annotations

import argparse
import logging
import os
import threading
from typing import Any

from sqlalchemy import Engine

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine
from qa_app.i18n import t
from qa_app.queue.dispatch import hand_back_held, release_stale_jobs
from qa_app.review.prescorer_training import train_all
from qa_app.scoring.loader import bundled_forms
from qa_app.services.follow_up_jobs import transcribe_pending
from qa_app.services.requeue import requeue_stranded
from qa_app.worker.tasks import worker_queue

log = logging.getLogger(__name__)


def watchdog_round(engine: Engine, stranded_too: bool) -> None:
    """Queue again the jobs of silent workers and, on the worker that runs the scheduled
    duties, the queued jobs that lost their queue message."""
    released = release_stale_jobs(engine)
    if released:
        log.warning("jobs of a silent worker queued again: %s", released)
    if stranded_too:
        resent = requeue_stranded(engine, by="watchdog")
        if resent:
            log.warning("%s queued jobs had no queue message; sent again", resent)


def _watchdog(stop: threading.Event, interval: float, stranded_too: bool) -> None:
    engine = get_engine()
    while True:  # a first round at once: jobs stranded while no worker ran are sent now
        try:
            watchdog_round(engine, stranded_too)
        except Exception:  # the database may be busy; the next round tries again
            log.exception("the job watchdog's round failed")
        if stop.wait(interval):
            return


def cmd_worker(args: argparse.Namespace) -> int:
    from huey.consumer_options import ConsumerConfig


    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    config = ConsumerConfig(workers=args.workers, worker_type="thread", max_delay=2.0,
                            periodic=not args.no_periodic, loglevel=logging.INFO)
    config.setup_logger()
    stop = threading.Event()
    threading.Thread(target=_watchdog, args=(stop, settings.job_lease_seconds / 3,
                                             not args.no_periodic),
                     daemon=True, name="job-watchdog").start()
    consumer = worker_queue().huey.create_consumer(**config.values)
    try:
        consumer.run()  # returns at once on SIGTERM, after the running jobs on SIGINT
    finally:
        stop.set()
        resent = hand_back_held(engine)
        if resent:
            log.warning("stopping: %s jobs handed back to the other workers", resent)
    if any(thread.is_alive() for _, thread in consumer.worker_threads):
        # Stopped mid-job (SIGTERM) with the work handed back: the job's thread may be deep in
        # native code (the speech model), which the interpreter's shutdown would abort on.
        logging.shutdown()
        os._exit(0)
    return 0


def cmd_requeue(_args: argparse.Namespace) -> int:
    engine = get_engine()
    migrate.ensure_current(engine)
    resent = requeue_stranded(engine, by="cli")
    language = get_settings().language
    print(t("jobs.requeued", language, count=resent) if resent
          else t("jobs.requeued_none", language))
    return 0


def queue_pending_transcriptions() -> int:
    """``transcribe --pending``: one job per sampled call with a recording and no transcript."""
    engine = get_engine()
    migrate.ensure_current(engine)
    queued = transcribe_pending(engine, get_settings(), requested_by="cli")
    print(f"{queued} transcription jobs queued; run `python -m qa_app worker` to do them")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    engine = get_engine()
    migrate.ensure_current(engine)
    for outcome in train_all(engine, get_settings(), bundled_forms()):
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

    requeue = commands.add_parser("requeue", help="send again the queued jobs that lost their "
                                                  "queue message (emptied or replaced queue)")
    requeue.set_defaults(run=cmd_requeue)
