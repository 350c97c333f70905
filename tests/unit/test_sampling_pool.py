"""The fast pool path gives exactly the documented results: classification agrees with the
per-candidate rules, the pool order and the pool hash follow their definitions, and a fixed
pool and seed keep giving the picks and hash they gave before the draw was optimized."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_app.sampling.draw import pool_hash
from qa_app.sampling.eligibility import (
    Candidate,
    classify,
    exclusion_reason,
    in_pool_order,
    target_reasons,
)
from qa_app.sampling.plan import build_week_plan
from qa_app.sampling.quota import AgentQuota, AgentRecord
from qa_app.sampling.rules import QuotaRate, load_rules
from qa_app.sampling.weeks import IsoWeek

RULES = load_rules()
WEEK = IsoWeek(2026, 47)

candidate_lists = st.lists(st.builds(
    Candidate, interaction_id=st.integers(1, 10**6), source_id=st.text("OC-0123é", max_size=6),
    agent_id=st.just(1), channel=st.sampled_from(["voice", "chat", "email", "social"]),
    day=st.sampled_from(WEEK.days()), duration_seconds=st.sampled_from([0.0, 29.9, 30.0, 500.0]),
    has_recording=st.booleans(), consent=st.sampled_from(["given", "unknown", "refused"]),
    already_sampled=st.booleans(), handle_seconds=st.sampled_from([None, 600.0, 600.5]),
    csi_low=st.booleans(), escalated=st.booleans()), max_size=30)
rule_variants = st.builds(
    lambda enabled, recording, channels: replace(RULES, targeted=replace(
        RULES.targeted, enabled=enabled), eligibility=replace(
        RULES.eligibility, voice_requires_recording=recording, channels=channels)),
    st.booleans(), st.booleans(), st.sampled_from([RULES.eligibility.channels, ("voice",)]))


@settings(max_examples=150, deadline=None)
@given(candidate_lists, rule_variants)
def test_classify_agrees_with_the_per_candidate_rules(pool, rules) -> None:
    eligible, exclusions, flagged = classify(pool, rules.eligibility, rules.targeted)
    reasons = [exclusion_reason(c, rules.eligibility) for c in pool]
    assert eligible == [c for c, reason in zip(pool, reasons, strict=False) if reason is None]
    assert exclusions == {r: reasons.count(r) for r in set(reasons) - {None}}
    assert flagged == [(c, target_reasons(c, rules.targeted)) for c in eligible
                       if target_reasons(c, rules.targeted)]


@given(candidate_lists)
def test_pool_order_is_day_then_source_id(pool) -> None:
    assert in_pool_order(pool) == sorted(pool, key=lambda c: (c.day, c.source_id))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["PGD2", "PGD1", "PGD3"]), candidate_lists),
                max_size=3, unique_by=lambda row: row[0]))
def test_the_pool_hash_is_sha256_of_the_documented_text(rows) -> None:
    hashed = [(employee_id, pool, {c.interaction_id: target_reasons(c, RULES.targeted)
                                   for c in pool if target_reasons(c, RULES.targeted)})
              for employee_id, pool in rows]
    lines = ["pool-v1"]
    for employee_id, pool, flags in sorted(hashed, key=lambda row: row[0]):
        lines.append(f"agent {employee_id}")
        lines += [f"{c.source_id}\t{c.day.isoformat()}\t{c.channel}\t"
                  f"{','.join(flags.get(c.interaction_id, ()))}" for c in pool]
    assert pool_hash(hashed) == hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_a_fixed_pool_and_seed_give_the_recorded_picks_and_hash() -> None:
    """Recorded with the draw as it was before the pool path was optimized."""
    channels = ("voice", "chat", "whatsapp", "email", "voice", "voice")
    agents, pools = [], {}
    for a in range(1, 4):
        record = AgentRecord(a, f"PGD{a:03d}", f"Agent {a}", "Tim", 1, date(2025, 1, 6))
        agents.append((record, AgentQuota("sampled", 20, QuotaRate(2 + a % 2, 8), 0, 2 + a % 2)))
        pools[a] = [Candidate(a * 100 + n, f"OC-{a * 100 + n:06d}", a, channels[n % 6],
                              WEEK.monday + timedelta(days=(n * 5) % 7), 20.0 + 13 * n,
                              n % 4 != 1, "refused" if n % 9 == 8 else "given", n % 10 == 3,
                              150.0 * (n % 7), n % 8 == 2, n % 11 == 6) for n in range(30)]
    plan = build_week_plan(WEEK, 20261116, RULES, agents, pools)
    assert plan.pool_hash == "870e2d944fe140a3631b1fbc51d9b275c58979c9950c53b8ce92f21a823baccd"
    assert [(p.candidate.interaction_id, p.kind, p.target_reasons) for p in plan.picks()] == [
        (106, "random", ()), (109, "random", ()), (115, "random", ()),
        (118, "targeted", ("csi_low",)), (228, "random", ()), (224, "random", ()),
        (202, "targeted", ("csi_low",)), (316, "random", ()), (322, "random", ()),
        (324, "random", ()), (318, "targeted", ("csi_low",))]
