"""Pieces the report pages share: the month and team pickers (one choice kept across the
three pages), loading a view, the charts, the QM tables, the SCR note and the audited monthly
QM export. Not a page itself (it is not in the navigation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.i18n.dates import month_text
from qa_app.reports import qm_report
from qa_app.reports.queries.quality import (
    ROLLING_MONTHS,
    QualityView,
    load_quality,
    months_ending,
)
from qa_app.reports.rollups import kpis, qm
from qa_app.reports.rollups.periods import month_of_week
from qa_app.reports.targets import ReportTargets, cached_targets
from qa_app.sampling.weeks import IsoWeek
from qa_app.web import charts, database, login, report_cache
from qa_app.web import report_tables as tables
from qa_app.web.table import light_table

TREND_MONTHS = 6
# the choice the three report pages share (each page's widget has its own key: Streamlit
# forgets a widget's state on a page that does not draw it)
CHOSEN_MONTH, CHOSEN_TEAM = "reports_chosen_month", "reports_chosen_team"


def targets() -> ReportTargets:
    return cached_targets(get_settings().report_targets_file)


def _kept(options: list[str], key: str, default: str | None) -> int:
    """The index of the shared choice under ``key`` (else ``default``, else the first)."""
    for wanted in (st.session_state.get(key), default):
        if wanted in options:
            return options.index(wanted)
    return 0


def month_picker(principal: Principal, language: str, key: str,
                 container: DeltaGenerator | None = None) -> str:
    """The month, opening on the one chosen on another report page, else on the latest month
    with finalized evaluations in the principal's scope (not on an empty current month)."""
    months, latest = report_cache.month_choices(principal)
    picker = st.selectbox if container is None else container.selectbox
    month: str = picker(t("reports.month", language), months, key=key,
                        index=_kept(months, CHOSEN_MONTH, latest),
                        format_func=lambda month: month_text(month, language))
    st.session_state[CHOSEN_MONTH] = month
    return month


def team_picker(teams: list[str], language: str, key: str,
                container: DeltaGenerator | None = None, preferred: str | None = None) -> str:
    """The team, opening on ``preferred`` (a team the URL implies) or the one chosen on
    another report page."""
    index = teams.index(preferred) if preferred in teams else _kept(teams, CHOSEN_TEAM, None)
    picker = st.selectbox if container is None else container.selectbox
    team: str = picker(t("reports.col.team", language), teams, key=key, index=index)
    st.session_state[CHOSEN_TEAM] = team
    return team


def load_view(principal: Principal, month: str, level: str, team: str | None = None,
              agent_id: int | None = None) -> QualityView:
    """The month's rollups and its trends (cached: ``web.report_cache``)."""
    return report_cache.quality_view(principal, months_ending(month, TREND_MONTHS), level,
                                     team, agent_id)


def evaluations_of(principal: Principal, month: str, agent_id: int) -> pd.DataFrame:
    """One agent's finalized evaluations of the chosen month, one row each."""
    return report_cache.agent_evaluations(principal, month, agent_id)


def of_month(table: pd.DataFrame, month: str) -> pd.DataFrame:
    return table[table["month"] == month].reset_index(drop=True)


def of_weeks_in(table: pd.DataFrame, month: str) -> pd.DataFrame:
    """The rows of ``table`` whose ``week`` belongs to ``month`` (its Thursday's)."""
    inside = [month_of_week(str(week)) == month for week in table["week"]]
    return table[pd.Series(inside, index=table.index, dtype=bool)].reset_index(drop=True)


def heading(text: str, container: DeltaGenerator | None = None) -> None:
    """The heading of one table or chart within a section."""
    (st if container is None else container).markdown(f"##### {text}")


def quality_tables(view: QualityView, month: str, level: str, language: str) -> None:
    """QM of the month with its intervals, rolling 3 months (the windows ending in the month
    and the two before), targeted reviews apart, and tapping completion — one row per
    ``level`` ("team" or "agent")."""
    light_table(tables.display(of_month(view.qm_month, month), (level, *tables.QM_COLUMNS),
                               language))
    st.caption(t("reports.margin_note", language))
    heading(t("reports.section.rolling", language))
    ends = months_ending(month, ROLLING_MONTHS)
    rolling = view.qm_rolling[view.qm_rolling["month"].isin(ends)]
    rolling = rolling.assign(window=rolling["month"].map(
        lambda end: tables.window(end, ROLLING_MONTHS))).sort_values([level, "month"])
    light_table(tables.display(rolling, (level, "window", *tables.QM_COLUMNS), language))
    heading(t("reports.section.targeted", language))
    light_table(tables.display(of_month(view.targeted, month),
                               (level, "evaluations", "qm", "interval", "fatal"), language))
    heading(t("reports.section.completion", language))
    light_table(tables.display(of_month(view.completion, month),
                               (level, *tables.COMPLETION_COLUMNS), language))


