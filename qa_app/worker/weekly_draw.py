"""The weekly draw as a scheduled job (the Huey periodic task wraps this function)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from qa_app.config import get_settings
from qa_app.db.sampling_models import SampleDraw
from qa_app.db.session import session_scope
from qa_app.sampling.service import DrawResult
from qa_app.sampling.weeks import IsoWeek
from qa_app.services.draws import draw_week

SCHEDULER = "scheduler"


def week_to_draw(now: datetime) -> IsoWeek:
    """The last complete week before ``now`` (local time): run on Monday, draw last week."""
    return IsoWeek.containing(now.astimezone(get_settings().tz).date()).shifted(-1)


def scheduled_weekly_draw(engine: Engine, now: datetime) -> DrawResult | None:
    """Draw last week unless it has been drawn already (a rerun does nothing: None), and
    queue its transcriptions."""
    week = week_to_draw(now)
    with session_scope(engine) as session:
        if session.scalar(select(SampleDraw.id).where(SampleDraw.week == str(week))):
            return None
    return draw_week(engine, get_settings(), week, by=SCHEDULER, now=now).result
