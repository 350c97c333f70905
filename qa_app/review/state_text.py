"""A sample's pipeline state in words, for the reviewer's worklist and the review screen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from qa_app.i18n import t
from qa_app.review.pipeline_state import SampleState


def state_label(state: SampleState, language: str) -> str:
    return t(f"review.status.{state.code}", language)


def state_detail(state: SampleState, language: str, tz: ZoneInfo) -> str:
    """A running job's progress, start and time so far; a failure's reason (as the job
    recorded it); else nothing."""
    if state.code == "failed":
        return state.error or ""
    if state.started_at is None:
        return ""
    return t("review.queue.running", language, percent=f"{(state.progress or 0) * 100:.0f}",
             started=state.started_at.astimezone(tz).strftime("%H:%M:%S"),
             elapsed=f"{state.elapsed_seconds or 0:.0f}")
