"""Reviewer availability and the choices the sampling page offers for reassignment."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Interaction
from qa_app.db.sampling_models import ReviewerAbsence, Sample
from qa_app.i18n.errors import MessageError
from qa_app.sampling.rules import load_rules

MAX_ABSENCE_DAYS = 62


class AbsenceError(MessageError, ValueError):
    """An absence that cannot be recorded (days reversed, too long)."""


def reviewers(session: Session) -> dict[int, str]:
    """Active accounts that may review, id → display name."""
    roles = load_rules().assignment.reviewer_roles + ("qco_lead",)
    return dict(session.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(UserAccount.active.is_(True), UserAccount.role.in_(roles))
        .order_by(UserAccount.display_name)).all())


def waiting_samples(session: Session, week: str) -> dict[int, str]:
    """The week's samples not yet opened, id → "interaction · agent · reviewer"."""
    rows = session.execute(
        select(Sample.id, Interaction.source_id, Agent.name, UserAccount.username)
        .join(Interaction, Interaction.id == Sample.interaction_id)
        .join(Agent, Agent.id == Sample.agent_id)
        .outerjoin(UserAccount, UserAccount.id == Sample.reviewer_id)
        .where(Sample.week == week, Sample.status == "waiting").order_by(Sample.id))
    return {sample_id: f"{source} · {agent} · {reviewer or '-'}"
            for sample_id, source, agent, reviewer in rows}


def set_absence(session: Session, reviewer_id: int, first: date, last: date, note: str,
                by: Principal) -> int:
    """Mark a reviewer absent from ``first`` to ``last``; later draws skip them."""
    if last < first:
        raise AbsenceError("sampling.error.absence_reversed")
    if (last - first).days >= MAX_ABSENCE_DAYS:
        raise AbsenceError("sampling.error.absence_too_long", days=MAX_ABSENCE_DAYS)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    session.execute(delete(ReviewerAbsence).where(ReviewerAbsence.user_id == reviewer_id,
                                                  ReviewerAbsence.day.in_(days)))
    session.add_all(ReviewerAbsence(user_id=reviewer_id, day=day, note=note.strip() or None)
                    for day in days)
    audit.record(session, by, "assignment_change", target_kind="reviewer",
                 target_id=reviewer_id, details={"absent_from": first.isoformat(),
                                                 "absent_to": last.isoformat(), "note": note})
    return len(days)
