"""The worker's tasks: what each kind of job does, and the scheduled duties.

An entry point, like the CLI: it is the one module of ``qa_app.queue`` that knows the
domain (transcription, scoring, review, privacy, sampling). ``worker_queue()`` installs the
job handlers in the runner and the periodic tasks on the process's Huey, for
``python -m qa_app worker``; everything else in ``qa_app.queue`` only moves jobs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from huey import crontab
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.config import Settings, get_settings
from qa_app.db.session import get_engine, session_scope
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.privacy.policy import effective_policy
from qa_app.privacy.retention import default_purgers, purge
from qa_app.queue.dispatch import TaskQueue, task_queue
from qa_app.queue.handler_registry import HANDLERS, Outcome, PermanentJobError, Progress
from qa_app.review.prescorer_training import train_all
from qa_app.scoring.loader import bundled_forms
from qa_app.services.call_processing import (
    BUNDLED_MODEL_NAME,
    compute_prescore,
    processable_interaction,
    store_prescore,
    store_transcript,
)
from qa_app.services.category_tagging import retag_pending
from qa_app.services.prescore_accuracy import SCHEDULER, recompute
from qa_app.services.screening import queue_screening
from qa_app.transcribe.engine import transcribe_file
from qa_app.transcribe.errors import TranscriptionError
from qa_app.transcribe.options import TranscribeOptions
from qa_app.worker.weekly_draw import scheduled_weekly_draw


def transcribe(engine: Engine, settings: Settings, interaction_id: int,
               progress: Progress) -> Outcome:
    interaction = processable_interaction(engine, settings, interaction_id)
    if not interaction.recording_path:
        raise PermanentJobError(f"interaction {interaction.source_id} has no recording")
    try:
        path = resolve_recording(settings.recordings_dir, interaction.recording_path)
        options = TranscribeOptions.from_settings(settings)
        result = transcribe_file(path, options, progress=progress)
    except (UnsafeRecordingPath, TranscriptionError) as error:
        raise PermanentJobError(str(error)) from error
    model_name = options.model or BUNDLED_MODEL_NAME

    def store(session: Session) -> None:
        store_transcript(session, interaction_id, result, model_name)

    return Outcome(store, follow_up="prescore")


def prescore(engine: Engine, settings: Settings, interaction_id: int,
             progress: Progress) -> Outcome:
    scored = compute_prescore(engine, settings,
                              processable_interaction(engine, settings, interaction_id))
    progress(1.0)

    def store(session: Session) -> None:
        store_prescore(session, settings, scored)

    return Outcome(store)


def install_handlers() -> None:
    """Make this process able to run jobs (the worker; tests that run jobs in-process)."""
    HANDLERS.update(transcribe=transcribe, prescore=prescore)


def install_periodic_tasks(queue: TaskQueue, settings: Settings) -> None:
    """The scheduled duties. Every worker knows them, since any worker may take their
    message; only the one without ``--no-periodic`` schedules them."""
    huey = queue.huey

    @huey.periodic_task(crontab(hour="2", minute="30"), name="purge_expired")
    def purge_expired() -> dict[str, int]:
        with session_scope(get_engine()) as session:
            report = purge(session, effective_policy(session, settings),
                           default_purgers(settings.recordings_dir), by="scheduler")
        return report.deleted

    @huey.periodic_task(crontab(hour="3", minute="15"), name="train_prescorer")
    def train_prescorer() -> list[str | None]:
        """Nightly: measure the agreement of the pre-scores the QCOs were shown (the
        accuracy snapshot), then retrain on every finalized answer."""
        recompute(get_engine(), settings, SCHEDULER)
        return [outcome.version
                for outcome in train_all(get_engine(), settings, bundled_forms())]

    @huey.periodic_task(crontab(minute="*"), name="retag_categories")
    @huey.lock_task("retag_categories")
    def retag_categories() -> dict[str, int]:
        """Each minute: tag the calls not yet tagged with the current categories (after a
        category was added, or the seed file's version raised), for at most 40 s a run."""
        report = retag_pending(get_engine(), settings)
        return {"version": report.version, "tagged": report.tagged, "left": report.left}

    @huey.periodic_task(crontab(hour="4", minute="0"), name="screen_calls")
    def screen_calls() -> list[int]:
        """Nightly, with QA_SCREENING on: every call screening has not reached yet."""
        queued = queue_screening(get_engine(), settings, requested_by="screening")
        return [queued.transcriptions, queued.prescores]

    @huey.periodic_task(crontab(day_of_week="1", hour="1", minute="0"), name="weekly_draw")
    def weekly_draw() -> str | None:
        drawn = scheduled_weekly_draw(get_engine(), datetime.now(UTC))
        return None if drawn is None else str(drawn.plan.week)


def worker_queue() -> TaskQueue:
    """The process's queue, able to run every job and scheduled duty: the worker's."""
    queue = task_queue()
    install_handlers()
    install_periodic_tasks(queue, get_settings())
    return queue
