"""The pre-score accuracy snapshot: recomputed by the nightly duty, the page's button and the
CLI through :func:`recompute`, read by the page through :func:`snapshot`.

Recomputing runs inline, not as a queued job: on a year of 20,000 finalized evaluations it took
0.1 CPU s for the default window (200 a form) and 0.6 CPU s for 2,000
(benchmarks/accuracy_snapshot_bench.py; 1.4 s and 7.9 s of wall time on the shared, loaded
2-core test machine).
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
