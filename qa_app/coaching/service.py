"""Coaching sessions in the database: the failed items to coach, creating, acknowledging,
and reading sessions with their follow-up. Every read goes through the role's scope.

Only a team lead creates a session, for an agent of their teams, about failed items of that
agent's finalized evaluations; the evidence clips of each item are copied into the session.
Only the agent acknowledges it, once. Items are worded as the evaluation's own rubric version
words them and followed up within their form (P1 of the chat form is not P1 outbound). Creating and
acknowledging are audited (``coaching_create``, ``coaching_acknowledge``) in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.scope import OutOfScope, get_visible, visible
from qa_app.coaching.errors import CoachingError
from qa_app.coaching.followup import FollowUp, ItemObservation, follow_up
from qa_app.db.coaching_models import CoachingAction, CoachingFocus, CoachingSession
from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import RubricVersion
from qa_app.reports.queries.evaluation_rows import version_items
from qa_app.reports.rollups.items import FAILED_ANSWERS
from qa_app.scoring.item_keys import ItemKey
from qa_app.vocabulary import EvaluationState


@dataclass(frozen=True)
class FailedItem:
    evaluation_id: int
    week: str
    source_id: str
    form: str  # the rubric's id: item ids repeat across forms
    item_id: str
    text: str  # as the evaluation's rubric version words it
    answer: str
    evidence: tuple[dict[str, Any], ...]
    comment: str | None


def _observations(session: Session, principal: Principal, agent_id: int) -> list[tuple[
        ItemObservation, Evaluation, EvaluationAnswer, Interaction, str]]:
    """Every answer of the agent's finalized evaluations, keyed by form and item, with the
    item's text as the evaluation's rubric version words it."""
    rows = session.execute(
        select(Evaluation, EvaluationAnswer, Interaction, RubricVersion.rubric_id)
        .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
        .join(Interaction, Interaction.id == Evaluation.interaction_id)
        .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
        .where(visible(principal, Evaluation), Evaluation.status == EvaluationState.FINAL,
               Evaluation.agent_id == agent_id)
        .order_by(Interaction.started_at.desc(), EvaluationAnswer.item_id)).all()
    texts = _texts(session, {evaluation.rubric_version_id for evaluation, *_ in rows})
    return [(ItemObservation(evaluation.id, ItemKey(form, answer.item_id),
                             answer.answer or "na", interaction.started_at),
             evaluation, answer, interaction,
             texts.get((evaluation.rubric_version_id, answer.item_id), ""))
            for evaluation, answer, interaction, form in rows]


def _texts(session: Session, version_ids: set[int]) -> dict[tuple[int, str], str]:
    return {key: item.text for key, item in version_items(session, version_ids).items()}


def failed_items(session: Session, principal: Principal, agent_id: int) -> list[FailedItem]:
    """Items answered no/partial in the agent's finalized evaluations, newest call first."""
    return [FailedItem(evaluation.id, evaluation.week, interaction.source_id, seen.key.form,
                       answer.item_id, text, seen.answer, tuple(answer.evidence or ()),
                       answer.comment)
            for seen, evaluation, answer, interaction, text in
            _observations(session, principal, agent_id) if seen.answer in FAILED_ANSWERS]


