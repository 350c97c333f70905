"""Keeping ``report_kpi_day`` (``qa_app.db.summary_models.KpiDay``) equal to the interactions.

An import recounts the days it touched: the agents of the rows it wrote or overwrote, over
the local days from their earliest to their latest start (a rectangle that may recount a
few untouched slices, never miss one). The rows are counted for one zone and one set of KPI
settings, the *basis*; when an import finds another basis stored, it recounts everything
with its own, and the reports read the table only while the basis is theirs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.summary_models import KpiDay, SummaryBasis
from qa_app.reports.kpi_load import SUM_COLUMNS, day_sums
from qa_app.reports.load import Filter, agent_filter, month_bounds
from qa_app.reports.targets import KpiSettings

SUMMARY = "kpi_day"


def basis(zone: ZoneInfo, settings: KpiSettings) -> str:
    """The zone and the settings the sums depend on, as stored text."""
    return json.dumps({"zone": zone.key, "target": settings.first_response_target_seconds,
                       "channels": sorted(settings.first_response_channels),
                       "resolved": sorted(settings.scr_resolved_wrap_up_codes)},
                      sort_keys=True)


def readable(session: Session, principal: Principal, zone: ZoneInfo,
             settings: KpiSettings) -> bool:
    """Whether the table was counted on this basis, and the principal's interactions are
    those of a set of agents (a QCO's are their assigned samples: they read interactions)."""
    stored = session.get(SummaryBasis, SUMMARY)
    return principal.role != "qco" and stored is not None \
        and stored.basis == basis(zone, settings)


def sums_query(principal: Principal, chosen: Filter, zone: ZoneInfo,
               keys: list[object]) -> Select[tuple[object, ...]]:
    first, last = (day.astimezone(zone) for day in month_bounds(chosen.months, zone))
    sums = [func.sum(getattr(KpiDay, column)).label(column) for column in SUM_COLUMNS]
    return (select(*keys, KpiDay.day, *sums)
            .join(Agent, Agent.id == KpiDay.agent_id).join(Team, Team.id == Agent.team_id)
            .where(visible(principal, KpiDay), KpiDay.day >= f"{first:%Y-%m-%d}",
                   KpiDay.day < f"{last:%Y-%m-%d}",
                   agent_filter(principal, chosen, KpiDay.agent_id))
            .group_by(*keys, KpiDay.day).order_by(*keys, KpiDay.day))


def _write(session: Session, zone: ZoneInfo, settings: KpiSettings, *where: object) -> None:
    sums = day_sums(session, zone, settings)
    counted = (select(Interaction.agent_id, *sums).where(*where)
               .group_by(Interaction.agent_id, sums[0]))
    session.execute(insert(KpiDay).from_select(["agent_id", "day", *SUM_COLUMNS], counted))


def rebuild(session: Session, zone: ZoneInfo, settings: KpiSettings) -> int:
    """Recount every day on this basis; returns the number of rows."""
    session.execute(delete(KpiDay))
    _write(session, zone, settings, Interaction.agent_id.is_not(None))
    session.merge(SummaryBasis(summary=SUMMARY, basis=basis(zone, settings)))
    session.flush()
    return int(session.scalar(select(func.count()).select_from(KpiDay)) or 0)


def refresh(session: Session, zone: ZoneInfo, settings: KpiSettings, agents: Iterable[int],
            first: datetime, last: datetime) -> None:
    """Recount ``agents``' local days from ``first``'s to ``last``'s (UTC instants)."""
    stored = session.get(SummaryBasis, SUMMARY)
    if stored is None or stored.basis != basis(zone, settings):
        rebuild(session, zone, settings)
        return
    chosen = sorted(set(agents))
    if not chosen:
        return
    first_day, last_day = first.astimezone(zone).date(), last.astimezone(zone).date()
    start = datetime.combine(first_day, datetime.min.time(), zone)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)
    session.execute(delete(KpiDay).where(KpiDay.agent_id.in_(chosen),
                                         KpiDay.day >= f"{first_day:%Y-%m-%d}",
                                         KpiDay.day <= f"{last_day:%Y-%m-%d}"))
    _write(session, zone, settings, Interaction.agent_id.in_(chosen),
           Interaction.started_at >= start, Interaction.started_at < end)
