"""Antrean penilaian (QCO): my samples — week, agent, channel, random/targeted, status —
filtered and sorted, the oldest open sample first; a click on a row opens its review (the
sample's id goes through the session, never the URL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from qa_app.i18n import t
from qa_app.i18n.dates import moment_text
from qa_app.review.state_text import state_detail, state_label
from qa_app.review.worklist import (
    SORT_KEYS,
    WORKLIST_STATES,
    WorklistFilter,
    apply_filter,
    oldest_open_first,
    worklist_rows,
)
from qa_app.web import words
from qa_app.web.context import page_context
from qa_app.web.table import show_table

SAMPLE_KEY = "review_sample_id"  # read by pages/review.py

page = page_context("review_queue")
principal, language, tz = page.principal, page.language, page.settings.tz
st.title(t("review.nav.queue", language))

only_mine = True
if principal.role == "qco_lead":
    only_mine = not st.toggle(t("review.queue.all_reviewers", language), key="queue_all")
with page.session() as session:
    rows = worklist_rows(session, principal, datetime.now(UTC), only_mine=only_mine)

choose = t("ui.choose", language)
week_column, status_column, kind_column, channel_column = st.columns(4)
weeks = week_column.multiselect(t("review.queue.week", language),
                                sorted({row.week for row in rows}, reverse=True),
                                placeholder=choose, key="queue_weeks")
statuses = status_column.multiselect(t("review.queue.status", language), WORKLIST_STATES,
                                     format_func=lambda s: t(f"review.status.{s}", language),
                                     placeholder=choose, key="queue_statuses")
kinds = kind_column.multiselect(t("review.queue.kind", language), ("random", "targeted"),
                                format_func=lambda k: t(f"review.kind.{k}", language),
                                placeholder=choose, key="queue_kinds")
channels = channel_column.multiselect(t("review.queue.channel", language),
                                      sorted({row.channel for row in rows}),
                                      format_func=lambda c: words.channel(c, language),
                                      placeholder=choose, key="queue_channels")
agent_column, sort_column, order_column = st.columns([2, 1, 1])
agent_text = agent_column.text_input(t("review.queue.agent", language), key="queue_agent")
sort_by = sort_column.selectbox(t("review.queue.sort", language), SORT_KEYS,
                                format_func=lambda k: t(f"review.queue.sort_{k}", language),
                                key="queue_sort")
descending = order_column.toggle(t("review.queue.descending", language), value=False,
                                 key="queue_desc")
shown = apply_filter(rows, WorklistFilter(weeks, statuses, kinds, channels, agent_text, sort_by,
                                       descending))

st.caption(t("review.queue.count", language, shown=len(shown), total=len(rows)))
if not shown:
    st.info(t("review.queue.empty", language))
    st.stop()


def open_review(sample_id: int) -> None:
    st.session_state[SAMPLE_KEY] = sample_id
    st.switch_page("../pages/review.py")


picked = show_table(pd.DataFrame({
    t("review.queue.col.interaction", language): [row.source_id for row in shown],
    t("review.queue.col.week", language): [row.week for row in shown],
    t("review.queue.col.agent", language): [row.agent for row in shown],
    t("review.queue.col.channel", language): [
        words.channel_direction(row.channel, row.direction, language) for row in shown],
    t("review.queue.col.kind", language): [t(f"review.kind.{row.kind}", language) for row in shown],
    t("review.queue.col.status", language): [state_label(row.state, language) for row in shown],
    t("review.queue.col.detail", language): [state_detail(row.state, language, tz)
                                              for row in shown],
    t("review.queue.col.score", language): [None if row.score is None else round(row.score, 1)
                                             for row in shown],
    t("review.queue.col.started", language): [moment_text(row.started_at, tz)
                                               for row in shown],
}), hide_index=True, key="queue_table", on_select="rerun",
   selection_mode=["single-row", "single-cell"])  # a click on any cell of a row opens it
st.caption(t("review.queue.row_opens", language))
clicked = [*picked.selection.rows, *(row for row, _ in picked.selection.cells)]
if clicked and shown[clicked[0]].state.openable:
    open_review(shown[clicked[0]].sample_id)
elif clicked:
    st.info(t("review.queue.not_openable", language))

# the keyboard's way in, set to the oldest open sample
openable = sorted((row for row in shown if row.state.openable), key=oldest_open_first)
labels = {row.sample_id: f"{row.source_id} · {row.agent} · "
                         f"{t(f'review.status.{row.status}', language)}" for row in openable}
chosen = st.selectbox(t("review.queue.pick", language), list(labels),
                      format_func=labels.__getitem__, key="queue_pick",
                      help=t("review.queue.pick_help", language))
if st.button(t("review.queue.open", language), key="queue_open", type="primary",
             disabled=chosen is None):
    open_review(chosen)
