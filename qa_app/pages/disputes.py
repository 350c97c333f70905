"""Sengketa / Disputes: the ruling queue of the QCO lead (and of QCOs, on others'
evaluations) with deadlines, ruling each item, the correction requests, and the dispute
figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from qa_app.auth.scope import OutOfScope
from qa_app.disputes.errors import DisputeError
from qa_app.disputes.rules import RULINGS, ItemRuling
from qa_app.i18n import t
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.review.errors import ReviewError
from qa_app.scoring.item_keys import ItemKey
from qa_app.services import disputes
from qa_app.web import evaluation_view as show
from qa_app.web.context import page_context
from qa_app.web.report_tables import form_name
from qa_app.web.table import show_table

NOTICE_KEY = "disputes_notice"
VIEWED_KEY = "disputes_viewed"

page = page_context("disputes")
principal, language, settings = page.principal, page.language, page.settings
tz = settings.tz
now = datetime.now(UTC)
engine = page.engine
is_lead = principal.role == "qco_lead"

st.title(t("disputes.nav.disputes", language))
if notice := st.session_state.pop(NOTICE_KEY, None):
    st.success(t(notice, language))


def run(action: str, call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except (DisputeError, ReviewError) as error:
        st.error(t(error.key, language, **error.params))
        return
    st.session_state[NOTICE_KEY] = f"disputes.queue.done_{action}"
    st.rerun()


queue = disputes.ruling_queue(engine, principal)
st.subheader(t("disputes.queue.title", language, count=len(queue)))
if not queue:
    st.caption(t("disputes.queue.empty", language))
else:
    show_table({
        "#": [d.id for d in queue],
        t("disputes.col.interaction", language): [d.source_id for d in queue],
        t("disputes.col.agent", language): [d.agent for d in queue],
        t("disputes.col.reviewer", language): [d.reviewer for d in queue],
        t("disputes.col.raised", language): [show.when(d.raised_at, tz) for d in queue],
        t("disputes.col.deadline", language): [show.when(d.deadline_at, tz) for d in queue],
        t("disputes.col.overdue", language): [t("disputes.yes" if d.overdue(now)
                                                else "disputes.no", language) for d in queue],
        t("disputes.col.items", language): [", ".join(i.item_id for i in d.items)
                                            for d in queue],
    }, key="disputes_queue")
    ids = [d.id for d in queue]
    asked = st.query_params.get("dispute")
    start = ids.index(int(asked)) if asked and asked.isdigit() and int(asked) in ids else 0
    chosen = st.selectbox(t("disputes.queue.choose", language), ids, index=start,
                          format_func=lambda i: f"#{i} · {queue[ids.index(i)].source_id}",
                          key="disputes_choice")
    dispute = queue[ids.index(chosen)]
    viewed = st.session_state.setdefault(VIEWED_KEY, set())
    try:
        view = disputes.open_evaluation(engine, principal, dispute.evaluation_id, now,
                                        window_days=settings.dispute_window_days,
                                        session_id=page.session_id,
                                        record_view=dispute.evaluation_id not in viewed)
    except (OutOfScope, DisputeError):
        st.error(t("disputes.error.not_found", language, id=chosen))
        st.stop()
    viewed.add(dispute.evaluation_id)
    show.header(view, language, tz)
    if dispute.reason:
        st.info(t("disputes.queue.reason", language, reason=dispute.reason))
    with st.expander(t("disputes.queue.evaluation", language)):
        media_column, items_column = st.columns([5, 6], gap="large")
        with media_column:
            playable = show.media(principal, view, language)
        with items_column:
            show.items(view, language, playable)
    scales = {item.item_id: item.scale for item in view.items}
    rulings = {}
    for item in dispute.items:
        with st.container(border=True):
            st.markdown(t("disputes.queue.item", language, item=item.item_id, text=item.text,
                          answer=show.answer_text(item.answer_at_raise, language),
                          reason=item.reason))
            ruling = st.radio(t("disputes.queue.ruling", language, item=item.item_id), RULINGS,
                              format_func=lambda r: t(f"disputes.ruling.{r}", language),
                              horizontal=True, index=None,
                              key=f"disputes_ruling_{dispute.id}_{item.item_id}")
            answer = None
            if ruling in ("accepted", "partly_accepted"):
                scale = list(scales.get(item.item_id, ()))
                default = "yes" if ruling == "accepted" else "partial"
                answer = st.selectbox(
                    t("disputes.queue.new_answer", language, item=item.item_id), scale,
                    index=scale.index(default) if default in scale else 0,
                    format_func=lambda a: show.answer_text(a, language),
                    key=f"disputes_answer_{dispute.id}_{item.item_id}_{ruling}")
            reason = st.text_input(t("disputes.queue.ruling_reason", language,
                                     item=item.item_id),
                                   key=f"disputes_reason_{dispute.id}_{item.item_id}")
            if ruling is not None:
                rulings[item.item_id] = ItemRuling(ruling, reason, answer)
    if st.button(t("disputes.queue.rule_button", language), type="primary",
                 key="disputes_rule"):
        run("rule", lambda: disputes.rule_dispute(engine, principal, dispute.id, rulings,
                                                  datetime.now(UTC),
                                                  session_id=page.session_id))

st.subheader(t("disputes.corrections.title", language))
corrections = disputes.correction_queue(engine, principal)
if not corrections:
    st.caption(t("disputes.corrections.empty", language))
for request in corrections:
    with st.container(border=True):
        st.markdown(t("disputes.corrections.line", language, id=request.id,
                      interaction=request.source_id, agent=request.agent,
                      by=request.requested_by, at=show.when(request.requested_at, tz),
                      reason=request.reason))
        if is_lead:
            done_column, decline_column = st.columns(2)
            if done_column.button(t("disputes.corrections.done", language),
                                  key=f"disputes_correction_done_{request.id}"):
                run("correction_closed", lambda r=request.id: disputes.close_correction(
                    engine, principal, r, done=True, now=datetime.now(UTC),
                    session_id=page.session_id))
            if decline_column.button(t("disputes.corrections.decline", language),
                                     key=f"disputes_correction_decline_{request.id}"):
                run("correction_closed", lambda r=request.id: disputes.close_correction(
                    engine, principal, r, done=False, now=datetime.now(UTC),
                    session_id=page.session_id))
if principal.role == "qco":
    choices = disputes.final_evaluations_to_correct(engine, principal)
    if choices:
        with st.form("disputes_request_correction"):
            labels = dict(choices)
            target = st.selectbox(t("disputes.corrections.evaluation", language),
                                  list(labels), format_func=labels.__getitem__)
            why = st.text_input(t("disputes.corrections.reason", language))
            if st.form_submit_button(t("disputes.corrections.request", language)):
                run("correction_requested", lambda: disputes.request_correction(
                    engine, principal, int(target), why, datetime.now(UTC),
                    session_id=page.session_id))

if is_lead:
    st.subheader(t("disputes.figures.title", language))
    days = st.segmented_control(t("disputes.figures.period", language), [30, 90, 365],
                                default=90, format_func=lambda d: t("disputes.figures.days",
                                                                    language, days=d),
                                key="disputes_figures_days") or 90
    numbers = disputes.figures(engine, principal, now - timedelta(days=days), now)
    count_column, open_column, upheld_column, median_column = st.columns(4)
    count_column.metric(t("disputes.figures.count", language), numbers.disputes)
    open_column.metric(t("disputes.figures.open", language), numbers.open)
    upheld_column.metric(t("disputes.figures.upheld", language),
                         "—" if numbers.share_upheld is None
                         else f"{numbers.share_upheld * 100:.0f}%")
    median_column.metric(t("disputes.figures.median", language),
                         "—" if numbers.median_hours_to_ruling is None
                         else f"{numbers.median_hours_to_ruling:.1f}")

    def tally_table(tallies: tuple, first: dict[str, list[object]]) -> dict[str, list[object]]:
        return {
            **first,
            t("disputes.figures.base", language): [tally.base for tally in tallies],
            t("disputes.figures.disputed", language): [tally.disputed for tally in tallies],
            t("disputes.figures.rate", language): [
                None if tally.rate is None else round(tally.rate * 100, 1) for tally in tallies],
            t("disputes.figures.upheld_count", language): [tally.upheld for tally in tallies],
            t("disputes.figures.upheld", language): [
                None if tally.share_upheld is None else round(tally.share_upheld * 100, 1)
                for tally in tallies],
        }

    st.markdown(t("disputes.figures.per_qco", language))
    show_table(tally_table(numbers.per_qco, {t("disputes.col.reviewer", language):
                                             [tally.key for tally in numbers.per_qco]}),
                  key="disputes_figures_qco")
    st.markdown(t("disputes.figures.per_item", language))
    with page.session() as session:
        wording = item_wording(session)
    show_table(tally_table(numbers.per_item, {  # an item is its form and id
        t("reports.col.form_name", language): [form_name(tally.key[0], wording, language)
                                               for tally in numbers.per_item],
        t("disputes.col.item", language): [tally.key[1] for tally in numbers.per_item],
        t("reports.col.item_text", language): [wording.texts.get(ItemKey(*tally.key), "")
                                               for tally in numbers.per_item]}),
                  key="disputes_figures_item")
