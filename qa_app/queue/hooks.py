"""Work that follows an import: chat threads are pre-scored as soon as they arrive."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.privacy.consent import processable
from qa_app.privacy.policy import effective_policy


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
