"""Re-derive a stored draw from its own inputs and compare.

The inputs are the stored seed, the stored copy of the rules, the stored per-agent quotas
and the pool as the database holds it now (the draw's own samples do not count as "already
sampled"). A pool hash that differs from the stored one means the data changed after the
draw (a re-import, a recording linked later); differing picks with an equal pool hash mean
the draw was altered.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.sampling_models import Sample, SampleDraw, SampleQuota
from qa_app.i18n.errors import MessageError
from qa_app.sampling import store
from qa_app.sampling.draw import ALGORITHM_VERSION
from qa_app.sampling.gc_pause import collector_paused
from qa_app.sampling.plan import build_week_plan
from qa_app.sampling.quota import AgentQuota
from qa_app.sampling.rules import QuotaRate, rules_from_mapping
from qa_app.sampling.weeks import IsoWeek


class VerifyError(MessageError, LookupError):
    """A draw that cannot be verified (unknown id, unknown algorithm version)."""


@dataclass(frozen=True)
class Verification:
    draw_id: int
    week: str
    stored_pool_hash: str
    pool_hash: str
    missing: frozenset[tuple[int, str]]     # stored picks the re-derivation does not make
    unexpected: frozenset[tuple[int, str]]  # re-derived picks that are not stored

    @property
    def pool_matches(self) -> bool:
        return self.stored_pool_hash == self.pool_hash

    @property
    def picks_match(self) -> bool:
        return not self.missing and not self.unexpected

    @property
    def matches(self) -> bool:
        return self.pool_matches and self.picks_match


def verify_draw(session: Session, draw_id: int) -> Verification:
    draw = session.get(SampleDraw, draw_id)
    if draw is None:
        raise VerifyError("sampling.error.no_draw", id=draw_id)
    parameters = draw.parameters
    if parameters.get("algorithm") != ALGORITHM_VERSION:
        raise VerifyError("sampling.error.other_algorithm", id=draw_id,
                          algorithm=parameters.get("algorithm"), supported=ALGORITHM_VERSION)
    rules = rules_from_mapping(parameters["rules"], f"draw #{draw_id} (stored rules)")
    week = IsoWeek.parse(draw.week)
    quotas = {row.agent_id: row for row in session.scalars(
        select(SampleQuota).where(SampleQuota.draw_id == draw_id))}
    agents = [(agent, _stored_quota(quotas[agent.agent_id]))
              for agent in store.load_agents(session, week, quotas.keys())]
    with collector_paused():
        candidates = store.load_candidates(session, week, ZoneInfo(parameters["timezone"]),
                                           rules, ignore_draw_id=draw_id)
        plan = build_week_plan(week, int(draw.seed), rules, agents, candidates)
    derived = {(p.candidate.interaction_id, p.kind) for p in plan.picks()}
    stored = {(interaction_id, kind) for interaction_id, kind in session.execute(
        select(Sample.interaction_id, Sample.kind).where(Sample.draw_id == draw_id))}
    return Verification(draw_id, draw.week, draw.pool_hash, plan.pool_hash,
                        frozenset(stored - derived), frozenset(derived - stored))


def _stored_quota(row: SampleQuota) -> AgentQuota:
    rate = QuotaRate(row.weekly_rate, row.monthly_cap) \
        if row.weekly_rate is not None and row.monthly_cap is not None else None
    return AgentQuota(row.status, row.tenure_months, rate, row.already_in_month, row.quota)
