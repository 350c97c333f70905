"""The one place that decides which rows a role may read.

Pages and services never write their own role checks on data: they ask :func:`visible`
for the WHERE clause of an entity, or use :func:`scoped_select`, and so a page cannot show
rows outside the role's scope even when its inputs (query parameters, session state) are
tampered with. An entity that has no rule here cannot be read through this module at all.

The rules, in short:

* manager and qco_lead: everything (quality across teams; calibration and disputes);
* qco: the roster, and only the interactions sampled and assigned to them;
* team_lead: the agents of the teams they coach, and their interactions;
* agent: their own roster row and their own interactions;
* admin: accounts and settings, and the roster to link accounts — no interaction data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.db.calibration_models import CalibrationItem, CalibrationParticipant
from qa_app.db.category_models import InteractionCategory
from qa_app.db.coaching_models import CoachingAction, CoachingFocus, CoachingSession
from qa_app.db.dispute_models import Dispute
from qa_app.db.models import Agent, CsiResponse, Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.db.sampling_models import Sample, SampleQuota
from qa_app.db.search_models import SearchTurn
from qa_app.db.summary_models import ItemTally, KpiDay
from qa_app.db.work_models import Transcript
from qa_app.vocabulary import Role

Model = TypeVar("Model")
EVERYTHING = (Role.MANAGER, Role.QCO_LEAD)


def _team_agents(principal: Principal) -> Select[tuple[int]]:
    """The agents of the teams a team lead coaches."""
    return select(Agent.id).where(Agent.team_id.in_(sorted(principal.team_ids)))


def _agent_owned_rule(agent_id: Any) -> Callable[[Principal], ColumnElement[bool]]:
    """Rows that belong to one agent (quotas, coaching sessions): manager and qco_lead all,
    a team lead their teams' agents, an agent their own."""

    def rule(principal: Principal) -> ColumnElement[bool]:
        if principal.role in EVERYTHING:
            return true()
        if principal.role == Role.TEAM_LEAD and principal.team_ids:
            return agent_id.in_(_team_agents(principal))  # type: ignore[no-any-return]
        if principal.role == Role.AGENT and principal.agent_id is not None:
            return agent_id == principal.agent_id  # type: ignore[no-any-return]
        return false()

    return rule


def _agent_rule(principal: Principal) -> ColumnElement[bool]:
    if principal.role in EVERYTHING or principal.role in (Role.QCO, Role.ADMIN):
        return true()
    if principal.role == Role.TEAM_LEAD:
        return Agent.team_id.in_(sorted(principal.team_ids)) if principal.team_ids else false()
    if principal.role == Role.AGENT and principal.agent_id is not None:
        return Agent.id == principal.agent_id
    return false()


def _open_disputes_to_rule(principal: Principal) -> Select[tuple[int]]:
    """A QCO may rule on (and so read) an open dispute of an evaluation someone else made."""
    return select(Dispute.evaluation_id).where(Dispute.status == "open",
                                               Dispute.reviewer_id != principal.user_id)
def calibrating(principal: Principal) -> Select[tuple[int]]:
    """The interactions of the calibration sessions the principal takes part in."""
    return select(CalibrationItem.interaction_id).join(
        CalibrationParticipant, CalibrationParticipant.session_id == CalibrationItem.session_id
    ).where(CalibrationParticipant.user_id == principal.user_id)


def _interaction_rule(principal: Principal) -> ColumnElement[bool]:
    if principal.role == Role.QCO:
        assigned = select(Sample.interaction_id).where(Sample.reviewer_id == principal.user_id)
        disputed = select(Evaluation.interaction_id).where(
            Evaluation.id.in_(_open_disputes_to_rule(principal)))
        return or_(Interaction.id.in_(assigned), Interaction.id.in_(disputed),
                   Interaction.id.in_(calibrating(principal)))
    return _agent_owned_rule(Interaction.agent_id)(principal)


def _csi_rule(principal: Principal) -> ColumnElement[bool]:
    if principal.role in EVERYTHING:
        return true()
    if principal.role == Role.ADMIN:
        return false()
    interactions = select(Interaction.id).where(_interaction_rule(principal))
    cases = select(Interaction.case_id).where(
        and_(_interaction_rule(principal), Interaction.case_id.is_not(None)))
    return or_(CsiResponse.interaction_id.in_(interactions), CsiResponse.case_id.in_(cases))


def _sample_rule(principal: Principal) -> ColumnElement[bool]:
    if principal.role in EVERYTHING:
        return true()
    if principal.role == Role.QCO:
        return Sample.reviewer_id == principal.user_id
    if principal.role == Role.TEAM_LEAD and principal.team_ids:
        return Sample.agent_id.in_(_team_agents(principal))
    return false()


