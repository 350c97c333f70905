"""The category set's versions and the tags of each interaction: stored, current, re-tagged.

The current version is the stored one with the highest ``version``. The repository's
rubric/categories.yaml is the seed: stored the first time, and again whenever its ``version``
goes above the current one (a file edited without raising it is not used, and a warning says
so: the lead's additions on the page would otherwise be lost). A category added on the page
is the next version (``services.categories.add_category``).

Tagging happens on pre-scoring (the worker's pre-score task stores the tags with the score)
and, for every transcript and chat thread, whenever the current version changes: the duty
``retag_categories`` (qa_app.worker.tasks) runs each minute, tags what is not tagged with the
current version yet, newest calls first, in batches, for at most ``RETAG_BUDGET_SECONDS``, so
the page's progress ("1.200 of 15.000 calls") moves while the rest waits for the next run.
A duty rather than a job per call: re-tagging needs no recording and takes milliseconds a
call, and one row per call in the job ledger would crowd out the reviewer's work.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.category_models import CategorySetVersion, CategoryTagging, InteractionCategory
from qa_app.db.models import Interaction
from qa_app.db.session import session_scope
from qa_app.db.work_models import Transcript
from qa_app.privacy.policy import effective_policy
from qa_app.scoring.categories import Tag, tag
from qa_app.scoring.category_set import (
    SEED_PATH,
    CategoryError,
    CategorySet,
    load_category_set,
    parse_category_set,
    with_page_additions,
)
from qa_app.scoring.conversation import Conversation, from_chat_thread, from_transcribe_json
from qa_app.transcribe.redact import mask_text

log = logging.getLogger(__name__)
RETAG_BUDGET_SECONDS = 40.0
RETAG_BATCH = 200
SEED_BY = "seed"
SET_ID = "categories"  # the id of the seed's set, for when the seed cannot be read


@dataclass(frozen=True)
class CurrentCategories:
    version_id: int
    categories: CategorySet


@lru_cache(maxsize=8)
def _seed(path: str, modified_ns: int) -> CategorySet:
    return load_category_set(path)


@lru_cache(maxsize=32)
def _stored(version_id: int, content_hash: str, document_json: str) -> CategorySet:
    return parse_category_set(json.loads(document_json), f"category_set_version {version_id}")


def stored_set(row: CategorySetVersion) -> CategorySet:
    return _stored(row.id, row.content_hash, json.dumps(row.document, sort_keys=True))


def _latest(session: Session, set_id: str) -> CategorySetVersion | None:
    return session.scalar(select(CategorySetVersion).where(CategorySetVersion.set_id == set_id)
                          .order_by(CategorySetVersion.version.desc()).limit(1))


def store_version(session: Session, categories: CategorySet, *, yaml_text: str, source: str,
                  by: str) -> CategorySetVersion:
    """Add ``categories`` as a stored version (a concurrent twin is found, not duplicated)."""
    row = CategorySetVersion(set_id=categories.id, version=categories.version,
                             content_hash=categories.content_hash(), yaml_text=yaml_text,
                             document=categories.document(), source=source, created_by=by,
                             created_at=datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = session.scalar(select(CategorySetVersion).where(
            CategorySetVersion.set_id == categories.id,
            CategorySetVersion.content_hash == categories.content_hash()))
        if found is None:
            raise
        return found
    return row


def current_categories(session: Session, seed_path: Path | None = None) -> CurrentCategories:
    """The current version, storing the seed file first when it is new or has changed (its
    content differs from every stored version): it becomes the next version, with the
    categories the lead added on the page kept, and every call is tagged again. Raises
    ``CategoryError`` (naming the file and field) only when the seed is broken and nothing
    is stored yet."""
    path = Path(seed_path or SEED_PATH)  # read when called: a test points it elsewhere
    try:
        seed = _seed(str(path), path.stat().st_mtime_ns if path.exists() else 0)
    except CategoryError as error:
        latest = _latest(session, SET_ID)
        if latest is None:
            raise
        log.warning("category seed not used: %s", error)
        return CurrentCategories(latest.id, stored_set(latest))
    latest = _latest(session, seed.id)
    if latest is None:
        latest = store_version(session, seed, yaml_text=path.read_text(encoding="utf-8"),
                               source="file", by=SEED_BY)
    elif not _is_stored(session, seed):
        latest = _store_changed_seed(session, seed, path, latest)
    return CurrentCategories(latest.id, stored_set(latest))


def _is_stored(session: Session, seed: CategorySet) -> bool:
    """Whether the file reads as it did when last stored (its version number aside: a
    changed file may be stored under a higher one); a file put back as it was before counts
    as changed too."""
    def unversioned(document: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in document.items() if key != "version"}

    last = session.scalar(select(CategorySetVersion.document).where(
        CategorySetVersion.set_id == seed.id, CategorySetVersion.source == "file")
        .order_by(CategorySetVersion.version.desc()).limit(1))
    return last is not None and unversioned(last) == unversioned(seed.document())


def _store_changed_seed(session: Session, seed: CategorySet, path: Path,
                        latest: CategorySetVersion) -> CategorySetVersion:
    """The changed file stored as it is (so that it is known next time), then, when the lead
    added categories on the page that it lacks, once more with them."""
    version = max(seed.version, latest.version + 1)
    as_file = seed if seed.version == version else parse_category_set(
        {**seed.document(), "version": version}, str(path))
    log.info("%s changed: stored as version %s; calls are tagged again", path, version)
    stored = store_version(session, as_file, yaml_text=path.read_text(encoding="utf-8"),
                           source="file", by=SEED_BY)
    page_ids = _page_added_ids(session, seed.id)
    if not page_ids - {category.id for category in seed.categories}:
        return stored
    merged = with_page_additions(seed, stored_set(latest), page_ids, version + 1)
    return store_version(session, merged, yaml_text=merged.to_yaml(), source="page",
                         by=SEED_BY)


def _page_added_ids(session: Session, set_id: str) -> set[str]:
    """Categories the lead added on the page: in a version made there, in none of the file's
    as written (a merged version counts as made on the page)."""
    ids: dict[str, set[str]] = {"file": set(), "page": set()}
    for row in session.scalars(select(CategorySetVersion).where(
            CategorySetVersion.set_id == set_id)):
        ids[row.source].update(category.id for category in stored_set(row).categories)
    return ids["page"] - ids["file"]


def conversation_of(channel: str, document: dict[str, Any] | None,
                    messages: list[dict[str, Any]] | None) -> Conversation | None:
    """What is tagged: a voice call's stored (masked) transcript, or a chat thread."""
    if channel == "voice":
        return from_transcribe_json(document, "voice") if document else None
    return from_chat_thread(messages, channel) if messages else None


