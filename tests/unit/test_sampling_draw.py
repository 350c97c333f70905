"""Property tests of the draw: quotas, uniqueness, determinism, spreading, targeted picks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_app.sampling.eligibility import Candidate, exclusion_reason
from qa_app.sampling.plan import build_week_plan
from qa_app.sampling.quota import AgentQuota, AgentRecord, weekly_quota
from qa_app.sampling.rules import QuotaRate, load_rules
from qa_app.sampling.weeks import IsoWeek

RULES = load_rules()
WEEK = IsoWeek(2026, 47)
CHANNELS = ("voice", "chat", "whatsapp", "email", "social")


@st.composite
def candidates(draw: st.DrawFn, agent_id: int, first_id: int, size: int) -> list[Candidate]:
    pool = []
    for offset in range(size):
        channel = draw(st.sampled_from(CHANNELS))
        pool.append(Candidate(
            interaction_id=first_id + offset, source_id=f"OC-{first_id + offset:06d}",
            agent_id=agent_id, channel=channel,
            day=WEEK.monday + timedelta(days=draw(st.integers(0, 6))),
            duration_seconds=draw(st.sampled_from([5.0, 45.0, 120.0, 400.0])),
            has_recording=draw(st.booleans()) if channel == "voice" else False,
            consent=draw(st.sampled_from(["given", "given", "unknown", "refused"])),
            already_sampled=offset % 11 == 5,
            handle_seconds=draw(st.sampled_from([100.0, 700.0])),
            csi_low=draw(st.booleans()), escalated=draw(st.booleans())))
    return pool


@st.composite
def week_inputs(draw: st.DrawFn) -> tuple[list[tuple[AgentRecord, AgentQuota]],
                                          dict[int, list[Candidate]]]:
    agents, pools = [], {}
    for agent_id in range(1, draw(st.integers(1, 4)) + 1):
        record = AgentRecord(agent_id, f"PGD{agent_id:03d}", f"Agent {agent_id}", "Tim", 1,
                             date(2025, 1, 6))
        quota = draw(st.integers(0, 5))
        agents.append((record, AgentQuota("sampled", 20, QuotaRate(quota, 12), 0, quota)))
        pools[agent_id] = draw(candidates(agent_id, agent_id * 1000, draw(st.integers(0, 25))))
    return agents, pools


def eligible(pool: list[Candidate]) -> list[Candidate]:
    return [c for c in pool if exclusion_reason(c, RULES.eligibility) is None]


@settings(max_examples=60, deadline=None)
@given(week_inputs(), st.integers(0, 2**128 - 1))
def test_quota_met_whenever_the_pool_allows_and_nothing_picked_twice(inputs, seed) -> None:
    agents, pools = inputs
    plan = build_week_plan(WEEK, seed, RULES, agents, pools)
    picked = [p.candidate.interaction_id for p in plan.picks()]
    assert len(picked) == len(set(picked))
    for agent_plan in plan.agents:
        pool = eligible(pools[agent_plan.agent.agent_id])
        assert {p.candidate for p in agent_plan.picks} <= set(pool)
        assert len(agent_plan.random_picks) == min(agent_plan.quota.quota, len(pool))
        assert agent_plan.shortfall == max(agent_plan.quota.quota - len(pool), 0)
        assert sum(agent_plan.exclusions.values()) + agent_plan.eligible == len(
            pools[agent_plan.agent.agent_id])


@settings(max_examples=50, deadline=None)
@given(week_inputs(), st.integers(0, 2**128 - 1), st.randoms(use_true_random=False))
def test_same_seed_and_pool_give_the_same_picks_in_any_row_order(inputs, seed, shuffler) -> None:
    agents, pools = inputs
    shuffled = {agent_id: shuffler.sample(pool, len(pool)) for agent_id, pool in pools.items()}
    first = build_week_plan(WEEK, seed, RULES, agents, pools)
    second = build_week_plan(WEEK, seed, RULES, list(reversed(agents)), shuffled)
    assert first.picks() == second.picks()
    assert first.pool_hash == second.pool_hash


def test_different_seeds_give_different_picks() -> None:
    rng = random.Random(3)
    agent = AgentRecord(1, "PGD001", "A", "Tim", 1, date(2025, 1, 6))
    pool = [Candidate(n, f"OC-{n:04d}", 1, "chat", WEEK.monday + timedelta(days=n % 7), 60.0,
                      False, "given") for n in range(rng.randint(90, 110))]
    quota = AgentQuota("sampled", 20, QuotaRate(3, 12), 0, 3)
    outcomes = {tuple(p.candidate.interaction_id for p in
                      build_week_plan(WEEK, seed, RULES, [(agent, quota)], {1: pool}).picks())
                for seed in range(50)}
    assert len(outcomes) >= 48  # ~ 100·100·100/… possible outcomes: collisions are rare


@settings(max_examples=60, deadline=None)
@given(week_inputs(), st.integers(0, 2**64))
def test_picks_spread_over_days_and_respect_the_voice_minimum(inputs, seed) -> None:
    agents, pools = inputs
    plan = build_week_plan(WEEK, seed, RULES, agents, pools)
    for agent_plan in plan.agents:
        pool = eligible(pools[agent_plan.agent.agent_id])
        picks = agent_plan.random_picks
        assert len({p.candidate.day for p in picks}) == min(len(picks),
                                                            len({c.day for c in pool}))
        if picks and any(c.channel == "voice" for c in pool):
            assert any(p.candidate.channel == "voice" for p in picks)


@settings(max_examples=50, deadline=None)
@given(week_inputs(), st.integers(0, 2**64))
def test_targeted_picks_come_on_top_and_never_count_toward_the_quota(inputs, seed) -> None:
    agents, pools = inputs
    plan = build_week_plan(WEEK, seed, RULES, agents, pools)
    for agent_plan in plan.agents:
        targeted = agent_plan.targeted_picks
        assert len(targeted) <= RULES.targeted.max_per_agent
        assert all(p.target_reasons for p in targeted)
        flagged = [c for c in eligible(pools[agent_plan.agent.agent_id])
                   if c.csi_low or c.escalated or (c.channel == "voice" and c.handle_seconds > 600)]
        leftover = set(flagged) - {p.candidate for p in agent_plan.random_picks}
        assert len(targeted) == min(len(leftover), RULES.targeted.max_per_agent)
    assert plan.drawn == sum(len(a.random_picks) for a in plan.agents)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=4, max_size=5), st.dates(date(2025, 6, 1),
       date(2026, 11, 1)), st.integers(0, 2**64))
def test_the_monthly_cap_holds_over_a_month_of_draws(pool_sizes, hire, seed) -> None:
    agent = AgentRecord(1, "PGD001", "A", "Tim", 1, hire)
    first = IsoWeek(2026, 40) if len(pool_sizes) == 5 else IsoWeek(2026, 45)  # Oct: 5 weeks
    total = 0
    for index, size in enumerate(pool_sizes):
        week = first.shifted(index)
        quota = weekly_quota(agent, week, RULES.quota, already_in_month=total)
        pool = [Candidate(index * 100 + n, f"OC-{index}-{n}", 1, "chat",
                          week.monday + timedelta(days=n), 60.0, False, "given")
                for n in range(size)]
        plan = build_week_plan(week, seed, RULES, [(agent, quota)], {1: pool})
        total += plan.drawn
        assert plan.drawn == min(quota.quota, size)
        if quota.rate is None:  # hired after this week
            assert quota.status == "not_started" and plan.drawn == 0
        elif plan.drawn:
            # A draw never takes the month above the cap of the agent's rate that week. An
            # agent crossing the 3-month line keeps the picks made under the new-agent cap
            # (12) and gets no more once the tenured cap (8) is reached.
            assert total <= quota.rate.monthly_cap


def test_the_pool_hash_changes_with_the_pool() -> None:
    agent = AgentRecord(1, "PGD001", "A", "Tim", 1, date(2025, 1, 6))
    quota = AgentQuota("sampled", 20, QuotaRate(2, 8), 0, 2)
    pool = [Candidate(n, f"OC-{n}", 1, "chat", WEEK.monday, 60.0, False, "given")
            for n in range(5)]
    base = build_week_plan(WEEK, 1, RULES, [(agent, quota)], {1: pool}).pool_hash
    moved = [pool[0]._replace(day=WEEK.sunday), *pool[1:]]
    flagged = [pool[0]._replace(csi_low=True), *pool[1:]]
    hashes = {base, *(build_week_plan(WEEK, 1, RULES, [(agent, quota)], {1: p}).pool_hash
                      for p in (moved, flagged, pool[1:]))}
    assert len(hashes) == 4
    assert Counter(len(h) for h in hashes) == Counter({64: 4})
