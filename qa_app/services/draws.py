"""Drawing a week's samples: the Sampling page, the ``draw`` command and the Monday task
call this.

``draw_week`` stores the draw (with its audit entry) in one transaction, then queues the
transcription of each drawn call with a recording, as the privacy policy allows, so no
sample waits for someone to find a button: the QCO's samples are transcribed first
(qa_app.queue.priority), and each is pre-scored as soon as its transcript is stored. The
drawn chat threads' pre-scores are put ahead of the import's screening ones.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from qa_app.auth.principal import Principal
from qa_app.config import Settings
from qa_app.db.session import session_scope
from qa_app.sampling.service import DrawResult, run_draw
from qa_app.sampling.weeks import IsoWeek
from qa_app.services.follow_up_jobs import prescore_drawn_chats, transcribe_pending


@dataclass(frozen=True)
class DrawOutcome:
    result: DrawResult
    transcriptions_queued: int = 0
    chat_prescores_queued: int = 0


def draw_week(engine: Engine, settings: Settings, week: IsoWeek | str, *,
              by: Principal | str, seed: int | None = None, dry_run: bool = False,
              now: datetime | None = None,
              reviewer_ids: Collection[int] | None = None) -> DrawOutcome:
    """Draw ``week`` (raises DrawError when it is drawn already); unless ``dry_run``, store
    it, share it among ``reviewer_ids`` (default: the last draw's pool) and queue its
    transcriptions."""
    with session_scope(engine) as session:
        result = run_draw(session, week, by=by, seed=seed, dry_run=dry_run, now=now,
                          reviewer_ids=reviewer_ids)
    if result.draw_id is None:
        return DrawOutcome(result)
    requested_by = by.username if isinstance(by, Principal) else by
    return DrawOutcome(result,
                       transcribe_pending(engine, settings, requested_by, result.draw_id),
                       prescore_drawn_chats(engine, settings, result.draw_id, requested_by))