def store_tags(session: Session, interaction_id: int, version_id: int,
               tags: Iterable[Tag]) -> None:
    """Replace the interaction's tags with ``tags`` of the version ``version_id``."""
    store_tag_batch(session, version_id, {interaction_id: tuple(tags)})


def store_tag_batch(session: Session, version_id: int,
                    tagged: Mapping[int, Iterable[Tag]]) -> None:
    """Replace the tags of each interaction of ``tagged`` with its tags of ``version_id``
    (a few statements for the whole batch, not a few per call)."""
    ids = sorted(tagged)
    transcripts = {interaction_id: transcript_id for interaction_id, transcript_id in
                   session.execute(select(Transcript.interaction_id, Transcript.id)
                                   .where(Transcript.interaction_id.in_(ids)))}
    session.execute(delete(InteractionCategory).where(
        InteractionCategory.interaction_id.in_(ids)))
    session.execute(delete(CategoryTagging).where(CategoryTagging.interaction_id.in_(ids)))
    now = datetime.now(UTC)
    session.add_all(CategoryTagging(interaction_id=i, transcript_id=transcripts.get(i),
                                    set_version_id=version_id, tagged_at=now) for i in ids)
    session.add_all(InteractionCategory(
        interaction_id=i, transcript_id=transcripts.get(i), set_version_id=version_id,
        category_id=found.category_id, turn_index=found.turn, speaker=found.speaker,
        second=found.second, evidence=mask_text(found.text)[:500],
        confidence=found.confidence) for i in ids for found in tagged[i])


