"""A week's sampling plan as tables for the sampling page (no Streamlit here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.sampling_models import SampleDraw
from qa_app.i18n import t
from qa_app.sampling.draw_progress import DrawnSample, reviewer_progress
from qa_app.sampling.plan import WeekPlan
from qa_app.sampling.weeks import IsoWeek


def weeks_with_data(session: Session, today: date, zone: ZoneInfo,
                    limit: int = 260) -> list[IsoWeek]:
    """The ISO weeks (local time) up to the current one that hold at least one interaction,
    or a stored draw, newest first: a week without interactions has nothing to draw. Walks
    back from the newest interaction one index seek per week with data."""
    drawn = {IsoWeek.parse(label) for label in session.scalars(select(SampleDraw.week))}
    weeks: set[IsoWeek] = set()
    _, before = IsoWeek.containing(today).utc_bounds(zone)
    while len(weeks) < limit:
        newest = session.scalar(select(func.max(Interaction.started_at))
                                .where(Interaction.started_at < before))
        if newest is None:
            break
        week = IsoWeek.containing(newest.astimezone(zone).date())
        weeks.add(week)
        before, _ = week.utc_bounds(zone)
    return sorted(weeks | drawn, key=str, reverse=True)[:limit]


def plan_table(plan: WeekPlan, language: str) -> pd.DataFrame:
    def reason(agent_plan: object) -> str:
        code = agent_plan.shortfall_reason(plan.week)  # type: ignore[attr-defined]
        return t(f"sampling.reason.{code}", language) if code else ""

    return pd.DataFrame({
        t("sampling_page.col.employee_id", language): [a.agent.employee_id for a in plan.agents],
        t("sampling_page.col.agent", language): [a.agent.name for a in plan.agents],
        t("sampling_page.col.team", language): [a.agent.team for a in plan.agents],
        t("sampling_page.col.tenure", language): [a.quota.tenure_months for a in plan.agents],
        t("sampling_page.col.quota", language): [a.quota.quota for a in plan.agents],
        t("sampling_page.col.pool", language): [a.interactions for a in plan.agents],
        t("sampling_page.col.eligible", language): [a.eligible for a in plan.agents],
        t("sampling_page.col.random", language): [len(a.random_picks) for a in plan.agents],
        t("sampling_page.col.targeted", language): [len(a.targeted_picks) for a in plan.agents],
        t("sampling_page.col.shortfall", language): [max(a.shortfall, 0) for a in plan.agents],
        t("sampling_page.col.reason", language): [reason(a) for a in plan.agents],
    })


def exclusions_table(plan: WeekPlan, language: str) -> pd.DataFrame:
    counts = sorted(plan.exclusions.items(), key=lambda item: -item[1])
    return pd.DataFrame({
        t("sampling_page.col.exclusion", language): [
            t(f"sampling.reason.{code}", language) for code, _ in counts],
        t("sampling_page.col.count", language): [count for _, count in counts],
    })


def stored_draw(session: Session, week: IsoWeek) -> SampleDraw | None:
    return session.scalar(select(SampleDraw).where(SampleDraw.week == str(week)))


def samples_table(samples: Sequence[DrawnSample], language: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("sampling_page.col.interaction", language): [s.source_id for s in samples],
        t("sampling_page.col.agent", language): [s.agent for s in samples],
        t("sampling_page.col.kind", language): [t(f"review.kind.{s.kind}", language)
                                                for s in samples],
        t("sampling_page.col.reviewer", language): [s.reviewer or "—" for s in samples],
        t("sampling_page.col.progress", language): [
            t(f"sampling_page.progress.{s.progress}", language) for s in samples],
    })


def progress_table(samples: Sequence[DrawnSample], language: str) -> pd.DataFrame:
    lines = reviewer_progress(samples)
    return pd.DataFrame({
        t("sampling_page.col.reviewer", language): [line.reviewer for line in lines],
        t("sampling_page.col.samples", language): [line.assigned for line in lines],
        t("sampling_page.col.not_opened", language): [line.not_opened for line in lines],
        t("sampling_page.col.draft", language): [line.draft for line in lines],
        t("sampling_page.col.final", language): [line.final for line in lines],
    })
