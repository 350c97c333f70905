"""Which interactions of a week may be sampled, why the others may not, and which are
worth a targeted review.

Exclusion reasons are checked in this order and each interaction counts under the first one
that applies: ``channel`` (channel not sampled), ``already_sampled``, ``too_short``,
``no_recording`` (voice only), ``consent``. "Inside the week" is the pool query itself: only
interactions that started between Monday 00:00 and the next Monday 00:00 local time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from qa_app.sampling.rules import EligibilityRules, TargetRules

EXCLUSION_REASONS = ("channel", "already_sampled", "too_short", "no_recording", "consent")
TARGET_REASONS = ("csi_low", "long_handle_time", "escalated")  # in order of priority


class Candidate(NamedTuple):
    """One interaction of the week, with the facts eligibility and targeting look at.

    A named tuple rather than a dataclass: a week's pool holds a quarter of a million of
    them, and tuples are several times cheaper to build.
    """

    interaction_id: int
    source_id: str
    agent_id: int
    channel: str
    day: date  # local calendar day of the start
    duration_seconds: float
    has_recording: bool
    consent: str
    already_sampled: bool = False
    handle_seconds: float | None = None  # talk + hold + after-call work
    csi_low: bool = False
    escalated: bool = False  # a ticket, or an escalation wrap-up code (per the rules)


def in_pool_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The stable order of a pool, whatever order the database returned it in: by local
    day, then source id. Two stable sorts on single keys give the order of the (day, source
    id) pair at two thirds of the cost (no key tuples; Python compares like strings fast)."""
    ordered = sorted(candidates, key=attrgetter("source_id"))
    ordered.sort(key=attrgetter("day"))
    return ordered


def exclusion_reason(candidate: Candidate, rules: EligibilityRules) -> str | None:
    if candidate.channel not in rules.channels:
        return "channel"
    if candidate.already_sampled:
        return "already_sampled"
    if candidate.duration_seconds < rules.min_duration_seconds:
        return "too_short"
    if rules.voice_requires_recording and candidate.channel == "voice" \
            and not candidate.has_recording:
        return "no_recording"
    if candidate.consent in rules.excluded_consent:
        return "consent"
    return None


class Classified(NamedTuple):
    eligible: list[Candidate]  # in the order given
    exclusions: Counter[str]   # the others, counted by reason
    flagged: list[tuple[Candidate, tuple[str, ...]]]  # eligible, with their target reasons


def classify(candidates: Iterable[Candidate], eligibility: EligibilityRules,
             targeted: TargetRules) -> Classified:
    """Split an agent's interactions into eligible and excluded, and flag the eligible
    ones worth a targeted review.

    Same verdicts as ``exclusion_reason`` and ``target_reasons``, which the tests check:
    their tests are written out once more as expressions on unpacked fields because a week
    holds 250,000 candidates, and the exact reasons are needed only for the few that fail
    eligibility or deserve a targeted review."""
    channels = frozenset(eligibility.channels)
    excluded_consent = frozenset(eligibility.excluded_consent)
    minimum = eligibility.min_duration_seconds
    needs_recording = eligibility.voice_requires_recording
    limit = targeted.handle_time_target_seconds * targeted.handle_time_factor
    eligible: list[Candidate] = []
    failed: list[Candidate] = []
    flagged: list[tuple[Candidate, tuple[str, ...]]] = []
    for candidate in candidates:
        _, _, _, channel, _, duration, recorded, consent, sampled, handle, csi_low, escalated \
            = candidate
        if (channel in channels and not sampled and duration >= minimum
                and (recorded or not needs_recording or channel != "voice")
                and consent not in excluded_consent):
            eligible.append(candidate)
            if targeted.enabled and (csi_low or escalated or (
                    channel == "voice" and (handle or 0) > limit)):
                flagged.append((candidate, target_reasons(candidate, targeted)))
        else:
            failed.append(candidate)
    exclusions = Counter(reason for candidate in failed
                         if (reason := exclusion_reason(candidate, eligibility)) is not None)
    return Classified(eligible, exclusions, flagged)


def target_reasons(candidate: Candidate, rules: TargetRules) -> tuple[str, ...]:
    """Why an interaction deserves a targeted review, most important first (empty: none)."""
    if not rules.enabled:
        return ()
    reasons = []
    if candidate.csi_low:
        reasons.append("csi_low")
    limit = rules.handle_time_target_seconds * rules.handle_time_factor
    if candidate.channel == "voice" and (candidate.handle_seconds or 0) > limit:
        reasons.append("long_handle_time")
    if candidate.escalated:
        reasons.append("escalated")
    return tuple(reasons)