def create_session(session: Session, principal: Principal, agent_id: int,
                   focuses: list[tuple[int, str]], actions: list[str], due_date: date,
                   notes: str, now: datetime, session_id: str | None = None) -> CoachingSession:
    if principal.role != "team_lead":
        raise CoachingError("coaching.error.team_lead_only")
    try:
        agent = get_visible(session, principal, Agent, agent_id)
    except OutOfScope:
        raise CoachingError("coaching.error.agent_out_of_scope") from None
    actions = [action.strip() for action in actions if action.strip()]
    if not focuses:
        raise CoachingError("coaching.error.no_focus")
    if not actions:
        raise CoachingError("coaching.error.no_action")
    if due_date < now.date():
        raise CoachingError("coaching.error.due_in_past", due=due_date.isoformat())
    failed = {(item.evaluation_id, item.item_id): item
              for item in failed_items(session, principal, agent_id)}
    unknown = [f"{evaluation}/{item}" for evaluation, item in focuses
               if (evaluation, item) not in failed]
    if unknown:
        raise CoachingError("coaching.error.not_failed", items=unknown)
    row = CoachingSession(agent_id=agent_id, coach_user_id=principal.user_id,
                          coach=principal.username, created_at=now, due_date=due_date,
                          notes=notes.strip() or None)
    row.focuses = [CoachingFocus(evaluation_id=evaluation, item_id=item,
                                 answer=failed[(evaluation, item)].answer,
                                 evidence=list(failed[(evaluation, item)].evidence) or None)
                   for evaluation, item in dict.fromkeys(focuses)]
    row.actions = [CoachingAction(position=n, text=text) for n, text in enumerate(actions, 1)]
    session.add(row)
    session.flush()
    audit.record(session, principal, "coaching_create", target_kind="coaching_session",
                 target_id=row.id, session_id=session_id, now=now, details={
                     "agent": agent.name, "items": sorted({item for _, item in focuses}),
                     "evaluations": sorted({evaluation for evaluation, _ in focuses}),
                     "actions": len(actions), "due": due_date.isoformat()})
    return row


def acknowledge(session: Session, principal: Principal, session_id: int, comment: str,
                now: datetime, browser_session: str | None = None) -> CoachingSession:
    try:
        row = get_visible(session, principal, CoachingSession, session_id)
    except OutOfScope:
        raise CoachingError("coaching.error.not_found", id=session_id) from None
    if principal.role != "agent" or row.agent_id != principal.agent_id:
        raise CoachingError("coaching.error.agent_only")
    if row.acknowledged_at is not None:
        raise CoachingError("coaching.error.already_acknowledged", id=session_id)
    row.acknowledged_at = now
    row.agent_comment = comment.strip() or None
    session.flush()
    audit.record(session, principal, "coaching_acknowledge", target_kind="coaching_session",
                 target_id=row.id, session_id=browser_session, now=now,
                 details={"comment": row.agent_comment is not None})
    return row


@dataclass(frozen=True)
class FocusView:
    """A focus of a session with its item's form and wording (from the focus's evaluation)."""

    focus: CoachingFocus
    form: str
    text: str


@dataclass(frozen=True)
class SessionView:
    session: CoachingSession
    focuses: tuple[FocusView, ...]
    actions: tuple[CoachingAction, ...]
    follow_ups: tuple[FollowUp, ...]


def sessions_of(session: Session, principal: Principal, agent_id: int) -> list[SessionView]:
    """The agent's coaching sessions the principal may read, newest first, with follow-up."""
    rows = session.scalars(
        select(CoachingSession).where(visible(principal, CoachingSession),
                                      CoachingSession.agent_id == agent_id)
        .order_by(CoachingSession.created_at.desc(), CoachingSession.id.desc())).all()
    observations = [seen for seen, *_ in _observations(session, principal, agent_id)]
    versions = {evaluation: (version, form) for evaluation, version, form in session.execute(
        select(Evaluation.id, Evaluation.rubric_version_id, RubricVersion.rubric_id)
        .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
        .where(Evaluation.id.in_({f.evaluation_id for row in rows for f in row.focuses})))}
    texts = _texts(session, {version for version, _ in versions.values()})
    views = []
    for row in rows:
        focuses = tuple(FocusView(focus, versions[focus.evaluation_id][1], texts.get(
            (versions[focus.evaluation_id][0], focus.item_id), "")) for focus in row.focuses)
        views.append(SessionView(row, focuses, tuple(row.actions), tuple(follow_up(
            [ItemKey(f.form, f.focus.item_id) for f in focuses], row.created_at,
            observations))))
    return views
