"""Moving samples between reviewers, always with a reason, logged and audited."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.db.auth_models import UserAccount
from qa_app.db.sampling_models import Sample, SampleAssignmentLog
from qa_app.i18n.errors import MessageError
from qa_app.sampling import store
from qa_app.sampling.assign import balance
from qa_app.sampling.rules import load_rules
from qa_app.sampling.weeks import IsoWeek


class AssignmentError(MessageError, ValueError):
    """A reassignment that cannot be made; the message says what to fix."""


def reassign_sample(session: Session, sample_id: int, to_reviewer_id: int, reason: str,
                    by: Principal | str, now: datetime | None = None) -> Sample:
    sample = session.get(Sample, sample_id)
    if sample is None:
        raise AssignmentError("sampling.error.no_sample", id=sample_id)
    if not reason.strip():
        raise AssignmentError("sampling.error.reason_required", id=sample_id)
    reviewer = session.get(UserAccount, to_reviewer_id)
    roles = load_rules().assignment.reviewer_roles + ("qco_lead",)
    if reviewer is None or not reviewer.active or reviewer.role not in roles:
        raise AssignmentError("sampling.error.not_a_reviewer", id=sample_id,
                              user=reviewer.display_name if reviewer else to_reviewer_id)
    if sample.status != "waiting":
        raise AssignmentError("sampling.error.not_waiting", id=sample_id)
    _move(session, sample, to_reviewer_id, reason.strip(), by, now or datetime.now(UTC))
    return sample


def reassign_absent_reviewer(session: Session, week: IsoWeek | str, reviewer_id: int,
                             reason: str, by: Principal | str,
                             now: datetime | None = None) -> list[Sample]:
    """Spread a reviewer's waiting samples of the week over the other available reviewers,
    least loaded first, so that the week stays balanced."""
    week = IsoWeek.parse(week) if isinstance(week, str) else week
    if not reason.strip():
        raise AssignmentError("sampling.error.week_reason_required", week=str(week))
    rules = load_rules().assignment
    others = [r for r in store.available_reviewers(
        session, rules.reviewer_roles, week.shifted(rules.review_week_offset)) if r != reviewer_id]
    if not others:
        raise AssignmentError("sampling.error.no_other_reviewer", week=str(week))
    samples = list(session.scalars(select(Sample).where(
        Sample.week == str(week), Sample.reviewer_id == reviewer_id,
        Sample.status == "waiting").order_by(Sample.agent_id, Sample.id)))
    loads = store.reviewer_loads(session, week)
    now = now or datetime.now(UTC)
    for sample, to_reviewer in balance(samples, others, reviewer_id, loads).items():
        _move(session, sample, to_reviewer, reason.strip(), by, now)
    return samples


def _move(session: Session, sample: Sample, to_reviewer_id: int, reason: str,
          by: Principal | str, now: datetime) -> None:
    by_name = by.username if isinstance(by, Principal) else by
    session.add(SampleAssignmentLog(sample_id=sample.id, from_reviewer_id=sample.reviewer_id,
                                    to_reviewer_id=to_reviewer_id, reason=reason, by=by_name,
                                    at=now))
    audit.record(session, by, "assignment_change", target_kind="sample", target_id=sample.id,
                 now=now, details={"from": sample.reviewer_id, "to": to_reviewer_id,
                                   "reason": reason})
    sample.reviewer_id, sample.assigned_at = to_reviewer_id, now
    session.flush()
