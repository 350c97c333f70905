"""Saving an evaluation: draft, finalize, and a new revision of a final one. No lost updates.

Every save names the ``version`` its writer read. A save against an older version is refused
(:class:`StaleEvaluation`), both when the difference is visible up front and when another
transaction commits in between: the row is written with ``UPDATE … WHERE version = <read>``
(SQLAlchemy's version counter) and a write that matches no row is refused, not retried.
Each save appends a revision snapshot, and a change of answers or score is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.scope import get_visible
from qa_app.db.review_models import Evaluation, EvaluationRevision
from qa_app.db.sampling_models import Sample
from qa_app.reports.summaries import item_tallies as tallies
from qa_app.review.answers import ItemAnswer, finalize_problems, live_score, scale_problems
from qa_app.review.errors import FinalizeRefused, Locked, NotAllowed, ReviewError, StaleEvaluation
from qa_app.review.history import snapshot
from qa_app.review.store import answer_rows, form_of, human_of, machine_of

CORRECTION_KINDS = ("correction", "dispute")


@dataclass(frozen=True)
class Submission:
    """The whole form as the reviewer left it: an item missing here is unanswered."""

    answers: Mapping[str, ItemAnswer]
    overall_comment: str = ""
    fatal_confirmed: bool = False


def save_draft(session: Session, principal: Principal, evaluation_id: int, version: int,
               submission: Submission, *, now: datetime, sitting_started_at: datetime | None,
               session_id: str | None = None) -> Evaluation:
    return _save(session, principal, evaluation_id, version, submission, "draft", None, now,
                 sitting_started_at, session_id)


def finalize(session: Session, principal: Principal, evaluation_id: int, version: int,
             submission: Submission, *, now: datetime, sitting_started_at: datetime | None,
             session_id: str | None = None) -> Evaluation:
    return _save(session, principal, evaluation_id, version, submission, "final", None, now,
                 sitting_started_at, session_id)


def revise(session: Session, principal: Principal, evaluation_id: int, version: int,
           submission: Submission, *, kind: str, reason: str, now: datetime,
           session_id: str | None = None) -> Evaluation:
    """A new revision of a final evaluation (a QCO lead's correction or dispute ruling)."""
    if kind not in CORRECTION_KINDS:
        raise ValueError(f"revision kind {kind!r}: expected one of {CORRECTION_KINDS}")
    if not reason.strip():
        raise ReviewError("review.error.reason_required")
    return _save(session, principal, evaluation_id, version, submission, kind, reason.strip(),
                 now, None, session_id)


def _check_allowed(principal: Principal, evaluation: Evaluation, kind: str) -> None:
    if kind in CORRECTION_KINDS:
        if evaluation.status != "final":
            raise ReviewError("review.error.not_final")
        ruler = kind == "dispute" and principal.role == "qco" \
            and principal.user_id != evaluation.reviewer_id  # scope: an open dispute's QCO
        if principal.role != "qco_lead" and not ruler:
            raise NotAllowed("review.error.lead_only")
        return
    if evaluation.status == "final":
        raise Locked("review.error.locked", revision=evaluation.revision)
    if principal.role != "qco_lead" and principal.user_id != evaluation.reviewer_id:
        raise NotAllowed("review.error.not_reviewer")


def _save(session: Session, principal: Principal, evaluation_id: int, version: int,
          submission: Submission, kind: str, reason: str | None, now: datetime,
          sitting_started_at: datetime | None, session_id: str | None) -> Evaluation:
    evaluation = get_visible(session, principal, Evaluation, evaluation_id)
    if evaluation.version != version:
        raise StaleEvaluation(evaluation.updated_by, evaluation.updated_at)
    _check_allowed(principal, evaluation, kind)
    form = form_of(session, evaluation.rubric_version_id)
    unknown = sorted(set(submission.answers) - {item.id for item in form.items()})
    if unknown:
        raise ReviewError("review.error.unknown_items", items=unknown)
    rows = answer_rows(session, evaluation.id)
    answers = {item.id: submission.answers.get(item.id, ItemAnswer()) for item in form.items()}
    machine = {item_id: machine_of(row) for item_id, row in rows.items()}
    problems = scale_problems(form, answers) if kind == "draft" else finalize_problems(
        form, answers, machine, submission.fatal_confirmed)
    if problems:
        raise FinalizeRefused(problems)
    before = {item_id: human_of(row) for item_id, row in rows.items()}
    breakdown = live_score(form, answers)
    score_before = evaluation.score
    if sitting_started_at is not None and principal.user_id == evaluation.reviewer_id:
        evaluation.seconds_spent += max(0.0, (now - sitting_started_at).total_seconds())
    evaluation.score, evaluation.fatal = breakdown.score, breakdown.fatal
    evaluation.pending_weight = breakdown.pending_weight
    evaluation.overall_comment = submission.overall_comment.strip() or None
    evaluation.revision += 1
    evaluation.updated_at, evaluation.updated_by = now, principal.username
    if kind != "draft":
        evaluation.status = "final"
        evaluation.finalized_at = evaluation.finalized_at or now
    try:
        session.flush()  # the conditional UPDATE: refused when someone saved in between
    except StaleDataError as error:
        raise StaleEvaluation() from error
    for item_id, row in rows.items():
        given = answers[item_id]
        row.answer, row.reason = given.answer, given.reason.strip() or None
        row.comment = given.comment.strip() or None
    session.add(EvaluationRevision(
        evaluation_id=evaluation.id, number=evaluation.revision, kind=kind,
        by_user_id=principal.user_id, by_username=principal.username, at=now, reason=reason,
        score=breakdown.score, fatal=breakdown.fatal, answers=snapshot(answers, machine),
        overall_comment=evaluation.overall_comment))
    session.get_one(Sample, evaluation.sample_id).status = evaluation.status
    changed = sorted(item_id for item_id in rows
                     if before[item_id].answer != answers[item_id].answer)
    if changed or kind != "draft" or score_before != breakdown.score:
        audit.record(session, principal, "score_change", target_kind="evaluation",
                     target_id=evaluation.id, session_id=session_id, now=now, details={
                         "revision": evaluation.revision, "kind": kind, "reason": reason,
                         "score_before": score_before, "score_after": breakdown.score,
                         "fatal": breakdown.fatal, "items": changed})
    session.flush()
    if evaluation.status == "final":
        tallies.refresh(session, [(evaluation.agent_id, evaluation.week)])
    return evaluation
