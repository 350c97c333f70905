"""Keeping the search index in step: a stored transcript, imported chats, a full re-index.

Called in the transaction that writes the transcript (or right after a chat import), so a
transcript is searchable exactly when it is stored. Only masked text goes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, and_, or_, select
from sqlalchemy.orm import Session

from qa_app.analytics.turns import chat_turns, transcript_turns, vocabulary_of
from qa_app.db import search_store
from qa_app.db.models import Interaction
from qa_app.db.session import session_scope
from qa_app.db.work_models import Transcript

REINDEX_CHUNK = 500


def index_transcript(session: Session, interaction_id: int,
                     document: Mapping[str, Any]) -> int:
    """Index the masked transcript stored for the interaction (call after adding it)."""
    session.flush()
    transcript_id = session.scalar(select(Transcript.id).where(
        Transcript.interaction_id == interaction_id))
    turns = transcript_turns(document)
    return search_store.replace_turns(session, interaction_id, turns, vocabulary_of(turns),
                                      transcript_id=transcript_id)


def index_chat(session: Session, interaction_id: int,
               messages: list[dict[str, Any]] | None) -> int:
    turns = chat_turns(messages or [])
    return search_store.replace_turns(session, interaction_id, turns, vocabulary_of(turns))


def index_chats(session: Session, interaction_ids: Iterable[int]) -> int:
    """Index the chat threads of these interactions (those that have one); turns written."""
    written = 0
    ids = sorted(set(interaction_ids))
    for start in range(0, len(ids), REINDEX_CHUNK):
        rows = session.execute(select(Interaction.id, Interaction.chat_messages).where(
            Interaction.id.in_(ids[start:start + REINDEX_CHUNK]),
            Interaction.channel != "voice", Interaction.chat_messages.is_not(None)))
        for interaction_id, messages in rows:
            written += index_chat(session, interaction_id, messages)
    return written


def index_imported_chats(engine: Engine, batch_id: int | None) -> int:
    """After an interactions import: index the chat threads the batch wrote."""
    if batch_id is None:
        return 0
    with session_scope(engine) as session:
        ids = session.scalars(select(Interaction.id).where(
            Interaction.import_batch_id == batch_id, Interaction.channel != "voice",
            Interaction.chat_messages.is_not(None)))
        return index_chats(session, list(ids))


def reindex(engine: Engine) -> tuple[int, int]:
    """Rebuild the whole index from the stored transcripts and chat threads, in one
    transaction (a search meanwhile sees the old index), in the order the calls happened;
    returns (interactions, turns)."""
    interactions = turns = 0
    with session_scope(engine) as session:
        search_store.clear(session)
        chat = and_(Interaction.channel != "voice", Interaction.chat_messages.is_not(None))
        ids = list(session.scalars(
            select(Interaction.id).where(or_(Interaction.id.in_(
                select(Transcript.interaction_id)), chat))
            .order_by(Interaction.started_at, Interaction.id)))
        for start in range(0, len(ids), REINDEX_CHUNK):
            chunk = ids[start:start + REINDEX_CHUNK]
            documents = {interaction_id: (transcript_id, document) for
                         transcript_id, interaction_id, document in session.execute(
                             select(Transcript.id, Transcript.interaction_id,
                                    Transcript.document)
                             .where(Transcript.interaction_id.in_(chunk)))}
            chats = dict(session.execute(select(Interaction.id, Interaction.chat_messages)
                                         .where(Interaction.id.in_(chunk), chat)).all())
            for interaction_id in chunk:
                if interaction_id in documents:
                    transcript_id, document = documents[interaction_id]
                    rows = transcript_turns(document)
                    turns += search_store.replace_turns(
                        session, interaction_id, rows, vocabulary_of(rows),
                        transcript_id=transcript_id)
                else:
                    turns += index_chat(session, interaction_id, chats.get(interaction_id))
                interactions += 1
    return interactions, turns
