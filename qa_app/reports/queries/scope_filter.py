"""What every report query shares: the ``Filter`` of a page, the scope of agents, the frame of
a result and month bounds.

Every query is filtered with :func:`qa_app.auth.scope.visible`, so a team lead's figures
hold their teams only and an agent's their own rows, whatever the page asks for.
``Filter`` narrows further (months, team, agent); it can never widen the scope. The sums
the rollups read are counted in the database by ``quality_sums``, ``csi_sums`` and
``kpi_sums``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.sql.elements import True_

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.models import Agent, Team
from qa_app.reports.rollups.periods import shift_month


@dataclass(frozen=True)
class Filter:
    months: tuple[str, ...]  # "YYYY-MM", at least one
    team: str | None = None
    agent_id: int | None = None


def agent_filter(principal: Principal, chosen: Filter, agent_id_column: object) -> object:
    """agent id ∈ the agents visible to ``principal`` (and of the chosen team / agent).

    When every agent is visible and none is chosen, that is any agent: the subquery is left
    out, so the database does not test each row against the whole roster."""
    rule = visible(principal, Agent)
    if isinstance(rule, True_) and chosen.team is None and chosen.agent_id is None:
        return agent_id_column.is_not(None)  # type: ignore[attr-defined]
    agents = select(Agent.id).where(rule)
    if chosen.team is not None:
        agents = agents.join(Team, Team.id == Agent.team_id).where(Team.name == chosen.team)
    if chosen.agent_id is not None:
        agents = agents.where(Agent.id == chosen.agent_id)
    return agent_id_column.in_(agents)  # type: ignore[attr-defined]


def frame_of(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(
        {column: pd.Series(dtype=object) for column in columns})


def month_bounds(months: tuple[str, ...], zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of the first month's first day and the day after the last month, local."""
    first, last = min(months), shift_month(max(months), 1)
    start = datetime.combine(date(int(first[:4]), int(first[5:7]), 1), time(), zone)
    end = datetime.combine(date(int(last[:4]), int(last[5:7]), 1), time(), zone)
    return start.astimezone(UTC), end.astimezone(UTC)
