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
from qa_app.i18n import t
from qa_app.i18n.dates import moment_text
from qa_app.i18n.labels import yes_no


def users_table(session: Session, users: Sequence[UserAccount], role_label: dict[str, str],
                tz: ZoneInfo, language: str) -> pd.DataFrame:
    """One row per account, the person's name first; headers and yes/no in ``language``."""
    teams: dict[int, list[str]] = {}
    for user_id, name in session.execute(
            select(TeamLeadTeam.user_id, Team.name).join(Team, Team.id == TeamLeadTeam.team_id)):
        teams.setdefault(user_id, []).append(name)
    employee_ids = {agent_id: employee_id for agent_id, employee_id in session.execute(
        select(Agent.id, Agent.employee_id))}
    now = datetime.now(UTC)
    columns = {
        "name": [u.display_name for u in users],
        "username": [u.username for u in users],
        "role": [role_label[u.role] for u in users],
        "active": [yes_no(u.active, language) for u in users],
        "locked": [yes_no(bool(u.locked_until and u.locked_until > now), language)
                   for u in users],
        "must_change_password": [yes_no(u.must_change_password, language) for u in users],
        "employee_id": [employee_ids.get(u.agent_id, "") if u.agent_id else "" for u in users],
        "teams": [", ".join(sorted(teams.get(u.id, []))) for u in users],
        "email": [u.email or "" for u in users],
        "last_login": [moment_text(u.last_login_at, tz) if u.last_login_at else ""
                       for u in users],
    }
    return pd.DataFrame({t(f"words.users.col.{key}", language): values
                         for key, values in columns.items()})
