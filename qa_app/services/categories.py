"""The "Kategori" page's use cases: shares by week and team, the calls behind a share, and a
new category added by the QCO lead.

What a role sees is decided by ``qa_app.auth.scope``: the shares count only the calls the
principal may read (a team lead: their teams'), and the drill-down lists only those, with the
words that were heard (masked, as stored) audited as a transcript view. Adding a category
is the QCO lead's right; it stores the next version of the set as the current one (the
repository's file stays the seed), is audited, and the duty re-tags every call with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.config import Settings
from qa_app.db.category_models import CategoryTagging, InteractionCategory
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.sampling_models import Sample
from qa_app.reports.rollups.categories import category_shares, week_start
from qa_app.scoring.category_set import split_phrases, with_category
from qa_app.scoring.schema import Speaker
from qa_app.services.category_tagging import (
    Progress,
    current_categories,
    store_version,
    tagging_progress,
)
from qa_app.services.requester import Requester
from qa_app.transcribe.redact import mask_text

DEFAULT_WEEKS = 8
MAX_CALLS = 200


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    name: str
    description: str | None


@dataclass(frozen=True)
class CategoryOverview:
    version: int
    categories: tuple[CategoryInfo, ...]
    shares: pd.DataFrame  # see reports.rollups.categories.category_shares
    progress: Progress
    teams: tuple[tuple[int, str], ...]  # the teams that have calls in the shares


def _local_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return (datetime.combine(first, time(), tz),
            datetime.combine(last + timedelta(days=1), time(), tz))


def category_overview(session: Session, principal: Principal, settings: Settings,
                      first: date, last: date) -> CategoryOverview:
    """Each category's share of the principal's calls from ``first`` to ``last`` (local
    days), per week and team, counted over the calls tagged with the current version."""
    current = current_categories(session)
    tz = settings.tz
    start, end = _local_bounds(week_start(first), last, tz)
    calls = session.execute(
        select(Interaction.id, Interaction.started_at, Team.id, Team.name)
        .join(CategoryTagging, CategoryTagging.interaction_id == Interaction.id)
        .join(Agent, Agent.id == Interaction.agent_id).join(Team, Team.id == Agent.team_id)
        .where(CategoryTagging.set_version_id == current.version_id,
               Interaction.started_at >= start, Interaction.started_at < end,
               visible(principal, Interaction))).all()
    call_frame = pd.DataFrame(
        [(i, at.astimezone(tz).date(), team_id, team) for i, at, team_id, team in calls],
        columns=["interaction_id", "day", "team_id", "team"])
    tags = pd.DataFrame(session.execute(
        select(InteractionCategory.interaction_id, InteractionCategory.category_id)
        .join(Interaction, Interaction.id == InteractionCategory.interaction_id)
        .where(InteractionCategory.set_version_id == current.version_id,
               Interaction.started_at >= start, Interaction.started_at < end,
               visible(principal, InteractionCategory))).all(),
        columns=["interaction_id", "category_id"])
    infos = tuple(CategoryInfo(c.id, c.name, c.description)
                  for c in current.categories.categories)
    shares = category_shares(call_frame, tags, {c.id: c.name for c in infos})
    teams = tuple(sorted({(int(i), str(n)) for i, n in zip(call_frame["team_id"],
                                                           call_frame["team"], strict=True)},
                         key=lambda team: team[1]))
    progress = tagging_progress(session, settings, current, visible(principal, Interaction))
    return CategoryOverview(current.categories.version, infos, shares, progress, teams)


@dataclass(frozen=True)
class CategoryCall:
    interaction_id: int
    source_id: str
    channel: str
    agent_name: str
    team_name: str
    started_at: datetime
    speaker: str | None
    second: float
    evidence: str  # masked
    sample_id: int | None  # the sample to open the review of, when the call was sampled
    has_recording: bool


def category_calls(session: Session, principal: Principal, settings: Settings,
                   category_id: str, week: date, team_id: int | None = None, *,
                   session_id: str | None = None,
                   limit: int = MAX_CALLS) -> tuple[CategoryCall, ...]:
    """The calls of the week starting ``week`` (a Monday) tagged with ``category_id``, in
    the principal's scope (and ``team_id``'s), newest first; audited as a transcript view."""
    current = current_categories(session)
    start, end = _local_bounds(week_start(week), week_start(week) + timedelta(days=6),
                               settings.tz)
    sample = (select(Sample.id).where(Sample.interaction_id == Interaction.id)
              .order_by(Sample.id.desc()).limit(1).scalar_subquery())
    query = (
        select(Interaction.id, Interaction.source_id, Interaction.channel, Agent.name,
               Team.name, Interaction.started_at, InteractionCategory.speaker,
               InteractionCategory.second, InteractionCategory.evidence, sample,
               Interaction.recording_path.is_not(None))
        .join(Interaction, Interaction.id == InteractionCategory.interaction_id)
        .join(Agent, Agent.id == Interaction.agent_id).join(Team, Team.id == Agent.team_id)
        .where(InteractionCategory.category_id == category_id,
               InteractionCategory.set_version_id == current.version_id,
               Interaction.started_at >= start, Interaction.started_at < end,
               visible(principal, InteractionCategory), visible(principal, Interaction))
        .order_by(Interaction.started_at.desc(), Interaction.id.desc()).limit(limit))
    if team_id is not None:
        query = query.where(Team.id == team_id)
    calls = tuple(CategoryCall(
        interaction_id=row[0], source_id=row[1], channel=row[2], agent_name=row[3],
        team_name=row[4], started_at=row[5], speaker=row[6], second=float(row[7]),
        evidence=mask_text(row[8]), sample_id=row[9], has_recording=bool(row[10]))
        for row in session.execute(query))
    audit.record(session, principal, "transcript_view", target_kind="category",
                 target_id=category_id, session_id=session_id,
                 details={"week": week.isoformat(), "team_id": team_id, "calls": len(calls),
                          "interactions": [call.interaction_id for call in calls][:50]})
    return calls


@dataclass(frozen=True)
class AddedCategory:
    category_id: str
    version: int


def add_category(session: Session, requester: Requester, name: str, phrases: str,
                 speaker: Speaker, first_seconds: float | None = None) -> AddedCategory:
    """Store the next version of the category set with a new category of ``phrases`` (one
    per line) said by ``speaker`` (in the first ``first_seconds``, when given), as the
    current version; audited. Raises ``CategoryError`` naming the field, and
    ``PermissionError`` for a role without the right."""
    if not requester.may("edit_categories"):
        raise PermissionError("only the QCO lead adds categories")
    current = current_categories(session)
    updated = with_category(current.categories, name, split_phrases(phrases), speaker,
                            first_seconds)
    added = updated.categories[-1]
    store_version(session, updated, yaml_text=updated.to_yaml(), source="page",
                  by=requester.name)
    audit.record(session, requester.actor, "category_change", target_kind="category_set",
                 target_id=updated.version, session_id=requester.session_id,
                 details={**requester.details, "category": added.id, "name": added.name,
                          "phrases": list(added.when.phrases or ()), "speaker": speaker,
                          "first_seconds": first_seconds,
                          "content_hash": updated.content_hash()})
    return AddedCategory(added.id, updated.version)

