"""Work that follows an import or a draw: chat threads are pre-scored as soon as they
arrive, drawn calls are transcribed as soon as they are drawn."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.privacy.consent import processable
from qa_app.privacy.policy import effective_policy
from qa_app.queue.pending import sampled_without_transcript


def prescore_imported_chats(engine: Engine, settings: Settings, batch_id: int | None,
                            requested_by: str) -> int:
    """Queue a pre-score for every written interaction of the batch; returns how many."""
    from qa_app.jobs import request_jobs

    if batch_id is None:
        return 0
    with Session(engine) as session:
        chats = list(session.scalars(select(Interaction.id).where(
            Interaction.import_batch_id == batch_id, Interaction.channel != "voice",
            Interaction.chat_messages.is_not(None),
            processable(effective_policy(session, settings)))))
    return len(request_jobs(engine, "prescore", chats, requested_by)) if chats else 0


def transcribe_pending(engine: Engine, settings: Settings, requested_by: str,
                       draw_id: int | None = None) -> int:
    """Queue the transcription of every sampled call that waits for one (of one draw, when
    ``draw_id`` is given), as the privacy policy allows; returns how many were queued. The
    one function behind a draw's follow-up and ``transcribe --pending``."""
    from qa_app.jobs import request_jobs

    with Session(engine) as session:
        waiting = sampled_without_transcript(session, effective_policy(session, settings),
                                             draw_id)
    return len(request_jobs(engine, "transcribe", waiting, requested_by)) if waiting else 0
