"""Call categories: each version of the category set, and the tags of each interaction.

``category_set_version`` keeps every version as it was used, keyed by its content hash (the
repository's rubric/categories.yaml is the seed; a category the QCO lead adds on the page is
a new row). The current version is the one with the highest ``version``.
``category_tagging`` says which version an interaction was last tagged with (also when no
category applied), so re-tagging knows what is left and the page can show its progress;
``interaction_category`` holds the tags with the turn and second they were heard first and
the words (masked). A voice call's rows belong to its transcript: the retention purge that
deletes the transcript deletes them; a chat's rows belong to the interaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.db.models import Base
from qa_app.db.types import JsonDocument, UTCDateTime


class CategorySetVersion(Base):
    __tablename__ = "category_set_version"
    __table_args__ = (
        UniqueConstraint("set_id", "content_hash", name="uq_category_set_version_content"),
        UniqueConstraint("set_id", "version", name="uq_category_set_version_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    yaml_text: Mapped[str] = mapped_column(Text)  # the file as written (the seed) or generated
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # the validated set
    source: Mapped[str] = mapped_column(String(16))  # "file" or "page"
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CategoryTagging(Base):
    __tablename__ = "category_tagging"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True)
    transcript_id: Mapped[int | None] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), index=True)
    set_version_id: Mapped[int] = mapped_column(ForeignKey("category_set_version.id"),
                                                index=True)
    tagged_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InteractionCategory(Base):
    __tablename__ = "interaction_category"
    __table_args__ = (
        UniqueConstraint("interaction_id", "category_id",
                         name="uq_interaction_category_category"),
        Index("ix_interaction_category_category", "category_id", "set_version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"))
    transcript_id: Mapped[int | None] = mapped_column(
        ForeignKey("transcript.id", ondelete="CASCADE"), index=True)
    set_version_id: Mapped[int] = mapped_column(ForeignKey("category_set_version.id"))
    category_id: Mapped[str] = mapped_column(String(64))
    turn_index: Mapped[int | None] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(16))
    second: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)  # masked
    confidence: Mapped[float] = mapped_column(Float)
