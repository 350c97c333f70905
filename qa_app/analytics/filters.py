"""What a search may be narrowed to, checked before any query runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from qa_app.analytics.turns import SPEAKERS
from qa_app.i18n.errors import MessageError


class FilterError(MessageError, ValueError):
    """A filter that cannot hold; the message names the field and what to change."""


@dataclass(frozen=True)
class SearchFilters:
    speaker: str | None = None  # "agent" or "customer"
    agent_ids: frozenset[int] = frozenset()
    team_ids: frozenset[int] = frozenset()
    channels: frozenset[str] = frozenset()
    started_from: datetime | None = None  # UTC, inclusive
    started_before: datetime | None = None  # UTC, exclusive
    prescore_range: tuple[float, float] | None = None  # 0–100, inclusive
    final_score_range: tuple[float, float] | None = None  # of a finalized evaluation
    fatal: bool | None = None  # True: a fatal pre-score or final evaluation; False: neither
    csi_scores: frozenset[int] = field(default_factory=frozenset)  # answers 1–5

    def __post_init__(self) -> None:
        if self.speaker is not None and self.speaker not in SPEAKERS:
            raise FilterError("search.error.speaker", speaker=self.speaker)
        for name in ("prescore_range", "final_score_range"):
            bounds = getattr(self, name)
            if bounds is not None and not 0 <= bounds[0] <= bounds[1] <= 100:
                raise FilterError(f"search.error.{name}", low=bounds[0], high=bounds[1])
        if (self.started_from and self.started_before
                and self.started_from >= self.started_before):
            raise FilterError("search.error.date_range")
        if not self.csi_scores <= {1, 2, 3, 4, 5}:
            raise FilterError("search.error.csi", answers=sorted(self.csi_scores))


def day_bounds(first: date | None, last: date | None,
               tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    """Local days ``first``..``last`` (both included) as UTC bounds for the filters."""
    start = (datetime.combine(first, time(), tz).astimezone(UTC)
             if first is not None else None)
    end = (datetime.combine(last + timedelta(days=1), time(), tz).astimezone(UTC)
           if last is not None else None)
    return start, end
