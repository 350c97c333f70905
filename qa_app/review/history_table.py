"""The history of an evaluation as a table for the screen: who, when, what, why."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pandas as pd

from qa_app.i18n import t
from qa_app.review.history import Change, HistoryEntry


def _answer(value: str | None, language: str) -> str:
    return t(f"review.answer.{value}", language) if value else "—"


def describe_change(change: Change, language: str) -> str:
    text = t("review.history.change", language, item=change.item,
             before=_answer(change.before, language), after=_answer(change.after, language),
             machine=_answer(change.machine, language))
    if change.reason:
        text += " — " + t("review.history.because", language, reason=change.reason)
    if change.comment:
        text += " — " + t("review.history.commented", language, comment=change.comment)
    return text


def history_table(entries: Sequence[HistoryEntry], language: str, tz: ZoneInfo) -> pd.DataFrame:
    """Newest first; each row lists the items that revision changed."""
    rows = []
    for entry in reversed(entries):
        revision = entry.revision
        what = [describe_change(change, language) for change in entry.changes]
        if entry.comment_changed and revision.overall_comment:
            what.append(t("review.history.overall", language, comment=revision.overall_comment))
        rows.append({
            t("review.history.col.number", language): revision.number,
            t("review.history.col.kind", language): t(f"review.revision.{revision.kind}",
                                                       language),
            t("review.history.col.by", language): revision.by,
            t("review.history.col.at", language):
                revision.at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
            t("review.history.col.score", language):
                "N/A" if revision.score is None else f"{revision.score:.1f}",
            t("review.history.col.what", language): "; ".join(what) or "—",
            t("review.history.col.why", language): revision.reason or "",
        })
    return pd.DataFrame(rows, columns=[t(f"review.history.col.{c}", language) for c in (
        "number", "kind", "by", "at", "score", "what", "why")])
