"""Grading the grader (QCO lead; managers read): the facts of a period, read from the
database, turned into per-QCO measures by qa_app.calibration.grading.

Calibration facts come from closed sessions with a baseline, dated by their closing; the
evaluation facts from finalized evaluations, dated by finalization (weeks in local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.calibration import stats
from qa_app.calibration.grading import (
    CalibrationFact,
    EvaluationFact,
    GraderRow,
    OverrideFact,
    grader_rows,
    override_rates,
)
from qa_app.db.auth_models import UserAccount
from qa_app.db.calibration_models import CalibrationItem, CalibrationSession
from qa_app.db.dispute_models import Dispute, DisputeItem
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import PreScoreRecord, RubricVersion
from qa_app.disputes.rules import UPHELD
from qa_app.review.answers import HUMAN_ANSWERS
from qa_app.sampling.weeks import IsoWeek
from qa_app.services.calibration import CalibrationError, units_of

READERS = ("qco_lead", "manager")


@dataclass(frozen=True)
class GradingReport:
    rows: list[GraderRow]  # per QCO for the period (week None) and per week
    overrides: dict[tuple[str, str, str], float]  # (QCO, form, item) → override rate


def disputes_upheld(session: Session, names: dict[int, str], start: datetime, end: datetime,
                    zone: ZoneInfo) -> dict[tuple[str, str | None], int]:
    """Disputes ruled in [start, end) with at least one item accepted or partly accepted, per
    (QCO whose evaluation it was, ISO week of the ruling), and per QCO over the period (week
    None)."""
    upheld = select(DisputeItem.dispute_id).where(DisputeItem.ruling.in_(UPHELD))
    counts: dict[tuple[str, str | None], int] = {}
    for reviewer_id, ruled_at in session.execute(select(Dispute.reviewer_id, Dispute.ruled_at)
                                                 .where(Dispute.ruled_at >= start,
                                                        Dispute.ruled_at < end,
                                                        Dispute.id.in_(upheld))):
        name = names.get(reviewer_id, "?")
        for week in (None, _week(ruled_at, zone)):
            counts[(name, week)] = counts.get((name, week), 0) + 1
    return counts


def _week(at: datetime | None, zone: ZoneInfo) -> str:
    assert at is not None, "the queries read finalized evaluations and closed sessions only"
    return str(IsoWeek.containing(at.astimezone(zone).date()))


def grading_report(session: Session, principal: Principal, first: date, last: date,
                   zone: ZoneInfo) -> GradingReport:
    """The measures of every QCO between ``first`` and ``last`` (local days, inclusive)."""
    if principal.role not in READERS:
        raise CalibrationError("calibration.error.not_allowed")
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    names = dict(session.execute(select(UserAccount.id, UserAccount.display_name)).all())
    evaluations = session.execute(
        select(Evaluation.id, Evaluation.reviewer_id, Evaluation.finalized_at, Evaluation.score,
               Evaluation.seconds_spent, PreScoreRecord.score)
        .outerjoin(PreScoreRecord, PreScoreRecord.interaction_id == Evaluation.interaction_id)
        .where(Evaluation.status == "final", Evaluation.finalized_at >= start,
               Evaluation.finalized_at < end)).all()
    weeks = {eid: (names.get(rid, "?"), _week(at, zone))
             for eid, rid, at, *_ in evaluations}
    evaluation_facts = [EvaluationFact(names.get(rid, "?"), _week(at, zone), score, prescore,
                                       seconds / 60)
                        for _, rid, at, score, seconds, prescore in evaluations]
    override_facts = [
        OverrideFact(*weeks[eid], form, item_id, answer != machine)
        for eid, form, item_id, answer, machine in session.execute(
            select(EvaluationAnswer.evaluation_id, RubricVersion.rubric_id,
                   EvaluationAnswer.item_id, EvaluationAnswer.answer,
                   EvaluationAnswer.machine_answer)
            .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
            .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
            .where(EvaluationAnswer.evaluation_id.in_(list(weeks)),
                   EvaluationAnswer.machine_answer.in_(HUMAN_ANSWERS)))]
    closed = session.execute(select(CalibrationSession.id, CalibrationSession.closed_at).where(
        CalibrationSession.status == "closed", CalibrationSession.closed_at >= start,
        CalibrationSession.closed_at < end)).all()
    closed_week = {sid: _week(at, zone) for sid, at in closed}
    calibration_facts = []
    for unit, session_id in _units_with_sessions(session, list(closed_week)):
        if unit.baseline is None:
            continue
        for rater in {s.rater for s in unit.sets} - {unit.baseline}:
            deviation = stats.rater_deviation([unit], rater)
            matches = [m for i in unit.item_ids for m in _rater_matches(unit, rater, i)]
            calibration_facts.append(CalibrationFact(
                names.get(rater, "?"), closed_week[session_id], sum(matches), len(matches),
                deviation.mean_signed))
    upheld = disputes_upheld(session, names, start, end, zone)
    return GradingReport(grader_rows(evaluation_facts, override_facts, calibration_facts,
                                     upheld), override_rates(override_facts))


def _units_with_sessions(session: Session,
                         session_ids: list[int]) -> list[tuple[stats.Unit, int]]:
    owners = dict(session.execute(select(CalibrationItem.id, CalibrationItem.session_id).where(
        CalibrationItem.session_id.in_(session_ids))).all())
    return [(unit, owners[unit.key]) for unit in units_of(session, session_ids)]


def _rater_matches(unit: stats.Unit, rater: int, item_id: str) -> list[bool]:
    base = unit.baseline_set()
    given = next((s for s in unit.sets if s.rater == rater), None)
    if base is None or given is None:
        return []
    expected, answer = base.answers.get(item_id), given.answers.get(item_id)
    return [] if expected is None or answer is None else [answer == expected]
