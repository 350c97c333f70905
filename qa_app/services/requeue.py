"""Requeue stranded jobs: the one use case behind the worker's watchdog, the ``requeue``
command and the Processing queue page's button; audited when it sends anything."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.db.session import session_scope
from qa_app.queue.dispatch import resend_stranded


def requeue_stranded(engine: Engine, by: Principal | str, session_id: str | None = None) -> int:
    """Send again the queued jobs no queue message names; returns how many were sent."""
    stranded = resend_stranded(engine)
    if not stranded:
        return 0
    with session_scope(engine) as session:
        audit.record(session, by, "requeue", target_kind="job", session_id=session_id,
                     details={"resent": len(stranded),
                              "kinds": dict(Counter(stranded.values()))})
    return len(stranded)
