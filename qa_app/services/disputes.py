"""The review loop's use cases: the agent's view of an evaluation, acknowledging it, raising a
dispute, ruling on it, a QCO's correction request, and the dispute figures.

Each function owns its transaction and writes its audit entry in it. What a principal can
read is decided by auth/scope.py (an agent their own finalized evaluations, a team lead their
teams', a QCO their own and the open disputes of others' evaluations); the rules of who may
act are in qa_app/disputes. A ruling that accepts items writes a new revision of kind
"dispute" through qa_app.review.revisions, so the QM figures and summary tables follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.scope import get_visible, scoped_select, visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.dispute_models import (
    CorrectionRequest,
    Dispute,
    DisputeItem,
    EvaluationAcknowledgement,
)
from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation
from qa_app.db.session import session_scope
from qa_app.db.work_models import RubricVersion
from qa_app.disputes.errors import DisputeError, DisputeNotAllowed
from qa_app.disputes.figures import DisputeFigures, DisputeRecord, dispute_figures
from qa_app.disputes.rules import Actor, ItemRuling, check_items, check_may_raise, may_rule
from qa_app.disputes.rules import new_answer as ruled_answer
from qa_app.disputes.window import overdue, ruling_deadline, window_closes, window_open
from qa_app.review import revisions
from qa_app.review.answers import EvidenceRef, ItemAnswer
from qa_app.review.store import answer_rows, form_of, human_of, machine_of
from qa_app.services import inbox
from qa_app.vocabulary import Role


def _actor(principal: Principal) -> Actor:
    return Actor(principal.role, principal.user_id, principal.agent_id, principal.team_ids)


@dataclass(frozen=True)
class EvaluationRow:
    evaluation_id: int
    source_id: str
    agent: str
    week: str
    kind: str
    score: float | None
    fatal: bool
    finalized_at: datetime
    acknowledged_at: datetime | None
    dispute_status: str | None  # the latest dispute's: open / ruled; None without one
    window_closes: datetime
    may_dispute: bool  # the window is open and no dispute is open

    def unacknowledged_hours(self, now: datetime) -> float | None:
        if self.acknowledged_at is not None:
            return None
        return (now - self.finalized_at).total_seconds() / 3600


@dataclass(frozen=True)
class DisputeItemView:
    item_id: str
    text: str
    answer_at_raise: str | None
    reason: str
    ruling: str | None
    ruling_reason: str | None
    new_answer: str | None


@dataclass(frozen=True)
class DisputeView:
    id: int
    evaluation_id: int
    source_id: str
    agent: str
    reviewer: str
    raised_by: str
    on_behalf: bool
    raised_at: datetime
    deadline_at: datetime
    status: str
    reason: str
    ruled_by: str | None
    ruled_at: datetime | None
    items: tuple[DisputeItemView, ...]

    def overdue(self, now: datetime) -> bool:
        return self.status == "open" and overdue(self.deadline_at, now)


@dataclass(frozen=True)
class ItemView:
    item_id: str
    section: str
    text: str
    weight: float
    fatal_item: bool
    scale: tuple[str, ...]
    answer: str | None
    comment: str
    evidence: tuple[EvidenceRef, ...]


@dataclass(frozen=True)
class EvaluationView:
    row: EvaluationRow
    interaction_id: int
    channel: str
    has_recording: bool
    reviewer: str
    revision: int
    overall_comment: str
    items: tuple[ItemView, ...]
    disputes: tuple[DisputeView, ...]
    acknowledgement_comment: str | None
    may_acknowledge: bool


@dataclass(frozen=True)
class CorrectionView:
    id: int
    evaluation_id: int
    source_id: str
    agent: str
    requested_by: str
    requested_at: datetime
    reason: str
    status: str


def _rows(session: Session, principal: Principal, window_days: int,
          *where: ColumnElement[bool]) -> list[EvaluationRow]:
    latest = (select(Dispute.evaluation_id, func.max(Dispute.id).label("dispute_id"))
              .group_by(Dispute.evaluation_id).subquery())
    query = (select(Evaluation, Interaction.source_id, Agent.name,
                    EvaluationAcknowledgement.acknowledged_at, Dispute.status)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .join(Agent, Agent.id == Evaluation.agent_id)
             .outerjoin(EvaluationAcknowledgement,
                        EvaluationAcknowledgement.evaluation_id == Evaluation.id)
             .outerjoin(latest, latest.c.evaluation_id == Evaluation.id)
             .outerjoin(Dispute, Dispute.id == latest.c.dispute_id)
             .where(visible(principal, Evaluation), Evaluation.status == "final", *where)
             .order_by(Evaluation.finalized_at.desc(), Evaluation.id.desc()))
    rows = []
    for evaluation, source_id, agent, acknowledged_at, status in session.execute(query):
        finalized = evaluation.finalized_at or evaluation.updated_at
        rows.append(EvaluationRow(
            evaluation.id, source_id, agent, evaluation.week, evaluation.kind, evaluation.score,
            evaluation.fatal, finalized, acknowledged_at, status,
            window_closes(finalized, window_days), status != "open"))
    return rows


def _with_window(rows: list[EvaluationRow], now: datetime, window_days: int
                 ) -> list[EvaluationRow]:
    return [replace(row, may_dispute=row.may_dispute
                    and window_open(row.finalized_at, now, window_days)) for row in rows]


def list_evaluations(engine: Engine, principal: Principal, now: datetime, *,
                     window_days: int, unacknowledged_only: bool = False) -> list[EvaluationRow]:
    """The finalized evaluations the principal may read (an agent their own, a team lead
    their teams'), newest first."""
    with session_scope(engine) as session:
        where = (EvaluationAcknowledgement.id.is_(None),) if unacknowledged_only else ()
        return _with_window(_rows(session, principal, window_days, *where), now, window_days)


def _dispute_views(session: Session, disputes: list[Dispute]) -> list[DisputeView]:
    views = []
    for dispute in disputes:
        evaluation = session.get_one(Evaluation, dispute.evaluation_id)
        interaction = session.get_one(Interaction, evaluation.interaction_id)
        reviewer = session.get(UserAccount, dispute.reviewer_id)
        texts = {item.id: item.text for item in form_of(session, evaluation.rubric_version_id)
                 .items()}
        views.append(DisputeView(
            dispute.id, evaluation.id, interaction.source_id, interaction.agent.name,
            reviewer.display_name if reviewer else "?", dispute.raised_by, dispute.on_behalf,
            dispute.raised_at, dispute.deadline_at, dispute.status, dispute.reason,
            dispute.ruled_by, dispute.ruled_at,
            tuple(DisputeItemView(item.item_id, texts.get(item.item_id, ""),
                                  item.answer_at_raise, item.reason, item.ruling,
                                  item.ruling_reason, item.new_answer)
                  for item in dispute.items)))
    return views


def open_evaluation(engine: Engine, principal: Principal, evaluation_id: int, now: datetime,
                    *, window_days: int, session_id: str | None = None,
                    record_view: bool = True) -> EvaluationView:
    """One finalized evaluation as its agent (or their team lead) sees it: the answers, the
    QCO's comments and evidence, the disputes and their outcome. Audited as
    ``evaluation_view``; the transcript and recording are read (and audited) by
    qa_app.review.access. OutOfScope when the principal may not read it. A page that reruns
    passes ``record_view=False`` after the first view of its sitting."""
    with session_scope(engine) as session:
        evaluation = get_visible(session, principal, Evaluation, evaluation_id)
        if evaluation.status != "final":
            raise DisputeError("disputes.error.not_final")
        rows = _with_window(_rows(session, principal, window_days,
                                  Evaluation.id == evaluation_id), now, window_days)
        interaction = session.get_one(Interaction, evaluation.interaction_id)
        form = form_of(session, evaluation.rubric_version_id)
        answers = answer_rows(session, evaluation.id)
        items = []
        for section in form.sections:
            for item in section.items:
                row = answers.get(item.id)
                human = human_of(row) if row else ItemAnswer()
                items.append(ItemView(item.id, section.title, item.text, item.weight, item.fatal,
                                      tuple(item.scale), human.answer, human.comment,
                                      machine_of(row).evidence if row else ()))
        disputes = list(session.scalars(select(Dispute).where(
            Dispute.evaluation_id == evaluation.id).order_by(Dispute.id)))
        acknowledgement = session.scalar(select(EvaluationAcknowledgement).where(
            EvaluationAcknowledgement.evaluation_id == evaluation.id))
        reviewer = session.get(UserAccount, evaluation.reviewer_id)
        if record_view:
            audit.record(session, principal, "evaluation_view", target_kind="evaluation",
                         target_id=evaluation.id, session_id=session_id, now=now,
                         details={"revision": evaluation.revision})
        return EvaluationView(
            rows[0], interaction.id, interaction.channel, bool(interaction.recording_path),
            reviewer.display_name if reviewer else "?", evaluation.revision,
            evaluation.overall_comment or "", tuple(items),
            tuple(_dispute_views(session, disputes)),
            acknowledgement.comment if acknowledgement else None,
            principal.role == Role.AGENT and acknowledgement is None)


def acknowledge(engine: Engine, principal: Principal, evaluation_id: int, comment: str,
                now: datetime, *, session_id: str | None = None) -> None:
    """The agent has seen their evaluation (once), with an optional comment."""
    with session_scope(engine) as session:
        evaluation = get_visible(session, principal, Evaluation, evaluation_id)
        if principal.role != Role.AGENT or principal.agent_id != evaluation.agent_id:
            raise DisputeNotAllowed("disputes.error.acknowledge_agent_only")
        if session.scalar(select(EvaluationAcknowledgement.id).where(
                EvaluationAcknowledgement.evaluation_id == evaluation.id)) is not None:
            raise DisputeError("disputes.error.already_acknowledged", id=evaluation.id)
        session.add(EvaluationAcknowledgement(
            evaluation_id=evaluation.id, user_id=principal.user_id,
            username=principal.username, acknowledged_at=now, revision=evaluation.revision,
            comment=comment.strip() or None))
        audit.record(session, principal, "acknowledge", target_kind="evaluation",
                     target_id=evaluation.id, session_id=session_id, now=now,
                     details={"revision": evaluation.revision, "comment": bool(comment.strip())})


def raise_dispute(engine: Engine, principal: Principal, evaluation_id: int,
                  items: Mapping[str, str], reason: str, now: datetime, *, window_days: int,
                  ruling_days: int, session_id: str | None = None) -> int:
    """A dispute on ``items`` (item id → the raiser's reason) of a finalized evaluation,
    inside the window; returns its id. The QCO leads get an alert."""
    with session_scope(engine) as session:
        evaluation = get_visible(session, principal, Evaluation, evaluation_id)
        agent = session.get_one(Agent, evaluation.agent_id)
        on_behalf = check_may_raise(_actor(principal), agent.id, agent.team_id)
        if evaluation.status != "final":
            raise DisputeError("disputes.error.not_final")
        if not window_open(evaluation.finalized_at, now, window_days):
            raise DisputeError("disputes.error.window_closed", days=window_days)
        if session.scalar(select(Dispute.id).where(
                Dispute.evaluation_id == evaluation.id, Dispute.status == "open")) is not None:
            raise DisputeError("disputes.error.already_open", id=evaluation.id)
        form = form_of(session, evaluation.rubric_version_id)
        check_items(list(items), [item.id for item in form.items()])
        missing = sorted(item_id for item_id, why in items.items() if not why.strip())
        if missing:
            raise DisputeError("disputes.error.item_reason", items=missing)
        current = answer_rows(session, evaluation.id)
        dispute = Dispute(
            evaluation_id=evaluation.id, raised_by_user_id=principal.user_id,
            raised_by=principal.username, on_behalf=on_behalf, raised_at=now,
            deadline_at=ruling_deadline(now, ruling_days), reason=reason.strip(),
            revision_at_raise=evaluation.revision, reviewer_id=evaluation.reviewer_id,
            status="open",
            items=[DisputeItem(item_id=item_id, reason=why.strip(),
                               answer_at_raise=current[item_id].answer
                               if item_id in current else None)
                   for item_id, why in sorted(items.items())])
        session.add(dispute)
        session.flush()
        audit.record(session, principal, "dispute_raise", target_kind="evaluation",
                     target_id=evaluation.id, session_id=session_id, now=now,
                     details={"dispute": dispute.id, "items": sorted(items),
                              "on_behalf": on_behalf})
        inbox.post(session, inbox.users_with_role(session, Role.QCO_LEAD), "dispute_raised",
                   target_id=dispute.id, params={"id": dispute.id, "agent": agent.name,
                                                 "items": sorted(items)},
                   dedupe_key=f"raised:{dispute.id}", now=now)
        return dispute.id


def ruling_queue(engine: Engine, principal: Principal) -> list[DisputeView]:
    """The open disputes the principal may rule on, the nearest deadline first."""
    if principal.role not in (Role.QCO_LEAD, Role.QCO):
        return []
    with session_scope(engine) as session:
        disputes = list(session.scalars(
            select(Dispute).join(Evaluation, Evaluation.id == Dispute.evaluation_id)
            .where(visible(principal, Evaluation), Dispute.status == "open")
            .order_by(Dispute.deadline_at, Dispute.id)))
        return _dispute_views(session, [d for d in disputes
                                        if may_rule(_actor(principal), d.reviewer_id)])


def disputes_of(engine: Engine, principal: Principal, *, open_only: bool = True
                ) -> list[DisputeView]:
    """The disputes on evaluations the principal may read (an agent's own, a team lead's
    teams'), newest first: what the agent and their lead follow up on."""
    with session_scope(engine) as session:
        query = (select(Dispute).join(Evaluation, Evaluation.id == Dispute.evaluation_id)
                 .where(visible(principal, Evaluation)).order_by(Dispute.id.desc()))
        if open_only:
            query = query.where(Dispute.status == "open")
        return _dispute_views(session, list(session.scalars(query)))


def rule_dispute(engine: Engine, principal: Principal, dispute_id: int,
                 rulings: Mapping[str, ItemRuling], now: datetime, *,
                 session_id: str | None = None) -> int | None:
    """Rule on every item of an open dispute. Accepted and partly accepted items change the
    evaluation in one new revision (kind "dispute"); returns its number, or None when every
    item was rejected. The agent, the raiser and the reviewer get an alert."""
    with session_scope(engine) as session:
        dispute = session.get(Dispute, dispute_id)
        if dispute is None:
            raise DisputeError("disputes.error.not_found", id=dispute_id)
        evaluation = get_visible(session, principal, Evaluation, dispute.evaluation_id)
        if dispute.status != "open":
            raise DisputeError("disputes.error.already_ruled", id=dispute_id)
        if not may_rule(_actor(principal), dispute.reviewer_id):
            raise DisputeNotAllowed("disputes.error.rule_not_allowed")
        named = {item.item_id for item in dispute.items}
        if set(rulings) != named:
            raise DisputeError("disputes.error.rule_every_item",
                               items=sorted(named - set(rulings)))
        form = form_of(session, evaluation.rubric_version_id)
        scales = {item.id: tuple(item.scale) for item in form.items()}
        rows = answer_rows(session, evaluation.id)
        answers = {item_id: human_of(row) for item_id, row in rows.items()}
        changed = []
        for item in dispute.items:
            given = rulings[item.item_id]
            answer = ruled_answer(item.item_id, given, scales.get(item.item_id, ()))
            item.ruling, item.ruling_reason = given.ruling, given.reason.strip()
            item.new_answer = answer
            if answer is not None and answer != answers[item.item_id].answer:
                answers[item.item_id] = replace(answers[item.item_id], answer=answer,
                                                reason=given.reason.strip())
                changed.append(item.item_id)
        revision = None
        if changed:
            revised = revisions.revise(
                session, principal, evaluation.id, evaluation.version,
                revisions.Submission(answers, evaluation.overall_comment or "",
                                     fatal_confirmed=True),
                kind="dispute", reason=f"#{dispute.id}: " + "; ".join(
                    f"{i} {rulings[i].reason.strip()}" for i in changed),
                now=now, session_id=session_id)
            revision = revised.revision
        dispute.status, dispute.ruled_at = "ruled", now
        dispute.ruled_by_user_id, dispute.ruled_by = principal.user_id, principal.username
        dispute.revision_after = revision
        audit.record(session, principal, "dispute_ruling", target_kind="evaluation",
                     target_id=evaluation.id, session_id=session_id, now=now,
                     details={"dispute": dispute.id, "revision": revision,
                              "rulings": {i: r.ruling for i, r in sorted(rulings.items())}})
        told = [*inbox.users_of_agent(session, evaluation.agent_id), evaluation.reviewer_id]
        if dispute.raised_by_user_id is not None:
            told.append(dispute.raised_by_user_id)
        inbox.post(session, told, "dispute_ruled", target_id=evaluation.id,
                   params={"id": dispute.id, "changed": changed},
                   dedupe_key=f"ruled:{dispute.id}", now=now)
        return revision


def request_correction(engine: Engine, principal: Principal, evaluation_id: int, reason: str,
                       now: datetime, *, session_id: str | None = None) -> int:
    """A QCO asks for a correction of a finalized evaluation; it lands in the leads' queue."""
    if principal.role not in (Role.QCO, Role.QCO_LEAD):
        raise DisputeNotAllowed("disputes.error.correction_qco_only")
    if not reason.strip():
        raise DisputeError("disputes.error.reason_required")
    with session_scope(engine) as session:
        evaluation = get_visible(session, principal, Evaluation, evaluation_id)
        if evaluation.status != "final":
            raise DisputeError("disputes.error.not_final")
        request = CorrectionRequest(evaluation_id=evaluation.id,
                                    requested_by_user_id=principal.user_id,
                                    requested_by=principal.username, requested_at=now,
                                    reason=reason.strip(), status="open")
        session.add(request)
        session.flush()
        audit.record(session, principal, "correction_request", target_kind="evaluation",
                     target_id=evaluation.id, session_id=session_id, now=now,
                     details={"request": request.id})
        inbox.post(session, inbox.users_with_role(session, Role.QCO_LEAD),
                   "correction_requested", target_id=request.id,
                   params={"id": request.id, "evaluation": evaluation.id},
                   dedupe_key=f"correction:{request.id}", now=now)
        return request.id


def correction_queue(engine: Engine, principal: Principal) -> list[CorrectionView]:
    """The open correction requests: the QCO lead's queue (a QCO sees their own)."""
    with session_scope(engine) as session:
        query = (select(CorrectionRequest, Interaction.source_id, Agent.name)
                 .join(Evaluation, Evaluation.id == CorrectionRequest.evaluation_id)
                 .join(Interaction, Interaction.id == Evaluation.interaction_id)
                 .join(Agent, Agent.id == Evaluation.agent_id)
                 .where(visible(principal, Evaluation), CorrectionRequest.status == "open")
                 .order_by(CorrectionRequest.requested_at))
        if principal.role != Role.QCO_LEAD:
            query = query.where(CorrectionRequest.requested_by_user_id == principal.user_id)
        return [CorrectionView(r.id, r.evaluation_id, source_id, agent, r.requested_by,
                               r.requested_at, r.reason, r.status)
                for r, source_id, agent in session.execute(query)]


def close_correction(engine: Engine, principal: Principal, request_id: int, *, done: bool,
                     now: datetime, session_id: str | None = None) -> None:
    """The lead closes a request: done (after correcting on the review screen) or declined."""
    if principal.role != Role.QCO_LEAD:
        raise DisputeNotAllowed("disputes.error.lead_only")
    with session_scope(engine) as session:
        request = session.get(CorrectionRequest, request_id)
        if request is None or request.status != "open":
            raise DisputeError("disputes.error.correction_not_open", id=request_id)
        request.status = "done" if done else "declined"
        request.closed_at, request.closed_by = now, principal.username
        audit.record(session, principal, "correction_close", target_kind="evaluation",
                     target_id=request.evaluation_id, session_id=session_id, now=now,
                     details={"request": request.id, "status": request.status})


def figures(engine: Engine, principal: Principal, since: datetime, until: datetime
            ) -> DisputeFigures:
    """The dispute figures of disputes raised (and evaluations finalized) in [since, until)."""
    with session_scope(engine) as session:
        names = dict(session.execute(select(UserAccount.id, UserAccount.display_name)).all())
        finalized = session.execute(
            select(Evaluation.reviewer_id, func.count())
            .where(visible(principal, Evaluation), Evaluation.status == "final",
                   Evaluation.finalized_at >= since, Evaluation.finalized_at < until)
            .group_by(Evaluation.reviewer_id)).all()
        disputes = session.execute(
            select(Dispute, RubricVersion.rubric_id)
            .join(Evaluation, Evaluation.id == Dispute.evaluation_id)
            .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
            .where(visible(principal, Evaluation), Dispute.raised_at >= since,
                   Dispute.raised_at < until))
        records = [DisputeRecord(names.get(d.reviewer_id, "?"), d.raised_at, d.ruled_at,
                                 {(form, item.item_id): item.ruling for item in d.items})
                   for d, form in disputes]
        return dispute_figures(records, {names.get(reviewer, "?"): count
                                         for reviewer, count in finalized})


def final_evaluations_to_correct(engine: Engine, principal: Principal) -> list[tuple[int, str]]:
    """(evaluation id, label) of the finalized evaluations a QCO may ask to correct."""
    with session_scope(engine) as session:
        rows = session.execute(
            scoped_select(principal, Evaluation, Evaluation.status == "final")
            .join(Interaction, Interaction.id == Evaluation.interaction_id)
            .with_only_columns(Evaluation.id, Interaction.source_id, Evaluation.week)
            .order_by(Evaluation.finalized_at.desc()).limit(200))
        return [(evaluation_id, f"{source_id} · {week}") for evaluation_id, source_id, week in rows]
