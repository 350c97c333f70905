"""Keeping ``report_kpi_day`` (``qa_app.db.summary_models.KpiDay``) equal to the interactions.

An import recounts the days it touched: the agents of the rows it wrote or overwrote, over
the local days from their earliest to their latest start (a rectangle that may recount a
few untouched slices, never miss one). The rows are counted for one zone and one set of KPI
settings, the *basis*; when an import finds another basis stored, it recounts everything
with its own, and the reports read the table only while the basis is theirs
(:func:`is_current`, see ``queries.kpi_sums``).

:func:`day_sums` is the one definition of a KPI day: the table is filled with it, and the
reports count with it from the interactions while the table is not current.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Float, and_, case, cast, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.summary_models import KpiDay, SummaryBasis
from qa_app.reports.summaries import generation
from qa_app.reports.summaries.local_periods import local_period
from qa_app.reports.targets import KpiSettings
from qa_app.vocabulary import Channel, Direction

SUMMARY = "kpi_day"
SUM_COLUMNS = ("offered", "handled", "handle_seconds", "resolved", "responses",
               "response_seconds", "responses_within")


def _count(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


def day_sums(session: Session, zone: ZoneInfo, settings: KpiSettings) -> list[object]:
    """The local day and the KPI sums of the interactions of a group, labelled."""
    voice_inbound = and_(Interaction.channel == Channel.VOICE,
                         Interaction.direction == Direction.INBOUND)
    handled = and_(voice_inbound, Interaction.talk_seconds > 0)
    handle_time = (func.coalesce(Interaction.talk_seconds, 0.0)
                   + func.coalesce(Interaction.hold_seconds, 0.0)
                   + func.coalesce(Interaction.acw_seconds, 0.0))
    resolved = and_(handled, Interaction.wrap_up_code.in_(settings.scr_resolved_wrap_up_codes)) \
        if settings.scr_resolved_wrap_up_codes else literal(False)
    written = and_(Interaction.channel.in_(settings.first_response_channels),
                   Interaction.direction == Direction.INBOUND,
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


def basis(zone: ZoneInfo, settings: KpiSettings) -> str:
    """The zone and the settings the sums depend on, as stored text."""
    return json.dumps({"zone": zone.key, "target": settings.first_response_target_seconds,
                       "channels": sorted(settings.first_response_channels),
                       "resolved": sorted(settings.scr_resolved_wrap_up_codes)},
                      sort_keys=True)


def is_current(session: Session, zone: ZoneInfo, settings: KpiSettings) -> bool:
    """Whether the table was counted on this basis."""
    stored = session.get(SummaryBasis, SUMMARY)
    return stored is not None and stored.basis == basis(zone, settings)


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
    generation.bump(session)
    return int(session.scalar(select(func.count()).select_from(KpiDay)) or 0)


def refresh(session: Session, zone: ZoneInfo, settings: KpiSettings, agents: Iterable[int],
            first: datetime, last: datetime) -> None:
    """Recount ``agents``' local days from ``first``'s to ``last``'s (UTC instants)."""
    if not is_current(session, zone, settings):
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
    generation.bump(session)
