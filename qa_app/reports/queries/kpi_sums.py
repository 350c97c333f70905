"""Daily KPI sums per team or agent, aggregated in SQL (``rollups.kpis`` rolls them up).

They are read from ``report_kpi_day`` while it was counted for this zone and these settings
(``summaries.kpi_day_table``), else counted from the interactions with the same definition.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.summary_models import KpiDay
from qa_app.reports.queries.quality_sums import level_columns
from qa_app.reports.queries.scope_filter import Filter, agent_filter, frame_of, month_bounds
from qa_app.reports.summaries import kpi_day_table
from qa_app.reports.summaries.kpi_day_table import SUM_COLUMNS, day_sums
from qa_app.reports.targets import KpiSettings
from qa_app.vocabulary import Role


def readable(session: Session, principal: Principal, zone: ZoneInfo,
             settings: KpiSettings) -> bool:
    """Whether the table was counted on this basis, and the principal's interactions are
    those of a set of agents (a QCO's are their assigned samples: they read interactions)."""
    return principal.role != Role.QCO and kpi_day_table.is_current(session, zone, settings)


def sums_query(principal: Principal, chosen: Filter, zone: ZoneInfo,
               keys: list[object]) -> Select[tuple[object, ...]]:
    """The sums of ``report_kpi_day`` per ``keys`` and day, in the principal's scope."""
    first, last = (day.astimezone(zone) for day in month_bounds(chosen.months, zone))
    sums = [func.sum(getattr(KpiDay, column)).label(column) for column in SUM_COLUMNS]
    return (select(*keys, KpiDay.day, *sums)
            .join(Agent, Agent.id == KpiDay.agent_id).join(Team, Team.id == Agent.team_id)
            .where(visible(principal, KpiDay), KpiDay.day >= f"{first:%Y-%m-%d}",
                   KpiDay.day < f"{last:%Y-%m-%d}",
                   agent_filter(principal, chosen, KpiDay.agent_id))
            .group_by(*keys, KpiDay.day).order_by(*keys, KpiDay.day))


def daily_sums(session: Session, principal: Principal, chosen: Filter, zone: ZoneInfo,
               settings: KpiSettings, level: str = "agent") -> pd.DataFrame:
    """Sums per ``level`` (team or agent, see ``quality_sums.level_columns``) and local day:
    from ``report_kpi_day`` while it was counted for this zone and these settings, else
    from the interactions."""
    keys = level_columns(level)
    if readable(session, principal, zone, settings):
        query = sums_query(principal, chosen, zone, keys)
    else:
        start, end = month_bounds(chosen.months, zone)
        sums = day_sums(session, zone, settings)
        query = (select(*keys, *sums)
                 .join(Agent, Agent.id == Interaction.agent_id)
                 .join(Team, Team.id == Agent.team_id)
                 .where(visible(principal, Interaction), Interaction.started_at >= start,
                        Interaction.started_at < end,
                        agent_filter(principal, chosen, Interaction.agent_id))
                 .group_by(*keys, sums[0]).order_by(*keys, sums[0]))
    result = session.execute(query)
    frame = frame_of([tuple(row) for row in result], tuple(result.keys()))
    for column in ("offered", "handled", "resolved", "responses", "responses_within"):
        frame[column] = frame[column].astype(int)
    for column in ("handle_seconds", "response_seconds"):
        frame[column] = frame[column].astype(float)
    return frame