def taggable(exclude_refused_consent: bool) -> ColumnElement[bool]:
    """Interactions that have words to tag: a stored transcript or a chat thread."""
    has_words = or_(
        and_(Interaction.channel == "voice",
             exists().where(Transcript.interaction_id == Interaction.id)),
        and_(Interaction.channel != "voice", Interaction.chat_messages.is_not(None)))
    if exclude_refused_consent:
        return and_(has_words, Interaction.consent != "refused")
    return has_words


def _tagged_with(version_id: int) -> ColumnElement[bool]:
    return exists().where(CategoryTagging.interaction_id == Interaction.id,
                          CategoryTagging.set_version_id == version_id)


@dataclass(frozen=True)
class Progress:
    version: int
    tagged: int
    total: int

    @property
    def done(self) -> bool:
        return self.tagged >= self.total


def tagging_progress(session: Session, settings: Settings, current: CurrentCategories,
                     *where: ColumnElement[bool]) -> Progress:
    """How many of the taggable interactions (limited by ``where``) carry the current
    version's tags."""
    policy = effective_policy(session, settings)
    base = select(func.count()).select_from(Interaction).where(
        taggable(policy.exclude_refused_consent), *where)
    total = session.scalar(base) or 0
    tagged = session.scalar(base.where(_tagged_with(current.version_id))) or 0
    return Progress(current.categories.version, tagged, total)


@dataclass(frozen=True)
class RetagReport:
    version: int
    tagged: int
    left: int


def retag_pending(engine: Engine, settings: Settings,
                  budget_seconds: float = RETAG_BUDGET_SECONDS,
                  batch: int = RETAG_BATCH) -> RetagReport:
    """Tag, newest first, the interactions not tagged with the current version, until none
    is left or ``budget_seconds`` have passed; each batch is one transaction."""
    deadline = time.monotonic() + budget_seconds
    with session_scope(engine) as session:
        current = current_categories(session)
    tagged = 0
    while True:
        with session_scope(engine) as session:
            policy = effective_policy(session, settings)
            ids = list(session.scalars(
                select(Interaction.id)
                .where(taggable(policy.exclude_refused_consent),
                       ~_tagged_with(current.version_id))
                .order_by(Interaction.started_at.desc(), Interaction.id.desc()).limit(batch)))
            if not ids:
                break
            rows = session.execute(
                select(Interaction.id, Interaction.channel, Transcript.document,
                       Interaction.chat_messages)
                .outerjoin(Transcript, Transcript.interaction_id == Interaction.id)
                .where(Interaction.id.in_(ids)))
            store_tag_batch(session, current.version_id, {
                interaction_id: _tags_of(current.categories, interaction_id, channel, document,
                                         messages)
                for interaction_id, channel, document, messages in rows})
            tagged += len(ids)
        if time.monotonic() >= deadline:
            break
    with session_scope(engine) as session:
        left = tagging_progress(session, settings, current)
    return RetagReport(current.categories.version, tagged, left.total - left.tagged)


def _tags_of(categories: CategorySet, interaction_id: int, channel: str,
             document: dict[str, Any] | None,
             messages: list[dict[str, Any]] | None) -> tuple[Tag, ...]:
    """The tags of one stored interaction; a transcript that cannot be read is tagged with
    nothing (and logged) rather than tried again each minute."""
    try:
        conversation = conversation_of(channel, document, messages)
    except (KeyError, TypeError, ValueError) as error:
        log.warning("interaction %s: not tagged, its words cannot be read (%s)",
                    interaction_id, error)
        return ()
    return tag(categories, conversation) if conversation is not None else ()


def tag_with_current(engine: Engine,
                     conversation: Conversation) -> tuple[int, tuple[Tag, ...]] | None:
    """(current version id, tags) of a conversation being pre-scored, for ``store_tags`` in
    the pre-score's own transaction; None when no category set can be read (logged: a broken
    category file never stops a pre-score, and the duty tags the call later)."""
    try:
        with session_scope(engine) as session:
            current = current_categories(session)
    except CategoryError as error:
        log.warning("calls are not tagged: %s", error)
        return None
    return current.version_id, tag(current.categories, conversation)
