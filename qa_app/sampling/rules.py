"""The sampling rules as data: quotas by tenure, eligibility, targeted picks, assignment.

The rules live in ``rules.yaml`` beside this module. A draw stores the raw mapping it used
(``SamplingRules.raw``) so that it can be re-derived after the file has changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from qa_app.sampling.rules_fields import Fields, RulesError
from qa_app.vocabulary import Channel, ConsentState, Role

__all__ = ["RulesError", "SamplingRules", "load_rules", "rules_from_mapping"]

RULES_FILE = Path(__file__).resolve().parent / "rules.yaml"


@dataclass(frozen=True)
class QuotaRate:
    weekly: int
    monthly_cap: int


@dataclass(frozen=True)
class QuotaOverride:
    tier: int | None
    team: str | None
    new_agent: dict[str, int]
    tenured_agent: dict[str, int]

    def matches(self, tier: int, team: str) -> bool:
        return (self.tier is None or self.tier == tier) and (self.team is None or self.team == team)


@dataclass(frozen=True)
class QuotaRules:
    tenure_threshold_months: int
    new_agent: QuotaRate
    tenured_agent: QuotaRate
    overrides: tuple[QuotaOverride, ...]

    def rate(self, tenure_months: int, tier: int, team: str) -> QuotaRate:
        """The weekly quota and monthly cap of an agent; the first matching override wins."""
        is_new = tenure_months < self.tenure_threshold_months
        base = self.new_agent if is_new else self.tenured_agent
        for override in self.overrides:
            if override.matches(tier, team):
                return replace(base, **(override.new_agent if is_new else override.tenured_agent))
        return base


@dataclass(frozen=True)
class EligibilityRules:
    channels: tuple[str, ...]
    min_duration_seconds: float
    voice_requires_recording: bool
    excluded_consent: tuple[str, ...]
    channel_minimums: dict[str, int]


@dataclass(frozen=True)
class TargetRules:
    enabled: bool
    csi_max_score: int
    handle_time_target_seconds: float
    handle_time_factor: float
    escalation_wrap_up_codes: tuple[str, ...]
    ticketed: bool
    max_per_agent: int


@dataclass(frozen=True)
class AssignmentRules:
    reviewer_roles: tuple[str, ...]
    review_week_offset: int


@dataclass(frozen=True)
class SamplingRules:
    version: str
    quota: QuotaRules
    eligibility: EligibilityRules
    targeted: TargetRules
    assignment: AssignmentRules
    raw: dict[str, Any]


def load_rules(path: Path = RULES_FILE, exclude_refused_consent: bool = True) -> SamplingRules:
    """The rules of ``path``. With ``exclude_refused_consent`` off (the admin's privacy
    policy), refused consent no longer excludes; the stored copy of the rules says so too,
    so that ``verify`` re-derives the draw as it was made."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesError(f"{path}: cannot read the sampling rules: {error}") from error
    if not exclude_refused_consent and isinstance(data, dict) and \
            isinstance(data.get("eligibility"), dict):
        excluded = data["eligibility"].get("excluded_consent") or []
        data["eligibility"]["excluded_consent"] = [s for s in excluded if s != "refused"]
    return rules_from_mapping(data, str(path))


def rules_from_mapping(data: Any, source: str) -> SamplingRules:
    """Validate a rules mapping; errors name ``source`` and the field to fix."""
    root = Fields(data, source, "")
    quota, eligibility = root.section("quota"), root.section("eligibility")
    targeted, assignment = root.section("targeted"), root.section("assignment")
    channels = eligibility.choices("channels", tuple(Channel))
    minimums = eligibility.counts("channel_minimums")
    for channel in minimums:
        if channel not in channels:
            eligibility.fail("channel_minimums", f"channel {channel!r} is not in `channels`")
    return SamplingRules(
        version=root.text("version"),
        quota=QuotaRules(
            tenure_threshold_months=quota.count("tenure_threshold_months"),
            new_agent=QuotaRate(**quota.section("new_agent").rate_values(required=True)),
            tenured_agent=QuotaRate(**quota.section("tenured_agent").rate_values(required=True)),
            overrides=tuple(QuotaOverride(
                tier=entry.optional_count("tier"), team=entry.optional_text("team"),
                new_agent=entry.section("new_agent", optional=True).rate_values(),
                tenured_agent=entry.section("tenured_agent", optional=True).rate_values(),
            ) for entry in quota.sections("overrides"))),
        eligibility=EligibilityRules(
            channels=channels,
            min_duration_seconds=eligibility.number("min_duration_seconds"),
            voice_requires_recording=eligibility.flag("voice_requires_recording"),
            excluded_consent=eligibility.choices("excluded_consent", tuple(ConsentState)),
            channel_minimums=minimums),
        targeted=TargetRules(
            enabled=targeted.flag("enabled"),
            csi_max_score=targeted.count("csi_max_score"),
            handle_time_target_seconds=targeted.number("handle_time_target_seconds"),
            handle_time_factor=targeted.number("handle_time_factor"),
            escalation_wrap_up_codes=targeted.texts("escalation_wrap_up_codes"),
            ticketed=targeted.flag("ticketed"),
            max_per_agent=targeted.count("max_per_agent")),
        assignment=AssignmentRules(
            reviewer_roles=assignment.choices("reviewer_roles", (Role.QCO, Role.QCO_LEAD)),
            review_week_offset=assignment.count("review_week_offset")),
        raw=data,
    )
