"""Menilai penilai (grading the grader): per QCO over a period — alignment with calibration
baselines, strictness, AI override rate, minutes per evaluation, disputes upheld — and a
weekly trend of each. QCO leads; managers read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from qa_app.calibration.grading import MEASURES
from qa_app.i18n import t
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.scoring.item_keys import ItemKey
from qa_app.services.grading import grading_report
from qa_app.web.context import page_context
from qa_app.web.grader_charts import grader_trend
from qa_app.web.report_tables import form_name
from qa_app.web.table import show_table

page = page_context("grading")
principal, language, zone = page.principal, page.language, page.settings.tz
st.title(t("calibration.nav.grading", language))
today = datetime.now(UTC).astimezone(zone).date()
first_column, last_column = st.columns(2)
first = first_column.date_input(t("calibration.grading.from", language), format="DD/MM/YYYY",
                                value=today - timedelta(days=90), key="grading_from")
last = last_column.date_input(t("calibration.grading.to", language), format="DD/MM/YYYY",
                              value=today, key="grading_to")
with page.session() as session:
    report = grading_report(session, principal, first, last, zone)
    wording = item_wording(session)
if not report.rows:
    st.info(t("calibration.grading.none", language))
    st.stop()
label = {m: t(f"calibration.grading.measure.{m}", language) for m in MEASURES}
percentages = {"alignment", "override_rate"}


def shown(measure: str, value: float | None) -> str | float | None:
    """Shares as percentages; points and minutes as numbers (the table guard quotes text
    that starts with a minus)."""
    if value is None:
        return None
    return f"{value * 100:.0f}%" if measure in percentages else round(value, 1)


qco = t("calibration.grading.qco", language)
period = [r for r in report.rows if r.week is None]
show_table(pd.DataFrame({qco: [r.reviewer for r in period],
                            **{label[m]: [shown(m, r.values[m]) for r in period]
                               for m in MEASURES}}))
st.subheader(t("calibration.grading.trend", language))
for measure in MEASURES:
    weekly = pd.DataFrame([{"week": r.week, "qco": r.reviewer, "value": r.values[measure]}
                           for r in report.rows if r.week is not None])
    st.markdown(f"**{label[measure]}**")
    st.altair_chart(grader_trend(weekly, t("calibration.grading.week", language),
                                 label[measure], qco))
st.subheader(t("calibration.grading.overrides", language))
show_table(pd.DataFrame({
    qco: [k[0] for k in report.overrides],
    t("reports.col.form_name", language): [form_name(k[1], wording, language)
                                           for k in report.overrides],
    t("calibration.grading.item", language): [k[2] for k in report.overrides],
    t("reports.col.item_text", language): [wording.texts.get(ItemKey(k[1], k[2]), "")
                                           for k in report.overrides],
    label["override_rate"]: [f"{v * 100:.0f}%" for v in report.overrides.values()]}))
