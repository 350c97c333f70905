"""The dispute window after finalization, the ruling deadline, and when a deadline is near."""

from __future__ import annotations

from datetime import datetime, timedelta

NEAR_DEADLINE = timedelta(hours=24)


def window_closes(finalized_at: datetime, window_days: int) -> datetime:
    """The moment after which an evaluation finalized at ``finalized_at`` can no longer be
    disputed."""
    return finalized_at + timedelta(days=window_days)


def window_open(finalized_at: datetime | None, now: datetime, window_days: int) -> bool:
    return finalized_at is not None and now <= window_closes(finalized_at, window_days)


def ruling_deadline(raised_at: datetime, ruling_days: int) -> datetime:
    return raised_at + timedelta(days=ruling_days)


def deadline_near(deadline: datetime, now: datetime, margin: timedelta = NEAR_DEADLINE) -> bool:
    """True from ``margin`` before the deadline on (also once it has passed)."""
    return now >= deadline - margin


def overdue(deadline: datetime, now: datetime) -> bool:
    return now > deadline
