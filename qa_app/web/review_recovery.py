"""The review form's hold on a version, and the way back from a save refused because someone
else saved first.

The session holds, per evaluation, the stored version the form was read from (every save names
it) and the contents its widgets start from. Widget keys carry that version and a generation,
so a new start gets new widgets; the old ones are no longer drawn and Streamlit drops them.

A refused save leaves the reviewer's edits on screen and, below the save buttons, says who
saved when, with a reload button. Reloading holds the latest version (the form shows it) and
keeps the reviewer's own changes in a table beside it, to apply again with one click or
discard. The panel is drawn on every run while a refusal is pending: a button drawn only in
the run of another button's click would never see its own click.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from qa_app.i18n import t
from qa_app.review.answers import ItemAnswer
from qa_app.review.errors import StaleEvaluation
from qa_app.review.service import ReviewScreen
from qa_app.review.unsaved import Contents, UnsavedChanges, combined, reapplied, unsaved_changes
from qa_app.scoring.schema import Form
from qa_app.web.table import static_table


@dataclass(frozen=True)
class Held:
    version: int  # the stored version the form was read from
    read: Contents  # that version's contents
    start: Contents  # what the widgets start from (``read``, or it with changes re-applied)
    generation: int = 0


@dataclass(frozen=True)
class Refusal:
    by: str
    at: datetime | None
    changes: UnsavedChanges | None = None  # None until the reload
    applied: bool = False
    earlier: UnsavedChanges | None = None  # listed after an earlier reload, not applied yet


def _held_key(evaluation_id: int) -> str:
    return f"review_held_{evaluation_id}"


def _refusal_key(evaluation_id: int) -> str:
    return f"review_refusal_{evaluation_id}"


def held(screen: ReviewScreen) -> Held:
    """What the form holds; the screen's version when nothing is held yet."""
    stored = Contents(screen.answers, screen.overall_comment)
    return st.session_state.setdefault(_held_key(screen.evaluation_id),
                                       Held(screen.version, stored, stored))


def widget_prefix(evaluation_id: int, holding: Held) -> str:
    return f"rv{evaluation_id}_{holding.version}_{holding.generation}"


def refused(evaluation_id: int, error: StaleEvaluation) -> None:
    pending: Refusal | None = st.session_state.get(_refusal_key(evaluation_id))
    earlier = pending.changes if pending and not pending.applied else None
    st.session_state[_refusal_key(evaluation_id)] = Refusal(error.by or "?", error.at,
                                                            earlier=earlier)


def saved(evaluation_id: int) -> None:
    """After a save: the next run holds the new version; a pending refusal is over."""
    st.session_state.pop(_held_key(evaluation_id), None)
    st.session_state.pop(_refusal_key(evaluation_id), None)


def panel(evaluation_id: int, form: Form, on_form: Contents, editable: bool, language: str,
          tz: ZoneInfo) -> None:
    """The pending refusal, if any: its message and reload, or the unsaved changes."""
    refusal: Refusal | None = st.session_state.get(_refusal_key(evaluation_id))
    if refusal is None:
        return
    when = refusal.at.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S") if refusal.at else "?"
    if refusal.changes is None:
        st.error(t("review.error.stale", language, by=refusal.by, at=when))
        if st.button(t("review.screen.reload", language), key=f"review_reload_{evaluation_id}",
                     type="primary"):
            _reload(evaluation_id, refusal, on_form)
        return
    if refusal.applied:
        st.info(t("review.screen.unsaved_applied", language))
        return
    st.warning(t("review.screen.unsaved_loaded", language, by=refusal.by, at=when,
                 count=refusal.changes.count))
    st.markdown(f"**{t('review.screen.unsaved_title', language)}**")
    holding: Held = st.session_state[_held_key(evaluation_id)]
    static_table(unsaved_table(refusal.changes, form, holding.read, language),
                    personal=[t(f"review.screen.unsaved_col.{name}", language)
                              for name in ("reason", "comment")])
    if refusal.changes.overall_comment is not None:
        st.caption(t("review.screen.unsaved_overall", language,
                     comment=refusal.changes.overall_comment or "—"))
    apply_column, discard_column = st.columns(2)
    if editable and apply_column.button(t("review.screen.unsaved_apply", language),
                                        key=f"review_apply_{evaluation_id}"):
        st.session_state[_held_key(evaluation_id)] = replace(
            holding, start=reapplied(refusal.changes, on_form),
            generation=holding.generation + 1)
        st.session_state[_refusal_key(evaluation_id)] = replace(refusal, applied=True)
        st.rerun()
    if discard_column.button(t("review.screen.unsaved_discard", language),
                             key=f"review_discard_{evaluation_id}"):
        st.session_state.pop(_refusal_key(evaluation_id))
        st.rerun()


def _reload(evaluation_id: int, refusal: Refusal, on_form: Contents) -> None:
    """Keep the form's changes against the version it held, then hold the latest one."""
    changes = unsaved_changes(st.session_state[_held_key(evaluation_id)].read, on_form)
    if refusal.earlier is not None:
        changes = combined(refusal.earlier, changes)
    st.session_state.pop(_held_key(evaluation_id))
    key = _refusal_key(evaluation_id)
    if changes.count:
        st.session_state[key] = replace(refusal, changes=changes, earlier=None)
    else:
        st.session_state.pop(key)
    st.rerun()


def unsaved_table(changes: UnsavedChanges, form: Form, latest: Contents,
                  language: str) -> pd.DataFrame:
    """One row per changed item, in form order: the latest answer beside the reviewer's."""
    def label(answer: str | None) -> str:
        return t(f"review.answer.{answer}", language) if answer else "—"

    rows = [(item.id, item.text, label(latest.answers.get(item.id, ItemAnswer()).answer),
             label(mine.answer), mine.reason.strip(), mine.comment.strip())
            for item in form.items() if (mine := changes.answers.get(item.id)) is not None]
    columns = [t(f"review.screen.unsaved_col.{name}", language)
               for name in ("item", "text", "latest", "mine", "reason", "comment")]
    return pd.DataFrame(rows, columns=columns)
