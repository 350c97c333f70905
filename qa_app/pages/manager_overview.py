"""Manager overview: QM, CSI and service KPIs of every team against their targets — charts
first, then trends over weeks and months, and the tables: QM, tapping completion, item
analysis, QM–CSI linkage, KPIs, and the export."""

from __future__ import annotations

import streamlit as st

from qa_app.i18n import t
from qa_app.pages import report_parts as parts
from qa_app.reports.queries.evaluation_rows import item_wording
from qa_app.reports.queries.quality import visible_teams
from qa_app.web import report_tables as tables
from qa_app.web.context import page_context
from qa_app.web.table import light_table

page = page_context("reports_overview")
principal, language, settings = page.principal, page.language, page.settings

st.title(t("reports.overview.title", language))
st.caption(t("reports.overview.help", language, target=f"{settings.qm_target:g}"))
with page.session() as session:
    wording = item_wording(session)
    teams = visible_teams(session, principal)
month_column, team_column, link_column = st.columns([1, 1, 1], vertical_alignment="bottom")
month = parts.month_picker(principal, language, "reports_overview_month", month_column)
if teams:  # the team whose page opens from here (and whose agents the scorecard lists)
    parts.team_picker(teams, language, "reports_overview_team", team_column)
    link_column.page_link("../pages/team.py", label=t("reports.overview.open_team", language))
view = parts.load_view(principal, month, "team")
kpi = parts.targets().kpi

everyone = parts.of_month(view.trend_month, month)
survey = parts.of_month(view.csi_trend, month)
service = parts.of_month(view.kpi_month, month)
qm_figure, aht_figure = tables.figure(everyone, "qm"), tables.figure(service, "aht", 0)
scr_figure = tables.figure(service, "scr")
qm_metric, csi_metric, aht_metric, scr_metric = st.columns(4)
qm_metric.metric(t("reports.metric.qm", language), qm_figure,
                 tables.target_delta(qm_figure, settings.qm_target, language),
                 help=t("reports.metric.qm_help", language))
csi_metric.metric(t("reports.metric.csi", language), tables.figure(survey, "index"),
                  survey["band"].iloc[0] if len(survey) else None, delta_color="off",
                  delta_arrow="off")
aht_metric.metric(t("reports.metric.aht", language), aht_figure,
                  tables.target_delta(aht_figure, kpi.aht_target_seconds, language, 0),
                  delta_color="inverse")
scr_metric.metric(t("reports.metric.scr", language), scr_figure,
                  tables.target_delta(scr_figure, kpi.scr_target_percent, language))
parts.scr_note(service, language)

parts.glance_charts(view, month, "team", language)

st.subheader(t("reports.section.trends", language))
parts.trend_charts(view, language)

st.subheader(t("reports.section.qm_team", language))
parts.quality_tables(view, month, "team", language)
parts.heading(t("reports.section.reviewers", language))
light_table(tables.display(parts.of_month(view.reviewers, month), tables.REVIEWER_COLUMNS,
                           language))

st.subheader(t("reports.section.items", language))
light_table(tables.display(tables.with_item_texts(view.pareto, wording, language),
                           tables.PARETO_COLUMNS, language))
parts.heading(t("reports.section.fatal", language))
light_table(tables.display(view.fatal, ("team", "month", "evaluations", "fatal", "fatal_rate"),
                           language))

st.subheader(t("reports.section.csi", language))
light_table(tables.display(parts.of_month(view.csi, month), ("team", *tables.CSI_COLUMNS),
                           language))
st.subheader(t("reports.section.linkage", language))
link = view.correlation
st.write(t("reports.correlation", language, n=link.n,
           r="–" if link.r is None else f"{link.r:.2f}",
           low="–" if link.low is None else f"{link.low:.2f}",
           high="–" if link.high is None else f"{link.high:.2f}"))
parts.heading(t("reports.section.csi_by_item", language))
light_table(tables.display(tables.with_item_texts(view.csi_by_item, wording, language),
                           tables.CSI_ITEM_COLUMNS, language))
parts.heading(t("reports.section.mismatches", language))
mismatches = tables.with_mismatch_labels(parts.of_weeks_in(view.mismatches, month), language)
light_table(tables.display(mismatches, tables.MISMATCH_COLUMNS, language))

st.subheader(t("reports.section.kpi", language))
light_table(tables.display(parts.of_month(view.kpis, month), ("team", *tables.KPI_COLUMNS),
                           language))
st.caption(t("reports.kpi_note", language))

st.subheader(t("reports.section.export", language))
parts.export_buttons(principal, month, language, "reports_overview_export")
