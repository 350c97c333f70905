"""The in-app inbox on Home: alerts for one user, each linking to the thing it names.

Two kinds of alert. Events (a dispute raised or ruled, a correction requested) are posted by
the use case that causes them, in its own transaction (:func:`post`). Conditions (a fatal
evaluation of a coached agent finalized, a dispute's ruling deadline near, a coaching
follow-up overdue, a calibration due) are found when the inbox is read (:func:`refresh`) and
posted once each: ``dedupe_key`` makes posting the same alert again a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.db.auth_models import UserAccount
from qa_app.db.coaching_models import CoachingSession
from qa_app.db.dispute_models import Dispute, InboxEntry
from qa_app.db.models import Agent
from qa_app.db.review_models import Evaluation
from qa_app.db.session import session_scope
from qa_app.disputes.window import deadline_near
from qa_app.services.calibration import due_calibrations
from qa_app.vocabulary import Role

# which page each kind of alert links to (navigation page keys)
TARGET_PAGES = {
    "fatal_final": "my_evaluations",
    "dispute_raised": "disputes",
    "dispute_ruled": "my_evaluations",
    "dispute_deadline": "disputes",
    "correction_requested": "disputes",
    "coaching_overdue": "reports_scorecard",
    "calibration_due": "calibration",
}
FATAL_LOOKBACK = timedelta(days=30)  # older fatal evaluations are not announced any more
SHOWN = 50


@dataclass(frozen=True)
class InboxItem:
    id: int
    kind: str
    target_page: str
    target_id: int | None
    params: dict[str, Any]
    created_at: datetime
    read: bool


def post(session: Session, user_ids: Iterable[int], kind: str, *, target_id: int | None,
         params: dict[str, Any], dedupe_key: str, now: datetime) -> int:
    """One alert for each user (once per ``dedupe_key``); returns how many were new."""
    page = TARGET_PAGES[kind]
    added = 0
    for user_id in sorted(set(user_ids)):
        exists = session.scalar(select(InboxEntry.id).where(
            InboxEntry.user_id == user_id, InboxEntry.dedupe_key == dedupe_key))
        if exists is None:
            session.add(InboxEntry(user_id=user_id, kind=kind, target_page=page,
                                   target_id=target_id, params=params, dedupe_key=dedupe_key,
                                   created_at=now))
            added += 1
    session.flush()
    return added


def users_with_role(session: Session, role: str) -> list[int]:
    return list(session.scalars(select(UserAccount.id).where(
        UserAccount.role == role, UserAccount.active.is_(True))))


def users_of_agent(session: Session, agent_id: int) -> list[int]:
    return list(session.scalars(select(UserAccount.id).where(
        UserAccount.agent_id == agent_id, UserAccount.active.is_(True))))


def refresh(session: Session, principal: Principal, now: datetime) -> None:
    """Post the condition alerts that hold for ``principal`` now."""
    if principal.role == Role.TEAM_LEAD and principal.team_ids:
        fatal = session.execute(
            select(Evaluation.id, Agent.name, Evaluation.week)
            .join(Agent, Agent.id == Evaluation.agent_id)
            .where(Evaluation.status == "final", Evaluation.fatal.is_(True),
                   Agent.team_id.in_(sorted(principal.team_ids)),
                   Evaluation.finalized_at >= now - FATAL_LOOKBACK))
        for evaluation_id, agent, week in fatal:
            post(session, [principal.user_id], "fatal_final", target_id=evaluation_id,
                 params={"agent": agent, "week": week}, dedupe_key=f"fatal:{evaluation_id}",
                 now=now)
    if principal.role in (Role.QCO_LEAD, Role.QCO):
        query = select(Dispute.id, Dispute.deadline_at).where(Dispute.status == "open")
        if principal.role == Role.QCO:
            query = query.where(Dispute.reviewer_id != principal.user_id)
        for dispute_id, deadline in session.execute(query):
            if deadline_near(deadline, now):
                post(session, [principal.user_id], "dispute_deadline", target_id=dispute_id,
                     params={"id": dispute_id, "deadline": deadline.isoformat()},
                     dedupe_key=f"deadline:{dispute_id}", now=now)
    if principal.role == Role.TEAM_LEAD:
        overdue = session.execute(select(CoachingSession.id, CoachingSession.due_date).where(
            CoachingSession.coach_user_id == principal.user_id,
            CoachingSession.due_date < now.date()))
        for coaching_id, due in overdue:
            post(session, [principal.user_id], "coaching_overdue", target_id=coaching_id,
                 params={"id": coaching_id, "due": due.isoformat()},
                 dedupe_key=f"coaching:{coaching_id}", now=now)
    for calibration in due_calibrations(session, principal.user_id):
        post(session, [principal.user_id], "calibration_due", target_id=calibration.session_id,
             params={"id": calibration.session_id, "due": calibration.due_on.isoformat()},
             dedupe_key=f"calibration:{calibration.session_id}", now=now)


def inbox(engine: Engine, principal: Principal, now: datetime) -> list[InboxItem]:
    """The principal's alerts, unread first, newest first (after posting the conditions)."""
    with session_scope(engine) as session:
        refresh(session, principal, now)
        rows = session.scalars(select(InboxEntry).where(InboxEntry.user_id == principal.user_id)
                               .order_by(InboxEntry.read_at.is_not(None),
                                         InboxEntry.created_at.desc(), InboxEntry.id.desc())
                               .limit(SHOWN))
        return [InboxItem(row.id, row.kind, row.target_page, row.target_id, dict(row.params or {}),
                          row.created_at, row.read_at is not None) for row in rows]


def mark_read(engine: Engine, principal: Principal, entry_id: int, now: datetime) -> None:
    """Mark one of the principal's own alerts read (someone else's is left alone)."""
    with session_scope(engine) as session:
        session.execute(update(InboxEntry).where(
            InboxEntry.id == entry_id, InboxEntry.user_id == principal.user_id,
            InboxEntry.read_at.is_(None)).values(read_at=now))
