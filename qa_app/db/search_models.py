"""The search index: one row per turn of every transcript and chat thread, masked text only.

``search_turn`` is an ordinary table; the full-text index over its ``text`` is database
specific and made by migration 0012 only (it is not in the metadata, see
:data:`FULL_TEXT_OBJECTS`): on SQLite an FTS5 table ``search_turn_fts`` that reads the rows
(external content) kept in step by triggers, on PostgreSQL a generated column
``search_tsv`` = ``to_tsvector('simple', text)`` with a GIN index. A voice turn belongs to
its transcript, so deleting the transcript (a new transcription, the retention purge)
deletes its turns; a chat turn belongs to the interaction. ``search_term`` is the index's
vocabulary, which fuzzy search widens a typed word against; it only grows (a term left over
finds nothing).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base

FTS_TABLE = "search_turn_fts"
TSVECTOR_INDEX = "ix_search_turn_tsv"
TSVECTOR_COLUMN = "search_tsv"
# Made by the migration, outside the metadata; the schema comparison leaves them out.
FULL_TEXT_OBJECTS = frozenset({
    FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config",
                                                    "content")),
    TSVECTOR_INDEX, TSVECTOR_COLUMN,
})


class SearchTurn(Base):
    __tablename__ = "search_turn"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), index=True)
    transcript_id: Mapped[int | None] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), index=True)
    turn_index: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(16))
    start_second: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)  # masked


class SearchTerm(Base):
    __tablename__ = "search_term"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
