"""Akurasi Pra-skor: per form and item, how often the pre-score the QCOs were shown agreed
with their final answer, over the latest finalized evaluations, with Cohen's kappa and the
weekly trend. Recomputed every night and on demand here. QCO leads and managers."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from qa_app.review.prescore_accuracy import Figures
from qa_app.services.prescore_accuracy import SCHEDULER, recompute, snapshot
from qa_app.web.accuracy_charts import agreement_trend
from qa_app.web.context import page_context
from qa_app.web.table import show_table

page = page_context("prescore_accuracy")
t, zone = page.t, page.settings.tz
DONE_KEY = "accuracy_just_computed"

st.title(t("accuracy_page.title"))
st.caption(t("accuracy_page.help", window=page.settings.prescore_accuracy_window))


def refresh() -> None:
    """Before the page is drawn again, so what follows already shows the new snapshot."""
    reports = recompute(page.engine, page.settings, page.principal.username)
    st.session_state[DONE_KEY] = sum(report.compared > 0 for report in reports.values())


st.button(t("accuracy_page.refresh"), type="primary", key="accuracy_refresh",
          help=t("accuracy_page.refresh_help"), on_click=refresh)
if DONE_KEY in st.session_state:
    st.success(t("accuracy_page.refreshed", forms=st.session_state.pop(DONE_KEY)))

current = snapshot(page.engine)
if current is None:
    st.info(t("accuracy_page.never"))
    st.stop()


def day(moment: datetime | None) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y") if moment else "—"


by = t("accuracy_page.by_scheduler") if current.computed_by == SCHEDULER else current.computed_by
st.caption(t("accuracy_page.computed", at=current.computed_at.astimezone(zone).strftime(
    "%d/%m/%Y %H:%M"), by=by, count=current.evaluations, window=current.window,
    first=day(current.first_finalized_at), last=day(current.last_finalized_at)))
if not current.forms:
    st.info(t("accuracy_page.empty"))
    st.stop()


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def kappa(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def weekly(weeks: tuple[tuple[date, Figures], ...]) -> pd.DataFrame:
    return pd.DataFrame([{"week": week, "shown": week.strftime("%d/%m/%Y"),
                          "agreement": None if f.agreement is None else f.agreement * 100,
                          "kappa": f.kappa, "evaluations": f.evaluations} for week, f in weeks])


for form in current.forms:
    st.header(form.title)
    cells = st.columns(4)
    cells[0].metric(t("accuracy_page.evaluations"), form.figures.evaluations)
    cells[1].metric(t("accuracy_page.agreement"), percent(form.figures.agreement))
    cells[2].metric(t("accuracy_page.kappa"), "—" if form.figures.kappa is None
                    else f"{form.figures.kappa:.2f}")
    cells[3].metric(t("accuracy_page.answered"), percent(form.figures.answered_share))
    show_table(pd.DataFrame([{
        t("accuracy_page.col.item"): item.item_id, t("accuracy_page.col.text"): item.text,
        t("accuracy_page.col.n"): item.figures.evaluations,
        t("accuracy_page.answered"): percent(item.figures.answered_share),
        t("accuracy_page.agreement"): percent(item.figures.agreement),
        t("accuracy_page.kappa"): kappa(item.figures.kappa)} for item in form.items]))
    st.subheader(t("accuracy_page.trend"))
    names: dict[str | None, str] = {None: t("accuracy_page.all_items"), **{
        item.item_id: f"{item.item_id} · {item.text}" for item in form.items}}
    chosen = st.selectbox(t("accuracy_page.trend_of"), list(names), key=f"trend_{form.form_id}",
                          format_func=names.__getitem__)
    weeks = form.weeks if chosen is None else \
        next(item.weeks for item in form.items if item.item_id == chosen)
    st.altair_chart(agreement_trend(weekly(weeks), t("accuracy_page.week"),
                                    t("accuracy_page.agreement_percent"),
                                    t("accuracy_page.kappa"), t("accuracy_page.evaluations")))
