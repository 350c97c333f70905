"""ISO weeks as the unit of sampling, in the contact center's local time zone.

A week runs from Monday 00:00 to the next Monday 00:00 local time (Asia/Jakarta by default).
A week belongs to the calendar month of its **Thursday**, the same convention ISO 8601 uses
for the year of a week: every week belongs to exactly one month, a month has four or five
weeks, and the monthly cap counts the random picks of the weeks of that month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from qa_app.i18n.errors import MessageError

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


class WeekError(MessageError, ValueError):
    """A week label that is not a real ISO week."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, label: str) -> IsoWeek:
        match = WEEK_PATTERN.match(label.strip())
        if not match:
            raise WeekError("sampling.error.week_format", week=label)
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise WeekError("sampling.error.no_such_week", week=label, year=year,
                           number=week) from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def thursday(self) -> date:
        return self.monday + timedelta(days=3)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> list[date]:
        return [self.monday + timedelta(days=offset) for offset in range(7)]

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(weeks=weeks))

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC instants of Monday 00:00 and the next Monday 00:00, local time."""
        start = datetime.combine(self.monday, time(), zone)
        end = datetime.combine(self.monday + timedelta(days=7), time(), zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of the Thursday: the month whose cap this week counts toward."""
        return self.thursday.year, self.thursday.month

    def earlier_weeks_of_month(self) -> list[IsoWeek]:
        """The weeks before this one that belong to the same month, oldest first."""
        weeks: list[IsoWeek] = []
        candidate = self.shifted(-1)
        while candidate.month == self.month:
            weeks.insert(0, candidate)
            candidate = candidate.shifted(-1)
        return weeks

    @property
    def index_in_month(self) -> int:
        """1 for the month's first week … 4 or 5 for its last."""
        return len(self.earlier_weeks_of_month()) + 1
