"""What each kind of job does: transcribe a recording, pre-score an interaction.

A handler computes its result outside any transaction (it may take minutes) and returns a
``store`` function; the runner calls it in the transaction that also marks the job done,
so a result is stored exactly when its job finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.work_models import PreScoreRecord, RubricVersion, Transcript
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.queue.learning import current_models
from qa_app.privacy.policy import effective_policy

Store = Callable[[Session], None]
Progress = Callable[[float], None]


class PermanentJobError(Exception):
    """The job cannot succeed by trying again (bad file, refused consent, no recording)."""


@dataclass(frozen=True)
class Outcome:
    store: Store
    follow_up: str | None = None  # the kind of job to request next for the same interaction


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
    from qa_app.services.search_index import index_transcript
    from qa_app.transcribe.engine import transcribe_file
    from qa_app.transcribe.errors import TranscriptionError
    from qa_app.transcribe.options import TranscribeOptions

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


@lru_cache(maxsize=1)
def forms() -> tuple[Any, ...]:
    from qa_app.scoring.loader import RUBRIC_DIR, load_form

    return tuple(load_form(path) for path in sorted(RUBRIC_DIR.glob("*.yaml")))


def form_for(channel: str, direction: str) -> Any:
    """The form that applies to a channel and direction (voice inbound, voice outbound, chat)."""
    for form in forms():
        channels = form.channels or (form.channel,)
        if channel in channels and form.direction in (None, direction):
            return form
    raise PermanentJobError(f"no assessment form in rubric/ applies to {channel} {direction}")


def rubric_version_id(session: Session, form: Any) -> int:
    """The stored version of ``form``, added the first time it is used."""
    found = session.scalar(select(RubricVersion.id).where(
        RubricVersion.rubric_id == form.id, RubricVersion.content_hash == form.content_hash()))
    if found is not None:
        return found
    row = RubricVersion(rubric_id=form.id, version=str(form.version),
                        content_hash=form.content_hash(),
                        document=form.model_dump(mode="json", by_alias=True),
                        created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row.id


def prescore(engine: Engine, settings: Settings, interaction_id: int,
             progress: Progress) -> Outcome:
    from qa_app.scoring.prescore import prescore as run_prescore
    from qa_app.scoring.transcript import from_chat_thread, from_transcribe_json

    interaction = _interaction(engine, settings, interaction_id)
    form = form_for(interaction.channel, interaction.direction)
    local_start = interaction.started_at.astimezone(settings.tz).replace(tzinfo=None)
    if interaction.channel == "voice":
        with Session(engine) as session:
            stored = session.scalar(select(Transcript.document).where(
                Transcript.interaction_id == interaction_id))
        if stored is None:
            raise PermanentJobError(f"interaction {interaction.source_id} has no transcript yet")
        transcript = from_transcribe_json({**stored, "started_at": local_start.isoformat()},
                                          "voice", interaction.direction,
                                          interaction.hold_seconds)
    elif interaction.chat_messages:
        transcript = from_chat_thread(interaction.chat_messages, interaction.channel)
    else:
        raise PermanentJobError(f"interaction {interaction.source_id} has no chat thread")
    result = run_prescore(form, transcript, current_models(settings, form.id))
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


HANDLERS: dict[str, Callable[[Engine, Settings, int, Progress], Outcome]] = {
    "transcribe": transcribe,
    "prescore": prescore,
}
