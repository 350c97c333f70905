"""A week's sampling plan from plain data: per agent its quota, pool, exclusions, picks and
shortfall, plus the totals the completion figures need. No database here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from qa_app.sampling.draw import agent_rng, draw_random, draw_targeted, pool_hash
from qa_app.sampling.eligibility import Candidate, classify, in_pool_order
from qa_app.sampling.quota import AgentQuota, AgentRecord
from qa_app.sampling.rules import SamplingRules
from qa_app.sampling.weeks import IsoWeek


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    kind: str  # "random" or "targeted"
    target_reasons: tuple[str, ...] = ()


@dataclass
class AgentPlan:
    agent: AgentRecord
    quota: AgentQuota
    interactions: int
    eligible: int
    exclusions: Counter[str]
    picks: list[Pick]
    channels_short: tuple[str, ...]  # channel minimums the eligible pool could not meet

    @property
    def random_picks(self) -> list[Pick]:
        return [p for p in self.picks if p.kind == "random"]

    @property
    def targeted_picks(self) -> list[Pick]:
        return [p for p in self.picks if p.kind == "targeted"]

    @property
    def shortfall(self) -> int:
        return self.quota.quota - len(self.random_picks)

    def shortfall_reason(self, week: IsoWeek) -> str | None:
        if self.shortfall <= 0:
            return None
        if self.agent.left_date is not None and self.agent.left_date <= week.sunday:
            return "left_during_week"
        if self.agent.hire_date > week.monday:
            return "hired_during_week"
        if self.interactions == 0:
            return "no_interactions"
        return "all_excluded" if self.eligible == 0 else "pool_below_quota"


@dataclass
class WeekPlan:
    week: IsoWeek
    seed: int
    rules: SamplingRules
    pool_hash: str
    agents: list[AgentPlan] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(a.quota.quota for a in self.agents)

    @property
    def drawn(self) -> int:
        return sum(len(a.random_picks) for a in self.agents)

    @property
    def targeted(self) -> int:
        return sum(len(a.targeted_picks) for a in self.agents)

    @property
    def shortfall(self) -> int:
        return sum(max(a.shortfall, 0) for a in self.agents)

    @property
    def completion(self) -> float:
        """Random picks ÷ required picks (1.0 when nothing was required)."""
        return self.drawn / self.required if self.required else 1.0

    @property
    def exclusions(self) -> Counter[str]:
        return sum((a.exclusions for a in self.agents), Counter())

    def picks(self) -> list[Pick]:
        return [pick for agent in self.agents for pick in agent.picks]


def build_week_plan(week: IsoWeek, seed: int, rules: SamplingRules,
                    agents: Sequence[tuple[AgentRecord, AgentQuota]],
                    candidates: Mapping[int, Sequence[Candidate]]) -> WeekPlan:
    """Classify each agent's interactions, draw random then targeted picks, hash the pools."""
    plans: list[AgentPlan] = []
    hashed: list[tuple[str, list[Candidate], dict[int, tuple[str, ...]]]] = []
    for agent, quota in sorted(agents, key=lambda item: item[0].employee_id):
        interactions = in_pool_order(candidates.get(agent.agent_id, ()))
        pool, exclusions, flagged = classify(interactions, rules.eligibility, rules.targeted)
        flags = {candidate.interaction_id: reasons for candidate, reasons in flagged}
        hashed.append((agent.employee_id, pool, flags))
        rng = agent_rng(seed, agent.employee_id)
        minimums = rules.eligibility.channel_minimums
        chosen = draw_random(rng, pool, quota.quota, minimums)
        picks = [Pick(c, "random") for c in chosen]
        if quota.status == "sampled":
            taken = {c.interaction_id for c in chosen}
            open_flagged = [item for item in flagged if item[0].interaction_id not in taken]
            picks += [Pick(c, "targeted", reasons) for c, reasons
                      in draw_targeted(rng, open_flagged, rules.targeted.max_per_agent)]
        short = tuple(channel for channel, minimum in sorted(minimums.items())
                      if quota.quota and any(c.channel == channel for c in interactions)
                      and sum(c.channel == channel for c in chosen) < min(minimum, quota.quota))
        plans.append(AgentPlan(agent, quota, len(interactions), len(pool), exclusions, picks,
                               short))
    return WeekPlan(week, seed, rules, pool_hash(hashed), plans)
