"""Work that follows an import or a draw: chat threads are pre-scored as soon as they
arrive, drawn calls are transcribed as soon as they are drawn."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample
from qa_app.db.session import session_scope
from qa_app.db.work_models import PreScoreRecord
from qa_app.privacy.consent import processable
from qa_app.privacy.policy import effective_policy
from qa_app.queue import ledger
from qa_app.queue.dispatch import request_jobs, send
from qa_app.services.untranscribed import sampled_without_transcript


def prescore_imported_chats(engine: Engine, settings: Settings, batch_id: int | None,
                            requested_by: str) -> int:
    """Queue a pre-score for every written interaction of the batch; returns how many."""
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
    with Session(engine) as session:
        waiting = sampled_without_transcript(session, effective_policy(session, settings),
                                             draw_id)
    return len(request_jobs(engine, "transcribe", waiting, requested_by)) if waiting else 0


def prescore_drawn_chats(engine: Engine, settings: Settings, draw_id: int,
                         requested_by: str) -> int:
    """Put the pre-scores of a draw's chat samples ahead: their jobs, queued by the import
    at screening priority (or requested now), get a message at a QCO's sample's priority.
    The old message, run later, finds its job done: the ledger runs a job once."""
    with session_scope(engine) as session:
        chats = list(session.scalars(
            select(Interaction.id).join(Sample, Sample.interaction_id == Interaction.id)
            .where(Sample.draw_id == draw_id, Sample.status != "final",
                   Interaction.channel != "voice", Interaction.chat_messages.is_not(None),
                   processable(effective_policy(session, settings)),
                   Interaction.id.not_in(select(PreScoreRecord.interaction_id)))
            .distinct().order_by(Interaction.id)))
        job_ids, _ = ledger.request_jobs(session, "prescore", chats, requested_by)
    queued = sorted(ledger.queued_jobs(engine, among=set(job_ids)))
    send(engine, "prescore", queued)
    return len(queued)
