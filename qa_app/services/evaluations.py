"""Saving an evaluation from the review screen: a draft, the finalized evaluation, and a
revision of a final one (a QCO lead's correction or dispute ruling).

Each use case is one transaction around the review package's save, which checks the
version the writer read, appends the revision snapshot, writes the "score_change" audit
entry and keeps the report tallies of a final evaluation; a refusal (stale version,
unfinished form, no right) rolls the whole transaction back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from qa_app.auth.principal import Principal
from qa_app.db.session import session_scope
from qa_app.review import revisions
from qa_app.review.revisions import Submission


def save_draft(engine: Engine, principal: Principal, evaluation_id: int, version: int,
               submission: Submission, *, now: datetime, sitting_started_at: datetime | None,
               session_id: str | None = None) -> int:
    """Store the answers so far (scales checked, nothing required); returns the revision."""
    with session_scope(engine) as session:
        return revisions.save_draft(session, principal, evaluation_id, version, submission,
                                    now=now, sitting_started_at=sitting_started_at,
                                    session_id=session_id).revision


def finalize_evaluation(engine: Engine, principal: Principal, evaluation_id: int, version: int,
                        submission: Submission, *, now: datetime,
                        sitting_started_at: datetime | None,
                        session_id: str | None = None) -> int:
    """Finalize the evaluation (raises FinalizeRefused naming each unfinished item); returns
    the revision."""
    with session_scope(engine) as session:
        return revisions.finalize(session, principal, evaluation_id, version, submission,
                                  now=now, sitting_started_at=sitting_started_at,
                                  session_id=session_id).revision


def revise_evaluation(engine: Engine, principal: Principal, evaluation_id: int, version: int,
                      submission: Submission, *, kind: str, reason: str, now: datetime,
                      session_id: str | None = None) -> int:
    """A new revision of a final evaluation, ``kind`` "correction" or "dispute" (a ruling),
    with its reason; returns the revision."""
    with session_scope(engine) as session:
        return revisions.revise(session, principal, evaluation_id, version, submission,
                                kind=kind, reason=reason, now=now,
                                session_id=session_id).revision
