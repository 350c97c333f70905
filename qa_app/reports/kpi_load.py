"""Daily KPI sums per team or agent, aggregated in SQL (``kpis.py`` rolls them up further).

The day is the local day of ``started_at``. PostgreSQL converts with the zone's rules; SQLite
has no zone database, so the zone's current UTC offset is added (right for Asia/Jakarta and
every zone without daylight saving time).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Float, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction, Team
from qa_app.reports.load import Filter, agent_filter, frame_of, month_bounds
from qa_app.reports.rollup_load import level_columns
from qa_app.reports.targets import KpiSettings


PERIOD_FORMATS = {"day": ("YYYY-MM-DD", "%Y-%m-%d"), "month": ("YYYY-MM", "%Y-%m")}


def local_period(session: Session, zone: ZoneInfo, column: object, period: str) -> object:
    """The local day ("2026-11-16") or month ("2026-11") of a UTC timestamp column, in SQL."""
    postgres_format, sqlite_format = PERIOD_FORMATS[period]
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(zone.key, column), postgres_format)
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return func.strftime(sqlite_format, column, f"{minutes:+d} minutes")


def _count(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


SUM_COLUMNS = ("offered", "handled", "handle_seconds", "resolved", "responses",
               "response_seconds", "responses_within")


def day_sums(session: Session, zone: ZoneInfo, settings: KpiSettings) -> list[object]:
    """The local day and the KPI sums of the interactions of a group, labelled."""
    voice_inbound = and_(Interaction.channel == "voice", Interaction.direction == "inbound")
    handled = and_(voice_inbound, Interaction.talk_seconds > 0)
    handle_time = (func.coalesce(Interaction.talk_seconds, 0.0)
                   + func.coalesce(Interaction.hold_seconds, 0.0)
                   + func.coalesce(Interaction.acw_seconds, 0.0))
    resolved = and_(handled, Interaction.wrap_up_code.in_(settings.scr_resolved_wrap_up_codes)) \
        if settings.scr_resolved_wrap_up_codes else literal(False)
    written = and_(Interaction.channel.in_(settings.first_response_channels),
                   Interaction.direction == "inbound",
                   Interaction.first_response_seconds.is_not(None))
    day = local_period(session, zone, Interaction.started_at, "day")
    return [day.label("day"), _count(voice_inbound).label("offered"),  # type: ignore[attr-defined]
            _count(handled).label("handled"),
            func.sum(case((handled, handle_time), else_=0.0)).label("handle_seconds"),
            _count(resolved).label("resolved"), _count(written).label("responses"),
            func.sum(case((written, cast(Interaction.first_response_seconds, Float)),
                          else_=0.0)).label("response_seconds"),
            _count(and_(written, Interaction.first_response_seconds
                        <= settings.first_response_target_seconds)).label("responses_within")]


def daily_sums(session: Session, principal: Principal, chosen: Filter, zone: ZoneInfo,
               settings: KpiSettings, level: str = "agent") -> pd.DataFrame:
    """Sums per ``level`` (team or agent, see ``rollup_load.level_columns``) and local day:
    from ``report_kpi_day`` while it was counted for this zone and these settings, else
    from the interactions."""
    from qa_app.reports import kpi_days  # it builds on this module

    keys = level_columns(level)
    if kpi_days.readable(session, principal, zone, settings):
        query = kpi_days.sums_query(principal, chosen, zone, keys)
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
