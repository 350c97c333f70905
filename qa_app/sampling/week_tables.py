"""A week's sampling plan as tables for the sampling page (no Streamlit here)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.i18n import t
from qa_app.sampling.plan import WeekPlan
from qa_app.sampling.weeks import IsoWeek


def weeks_with_data(session: Session, today: date) -> list[IsoWeek]:
    """Every ISO week from the first interaction to the current week, newest first."""
    first = session.scalar(select(func.min(Interaction.started_at)))
    if first is None:
        return [IsoWeek.containing(today)]
    week, last = IsoWeek.containing(first.date()), IsoWeek.containing(today)
    weeks: list[IsoWeek] = []
    while str(week) <= str(last) and len(weeks) < 260:
        weeks.append(week)
        week = week.shifted(1)
    return list(reversed(weeks))


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


def reviewer_load(session: Session, draw_id: int) -> list[tuple[str, int]]:
    rows = session.execute(
        select(func.coalesce(UserAccount.display_name, "—"), func.count())
        .select_from(Sample).outerjoin(UserAccount, UserAccount.id == Sample.reviewer_id)
        .where(Sample.draw_id == draw_id).group_by(UserAccount.id, UserAccount.display_name)
        .order_by(UserAccount.display_name))
    return [(name, count) for name, count in rows]

