"""The 12 demo calls arrive transcribed and pre-scored, so search, categories and screening
show real results on a fresh install without waiting for the speech model.

``recordings/transcripts/OC-REC-nnn.json`` is what the bundled model heard in each call,
unmasked (``python -m tools.demo.transcribe_recordings`` regenerates them). At the demo build
each is masked with the current rules and the settings' choice of keeping the original text
(``mask_turns``, as ``transcribe_file`` does), then stored, indexed and pre-scored by the same
functions as the worker's jobs (``qa_app.services.call_processing``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.session import session_scope
from qa_app.demo.generator import RECORDINGS_DIR
from qa_app.queue.handler_registry import PermanentJobError
from qa_app.services.call_processing import (
    BUNDLED_MODEL_NAME,
    compute_prescore,
    processable_interaction,
    store_prescore,
    store_transcript,
)
from qa_app.transcribe.call_transcript import CallTranscript
from qa_app.transcribe.engine import mask_turns

TRANSCRIPTS_DIR = RECORDINGS_DIR / "transcripts"


def masked_transcript(path: Path, keep_unmasked: bool) -> CallTranscript:
    """The shipped transcript at ``path`` masked as the worker masks what the model heard."""
    heard = CallTranscript.from_json(path.read_text(encoding="utf-8"))
    return CallTranscript(heard.duration, heard.speakers_separated,
                          tuple(mask_turns(list(heard.turns), keep_unmasked)), heard.metrics)


def load_demo_transcripts(engine: Engine, settings: Settings,
                          folder: Path = TRANSCRIPTS_DIR) -> list[str]:
    """Store and pre-score the shipped transcript of each demo call that has an interaction
    and may be processed (privacy policy); returns their source ids."""
    files = {path.stem: path for path in sorted(folder.glob("OC-REC-*.json"))}
    with Session(engine) as session:
        calls = dict(session.execute(select(Interaction.source_id, Interaction.id).where(
            Interaction.source_id.in_(list(files)), Interaction.channel == "voice")).all())
    loaded = []
    for source_id, interaction_id in sorted(calls.items()):
        try:
            interaction = processable_interaction(engine, settings, interaction_id)
        except PermanentJobError:
            continue
        transcript = masked_transcript(files[source_id], settings.keep_unmasked_transcripts)
        with session_scope(engine) as session:
            store_transcript(session, interaction_id, transcript, BUNDLED_MODEL_NAME)
        scored = compute_prescore(engine, settings, interaction)
        with session_scope(engine) as session:
            store_prescore(session, settings, scored)
        loaded.append(source_id)
    return loaded
