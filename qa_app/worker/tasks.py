"""The worker's tasks: what each kind of job does, and the scheduled duties.

An entry point, like the CLI: it is the one module of ``qa_app.queue`` that knows the
domain (transcription, scoring, review, privacy, sampling). ``worker_queue()`` installs the
job handlers in the runner and the periodic tasks on the process's Huey, for
``python -m qa_app worker``; everything else in ``qa_app.queue`` only moves jobs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from huey import crontab
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from qa_app.config import Settings, get_settings
from qa_app.db.models import Interaction
from qa_app.db.session import get_engine, session_scope
from qa_app.db.work_models import PreScoreRecord, Transcript
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.privacy.policy import effective_policy
from qa_app.privacy.retention import default_purgers, purge
from qa_app.queue.dispatch import TaskQueue, task_queue
from qa_app.queue.handler_registry import HANDLERS, Outcome, PermanentJobError, Progress
from qa_app.review.prescorer_training import current_models, train_all
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.conversation import from_chat_thread, from_transcribe_json
from qa_app.scoring.loader import NoFormApplies, bundled_forms, form_for
from qa_app.scoring.prescore import prescore as run_prescore
from qa_app.services.prescore_accuracy import SCHEDULER, recompute
from qa_app.services.search_index import index_transcript
from qa_app.transcribe.engine import transcribe_file
from qa_app.transcribe.errors import TranscriptionError
from qa_app.transcribe.options import TranscribeOptions
from qa_app.worker.weekly_draw import scheduled_weekly_draw


def _interaction(engine: Engine, settings: Settings, interaction_id: int) -> Interaction:
    with Session(engine) as session:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None:
            raise PermanentJobError(f"interaction {interaction_id} no longer exists")
        policy = effective_policy(session, settings)
        if policy.exclude_refused_consent and interaction.consent == "refused":
            raise PermanentJobError(
                f"interaction {interaction.source_id}: the customer refused consent; "
                "it is not processed (privacy policy)")
        session.expunge(interaction)
        return interaction


def transcribe(engine: Engine, settings: Settings, interaction_id: int,
               progress: Progress) -> Outcome:
    interaction = _interaction(engine, settings, interaction_id)
    if not interaction.recording_path:
        raise PermanentJobError(f"interaction {interaction.source_id} has no recording")
    try:
        path = resolve_recording(settings.recordings_dir, interaction.recording_path)
        options = TranscribeOptions.from_settings(settings)
        result = transcribe_file(path, options, progress=progress)
    except (UnsafeRecordingPath, TranscriptionError) as error:
        raise PermanentJobError(str(error)) from error
    document = result.to_dict()
    originals = [turn.pop("unmasked_text", None) for turn in document["turns"]]
    unmasked = {"turns": originals} if any(text is not None for text in originals) else None
    model_name = options.model or "whisper-base (bundled)"

    def store(session: Session) -> None:
        session.execute(delete(Transcript).where(Transcript.interaction_id == interaction_id))
        session.add(Transcript(interaction_id=interaction_id, model=model_name,
                               duration=result.duration,
                               speakers_separated=result.speakers_separated,
                               document=document, unmasked_document=unmasked,
                               created_at=datetime.now(UTC)))
        index_transcript(session, interaction_id, document)

    return Outcome(store, follow_up="prescore")


def prescore(engine: Engine, settings: Settings, interaction_id: int,
             progress: Progress) -> Outcome:
    interaction = _interaction(engine, settings, interaction_id)
    try:
        form = form_for(interaction.channel, interaction.direction)
    except NoFormApplies as error:
        raise PermanentJobError(str(error)) from error
    local_start = interaction.started_at.astimezone(settings.tz).replace(tzinfo=None)
    if interaction.channel == "voice":
        with Session(engine) as session:
            stored = session.scalar(select(Transcript.document).where(
                Transcript.interaction_id == interaction_id))
        if stored is None:
            raise PermanentJobError(f"interaction {interaction.source_id} has no transcript yet")
        conversation = from_transcribe_json({**stored, "started_at": local_start.isoformat()},
                                            "voice", interaction.direction,
                                            interaction.hold_seconds)
    elif interaction.chat_messages:
        conversation = from_chat_thread(interaction.chat_messages, interaction.channel)
    else:
        raise PermanentJobError(f"interaction {interaction.source_id} has no chat thread")
    result = run_prescore(form, conversation, current_models(settings, form.id))
    progress(1.0)

    def store(session: Session) -> None:
        session.execute(delete(PreScoreRecord).where(
            PreScoreRecord.interaction_id == interaction_id))
        session.add(PreScoreRecord(
            interaction_id=interaction_id, rubric_version_id=rubric_version_id(session, form),
            model_version=result.model_version, score=result.score, fatal=result.fatal,
            pending_weight=result.pending_weight, document=result.to_record(),
            created_at=datetime.now(UTC)))

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
