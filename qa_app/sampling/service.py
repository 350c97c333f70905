"""The sampling service the CLI, the scheduler and the sampling page call.

``plan_week`` computes a week's plan without writing; ``run_draw`` computes and stores it
(draw record, per-agent quotas, samples, balanced reviewer assignment, audit event);
``verify_draw`` lives in ``verify.py`` and ``export_rows`` in ``export.py``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.sampling_models import Sample, SampleAssignmentLog, SampleDraw, SampleQuota
from qa_app.db.types import UTCDateTime
from qa_app.i18n.errors import MessageError
from qa_app.privacy.policy import effective_policy
from qa_app.reports.summaries import generation
from qa_app.sampling import store
from qa_app.sampling.assign import balance
from qa_app.sampling.draw import ALGORITHM_VERSION, new_seed
from qa_app.sampling.gc_pause import collector_paused
from qa_app.sampling.plan import WeekPlan, build_week_plan
from qa_app.sampling.quota import weekly_quota
from qa_app.sampling.reviewer_pool import POOL_PARAMETER, pool_choice, reviewers_for_draw
from qa_app.sampling.rules import SamplingRules, load_rules
from qa_app.sampling.weeks import IsoWeek


class DrawError(MessageError, RuntimeError):
    """A draw that must not be made (the week is already drawn)."""


@dataclass(frozen=True)
class DrawResult:
    plan: WeekPlan
    draw_id: int | None  # None for a dry run
    reviewers: int       # reviewers the samples were spread over (0: left unassigned)


def plan_week(session: Session, week: IsoWeek | str, seed: int | None = None,
              rules: SamplingRules | None = None, zone: ZoneInfo | None = None) -> WeekPlan:
    """The week's plan with its picks, from a new cryptographic seed unless one is given."""
    week = IsoWeek.parse(week) if isinstance(week, str) else week
    policy = effective_policy(session, get_settings())
    rules = rules or load_rules(exclude_refused_consent=policy.exclude_refused_consent)
    zone = zone or get_settings().tz
    earlier = store.random_picks_earlier_in_month(session, week)
    agents = [(agent, weekly_quota(agent, week, rules.quota, earlier.get(agent.agent_id, 0)))
              for agent in store.load_agents(session, week)]
    with collector_paused():
        candidates = store.load_candidates(session, week, zone, rules)
        return build_week_plan(week, new_seed() if seed is None else seed, rules, agents,
                               candidates)


def run_draw(session: Session, week: IsoWeek | str, *, by: Principal | str,
             seed: int | None = None, dry_run: bool = False, rules: SamplingRules | None = None,
             zone: ZoneInfo | None = None, now: datetime | None = None,
             reviewer_ids: Collection[int] | None = None) -> DrawResult:
    """Draw the week; unless ``dry_run``, store it and assign the samples to reviewers:
    those of ``reviewer_ids`` (the lead's choice) who may review the week, or, without a
    choice, the last draw's pool (qa_app.sampling.reviewer_pool)."""
    week = IsoWeek.parse(week) if isinstance(week, str) else week
    existing = session.scalar(select(SampleDraw.id).where(SampleDraw.week == str(week)))
    if existing is not None:
        raise DrawError("sampling.error.already_drawn", week=str(week), id=existing)
    zone = zone or get_settings().tz
    plan = plan_week(session, week, seed, rules, zone)
    if dry_run:
        return DrawResult(plan, None, 0)
    now = now or datetime.now(UTC)
    by_name = by.username if isinstance(by, Principal) else by
    pool, reviewers = reviewers_for_draw(
        pool_choice(session, week, plan.rules.assignment), reviewer_ids)
    draw = SampleDraw(week=str(week), seed=str(plan.seed), rule_version=plan.rules.version,
                      parameters={**_parameters(plan, zone), POOL_PARAMETER: pool},
                      pool_hash=plan.pool_hash, created_at=now, created_by=by_name)
    session.add(draw)
    session.flush()
    picks = [pick.candidate.interaction_id for pick in plan.picks()]
    assigned = balance(picks, reviewers, plan.seed, store.reviewer_loads(session, week))
    _store_plan(session, plan, draw.id, assigned, by_name, now)
    audit.record(session, by, "draw", target_kind="sample_draw", target_id=draw.id, now=now,
                 details={"week": str(week), "random": plan.drawn, "targeted": plan.targeted,
                          "shortfall": plan.shortfall, "reviewers": len(reviewers)})
    return DrawResult(plan, draw.id, len(reviewers) if assigned else 0)


def _parameters(plan: WeekPlan, zone: ZoneInfo) -> dict[str, object]:
    return {"algorithm": ALGORITHM_VERSION, "timezone": zone.key, "rules": plan.rules.raw,
            "required": plan.required, "random": plan.drawn, "targeted": plan.targeted,
            "shortfall": plan.shortfall, "exclusions": dict(sorted(plan.exclusions.items()))}


def _store_plan(session: Session, plan: WeekPlan, draw_id: int, reviewer_of: dict[int, int],
                by: str, now: datetime) -> None:
    """Quotas, samples (with their reviewer) and the assignment log, as bulk inserts: a
    week holds thousands of samples."""
    week = str(plan.week)
    quotas, samples = [], []
    for agent_plan in plan.agents:
        agent, quota = agent_plan.agent, agent_plan.quota
        quotas.append(dict(
            draw_id=draw_id, agent_id=agent.agent_id, week=week, status=quota.status,
            tenure_months=quota.tenure_months,
            weekly_rate=quota.rate.weekly if quota.rate else None,
            monthly_cap=quota.rate.monthly_cap if quota.rate else None,
            already_in_month=quota.already_in_month, quota=quota.quota,
            interactions=agent_plan.interactions, eligible=agent_plan.eligible,
            picked=len(agent_plan.random_picks), shortfall=max(agent_plan.shortfall, 0),
            shortfall_reason=agent_plan.shortfall_reason(plan.week),
            exclusions=dict(sorted(agent_plan.exclusions.items()))))
        for pick in agent_plan.picks:
            reviewer = reviewer_of.get(pick.candidate.interaction_id)
            samples.append(dict(
                draw_id=draw_id, interaction_id=pick.candidate.interaction_id,
                agent_id=agent.agent_id, week=week, kind=pick.kind,
                target_reason=",".join(pick.target_reasons) or None, reviewer_id=reviewer,
                assigned_at=now if reviewer else None, status="waiting"))
    if quotas:
        session.execute(insert(SampleQuota), quotas)
        generation.bump(session)  # the reports' tapping completion reads quotas and samples
    if not samples:
        return
    # no RETURNING of the new ids: on SQLite SQLAlchemy sorts returned rows back into
    # parameter order batch by batch, a third of a second for 3,000 samples; the log rows
    # are copied from the stored samples by the database instead
    session.execute(insert(Sample), samples)
    assigned = select(Sample.id, Sample.reviewer_id, literal("draw"), literal(by),
                      literal(now, UTCDateTime())).where(Sample.draw_id == draw_id,
                                                         Sample.reviewer_id.is_not(None))
    session.execute(insert(SampleAssignmentLog).from_select(
        ["sample_id", "to_reviewer_id", "reason", "by", "at"], assigned))
