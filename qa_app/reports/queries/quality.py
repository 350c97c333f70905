"""What the report pages and exports read: the sums of a period, counted in the database in
the role's scope, and the rollups computed from them. One call per screen; no Streamlit here.

The database does the heavy work (GROUP BY per team or agent and week, see ``quality_sums``
and ``csi_sums``); pandas only rolls those few thousand rows up to months, levels and
rolling windows. No query returns a row per evaluation except the linked ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.review_models import Evaluation
from qa_app.reports.queries import csi_sums, quality_sums
from qa_app.reports.queries.evaluation_rows import evaluations_frame
from qa_app.reports.queries.kpi_sums import daily_sums
from qa_app.reports.queries.scope_filter import Filter
from qa_app.reports.rollups import completion, csi, items, kpis, linkage, qm
from qa_app.reports.rollups.periods import month_of_week, shift_month
from qa_app.reports.rollups.stats import Correlation
from qa_app.reports.targets import ReportTargets
from qa_app.vocabulary import EvaluationState

ROLLING_MONTHS = 3


def months_ending(month: str, count: int) -> tuple[str, ...]:
    return tuple(shift_month(month, offset) for offset in range(1 - count, 1))


@dataclass(frozen=True)
class QualityData:
    """The sums of ``months`` per ``level`` (team or agent) — scores and quotas also of the
    two months before, for rolling figures. See ``quality_sums`` and ``csi_sums``."""

    level: str
    months: tuple[str, ...]
    evaluations: pd.DataFrame  # score sums per level, week and kind
    items: pd.DataFrame  # answer counts per level, week and item (random evaluations)
    quotas: pd.DataFrame
    samples: pd.DataFrame
    csi: pd.DataFrame  # answers per level, month and score
    linked: pd.DataFrame  # evaluations with the CSI of their case, one row each
    item_outcomes: pd.DataFrame
    daily: pd.DataFrame

    def shown(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["month"].isin(self.months)].reset_index(drop=True)


def load_quality(session: Session, principal: Principal, months: tuple[str, ...], zone: ZoneInfo,
                 targets: ReportTargets, team: str | None = None, agent_id: int | None = None,
                 level: str = "agent") -> QualityData:
    wider = Filter(tuple(sorted({*months, *(shift_month(min(months), -k)
                                           for k in range(1, ROLLING_MONTHS))})), team, agent_id)
    shown = Filter(tuple(sorted(months)), team, agent_id)
    if session.get_bind().dialect.name == "postgresql":
        # these queries estimate costs high enough for JIT, whose compiling (~0.1 s a query
        # on 100,000 evaluations) takes longer than it saves; for this transaction only
        session.execute(text("SET LOCAL jit = off"))
    with csi_sums.attributed_answers(session, principal, shown, zone) as answers:
        csi_counts = csi_sums.csi_counts(session, answers, level)
        linked = csi_sums.linked_evaluations(session, principal, shown, answers)
        item_outcomes = csi_sums.item_outcomes(session, principal, shown, answers)
    return QualityData(
        level=level, months=shown.months,
        evaluations=quality_sums.score_sums(session, principal, wider, level),
        items=quality_sums.item_counts(session, principal, shown, level),
        quotas=quality_sums.quota_sums(session, principal, wider, level),
        samples=quality_sums.sample_counts(session, principal, shown, level),
        csi=csi_counts, linked=linked, item_outcomes=item_outcomes,
        daily=daily_sums(session, principal, shown, zone, targets.kpi, level))

def agent_evaluations(session: Session, principal: Principal, months: tuple[str, ...],
                      agent_id: int) -> pd.DataFrame:
    """One agent's finalized evaluations of ``months``, one row each (the scorecard's list)."""
    return evaluations_frame(session, principal, Filter(tuple(sorted(months)), None, agent_id))


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
    """``level`` team or agent; ``data`` must be loaded at that level or a finer one."""
    evaluations, shown_quotas = data.shown(data.evaluations), data.shown(data.quotas)
    shown_items = data.shown(data.items)
    rolling = qm.rolling_qm(data.evaluations, level, target, data.quotas, ROLLING_MONTHS)
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
        pareto=items.pareto(items.failure_table(shown_items)),
        items_by_group=items.failure_table(shown_items, [group]),
        items_by_month=items.failure_table(shown_items, ["month"]),
        fatal=items.fatal_counts(evaluations, [group, "month"]),
        csi=csi.csi_table(data.csi, [*_csi_keys(level), "month"], targets.csi),
        csi_trend=csi.csi_table(data.csi, ["month"], targets.csi),
        csi_by_item=linkage.csi_by_outcome(data.item_outcomes),
        correlation=linkage.qm_csi_correlation(data.linked[data.linked["kind"] == "random"]),
        mismatches=linkage.mismatches(data.linked, targets.mismatch),
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
    # two queries: SQLite answers a lone min() or max() from the index, not both at once
    first = session.scalar(select(func.min(Interaction.started_at)))
    last = session.scalar(select(func.max(Interaction.started_at)))
    end = max(f"{today.year:04d}-{today.month:02d}", last.strftime("%Y-%m") if last else "")
    start = end if first is None else min(first.strftime("%Y-%m"), end)
    months = [end]
    while months[-1] > start and len(months) < limit:
        months.append(shift_month(months[-1], -1))
    return months


def latest_evaluated_month(session: Session, principal: Principal) -> str | None:
    """The month (of its week's Thursday) of the latest finalized evaluation the principal
    may read, or None: where the report pages open, rather than on an empty current month."""
    week = session.scalar(select(func.max(Evaluation.week)).where(
        Evaluation.status == EvaluationState.FINAL, visible(principal, Evaluation)))
    return month_of_week(week) if week else None
