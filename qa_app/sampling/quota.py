"""How many random samples an agent gets in a week: tenure, weekly rate, monthly cap.

Tenure is the number of whole calendar months from the hire date to the Monday of the week.
A month is complete on the same day of the month as the hire date, or on the month's last
day when that month is shorter: hired 31 January → three months on 30 April; hired
30 November → three months on 28 February (29 in a leap year); hired 29 February 2024 →
twelve months on 28 February 2025. Hired exactly three months before the Monday → tenure 3, not new.

Edge cases, by design:
- hired after the week's Sunday → ``not_started``, quota 0;
- hired during the week (after its Monday) → tenure 0, the new-agent rate;
- left before the Monday → ``left``, quota 0; left during the week → the full quota of the
  week, drawn from the work done before leaving (a shortfall is reported when it is short);
- inactive with no leaving date → ``inactive``, quota 0 (the roster does not say since when);
- no interactions in the week → the quota stands and becomes a shortfall.

Monthly cap: the week's quota is ``min(weekly rate, cap − random picks already drawn in the
earlier weeks of the same month)``, never below 0. With full weeks, four weeks exhaust the
cap (4 × 2 = 8, 4 × 3 = 12), so a fifth week only tops up what earlier weeks missed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from qa_app.sampling.rules import QuotaRate, QuotaRules
from qa_app.sampling.weeks import IsoWeek


@dataclass(frozen=True)
class AgentRecord:
    """The roster facts the quota needs."""

    agent_id: int
    employee_id: str
    name: str
    team: str
    tier: int
    hire_date: date
    active: bool = True
    left_date: date | None = None


@dataclass(frozen=True)
class AgentQuota:
    status: str  # "sampled", "not_started", "left" or "inactive"
    tenure_months: int | None
    rate: QuotaRate | None
    already_in_month: int
    quota: int


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tenure_months(hire_date: date, on: date) -> int:
    """Whole calendar months completed between ``hire_date`` and ``on`` (0 if not yet hired)."""
    if hire_date >= on:
        return 0
    months = (on.year - hire_date.year) * 12 + on.month - hire_date.month
    while months > 0 and add_months(hire_date, months) > on:
        months -= 1
    return months


def weekly_quota(agent: AgentRecord, week: IsoWeek, rules: QuotaRules,
                 already_in_month: int) -> AgentQuota:
    if agent.hire_date > week.sunday:
        return AgentQuota("not_started", None, None, already_in_month, 0)
    if agent.left_date is not None and agent.left_date < week.monday:
        return AgentQuota("left", None, None, already_in_month, 0)
    if not agent.active and agent.left_date is None:
        return AgentQuota("inactive", None, None, already_in_month, 0)
    tenure = tenure_months(agent.hire_date, week.monday)
    rate = rules.rate(tenure, agent.tier, agent.team)
    quota = max(0, min(rate.weekly, rate.monthly_cap - already_in_month))
    return AgentQuota("sampled", tenure, rate, already_in_month, quota)
