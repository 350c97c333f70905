"""Build the report frames (see ``frames.py``) from the database, within the role's scope.

Every query here is filtered with :func:`qa_app.auth.scope.visible`, so a team lead's frames
hold their teams only and an agent's their own rows, whatever the page asks for.
``Filter`` narrows further (months, team, agent); it can never widen the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample, SampleQuota
from qa_app.db.work_models import RubricVersion
from qa_app.reports.frames import (ANSWER_COLUMNS, CSI_COLUMNS, EVALUATION_COLUMNS,
                                   QUOTA_COLUMNS, SAMPLE_COLUMNS, month_of_week, shift_month,
                                   weeks_of_months)


@dataclass(frozen=True)
class Filter:
    months: tuple[str, ...]  # "YYYY-MM", at least one
    team: str | None = None
    agent_id: int | None = None


def agent_filter(principal: Principal, chosen: Filter, agent_id_column: object) -> object:
    """agent id ∈ the agents visible to ``principal`` (and of the chosen team / agent)."""
    agents = select(Agent.id).where(visible(principal, Agent))
    if chosen.team is not None:
        agents = agents.join(Team, Team.id == Agent.team_id).where(Team.name == chosen.team)
    if chosen.agent_id is not None:
        agents = agents.where(Agent.id == chosen.agent_id)
    return agent_id_column.in_(agents)  # type: ignore[attr-defined]


def frame_of(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(
        {column: pd.Series(dtype=object) for column in columns})


def evaluations_frame(session: Session, principal: Principal, chosen: Filter) -> pd.DataFrame:
    reviewer = aliased(UserAccount)
    query = (select(Evaluation.id, Evaluation.interaction_id, Evaluation.agent_id, Agent.name,
                    Team.name, Agent.tier, reviewer.username, Evaluation.week, Evaluation.week,
                    Evaluation.kind, Evaluation.score, Evaluation.fatal, Interaction.case_id)
             .join(Agent, Agent.id == Evaluation.agent_id).join(Team, Team.id == Agent.team_id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .outerjoin(reviewer, reviewer.id == Evaluation.reviewer_id)
             .where(visible(principal, Evaluation), Evaluation.status == "final",
                    Evaluation.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, Evaluation.agent_id))
             .order_by(Evaluation.id))
    frame = frame_of([tuple(row) for row in session.execute(query)], EVALUATION_COLUMNS)
    frame["month"] = frame["week"].map(month_of_week)
    frame["score"] = frame["score"].astype(float)
    return frame


def item_catalogue(document: dict[str, object]) -> dict[str, tuple[str, bool]]:
    """item id → (text, fatal) from a stored rubric document."""
    return {str(item["id"]): (str(item.get("text", "")), bool(item.get("fatal")))
            for section in document.get("sections", [])  # type: ignore[union-attr]
            for item in section.get("items", [])}


def answers_frame(session: Session, evaluation_ids: list[int]) -> pd.DataFrame:
    """The item answers of evaluations already loaded (and so already scoped)."""
    if not evaluation_ids:
        return frame_of([], ANSWER_COLUMNS)
    rows = session.execute(
        select(EvaluationAnswer.evaluation_id, EvaluationAnswer.item_id, EvaluationAnswer.answer,
               Evaluation.rubric_version_id)
        .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
        .where(EvaluationAnswer.evaluation_id.in_(evaluation_ids))).all()
    catalogues = {version: item_catalogue(document) for version, document in session.execute(
        select(RubricVersion.id, RubricVersion.document).where(
            RubricVersion.id.in_({row[3] for row in rows})))}
    return frame_of([(evaluation, item, answer,
                    catalogues.get(version, {}).get(item, ("", False))[1])
                   for evaluation, item, answer, version in rows], ANSWER_COLUMNS)


def item_texts(session: Session) -> dict[str, str]:
    """item id → text, from every stored rubric version (the newest text wins)."""
    texts: dict[str, str] = {}
    for (document,) in session.execute(select(RubricVersion.document).order_by(RubricVersion.id)):
        texts.update({item: text for item, (text, _) in item_catalogue(document).items()})
    return texts


def quotas_frame(session: Session, principal: Principal, chosen: Filter) -> pd.DataFrame:
    query = (select(SampleQuota.agent_id, Agent.name, Team.name, Agent.tier, SampleQuota.week,
                    SampleQuota.week, SampleQuota.quota)
             .join(Agent, Agent.id == SampleQuota.agent_id).join(Team, Team.id == Agent.team_id)
             .where(visible(principal, SampleQuota),
                    SampleQuota.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, SampleQuota.agent_id)))
    frame = frame_of([tuple(row) for row in session.execute(query)], QUOTA_COLUMNS)
    frame["month"] = frame["week"].map(month_of_week)
    return frame


def samples_frame(session: Session, principal: Principal, chosen: Filter) -> pd.DataFrame:
    reviewer = aliased(UserAccount)
    finalized = case((Evaluation.status == "final", True), else_=False)
    query = (select(Sample.id, Sample.agent_id, Agent.name, Team.name, reviewer.username,
                    Sample.week, Sample.week, Sample.kind, finalized)
             .join(Agent, Agent.id == Sample.agent_id).join(Team, Team.id == Agent.team_id)
             .outerjoin(reviewer, reviewer.id == Sample.reviewer_id)
             .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
             .where(visible(principal, Sample),
                    Sample.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, Sample.agent_id)))
    frame = frame_of([tuple(row) for row in session.execute(query)], SAMPLE_COLUMNS)
    frame["month"] = frame["week"].map(month_of_week)
    frame["finalized"] = frame["finalized"].astype(bool)
    return frame


def month_bounds(months: tuple[str, ...], zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of the first month's first day and the day after the last month, local."""
    first, last = min(months), shift_month(max(months), 1)
    start = datetime.combine(date(int(first[:4]), int(first[5:7]), 1), time(), zone)
    end = datetime.combine(date(int(last[:4]), int(last[5:7]), 1), time(), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def csi_frame(session: Session, principal: Principal, chosen: Filter,
              zone: ZoneInfo) -> pd.DataFrame:
    """Survey answers with the agent they belong to: the answer's own interaction, else the
    latest interaction of its case."""
    of_case = aliased(Interaction)
    direct = aliased(Interaction)
    latest_of_case = (select(of_case.agent_id).where(of_case.case_id == CsiResponse.case_id)
                      .order_by(of_case.started_at.desc()).limit(1).scalar_subquery())
    agent_id = case((CsiResponse.interaction_id.is_not(None), direct.agent_id),
                    else_=latest_of_case)
    start, end = month_bounds(chosen.months, zone)
    query = (select(CsiResponse.id, agent_id.label("agent_id"), CsiResponse.case_id,
                    CsiResponse.answered_at, CsiResponse.score)
             .outerjoin(direct, direct.id == CsiResponse.interaction_id)
             .where(visible(principal, CsiResponse), CsiResponse.answered_at >= start,
                    CsiResponse.answered_at < end)).subquery()
    agents = (select(query.c.id, query.c.agent_id, Agent.name, Team.name, query.c.case_id,
                     query.c.answered_at, query.c.score)
              .join(Agent, Agent.id == query.c.agent_id).join(Team, Team.id == Agent.team_id)
              .where(agent_filter(principal, chosen, query.c.agent_id)))
    rows = [(rid, aid, name, team, case_id, moment.astimezone(zone).strftime("%Y-%m"), score)
            for rid, aid, name, team, case_id, moment, score in session.execute(agents)]
    return frame_of(rows, CSI_COLUMNS)
