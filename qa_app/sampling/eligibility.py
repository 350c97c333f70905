"""Which interactions of a week may be sampled, why the others may not, and which are
worth a targeted review.

Exclusion reasons are checked in this order and each interaction counts under the first one
that applies: ``channel`` (channel not sampled), ``already_sampled``, ``too_short``,
``no_recording`` (voice only), ``consent``. "Inside the week" is the pool query itself: only
interactions that started between Monday 00:00 and the next Monday 00:00 local time.
"""

from __future__ import annotations

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


#: The stable order of a pool, whatever order the database returned it in.
POOL_ORDER = attrgetter("day", "source_id")


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
