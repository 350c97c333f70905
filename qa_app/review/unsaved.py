"""What a reviewer changed and could not save, kept so that nothing typed is lost.

When a save is refused because someone else saved first, the reviewer's own changes are the
answers that differ from the stored version their form was read from. Only those are carried
over to the latest version, so applying them again keeps what the other writer changed on
the items the reviewer left alone. Plain data; no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qa_app.review.answers import ItemAnswer


@dataclass(frozen=True)
class Contents:
    """An evaluation's answers and overall comment, as stored or as left on the form."""

    answers: Mapping[str, ItemAnswer]
    overall_comment: str = ""


@dataclass(frozen=True)
class UnsavedChanges:
    answers: Mapping[str, ItemAnswer]  # only the items the reviewer changed
    overall_comment: str | None = None  # None: the overall comment was left as it was

    @property
    def count(self) -> int:
        return len(self.answers) + (self.overall_comment is not None)


def _cleaned(given: ItemAnswer) -> ItemAnswer:
    """As a save would store it (texts are stored stripped)."""
    return ItemAnswer(given.answer, given.reason.strip(), given.comment.strip())


def unsaved_changes(read: Contents, left: Contents) -> UnsavedChanges:
    """The changes in ``left`` (the form) against ``read`` (the version it was read from)."""
    answers = {item_id: given for item_id, given in left.answers.items()
               if _cleaned(given) != _cleaned(read.answers.get(item_id, ItemAnswer()))}
    overall = left.overall_comment
    changed_overall = overall.strip() != read.overall_comment.strip()
    return UnsavedChanges(answers, overall if changed_overall else None)


def combined(older: UnsavedChanges, newer: UnsavedChanges) -> UnsavedChanges:
    """Changes still pending from an earlier refusal, with the newer ones taking precedence."""
    overall = older.overall_comment if newer.overall_comment is None else newer.overall_comment
    return UnsavedChanges({**older.answers, **newer.answers}, overall)


def reapplied(changes: UnsavedChanges, latest: Contents) -> Contents:
    """``latest`` with the reviewer's changes put back on top of it."""
    overall = latest.overall_comment if changes.overall_comment is None \
        else changes.overall_comment
    return Contents({**latest.answers, **changes.answers}, overall)
