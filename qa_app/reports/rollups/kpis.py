"""Service KPIs from daily sums per agent: inbound AHT, written first response, SCR.

The database sums interactions per agent and local day (``queries.kpi_sums.daily_sums``);
this module rolls those sums up to any level and period and compares them with the targets:

* AHT (inbound voice) = Σ(talk + hold + acw) ÷ calls handled, target ≤ 300 s. A call is
  *handled* when its talk time is above 0; missing hold or acw count as 0.
* First response (written channels in ``first_response_channels``) = mean of
  ``first_response_seconds`` where known, target ≤ 300 s; ``first_response_within`` is the
  share answered within the target.
* SCR: ``answered_over_offered`` = handled ÷ inbound voice rows (only meaningful when the
  export carries unanswered calls), or ``resolved_wrap_up`` = handled calls whose wrap-up
  code is in the configured list ÷ handled; target ≥ 90%.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from qa_app.reports.rollups.columns import LEVELS
from qa_app.reports.targets import KpiSettings

DAILY_COLUMNS = ("agent_id", "agent", "team", "day", "offered", "handled", "handle_seconds",
                 "resolved", "responses", "response_seconds", "responses_within")
SUMS = ["offered", "handled", "handle_seconds", "resolved", "responses", "response_seconds",
        "responses_within"]


def _period_of_day(day: str, period: str) -> str:
    moment = date.fromisoformat(str(day)[:10])
    if period == "day":
        return moment.isoformat()
    if period == "month":
        return moment.strftime("%Y-%m")
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _period(daily: pd.DataFrame, period: str) -> pd.Series:
    """The period label of each row's day, computed once per distinct day."""
    if period not in ("day", "week", "month"):
        raise ValueError(f"unknown KPI period {period!r}: use day, week or month")
    labels = {day: _period_of_day(day, period) for day in daily["day"].unique()}
    return daily["day"].map(labels).astype(object)


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (part / whole.where(whole > 0) * 100).astype(float)


def kpi_table(daily: pd.DataFrame, level: str, period: str | None,
              settings: KpiSettings) -> pd.DataFrame:
    """One row per level (agent/team/all) and period (day/week/month/None) with the sums,
    ``aht``, ``first_response``, ``first_response_within`` (%), ``scr`` (%) and a
    ``*_met`` flag for each (None where there is nothing to measure)."""
    keys = LEVELS[level] + ([period] if period else [])
    frame = daily.assign(**({period: _period(daily, period)} if period else {}))
    frame = frame.assign(_all="all") if not keys else frame
    table = frame.groupby(keys or ["_all"]).agg({column: "sum" for column in SUMS}).reset_index()
    table["aht"] = (table["handle_seconds"] / table["handled"].where(table["handled"] > 0))
    table["first_response"] = (table["response_seconds"]
                               / table["responses"].where(table["responses"] > 0))
    table["first_response_within"] = _share(table["responses_within"], table["responses"])
    if settings.scr_definition == "answered_over_offered":
        table["scr"] = _share(table["handled"], table["offered"])
    else:
        table["scr"] = _share(table["resolved"], table["handled"])
    table["aht_met"] = _met(table["aht"] <= settings.aht_target_seconds, table["aht"])
    table["first_response_met"] = _met(
        table["first_response"] <= settings.first_response_target_seconds,
        table["first_response"])
    table["scr_met"] = _met(table["scr"] >= settings.scr_target_percent, table["scr"])
    return table.drop(columns=["_all"], errors="ignore").sort_values(keys or SUMS[:1]) \
        .reset_index(drop=True)


def _met(condition: pd.Series, value: pd.Series) -> pd.Series:
    return condition.astype(object).where(value.notna(), None)


def unanswered_calls(table: pd.DataFrame) -> int:
    """Inbound voice rows without talk time in ``table`` (a ``kpi_table``): with none, an
    answered-over-offered SCR is 100% by construction, not by result."""
    return int((table["offered"] - table["handled"]).sum()) if len(table) else 0
