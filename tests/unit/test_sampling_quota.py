"""Tenure, weekly quota and monthly cap, with the edge cases issue 4 names."""

from __future__ import annotations

from datetime import date

import pytest

from qa_app.sampling.quota import AgentRecord, add_months, tenure_months, weekly_quota
from qa_app.sampling.rules import QuotaOverride, load_rules
from qa_app.sampling.weeks import IsoWeek, WeekError

RULES = load_rules().quota
W47 = IsoWeek(2026, 47)  # Monday 16 November 2026


def agent(hire: date, **changes: object) -> AgentRecord:
    values: dict[str, object] = dict(agent_id=1, employee_id="PGD1", name="Rina",
                                     team="Inbound Pagi", tier=1, hire_date=hire)
    return AgentRecord(**{**values, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(("hire", "on", "months"), [
    (date(2026, 8, 16), date(2026, 11, 16), 3),   # exactly three months before the Monday
    (date(2026, 8, 17), date(2026, 11, 16), 2),   # one day short
    (date(2026, 1, 31), date(2026, 4, 30), 3),    # month-end hire: 31 Jan + 3 months = 30 Apr
    (date(2026, 1, 31), date(2026, 4, 29), 2),
    (date(2025, 11, 30), date(2026, 2, 28), 3),   # 30 Nov + 3 months = 28 Feb
    (date(2023, 11, 30), date(2024, 2, 29), 3),   # … = 29 Feb in a leap year
    (date(2023, 11, 30), date(2024, 2, 28), 2),
    (date(2024, 2, 29), date(2025, 2, 28), 12),   # leap-day hire: a year on 28 Feb
    (date(2024, 2, 29), date(2024, 5, 29), 3),
    (date(2026, 11, 18), date(2026, 11, 16), 0),  # hire date after the Monday
    (date(2026, 11, 16), date(2026, 11, 16), 0),
])
def test_tenure_counts_whole_calendar_months(hire: date, on: date, months: int) -> None:
    assert tenure_months(hire, on) == months


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)


@pytest.mark.parametrize(("hire", "quota"), [
    (date(2026, 8, 16), 2),   # exactly 3 months on the Monday: tenured
    (date(2026, 8, 17), 3),   # 3 months on the Tuesday: still new for this week
    (date(2026, 11, 18), 3),  # hired on the Wednesday of the week: new
])
def test_quota_follows_tenure_on_the_monday(hire: date, quota: int) -> None:
    result = weekly_quota(agent(hire), W47, RULES, already_in_month=0)
    assert (result.status, result.quota) == ("sampled", quota)


def test_agents_outside_the_week_get_no_quota() -> None:
    assert weekly_quota(agent(date(2026, 11, 23)), W47, RULES, 0).status == "not_started"
    left = agent(date(2025, 1, 6), active=False, left_date=date(2026, 11, 15))
    assert weekly_quota(left, W47, RULES, 0).status == "left"
    inactive = agent(date(2025, 1, 6), active=False)
    assert weekly_quota(inactive, W47, RULES, 0).quota == 0


def test_an_agent_leaving_mid_week_keeps_the_week_quota() -> None:
    leaver = agent(date(2025, 1, 6), active=False, left_date=date(2026, 11, 18))
    assert weekly_quota(leaver, W47, RULES, 0).quota == 2


@pytest.mark.parametrize(("already", "tenured_quota", "new_quota"), [
    (0, 2, 3), (6, 2, 3), (7, 1, 3), (8, 0, 3), (10, 0, 2), (12, 0, 0), (15, 0, 0)])
def test_monthly_cap_only_tops_up_what_is_missing(already: int, tenured_quota: int,
                                                  new_quota: int) -> None:
    assert weekly_quota(agent(date(2024, 1, 1)), W47, RULES, already).quota == tenured_quota
    assert weekly_quota(agent(date(2026, 10, 1)), W47, RULES, already).quota == new_quota


def test_overrides_by_tier_and_team_replace_only_what_they_name() -> None:
    rules = RULES.__class__(
        RULES.tenure_threshold_months, RULES.new_agent, RULES.tenured_agent,
        (QuotaOverride(tier=2, team=None, new_agent={}, tenured_agent={"weekly": 1}),
         QuotaOverride(tier=None, team="Chat", new_agent={"weekly": 4, "monthly_cap": 16},
                       tenured_agent={})))
    tier2 = weekly_quota(agent(date(2024, 1, 1), tier=2), W47, rules, 0)
    assert (tier2.rate.weekly, tier2.rate.monthly_cap) == (1, 8)  # type: ignore[union-attr]
    assert weekly_quota(agent(date(2026, 10, 1), team="Chat"), W47, rules, 0).quota == 4
    assert weekly_quota(agent(date(2024, 1, 1), team="Chat"), W47, rules, 0).quota == 2


@pytest.mark.parametrize(("week", "month", "index"), [
    ("2026-W45", (2026, 11), 1),  # Monday 2 Nov
    ("2026-W44", (2026, 10), 5),  # Monday 26 Oct, Thursday 29 Oct: October's fifth week
    ("2026-W49", (2026, 12), 1),  # Monday 30 Nov, Thursday 3 Dec: December
    ("2026-W53", (2026, 12), 5),
    ("2027-W01", (2027, 1), 1),
])
def test_a_week_belongs_to_the_month_of_its_thursday(week: str, month: tuple[int, int],
                                                     index: int) -> None:
    parsed = IsoWeek.parse(week)
    assert parsed.month == month
    assert parsed.index_in_month == index
    assert all(w.month == month for w in parsed.earlier_weeks_of_month())


@pytest.mark.parametrize("label", ["2026-47", "2025-W53", "2026-W00", "W47"])
def test_bad_week_labels_say_how_to_write_them(label: str) -> None:
    with pytest.raises(WeekError, match=label):
        IsoWeek.parse(label)
