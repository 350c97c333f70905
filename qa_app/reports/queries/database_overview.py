"""What the database holds and what the latest imports did, as plain data and tables.

No Streamlit here: the home and import pages call these functions and show the results.
Times are stored in UTC and shown in the contact center's zone (Asia/Jakarta by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, CsiResponse, ImportBatch, Interaction, Team
from qa_app.i18n import t
from qa_app.i18n.dates import moment_text
from qa_app.vocabulary import Channel

JAKARTA = ZoneInfo("Asia/Jakarta")
def display_time(moment: datetime, tz: ZoneInfo = JAKARTA) -> str:
    return moment_text(moment, tz)


def display_count(value: int, language: str) -> str:
    """Thousands grouped as the language writes them: 53.996 in Indonesian, 53,996 in English."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if language == "id" else grouped


@dataclass(frozen=True)
class DatabaseSummary:
    teams: int
    agents_active: int
    agents_total: int
    interactions_by_channel: dict[str, int]  # every channel, in Channel order
    csi_responses: int
    recordings_linked: int
    first_started_at: datetime | None  # earliest and latest interaction start, in UTC
    last_started_at: datetime | None

    @property
    def interactions(self) -> int:
        return sum(self.interactions_by_channel.values())

    @property
    def is_empty(self) -> bool:
        return not (self.teams or self.agents_total or self.interactions or self.csi_responses)


def _count(session: Session, model: type[Any], *conditions: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def database_summary(session: Session, principal: Principal) -> DatabaseSummary:
    """Counts of what ``principal`` may read: a team lead sees their teams' figures only."""
    own_interactions = visible(principal, Interaction)
    own_agents = visible(principal, Agent)
    per_channel: dict[str, int] = {channel: count for channel, count in session.execute(
        select(Interaction.channel, func.count()).where(own_interactions)
        .group_by(Interaction.channel)
    )}
    first, last = session.execute(
        select(func.min(Interaction.started_at), func.max(Interaction.started_at))
        .where(own_interactions)
    ).one()
    return DatabaseSummary(
        teams=session.scalar(select(func.count(func.distinct(Agent.team_id))).where(own_agents))
        or 0,
        agents_active=_count(session, Agent, own_agents, Agent.active.is_(True)),
        agents_total=_count(session, Agent, own_agents),
        interactions_by_channel={channel: per_channel.get(channel, 0) for channel in Channel},
        csi_responses=_count(session, CsiResponse, visible(principal, CsiResponse)),
        recordings_linked=_count(session, Interaction, own_interactions,
                                 Interaction.recording_path.is_not(None)),
        first_started_at=first,
        last_started_at=last,
    )


def channel_table(summary: DatabaseSummary, language: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("ui.table.channel", language): [t(f"ui.channel.{c}", language)
                                          for c in summary.interactions_by_channel],
        t("ui.table.count", language): list(summary.interactions_by_channel.values()),
    })


@dataclass(frozen=True)
class BatchOverview:
    """One import batch as the pages show it."""

    id: int
    started_at: datetime
    kind: str
    file_name: str
    status: str
    rows_total: int
    rows_inserted: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)


def recent_batches(session: Session, limit: int = 20,
                   with_rejections_only: bool = False) -> list[BatchOverview]:
    """The newest import batches first; optionally only those that rejected rows."""
    query = select(ImportBatch).order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc())
    if with_rejections_only:
        query = query.where(ImportBatch.rows_rejected > 0)
    return [
        BatchOverview(
            id=batch.id, started_at=batch.started_at, kind=batch.kind,
            file_name=batch.file_name, status=batch.status, rows_total=batch.rows_total,
            rows_inserted=batch.rows_inserted, rows_updated=batch.rows_updated,
            rows_unchanged=batch.rows_unchanged, rows_rejected=batch.rows_rejected,
            error_code=batch.error,
            error_params=dict((batch.details or {}).get("params") or {}),
        )
        for batch in session.scalars(query.limit(limit))
    ]


def batch_message(batch: BatchOverview, language: str) -> str:
    """Why a failed batch failed, in the user's language; empty for a completed one."""
    if batch.status != "failed" or not batch.error_code:
        return ""
    return t(f"file_error.{batch.error_code}", language, file=batch.file_name,
             **batch.error_params)


def batch_labels(batches: list[BatchOverview], language: str,
                 tz: ZoneInfo = JAKARTA) -> dict[int, str]:
    """A one-line description of each batch, by batch id, for a picker."""
    return {
        batch.id: t("ui.import.batch_label", language, id=batch.id,
                    time=display_time(batch.started_at, tz),
                    kind=t(f"ui.kind.{batch.kind}", language), file=batch.file_name,
                    rejected=batch.rows_rejected)
        for batch in batches
    }


def batches_table(batches: list[BatchOverview], language: str,
                  tz: ZoneInfo = JAKARTA) -> pd.DataFrame:
    def header(name: str) -> str:
        return t(f"ui.table.{name}", language, zone=tz.key)

    return pd.DataFrame(
        [{
            header("time"): display_time(batch.started_at, tz),
            header("kind"): t(f"ui.kind.{batch.kind}", language),
            header("file"): batch.file_name,
            header("status"): t(f"ui.status.{batch.status}", language),
            header("inserted"): batch.rows_inserted,
            header("updated"): batch.rows_updated,
            header("unchanged"): batch.rows_unchanged,
            header("rejected"): batch.rows_rejected,
            header("message"): batch_message(batch, language),
        } for batch in batches],
        columns=[header(name) for name in ("time", "kind", "file", "status", "inserted",
                                           "updated", "unchanged", "rejected", "message")],
    )


def team_names(session: Session) -> list[str]:
    return list(session.scalars(select(Team.name).order_by(Team.name)))