def _transcript_rule(principal: Principal) -> ColumnElement[bool]:
    if principal.role in EVERYTHING:
        return true()
    if principal.role == Role.ADMIN:
        return false()
    return Transcript.interaction_id.in_(select(Interaction.id).where(
        _interaction_rule(principal)))


def _search_turn_rule(principal: Principal) -> ColumnElement[bool]:
    """A turn of the search index is readable exactly when its interaction is."""
    if principal.role in EVERYTHING:
        return true()
    return SearchTurn.interaction_id.in_(select(Interaction.id).where(
        _interaction_rule(principal)))


def _category_rule(principal: Principal) -> ColumnElement[bool]:
    """A call's category tag (with its words) is readable exactly when the call is."""
    if principal.role in EVERYTHING:
        return true()
    return InteractionCategory.interaction_id.in_(select(Interaction.id).where(
        _interaction_rule(principal)))


def _evaluation_rule(principal: Principal) -> ColumnElement[bool]:
    """QCOs see the evaluations of samples assigned to them; team leads and agents see
    finalized evaluations only (a draft is the reviewer's work in progress)."""
    if principal.role in EVERYTHING:
        return true()
    if principal.role == Role.QCO:
        assigned = select(Sample.id).where(Sample.reviewer_id == principal.user_id)
        return or_(Evaluation.sample_id.in_(assigned),
                   Evaluation.id.in_(_open_disputes_to_rule(principal)))
    final = Evaluation.status == "final"
    if principal.role == Role.TEAM_LEAD and principal.team_ids:
        return and_(final, Evaluation.agent_id.in_(_team_agents(principal)))
    if principal.role == Role.AGENT and principal.agent_id is not None:
        return and_(final, Evaluation.agent_id == principal.agent_id)
    return false()


def _evaluation_part_rule(part: type) -> Callable[[Principal], ColumnElement[bool]]:
    """Answers and revisions are readable exactly when their evaluation is."""

    def rule(principal: Principal) -> ColumnElement[bool]:
        evaluations = select(Evaluation.id).where(_evaluation_rule(principal))
        return part.evaluation_id.in_(evaluations)  # type: ignore[attr-defined, no-any-return]

    return rule


def _coaching_part_rule(part: type) -> Callable[[Principal], ColumnElement[bool]]:
    """Focus items and actions are readable exactly when their session is."""

    def rule(principal: Principal) -> ColumnElement[bool]:
        sessions = select(CoachingSession.id).where(
            _agent_owned_rule(CoachingSession.agent_id)(principal))
        return part.session_id.in_(sessions)  # type: ignore[attr-defined, no-any-return]

    return rule


RULES: dict[type, Callable[[Principal], ColumnElement[bool]]] = {
    Agent: _agent_rule,
    Interaction: _interaction_rule,
    CsiResponse: _csi_rule,
    Sample: _sample_rule,
    Transcript: _transcript_rule,
    SearchTurn: _search_turn_rule,
    InteractionCategory: _category_rule,
    Evaluation: _evaluation_rule,
    EvaluationAnswer: _evaluation_part_rule(EvaluationAnswer),
    EvaluationRevision: _evaluation_part_rule(EvaluationRevision),
    SampleQuota: _agent_owned_rule(SampleQuota.agent_id),
    # finalized evaluations summed per agent: a QCO's scope (their assigned samples) is not
    # a set of agents, so QCOs read no tallies and their reports count the answers instead
    ItemTally: _agent_owned_rule(ItemTally.agent_id),
    KpiDay: _agent_owned_rule(KpiDay.agent_id),  # likewise for the interactions' KPIs
    CoachingSession: _agent_owned_rule(CoachingSession.agent_id),
    CoachingFocus: _coaching_part_rule(CoachingFocus),
    CoachingAction: _coaching_part_rule(CoachingAction),
}


class OutOfScope(PermissionError):
    """The principal asked for a row their role may not read."""


def visible(principal: Principal, entity: type) -> ColumnElement[bool]:
    """The WHERE clause limiting ``entity`` to the rows ``principal`` may read."""
    try:
        rule = RULES[entity]
    except KeyError:
        raise OutOfScope(f"no read rule for {entity.__name__}") from None
    return rule(principal)


def scoped_select(principal: Principal, entity: type[Model], *where: Any) -> Select[tuple[Model]]:
    return select(entity).where(visible(principal, entity), *where)


def get_visible(session: Session, principal: Principal, entity: type[Model], row_id: int) -> Model:
    """One row by primary key, or :class:`OutOfScope` when missing or not the role's to read."""
    row = session.scalar(scoped_select(principal, entity, entity.id == row_id))  # type: ignore[attr-defined]
    if row is None:
        raise OutOfScope(f"{entity.__name__} {row_id} is not visible to {principal.username}")
    return row
