"""What the transcribe and pre-score jobs do with an interaction, as plain functions.

The worker's job handlers (``qa_app.worker.tasks``) call these, and so does the demo build for
the transcripts it ships: a demo call is stored, indexed and pre-scored exactly as a call the
worker transcribed. Each ``store_*`` runs inside the caller's transaction (the job's, which
also marks the job done).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.work_models import PreScoreRecord, Transcript
from qa_app.privacy.policy import effective_policy
from qa_app.queue.handler_registry import PermanentJobError
from qa_app.review.prescorer_training import current_models
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.categories import Tag
from qa_app.scoring.conversation import from_chat_thread, from_transcribe_json
from qa_app.scoring.loader import Form, NoFormApplies, form_for
from qa_app.scoring.prescore import PreScore
from qa_app.scoring.prescore import prescore as run_prescore
from qa_app.services.category_tagging import store_tags, tag_with_current
from qa_app.services.screening import store_flags
from qa_app.services.search_index import index_transcript
from qa_app.transcribe.call_transcript import CallTranscript

#: The name stored with a transcript of the bundled model (QA_WHISPER_MODEL unset).
BUNDLED_MODEL_NAME = "whisper-base (bundled)"


def processable_interaction(engine: Engine, settings: Settings,
                            interaction_id: int) -> Interaction:
    """The interaction (detached), unless it is gone or its processing is refused by the
    privacy policy (PermanentJobError)."""
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


def store_transcript(session: Session, interaction_id: int, transcript: CallTranscript,
                     model_name: str) -> None:
    """Replace the interaction's transcript with ``transcript`` (masked, as
    ``transcribe_file`` returns it) and index it for search. The original text of masked
    turns, present only where the settings keep it, is stored apart from the document."""
    document = transcript.to_dict()
    originals = [turn.pop("unmasked_text", None) for turn in document["turns"]]
    unmasked = {"turns": originals} if any(text is not None for text in originals) else None
    session.execute(delete(Transcript).where(Transcript.interaction_id == interaction_id))
    session.add(Transcript(interaction_id=interaction_id, model=model_name,
                           duration=transcript.duration,
                           speakers_separated=transcript.speakers_separated,
                           document=document, unmasked_document=unmasked,
                           created_at=datetime.now(UTC)))
    index_transcript(session, interaction_id, document)


@dataclass(frozen=True)
class PreScored:
    interaction_id: int
    form: Form
    result: PreScore
    categories: tuple[int, tuple[Tag, ...]] | None  # (category set version, tags)


def compute_prescore(engine: Engine, settings: Settings,
                     interaction: Interaction) -> PreScored:
    """The pre-score of a voice call (from its stored transcript) or a chat thread, by the
    current learned models; PermanentJobError when there is nothing to score."""
    try:
        form = form_for(interaction.channel, interaction.direction)
    except NoFormApplies as error:
        raise PermanentJobError(str(error)) from error
    local_start = interaction.started_at.astimezone(settings.tz).replace(tzinfo=None)
    if interaction.channel == "voice":
        with Session(engine) as session:
            stored = session.scalar(select(Transcript.document).where(
                Transcript.interaction_id == interaction.id))
        if stored is None:
            raise PermanentJobError(f"interaction {interaction.source_id} has no transcript yet")
        conversation = from_transcribe_json({**stored, "started_at": local_start.isoformat()},
                                            "voice", interaction.direction,
                                            interaction.hold_seconds)
    elif interaction.chat_messages:
        conversation = from_chat_thread(interaction.chat_messages, interaction.channel)
    else:
        raise PermanentJobError(f"interaction {interaction.source_id} has no chat thread")
    return PreScored(interaction.id, form,
                     run_prescore(form, conversation, current_models(settings, form.id)),
                     tag_with_current(engine, conversation))


def store_prescore(session: Session, settings: Settings, scored: PreScored) -> None:
    """Replace the interaction's pre-score and its category tags with ``scored``'s, and flag
    the call as a risk when screening is on."""
    result = scored.result
    record = result.to_record()
    session.execute(delete(PreScoreRecord).where(
        PreScoreRecord.interaction_id == scored.interaction_id))
    session.add(PreScoreRecord(
        interaction_id=scored.interaction_id,
        rubric_version_id=rubric_version_id(session, scored.form),
        model_version=result.model_version, score=result.score, fatal=result.fatal,
        pending_weight=result.pending_weight, document=record,
        created_at=datetime.now(UTC)))
    if scored.categories is not None:
        store_tags(session, scored.interaction_id, *scored.categories)
    store_flags(session, settings, scored.interaction_id, record, scored.form)
