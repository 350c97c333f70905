"""What the report pages and exports read: the frames of a period, loaded in the role's
scope, and the rollups computed from them. One call per screen; no Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction, Team
from qa_app.reports import completion, csi, items, kpis, linkage, qm
from qa_app.reports.frames import shift_month
from qa_app.reports.kpi_load import daily_sums
from qa_app.reports.load import (Filter, answers_frame, csi_frame, evaluations_frame,
                                 quotas_frame, samples_frame)
from qa_app.reports.stats import Correlation
from qa_app.reports.targets import ReportTargets

ROLLING_MONTHS = 3


def months_ending(month: str, count: int) -> tuple[str, ...]:
    return tuple(shift_month(month, offset) for offset in range(1 - count, 1))


@dataclass(frozen=True)
class QualityData:
    """The frames of ``months`` (plus the two months before, for rolling figures)."""

    months: tuple[str, ...]
    evaluations: pd.DataFrame
    answers: pd.DataFrame
    quotas: pd.DataFrame
    samples: pd.DataFrame
    csi: pd.DataFrame
    daily: pd.DataFrame

    def shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["month"].isin(self.months)].reset_index(drop=True)


def load_quality(session: Session, principal: Principal, months: tuple[str, ...], zone: ZoneInfo,
                 targets: ReportTargets, team: str | None = None,
                 agent_id: int | None = None) -> QualityData:
    wider = Filter(tuple(sorted({*months, *(shift_month(min(months), -k)
                                           for k in range(1, ROLLING_MONTHS))})), team, agent_id)
    shown = Filter(tuple(sorted(months)), team, agent_id)
    evaluations = evaluations_frame(session, principal, wider)
    return QualityData(
        months=shown.months, evaluations=evaluations,
        answers=answers_frame(session, [int(v) for v in evaluations["evaluation_id"]]),
        quotas=quotas_frame(session, principal, wider),
        samples=samples_frame(session, principal, shown),
        csi=csi_frame(session, principal, shown, zone),
        daily=daily_sums(session, principal, shown, zone, targets.kpi))


@dataclass(frozen=True)
class QualityView:
    """The rollups of one screen, at one level (team for the overview, agent for a team)."""

    qm_month: pd.DataFrame
    qm_week: pd.DataFrame
    qm_rolling: pd.DataFrame
    targeted: pd.DataFrame
    trend_week: pd.DataFrame
    trend_month: pd.DataFrame
    completion: pd.DataFrame
    reviewers: pd.DataFrame
    pareto: pd.DataFrame
    items_by_group: pd.DataFrame
    items_by_month: pd.DataFrame
    fatal: pd.DataFrame
    csi: pd.DataFrame
    csi_trend: pd.DataFrame
    csi_by_item: pd.DataFrame
    correlation: Correlation
    mismatches: pd.DataFrame
    kpis: pd.DataFrame
    kpi_days: pd.DataFrame
    kpi_week: pd.DataFrame
    kpi_month: pd.DataFrame


def quality_view(data: QualityData, level: str, target: float,
                 targets: ReportTargets) -> QualityView:
    evaluations, shown_quotas = data.shown(data.evaluations), data.shown(data.quotas)
    random = evaluations[evaluations["kind"] == "random"]
    shown_answers = data.answers[data.answers["evaluation_id"].isin(random["evaluation_id"])]
    rolling = qm.rolling_qm(data.evaluations, level, target, data.quotas, ROLLING_MONTHS)
    linked = linkage.link(evaluations, data.csi)
    group = "team" if level == "team" else "agent"
    return QualityView(
        qm_month=qm.qm_table(evaluations, level, "month", target, shown_quotas),
        qm_week=qm.qm_table(evaluations, level, "week", target, shown_quotas),
        qm_rolling=rolling[rolling["month"].isin(data.months)].reset_index(drop=True),
        targeted=qm.qm_table(evaluations, level, "month", target, kind="targeted"),
        trend_week=qm.qm_table(evaluations, "all", "week", target, shown_quotas),
        trend_month=qm.qm_table(evaluations, "all", "month", target, shown_quotas),
        completion=completion.completion_table(shown_quotas, data.samples, level, "month"),
        reviewers=completion.reviewer_completion(data.samples, "month"),
        pareto=items.pareto(items.item_failures(shown_answers, random)),
        items_by_group=items.item_failures(shown_answers, random, [group]),
        items_by_month=items.item_failures(shown_answers, random, ["month"]),
        fatal=items.fatal_counts(evaluations, [group, "month"]),
        csi=csi.csi_table(data.csi, [*_csi_keys(level), "month"], targets.csi),
        csi_trend=csi.csi_table(data.csi, ["month"], targets.csi),
        csi_by_item=linkage.csi_by_item(linked, data.answers),
        correlation=linkage.qm_csi_correlation(linked[linked["kind"] == "random"]),
        mismatches=linkage.mismatches(linked, targets.mismatch),
        kpis=kpis.kpi_table(data.daily, level, "month", targets.kpi),
        kpi_days=kpis.kpi_table(data.daily, level, "day", targets.kpi),
        kpi_week=kpis.kpi_table(data.daily, "all", "week", targets.kpi),
        kpi_month=kpis.kpi_table(data.daily, "all", "month", targets.kpi),
    )


def _csi_keys(level: str) -> list[str]:
    return ["agent_id", "agent", "team"] if level == "agent" else ["team"]


def visible_teams(session: Session, principal: Principal) -> list[str]:
    """The teams whose agents the principal may read, by name."""
    return list(session.scalars(
        select(Team.name).where(Team.id.in_(select(Agent.team_id).where(
            visible(principal, Agent)))).order_by(Team.name)))


def visible_agents(session: Session, principal: Principal,
                   team: str | None = None) -> list[tuple[int, str, str]]:
    """(agent id, employee id, name) of the agents the principal may read."""
    query = select(Agent.id, Agent.employee_id, Agent.name).where(visible(principal, Agent))
    if team is not None:
        query = query.join(Team, Team.id == Agent.team_id).where(Team.name == team)
    return [tuple(row) for row in session.execute(query.order_by(Agent.name))]  # type: ignore[misc]


def available_months(session: Session, today: date, limit: int = 36) -> list[str]:
    """Months from the first interaction's to today's (or the last interaction's, if later),
    newest first."""
    first, last = session.execute(select(func.min(Interaction.started_at),
                                         func.max(Interaction.started_at))).one()
    end = max(f"{today.year:04d}-{today.month:02d}", last.strftime("%Y-%m") if last else "")
    start = end if first is None else min(first.strftime("%Y-%m"), end)
    months = [end]
    while months[-1] > start and len(months) < limit:
        months.append(shift_month(months[-1], -1))
    return months
