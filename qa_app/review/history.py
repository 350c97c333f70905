"""The history of an evaluation: each revision's snapshot, and what changed from the one before.

A snapshot is ``{item id: {"answer", "reason", "comment"}}``; the machine's suggestion is kept
in each entry's ``machine`` so the history always shows it beside the human answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qa_app.review.answers import HUMAN_ANSWERS, ItemAnswer, MachineAnswer


def snapshot(answers: Mapping[str, ItemAnswer],
             machine: Mapping[str, MachineAnswer]) -> dict[str, dict[str, Any]]:
    return {item_id: {"answer": given.answer, "reason": given.reason or None,
                      "comment": given.comment or None,
                      "machine": machine.get(item_id, MachineAnswer()).answer}
            for item_id, given in answers.items()}


@dataclass(frozen=True)
class Change:
    item: str
    before: str | None
    after: str | None
    machine: str | None
    reason: str | None
    comment: str | None


@dataclass(frozen=True)
class Revision:
    """One stored revision as the history shows it."""

    number: int
    kind: str  # draft, final, correction, dispute
    by: str
    at: datetime
    reason: str | None
    score: float | None
    fatal: bool
    answers: dict[str, dict[str, Any]]
    overall_comment: str | None


@dataclass(frozen=True)
class HistoryEntry:
    revision: Revision
    changes: tuple[Change, ...]
    comment_changed: bool


def changes_between(before: Mapping[str, Mapping[str, Any]] | None,
                    after: Mapping[str, Mapping[str, Any]]) -> tuple[Change, ...]:
    """Items whose answer, reason or comment differ; the first revision is compared with
    the form as it was opened (pre-filled with the machine's confident answers)."""
    found = []
    for item_id, now in after.items():
        if before is None:
            machine = now.get("machine")
            was = {"answer": machine if machine in HUMAN_ANSWERS else None}
        else:
            was = before.get(item_id, {})
        if any(was.get(field) != now.get(field) for field in ("answer", "reason", "comment")):
            found.append(Change(item_id, was.get("answer"), now.get("answer"),
                                now.get("machine"), now.get("reason"), now.get("comment")))
    return tuple(found)


def history(revisions: Sequence[Revision], item_order: Sequence[str] = ()) -> list[HistoryEntry]:
    """The revisions oldest first, each with what it changed (in ``item_order``, the form's
    order: a stored snapshot does not keep its keys' order on PostgreSQL)."""
    rank = {item: number for number, item in enumerate(item_order)}
    entries = []
    previous: Revision | None = None
    for revision in sorted(revisions, key=lambda r: r.number):
        entries.append(HistoryEntry(
            revision, tuple(sorted(
                changes_between(previous.answers if previous else None, revision.answers),
                key=lambda change: (rank.get(change.item, len(rank)), change.item))),
            (previous.overall_comment if previous else None) != revision.overall_comment))
        previous = revision
    return entries
