"""Period labels of the rollups: ISO weeks ("2026-W47") and months ("2026-11").

A week belongs to the month of its Thursday, the convention of ``qa_app.sampling.weeks``
(ISO 8601 uses it for the year of a week). The labels are worked out with the standard
calendar here, so the reports need nothing of the sampling package.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


def _thursday(week: str) -> date:
    match = WEEK_LABEL.match(week.strip())
    if not match:
        raise ValueError(f"week {week!r}: write it as YYYY-Www, for example 2026-W47")
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 4)
    except ValueError:
        raise ValueError(f"week {week!r}: {match.group(1)} has no ISO week "
                         f"{int(match.group(2))}") from None


def _label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@lru_cache(maxsize=4096)
def month_of_week(week: str) -> str:
    """"2026-W48" → "2026-11": the month of the week's Thursday."""
    return f"{_thursday(week):%Y-%m}"


def shift_month(month: str, months: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def weeks_of_months(months: list[str]) -> list[str]:
    """Every ISO week label whose Thursday falls in one of ``months``."""
    wanted, weeks = set(months), []
    for month in sorted(wanted):
        monday = date(int(month[:4]), int(month[5:7]), 1)
        monday -= timedelta(days=monday.weekday() + 7)  # the week before the 1st's
        for offset in range(7):
            week = _label(monday + timedelta(weeks=offset))
            if month_of_week(week) in wanted and week not in weeks:
                weeks.append(week)
    return weeks
