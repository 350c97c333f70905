"""The one way a date or a time is written for a person: DD/MM/YYYY, in the center's zone.

Stored moments are UTC; a screen, a message and an export show them in the contact center's
time zone (``QA_TIMEZONE``, Asia/Jakarta by default), which the caller passes in.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from qa_app.i18n import t
from qa_app.i18n.labels import EMPTY

DAY_FORMAT = "%d/%m/%Y"
MINUTE_FORMAT = f"{DAY_FORMAT} %H:%M"
SECOND_FORMAT = f"{MINUTE_FORMAT}:%S"


def day_text(day: date | str | None) -> str:
    """``day`` as DD/MM/YYYY; an ISO text ("2026-11-03", "2026-11-03T08:00") is read first."""
    if day is None or day == "":
        return EMPTY
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return day.strftime(DAY_FORMAT)


def moment_text(moment: datetime | None, tz: ZoneInfo, *, seconds: bool = False) -> str:
    """``moment`` in the zone ``tz`` as DD/MM/YYYY HH:MM (with ``:SS`` when ``seconds``).

    A naive moment is taken as UTC, as the database stores it.
    """
    if moment is None:
        return EMPTY
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(tz).strftime(SECOND_FORMAT if seconds else MINUTE_FORMAT)


def month_text(month: str, language: str) -> str:
    """A report month ("2026-11") in words: "November 2026"."""
    year, number = month.split("-")
    return f"{t(f'dates.month.{int(number)}', language)} {year}"
