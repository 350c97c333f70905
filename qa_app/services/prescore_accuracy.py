"""The pre-score accuracy snapshot: recomputed by the nightly duty, the page's button and the
CLI through :func:`recompute`, read by the page through :func:`snapshot`.

Recomputing is inline: over the default window (200 evaluations a form) it takes well under a
second (benchmarks/accuracy_snapshot_bench.py), so no job is queued for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from qa_app.config import Settings
from qa_app.db.session import session_scope
from qa_app.review.prescore_accuracy import Snapshot, latest, refresh
from qa_app.scoring.accuracy import AccuracyReport
from qa_app.scoring.loader import bundled_forms

SCHEDULER = "scheduler"


def recompute(engine: Engine, settings: Settings, by: str,
              now: datetime | None = None) -> dict[str, AccuracyReport]:
    """Measure every bundled form over its latest ``prescore_accuracy_window`` finalized
    evaluations and store the snapshot; ``by``: the username, or :data:`SCHEDULER`."""
    with session_scope(engine) as session:
        return refresh(session, bundled_forms(), settings.prescore_accuracy_window, settings.tz,
                       by, now or datetime.now(UTC))


def snapshot(engine: Engine) -> Snapshot | None:
    with session_scope(engine) as session:
        return latest(session, bundled_forms())