def chart(container: DeltaGenerator, builder: Callable[..., Any], *args: object) -> None:
    """The chart ``builder(*args)`` of ``web.charts`` in ``container`` (its spec cached)."""
    container.vega_lite_chart(spec=report_cache.chart_spec(builder, *args))


def qm_trend(table: pd.DataFrame, period: str, language: str) -> dict[str, Any]:
    """The spec of the QM trend per ``period`` (week or month), marked: n too small, still
    running."""
    now = datetime.now(get_settings().tz).date()
    current = str(IsoWeek.containing(now)) if period == "week" else f"{now:%Y-%m}"
    return report_cache.chart_spec(
        charts.qm_trend, qm.marked(table, period, current), period, get_settings().qm_target,
        t(f"reports.col.{period}", language), t("reports.chart.qm", language),
        t("reports.mark.n_too_small", language), t("reports.mark.in_progress", language))


def trend_charts(view: QualityView, language: str) -> None:
    """QM per week and month (with the interval band), CSI per month, AHT and SCR per week."""
    kpi = targets().kpi
    week, month = t("reports.col.week", language), t("reports.col.month", language)
    left, right = st.columns(2)
    left.vega_lite_chart(spec=qm_trend(view.trend_week, "week", language))
    right.vega_lite_chart(spec=qm_trend(view.trend_month, "month", language))
    left, right = st.columns(2)
    chart(left, charts.trend, view.csi_trend, "month", "index", None, month,
          t("reports.chart.csi", language))
    chart(right, charts.trend, view.kpi_week, "week", "aht", kpi.aht_target_seconds, week,
          t("reports.chart.aht", language))
    left, right = st.columns(2)
    chart(left, charts.trend, view.kpi_week, "week", "scr", kpi.scr_target_percent, week,
          t("reports.chart.scr", language))
    chart(right, charts.trend, view.kpi_month, "month", "first_response",
          kpi.first_response_target_seconds, month, t("reports.chart.first_response", language))


def glance_charts(view: QualityView, month: str, level: str, language: str) -> None:
    """The month at a glance, per ``level``: QM against the target with its interval, the
    CSI index in its bands, AHT and SCR against their targets."""
    kpi, group, target = targets().kpi, t(f"reports.col.{level}", language), \
        get_settings().qm_target
    left, right = st.columns(2)
    heading(t("reports.chart.qm_by_group", language, target=f"{target:g}"), left)
    chart(left, charts.qm_by_group, of_month(view.qm_month, month), level, target, group,
          t("reports.chart.qm", language), t("reports.mark.n_too_small", language))
    heading(t("reports.chart.csi_bands", language), right)
    bands = [band.label for band in targets().csi.bands]
    chart(right, charts.csi_bands, of_month(view.csi, month), level, bands, group,
          t("reports.chart.csi", language), t("reports.col.band", language))
    service = of_month(view.kpis, month)
    left, right = st.columns(2)
    aht, scr = kpi.aht_target_seconds, kpi.scr_target_percent
    heading(t("reports.chart.aht_by_group", language, target=f"{aht:g}"), left)
    chart(left, charts.kpi_by_group, service, level, "aht", aht, False, group,
          t("reports.chart.aht", language))
    heading(t("reports.chart.scr_by_group", language, target=f"{scr:g}"), right)
    chart(right, charts.kpi_by_group, service, level, "scr", scr, True, group,
          t("reports.chart.scr", language))


def scr_note(service: pd.DataFrame, language: str) -> None:
    """What SCR means here, and a warning when every inbound call of ``service`` (a KPI
    table of the period) was answered, so that 100% is not read as a result."""
    definition = targets().kpi.scr_definition
    st.caption(t(f"reports.scr.{definition}", language))
    offered = int(service["offered"].sum()) if len(service) else 0
    if definition == "answered_over_offered" and offered and not kpis.unanswered_calls(service):
        st.warning(t("reports.scr.no_abandoned", language))


def export_buttons(principal: Principal, month: str, language: str, key: str,
                   team: str | None = None) -> None:
    """The monthly QM report (XLSX: summary + a sheet per team; CSV: one row per agent),
    summed per agent when a button is pressed."""
    settings = get_settings()

    def build(kind: str) -> bytes:
        with session_scope(database.engine()) as session:
            data = load_quality(session, principal, (month,), settings.tz, targets(), team=team)
            return qm_report.audited_export(session, principal, data, month, kind, language,
                                            settings.qm_target, targets(), team,
                                            login.session_id())

    name = f"laporan-qm-{month}" + (f"-{team}" if team else "")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(t("reports.export.csv", language), data=lambda: build("csv"),
                               file_name=f"{name}.csv", mime="text/csv", on_click="ignore",
                               key=f"{key}_csv")
    xlsx_column.download_button(
        t("reports.export.xlsx", language), data=lambda: build("xlsx"),
        file_name=f"{name}.xlsx", on_click="ignore", key=f"{key}_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
