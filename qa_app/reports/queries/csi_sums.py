"""CSI answers counted in the database, and QM linked to CSI by case, within the role's scope.

Each survey answer belongs to the agent of its own interaction, else of the latest
interaction of its case (as the scorecard), and to the local month it was given in.
From those answers the database returns:

* CSI counts — ``n`` answers per level, month and score (1–5);
* linked evaluations — the finalized evaluations of the months whose case has answers, one
  row each with ``csi`` (the mean of the case's answers) and ``csi_responses``;
* item outcomes — per item and outcome (pass = yes, fail = no/partial) of those linked
  evaluations: ``n`` and ``csi_total`` (the sum of their ``csi``).

Attributing an answer to an agent is the costly part (a lookup per answer), so
:func:`attributed_answers` does it once into a temporary table that the three queries read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import (
    Column,
    Float,
    FromClause,
    Integer,
    MetaData,
    String,
    Subquery,
    Table,
    case,
    cast,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.work_models import RubricVersion
from qa_app.reports.queries.quality_sums import level_columns
from qa_app.reports.queries.scope_filter import Filter, agent_filter, frame_of, month_bounds
from qa_app.reports.rollups.columns import EVALUATION_COLUMNS
from qa_app.reports.rollups.periods import month_of_week, weeks_of_months
from qa_app.reports.summaries.item_tallies import APPLICABLE_ANSWERS
from qa_app.reports.summaries.local_periods import local_period
from qa_app.vocabulary import EvaluationState, HumanAnswer


def _answers(session: Session, principal: Principal, chosen: Filter, zone: ZoneInfo) -> Subquery:
    """The answers of the months in scope: id, agent_id, case_id, month, score."""
    of_case, direct = aliased(Interaction), aliased(Interaction)
    # Lookups by key, not a join: a join lets PostgreSQL scan every interaction.
    own = (select(direct.agent_id).where(direct.id == CsiResponse.interaction_id)
           .scalar_subquery())
    latest_of_case = (select(of_case.agent_id).where(of_case.case_id == CsiResponse.case_id)
                      .order_by(of_case.started_at.desc()).limit(1).scalar_subquery())
    agent_id = case((CsiResponse.interaction_id.is_not(None), own), else_=latest_of_case)
    start, end = month_bounds(chosen.months, zone)
    attributed = (select(CsiResponse.id, agent_id.label("agent_id"), CsiResponse.case_id,
                         local_period(session, zone, CsiResponse.answered_at, "month")
                         .label("month"), CsiResponse.score)
                  .where(visible(principal, CsiResponse), CsiResponse.answered_at >= start,
                         CsiResponse.answered_at < end)).subquery()
    return (select(attributed).where(agent_filter(principal, chosen, attributed.c.agent_id))
            .subquery())


@contextmanager
def attributed_answers(session: Session, principal: Principal, chosen: Filter,
                       zone: ZoneInfo) -> Iterator[FromClause]:
    """The answers of ``_answers`` stored in a temporary table for the length of the block."""
    table = Table("report_csi_answers", MetaData(),
                  Column("id", Integer, primary_key=True), Column("agent_id", Integer),
                  Column("case_id", String(64)), Column("month", String(7)),
                  Column("score", Integer), prefixes=["TEMPORARY"])
    connection = session.connection()
    table.create(connection)
    try:
        answers = _answers(session, principal, chosen, zone)
        connection.execute(insert(table).from_select(
            ["id", "agent_id", "case_id", "month", "score"],
            select(answers.c.id, answers.c.agent_id, answers.c.case_id, answers.c.month,
                   answers.c.score)))
        if connection.dialect.name == "postgresql":  # the planner's row counts
            connection.execute(text("ANALYZE report_csi_answers"))
        yield table
    finally:
        table.drop(connection)


def csi_counts(session: Session, answers: FromClause, level: str) -> pd.DataFrame:
    keys = level_columns(level)
    query = (select(*keys, answers.c.month, answers.c.score, func.count().label("n"))
             .select_from(answers).join(Agent, Agent.id == answers.c.agent_id)
             .join(Team, Team.id == Agent.team_id)
             .group_by(*keys, answers.c.month, answers.c.score))
    result = session.execute(query)
    frame = pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    return frame.astype({"score": int, "n": int})


def _per_case(answers: FromClause) -> Subquery:
    return (select(answers.c.case_id, func.count().label("responses"),
                   func.sum(cast(answers.c.score, Float)).label("total"))
            .where(answers.c.case_id.is_not(None)).group_by(answers.c.case_id).subquery())


def _linked_query(principal: Principal, chosen: Filter, per_case: Subquery):  # noqa: ANN202
    reviewer = aliased(UserAccount)
    return (select(Evaluation.id, Evaluation.interaction_id, Evaluation.agent_id, Agent.name,
                   Team.name.label("team"), Agent.tier, reviewer.username, Evaluation.week,
                   Evaluation.kind, Evaluation.score, Evaluation.fatal, Interaction.case_id,
                   per_case.c.total, per_case.c.responses)
            .join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
            .join(Interaction, Interaction.id == Evaluation.interaction_id)
            .join(per_case, per_case.c.case_id == Interaction.case_id)
            .outerjoin(reviewer, reviewer.id == Evaluation.reviewer_id)
            .where(visible(principal, Evaluation), Evaluation.status == EvaluationState.FINAL,
                   Evaluation.week.in_(weeks_of_months(list(chosen.months))),
                   agent_filter(principal, chosen, Evaluation.agent_id)))


def linked_evaluations(session: Session, principal: Principal, chosen: Filter,
                       answers: FromClause) -> pd.DataFrame:
    per_case = _per_case(answers)
    rows = [(*row[:8], month_of_week(row[7]), row[8], float(row[9]), bool(row[10]), row[11],
             float(row[12]) / int(row[13]), int(row[13]))
            for row in session.execute(_linked_query(principal, chosen, per_case)
                                       .order_by(Evaluation.id))]
    return frame_of(rows, (*EVALUATION_COLUMNS, "csi", "csi_responses"))


def item_outcomes(session: Session, principal: Principal, chosen: Filter,
                  answers: FromClause) -> pd.DataFrame:
    per_case = _per_case(answers)
    linked = _linked_query(principal, chosen, per_case).subquery()
    outcome = case((EvaluationAnswer.answer == HumanAnswer.YES, "pass"),
                   else_="fail").label("outcome")
    csi = linked.c.total / linked.c.responses
    # per form and item: P1 of one form is not P1 of another (scoring.item_keys)
    query = (select(RubricVersion.rubric_id, EvaluationAnswer.item_id, outcome,
                    func.count().label("n"), func.sum(csi).label("csi_total"))
             .select_from(EvaluationAnswer)
             .join(linked, linked.c.id == EvaluationAnswer.evaluation_id)
             .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
             .join(RubricVersion, RubricVersion.id == Evaluation.rubric_version_id)
             .where(EvaluationAnswer.answer.in_(APPLICABLE_ANSWERS))
             .group_by(RubricVersion.rubric_id, EvaluationAnswer.item_id, outcome))
    frame = frame_of([tuple(row) for row in session.execute(query)],
                     ("form", "item_id", "outcome", "n", "csi_total"))
    return frame.astype({"n": int, "csi_total": float})
