"""A past for the demo: every full week before the last is drawn with the real weekly draw, and
each of its samples is finalized as its assigned QCO would have, so the reports have data.

The answers come from ``history_answers`` (a seeded per-agent quality profile: a seed gives
the same history). Scores come from the review code (``live_score``), never from here, and
every evaluation must pass ``finalize_problems`` as a real one would.

The rows mirror what ``qa_app.review`` leaves after a QCO opens a sample and finalizes it in
one sitting (``service._start`` then ``revisions.finalize``): the evaluation at version 2 and
revision 1, one answer row per item, one "final" revision snapshot, the sample marked final,
and a ``score_change`` audit event. They are bulk-inserted because a history holds thousands.
Unlike the real path there is no pre-score, so the machine columns are empty. Each one says
what it is: the overall comment :data:`DEMO_COMMENT`, and audit session id ``demo-history``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from random import Random
from statistics import fmean
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from qa_app.db.auth_models import AuditEvent, UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.db.sampling_models import Sample
from qa_app.demo.history_answers import CallFacts, answer_form, quality_profile
from qa_app.reports.summaries import item_tallies as tallies
from qa_app.review.answers import ItemAnswer, finalize_problems, live_score
from qa_app.review.history import snapshot
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.sampling.service import run_draw
from qa_app.sampling.weeks import IsoWeek
from qa_app.scoring.loader import form_for

DEMO_COMMENT = "Evaluasi demo (dibuat otomatis)"
AUDIT_SESSION = "demo-history"


@dataclass(frozen=True)
class DemoHistory:
    weeks: tuple[str, ...]
    random: int
    targeted: int
    fatal: int
    mean_random_score: float | None


def history_weeks(session: Session, zone: ZoneInfo) -> list[IsoWeek]:
    """The full weeks of the interaction data, oldest first, without the last full week."""
    first, last = session.execute(select(func.min(Interaction.started_at),
                                         func.max(Interaction.started_at))).one()
    if first is None:
        return []
    start = IsoWeek.containing(first.astimezone(zone).date())
    if first.astimezone(zone).date() > start.monday:
        start = start.shifted(1)
    end = IsoWeek.containing(last.astimezone(zone).date())
    end = end.shifted(-1) if last.astimezone(zone).date() < end.sunday else end
    weeks = [start]
    while weeks[-1] < end:
        weeks.append(weeks[-1].shifted(1))
    return weeks[:-1]


def week_seed(seed: int, week: IsoWeek) -> int:
    """The week's draw seed, from the demo seed: stored with the draw, so it can be verified."""
    return int(hashlib.sha256(f"demo-history:{seed}:{week}".encode()).hexdigest()[:32], 16)


def build_history(session: Session, zone: ZoneInfo, seed: int) -> DemoHistory:
    """Draw and finalize every full week before the last; each draw made on the Monday after."""
    weeks = history_weeks(session, zone)
    for week in weeks:
        drawn_at = datetime.combine(week.shifted(1).monday, time(7, 30), zone)
        run_draw(session, week, by="demo", seed=week_seed(seed, week), zone=zone, now=drawn_at)
    return _finalize_samples(session, [str(week) for week in weeks], zone, seed)


