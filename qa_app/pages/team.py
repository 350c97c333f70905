"""Team page: a team's agents against the QM target for a month (with intervals, quota marks
and rolling figures), their items, CSI, service KPIs per day of the month, and the team's
export. The team and month are those chosen on the other report pages."""

from __future__ import annotations

import streamlit as st

from qa_app.i18n import t
from qa_app.pages import report_parts as parts
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.reports.queries.quality import visible_teams
from qa_app.web import report_tables as tables
from qa_app.web.context import page_context
from qa_app.web.table import light_table

page = page_context("reports_team")
principal, language, settings = page.principal, page.language, page.settings

st.title(t("reports.team.title", language))
with page.session() as session:
    teams = visible_teams(session, principal)
    wording = item_wording(session)
if not teams:
    st.info(t("reports.team.none", language))
    st.stop()
team_column, month_column = st.columns(2)
team = parts.team_picker(teams, language, "reports_team_team", team_column)
month = parts.month_picker(principal, language, "reports_team_month", month_column)
view = parts.load_view(principal, month, "agent", team=team)

st.subheader(t("reports.section.qm_agent", language, target=f"{settings.qm_target:g}"))
parts.quality_tables(view, month, "agent", language)

st.subheader(t("reports.section.trends", language))
parts.trend_charts(view, language)

st.subheader(t("reports.section.items", language))
light_table(tables.display(tables.with_item_texts(view.pareto, wording, language),
                           tables.PARETO_COLUMNS, language))
st.subheader(t("reports.section.csi", language))
light_table(tables.display(parts.of_month(view.csi, month), ("agent", *tables.CSI_COLUMNS),
                           language))
parts.heading(t("reports.section.mismatches", language))
mismatches = tables.with_mismatch_labels(parts.of_weeks_in(view.mismatches, month), language)
light_table(tables.display(mismatches, tables.MISMATCH_COLUMNS, language))
st.subheader(t("reports.section.kpi", language))
parts.scr_note(parts.of_month(view.kpis, month), language)
days = view.kpi_days[view.kpi_days["day"].astype(str).str.startswith(month)]
light_table(tables.display(days, ("agent", "day", *tables.KPI_COLUMNS[1:]), language))
st.caption(t("reports.kpi_note", language))

st.subheader(t("reports.section.export", language))
parts.export_buttons(principal, month, language, "reports_team_export", team=team)
