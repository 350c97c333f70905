"""The accounts as a table for the admin page (no password hashes, ever)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import TeamLeadTeam, UserAccount
from qa_app.db.models import Agent, Team


def users_table(session: Session, users: Sequence[UserAccount], role_label: dict[str, str],
                tz: ZoneInfo) -> pd.DataFrame:
    teams: dict[int, list[str]] = {}
    for user_id, name in session.execute(
            select(TeamLeadTeam.user_id, Team.name).join(Team, Team.id == TeamLeadTeam.team_id)):
        teams.setdefault(user_id, []).append(name)
    employee_ids = {agent_id: employee_id for agent_id, employee_id in session.execute(
        select(Agent.id, Agent.employee_id))}
    now = datetime.now(UTC)

    def shown(moment: datetime | None) -> str:
        return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M") if moment else ""

    return pd.DataFrame({
        "username": [u.username for u in users],
        "name": [u.display_name for u in users],
        "role": [role_label[u.role] for u in users],
        "active": [u.active for u in users],
        "locked": [bool(u.locked_until and u.locked_until > now) for u in users],
        "must_change_password": [u.must_change_password for u in users],
        "employee_id": [employee_ids.get(u.agent_id, "") if u.agent_id else "" for u in users],
        "teams": [", ".join(sorted(teams.get(u.id, []))) for u in users],
        "email": [u.email or "" for u in users],
        "last_login": [shown(u.last_login_at) for u in users],
    })
