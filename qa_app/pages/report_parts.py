"""Pieces the report pages share: the month picker, loading a view, trend charts and the
audited monthly QM export. Not a page itself (it is not in the navigation)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from qa_app import ui, ui_auth, ui_table
from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.reports import charts, qm_report, tables
from qa_app.reports.service import (QualityView, agent_evaluations, available_months,
                                    load_quality, months_ending, quality_view)
from qa_app.reports.targets import ReportTargets, cached_targets

TREND_MONTHS = 6


def targets() -> ReportTargets:
    return cached_targets(get_settings().report_targets_file)


def month_picker(language: str, key: str) -> str:
    settings = get_settings()
    with session_scope(ui.engine()) as session:
        months = available_months(session, datetime.now(settings.tz).date())
    return st.selectbox(t("reports.month", language), months, key=key)


def load_view(principal: Principal, month: str, level: str, team: str | None = None,
              agent_id: int | None = None) -> QualityView:
    settings = get_settings()
    with session_scope(ui.engine()) as session:
        data = load_quality(session, principal, months_ending(month, TREND_MONTHS),
                            settings.tz, targets(), team=team, agent_id=agent_id, level=level)
    return quality_view(data, level, settings.qm_target, targets())


def evaluations_of(principal: Principal, month: str, agent_id: int) -> pd.DataFrame:
    """One agent's finalized evaluations over the trend months, one row each."""
    with session_scope(ui.engine()) as session:
        return agent_evaluations(session, principal, months_ending(month, TREND_MONTHS),
                                 agent_id)


def of_month(table: pd.DataFrame, month: str) -> pd.DataFrame:
    return table[table["month"] == month].reset_index(drop=True)


def quality_tables(view: QualityView, month: str, level: str, language: str, key: str) -> None:
    """QM of the month with its margins, rolling 3 months, targeted reviews apart, and
    tapping completion — one row per ``level`` ("team" or "agent")."""
    ui_table.show(tables.display(of_month(view.qm_month, month), (level, *tables.QM_COLUMNS),
                                 language), hide_index=True, key=key)
    st.caption(t("reports.margin_note", language))
    st.subheader(t("reports.section.rolling", language))
    ui_table.show(tables.display(of_month(view.qm_rolling, month), (level, *tables.QM_COLUMNS),
                                 language), hide_index=True)
    st.subheader(t("reports.section.targeted", language))
    ui_table.show(tables.display(of_month(view.targeted, month),
                                 (level, "evaluations", "qm", "margin", "fatal"), language),
                  hide_index=True)
    st.subheader(t("reports.section.completion", language))
    ui_table.show(tables.display(of_month(view.completion, month),
                                 (level, *tables.COMPLETION_COLUMNS), language), hide_index=True)


def trend_charts(view: QualityView, language: str) -> None:
    """QM per week and month (with the margin band), CSI per month, AHT and SCR per week."""
    settings, kpi = get_settings(), targets().kpi
    week, month = t("reports.col.week", language), t("reports.col.month", language)
    left, right = st.columns(2)
    left.altair_chart(charts.trend(view.trend_week, "week", "qm", settings.qm_target, week,
                                   t("reports.chart.qm", language), "margin"))
    right.altair_chart(charts.trend(view.trend_month, "month", "qm", settings.qm_target, month,
                                    t("reports.chart.qm", language), "margin"))
    left, right = st.columns(2)
    left.altair_chart(charts.trend(view.csi_trend, "month", "index", None, month,
                                   t("reports.chart.csi", language)))
    right.altair_chart(charts.trend(view.kpi_week, "week", "aht", kpi.aht_target_seconds, week,
                                    t("reports.chart.aht", language)))
    left, right = st.columns(2)
    left.altair_chart(charts.trend(view.kpi_week, "week", "scr", kpi.scr_target_percent, week,
                                   t("reports.chart.scr", language)))
    right.altair_chart(charts.trend(view.kpi_month, "month", "first_response",
                                    kpi.first_response_target_seconds, month,
                                    t("reports.chart.first_response", language)))


def export_buttons(principal: Principal, month: str, language: str, key: str,
                   team: str | None = None) -> None:
    """The monthly QM report (XLSX: summary + a sheet per team; CSV: one row per agent),
    summed per agent when a button is pressed."""
    settings = get_settings()

    def build(kind: str) -> bytes:
        with session_scope(ui.engine()) as session:
            data = load_quality(session, principal, (month,), settings.tz, targets(), team=team)
            return qm_report.audited_export(session, principal, data, month, kind, language,
                                            settings.qm_target, targets(), team,
                                            ui_auth.session_id())

    name = f"laporan-qm-{month}" + (f"-{team}" if team else "")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(t("reports.export.csv", language), data=lambda: build("csv"),
                               file_name=f"{name}.csv", mime="text/csv", on_click="ignore",
                               key=f"{key}_csv")
    xlsx_column.download_button(
        t("reports.export.xlsx", language), data=lambda: build("xlsx"),
        file_name=f"{name}.xlsx", on_click="ignore", key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
