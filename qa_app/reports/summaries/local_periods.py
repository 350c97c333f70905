"""The local day or month of a UTC timestamp column, in SQL.

PostgreSQL converts with the zone's rules; SQLite has no zone database, so the zone's current
UTC offset is added (right for Asia/Jakarta and every zone without daylight saving time).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.orm import Session

PERIOD_FORMATS = {"day": ("YYYY-MM-DD", "%Y-%m-%d"), "month": ("YYYY-MM", "%Y-%m")}


def local_period(session: Session, zone: ZoneInfo, column: object, period: str) -> object:
    """The local day ("2026-11-16") or month ("2026-11") of a UTC timestamp column, in SQL."""
    postgres_format, sqlite_format = PERIOD_FORMATS[period]
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(zone.key, column), postgres_format)
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return func.strftime(sqlite_format, column, f"{minutes:+d} minutes")