def _finalize_samples(session: Session, weeks: list[str], zone: ZoneInfo,
                      seed: int) -> DemoHistory:
    query = (select(Sample.id, Sample.week, Sample.kind, Sample.reviewer_id, UserAccount.username,
                    Interaction, Agent.employee_id, Agent.hire_date)
             .join(Interaction, Interaction.id == Sample.interaction_id)
             .join(Agent, Agent.id == Sample.agent_id)
             .join(UserAccount, UserAccount.id == Sample.reviewer_id)
             .where(Sample.week.in_(weeks)).order_by(Sample.id))
    csi = dict(session.execute(select(CsiResponse.case_id, func.min(CsiResponse.score))
                               .where(CsiResponse.case_id.is_not(None))
                               .group_by(CsiResponse.case_id)).all())
    versions: dict[str, int] = {}  # form id → stored rubric version
    evaluations: list[dict[str, Any]] = []
    answer_sets = []
    for sample_id, week, kind, reviewer_id, username, call, employee_id, hired in \
            session.execute(query):
        rng = Random(f"{seed}:evaluation:{call.source_id}")
        form = form_for(call.channel, call.direction)
        if form.id not in versions:
            versions[form.id] = rubric_version_id(session, form)
        local_start = call.started_at.astimezone(zone)
        facts = CallFacts(call.channel, call.direction, local_start, call.hold_seconds,
                          call.first_response_seconds, (local_start.date() - hired).days,
                          kind == "targeted", csi.get(call.case_id))
        answers = answer_form(form, facts, quality_profile(seed, employee_id), rng)
        problems = finalize_problems(form, answers, {}, fatal_confirmed=True)
        if problems:  # a bug here, not bad input: the real finalize would refuse it
            raise RuntimeError(f"demo evaluation of {call.source_id} would be refused: {problems}")
        breakdown = live_score(form, answers)
        opened_at, finalized_at = _sitting(rng, IsoWeek.parse(week).shifted(1), zone,
                                           call.channel, call.talk_seconds)
        evaluations.append(dict(
            sample_id=sample_id, interaction_id=call.id, agent_id=call.agent_id,
            reviewer_id=reviewer_id, week=week, kind=kind,
            rubric_version_id=versions[form.id], status="final",
            score=breakdown.score, fatal=breakdown.fatal,
            pending_weight=breakdown.pending_weight, overall_comment=DEMO_COMMENT, revision=1,
            version=2, opened_at=opened_at, finalized_at=finalized_at, updated_at=finalized_at,
            seconds_spent=(finalized_at - opened_at).total_seconds(), updated_by=username))
        answer_sets.append(answers)
    _store(session, evaluations, answer_sets)
    random = [row for row in evaluations if row["kind"] == "random"]
    scored = [row["score"] for row in random if row["score"] is not None]
    return DemoHistory(tuple(weeks), len(random), len(evaluations) - len(random),
                       sum(row["fatal"] for row in evaluations), fmean(scored) if scored else None)


def _sitting(rng: Random, review_week: IsoWeek, zone: ZoneInfo, channel: str,
             talk_seconds: float | None) -> tuple[datetime, datetime]:
    """Opened on a working day of the review week, finalized in the same sitting: a call is
    listened to once and a bit, a thread read; then the form is filled in."""
    day = review_week.monday + timedelta(days=rng.randrange(5))
    opened = datetime.combine(day, time(8), zone) + timedelta(seconds=rng.uniform(0, 8 * 3600))
    reading = (talk_seconds or 240.0) * rng.uniform(1.1, 1.5) if channel == "voice" \
        else rng.uniform(120, 420)
    return opened, opened + timedelta(seconds=round(reading + rng.uniform(150, 420)))


def _store(session: Session, evaluations: list[dict[str, Any]],
           answer_sets: list[dict[str, ItemAnswer]]) -> None:
    """The rows ``review.service._start`` and ``review.revisions.finalize`` would leave."""
    if not evaluations:
        return
    table = cast(Table, Evaluation.__table__)  # Core: the ORM insert would reset ``version``
    stored = session.execute(insert(table).returning(
        table.c.id, sort_by_parameter_order=True), evaluations).scalars().all()
    answer_rows, revisions, events = [], [], []
    for evaluation_id, row, answers in zip(stored, evaluations, answer_sets, strict=True):
        answer_rows.extend(dict(evaluation_id=evaluation_id, item_id=item_id,
                                answer=given.answer, evidence=[], reason=None,
                                comment=given.comment or None)
                           for item_id, given in answers.items())
        moment, by = row["finalized_at"], row["updated_by"]
        revisions.append(dict(
            evaluation_id=evaluation_id, number=1, kind="final", by_user_id=row["reviewer_id"],
            by_username=by, at=moment, reason=None, score=row["score"], fatal=row["fatal"],
            answers=snapshot(answers, {}), overall_comment=DEMO_COMMENT))
        events.append(dict(
            at=moment, user_id=row["reviewer_id"], username=by, session_id=AUDIT_SESSION,
            action="score_change", target_kind="evaluation", target_id=str(evaluation_id),
            outcome="ok", details={"revision": 1, "kind": "final", "reason": None,
                                   "score_before": None, "score_after": row["score"],
                                   "fatal": row["fatal"], "items": sorted(answers)}))
    for model, rows in ((EvaluationAnswer, answer_rows), (EvaluationRevision, revisions),
                        (AuditEvent, events)):
        session.execute(insert(cast(Table, model.__table__)), rows)
    session.execute(update(Sample).where(Sample.id.in_([row["sample_id"] for row in evaluations]))
                    .values(status="final"))
    tallies.refresh(session, {(row["agent_id"], row["week"]) for row in evaluations})
