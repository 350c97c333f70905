"""Penilaian saya / My evaluations: an agent's finalized evaluations (a team lead's: their
teams'), what is not yet acknowledged and for how long, one evaluation in full (answers,
the QCO's comments, evidence, recording, masked transcript), acknowledging it, and raising a
dispute inside the window (a team lead on the agent's behalf)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from qa_app.auth.scope import OutOfScope
from qa_app.disputes.errors import DisputeError
from qa_app.i18n import t
from qa_app.services import disputes
from qa_app.web import evaluation_view as show
from qa_app.web.context import page_context
from qa_app.web.table import show_table

VIEWED_KEY = "my_evaluations_viewed"
NOTICE_KEY = "my_evaluations_notice"

page = page_context("my_evaluations")
principal, language, settings = page.principal, page.language, page.settings
tz = settings.tz
now = datetime.now(UTC)
engine = page.engine

st.title(t("disputes.nav.my_evaluations", language))
if notice := st.session_state.pop(NOTICE_KEY, None):
    st.success(t(notice, language))
rows = disputes.list_evaluations(engine, principal, now,
                                 window_days=settings.dispute_window_days)
if not rows:
    st.info(t("disputes.mine.none", language))
    st.stop()

waiting = [row for row in rows if row.acknowledged_at is None]
if principal.role == "team_lead":
    st.subheader(t("disputes.mine.unacknowledged", language, count=len(waiting)))
    show_table({
        t("disputes.col.interaction", language): [row.source_id for row in waiting],
        t("disputes.col.agent", language): [row.agent for row in waiting],
        t("disputes.col.finalized", language): [show.when(row.finalized_at, tz)
                                                for row in waiting],
        t("disputes.col.waiting_days", language): [
            round((row.unacknowledged_hours(now) or 0) / 24, 1) for row in waiting],
    }, key="my_evaluations_waiting")

st.subheader(t("disputes.mine.list", language))
show_table({
    t("disputes.col.interaction", language): [row.source_id for row in rows],
    t("disputes.col.agent", language): [row.agent for row in rows],
    t("disputes.col.week", language): [row.week for row in rows],
    t("disputes.col.score", language): [None if row.score is None else round(row.score, 1)
                                        for row in rows],
    t("disputes.col.fatal", language): [t("disputes.yes" if row.fatal else "disputes.no",
                                          language) for row in rows],
    t("disputes.col.acknowledged", language): [show.when(row.acknowledged_at, tz)
                                               for row in rows],
    t("disputes.col.dispute", language): [
        t(f"disputes.status.{row.dispute_status}", language) if row.dispute_status else "—"
        for row in rows],
    t("disputes.col.window_closes", language): [show.when(row.window_closes, tz)
                                                for row in rows],
}, key="my_evaluations_list")

ids = [row.evaluation_id for row in rows]
labels = {row.evaluation_id: f"{row.source_id} · {row.agent} · {row.week}" for row in rows}
asked = st.query_params.get("evaluation")
start = ids.index(int(asked)) if asked and asked.isdigit() and int(asked) in ids else 0
chosen = st.selectbox(t("disputes.mine.choose", language), ids, index=start,
                      format_func=labels.__getitem__, key="my_evaluations_choice")
viewed = st.session_state.setdefault(VIEWED_KEY, set())
try:
    view = disputes.open_evaluation(engine, principal, int(chosen), now,
                                    window_days=settings.dispute_window_days,
                                    session_id=page.session_id,
                                    record_view=chosen not in viewed)
except (OutOfScope, DisputeError):
    st.error(t("disputes.error.not_found", language, id=chosen))
    st.stop()
viewed.add(chosen)

show.header(view, language, tz)
media_column, items_column = st.columns([5, 6], gap="large")
with media_column:
    playable = show.media(principal, view, language)
with items_column:
    show.items(view, language, playable)

if view.disputes:
    st.subheader(t("disputes.view.disputes", language))
    show.dispute_outcomes(view.disputes, language, tz)


def run(action: str, call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except DisputeError as error:
        st.error(t(error.key, language, **error.params))
        return
    st.session_state[NOTICE_KEY] = f"disputes.mine.done_{action}"
    st.rerun()


if view.may_acknowledge:
    with st.form("my_evaluations_acknowledge"):
        st.subheader(t("disputes.mine.acknowledge", language))
        comment = st.text_area(t("disputes.mine.ack_comment", language),
                               key="my_evaluations_ack_comment")
        if st.form_submit_button(t("disputes.mine.ack_button", language), type="primary"):
            run("acknowledge", lambda: disputes.acknowledge(
                engine, principal, view.row.evaluation_id, comment, datetime.now(UTC),
                session_id=page.session_id))
elif view.acknowledgement_comment:
    st.caption(t("disputes.mine.ack_comment_given", language,
                 comment=view.acknowledgement_comment))

if view.row.may_dispute:
    st.subheader(t("disputes.mine.raise" if principal.role == "agent"
                   else "disputes.mine.raise_on_behalf", language))
    st.caption(t("disputes.mine.window", language, days=settings.dispute_window_days,
                 closes=show.when(view.row.window_closes, tz)))
    named = st.multiselect(t("disputes.mine.items", language),
                           [item.item_id for item in view.items],
                           key=f"my_evaluations_items_{view.row.evaluation_id}",
                           placeholder=t("ui.choose", language))
    reasons = {item_id: st.text_input(t("disputes.mine.item_reason", language, item=item_id),
                                      key=f"my_evaluations_reason_{item_id}")
               for item_id in named}
    overall = st.text_area(t("disputes.mine.reason", language), key="my_evaluations_reason")
    if st.button(t("disputes.mine.raise_button", language), type="primary",
                 key="my_evaluations_raise"):
        run("raise", lambda: disputes.raise_dispute(
            engine, principal, view.row.evaluation_id, reasons, overall, datetime.now(UTC),
            window_days=settings.dispute_window_days,
            ruling_days=settings.dispute_ruling_days, session_id=page.session_id))
elif view.row.dispute_status != "open":
    st.caption(t("disputes.mine.window_closed", language,
                 closes=show.when(view.row.window_closes, tz)))
