"""The samples of a week as rows for CSV/XLSX export (``qa_app.exports.csv_bytes``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from qa_app.config import get_settings
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.sampling_models import Sample
from qa_app.sampling.weeks import IsoWeek

EXPORT_COLUMNS = ("week", "draw_id", "sample_id", "employee_id", "agent", "team",
                  "interaction", "channel", "direction", "started_at_local", "kind",
                  "target_reason", "reviewer", "status")


def export_rows(session: Session, week: IsoWeek | str, zone: ZoneInfo | None = None
                ) -> list[tuple[object, ...]]:
    """One row per sample of the week, in ``EXPORT_COLUMNS`` order, by agent and time."""
    zone = zone or get_settings().tz
    reviewer = aliased(UserAccount)
    query = (select(Sample.week, Sample.draw_id, Sample.id, Agent.employee_id, Agent.name,
                    Team.name, Interaction.source_id, Interaction.channel,
                    Interaction.direction, Interaction.started_at, Sample.kind,
                    Sample.target_reason, reviewer.username, Sample.status)
             .join(Agent, Sample.agent_id == Agent.id).join(Team, Agent.team_id == Team.id)
             .join(Interaction, Sample.interaction_id == Interaction.id)
             .outerjoin(reviewer, Sample.reviewer_id == reviewer.id)
             .where(Sample.week == str(week))
             .order_by(Agent.employee_id, Interaction.started_at, Interaction.source_id))
    return [(*row[:9], row[9].astimezone(zone).strftime("%Y-%m-%d %H:%M"), *row[10:])
            for row in session.execute(query)]
