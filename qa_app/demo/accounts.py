"""One demo account per role, with a documented password that must be changed at first login.

The accounts are listed in the README. A team lead coaches the first two teams of the demo
roster; the agent account belongs to the first agent of the first team.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.auth.password_policy import DEMO_PASSWORD
from qa_app.config import Settings
from qa_app.db.models import Agent, Team


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Admin Sistem", "admin"),
    DemoAccount("qcolead", "Ratna Kusuma", "qco_lead"),
    DemoAccount("qco1", "Dewi Anggraini", "qco"),
    DemoAccount("qco2", "Fajar Nugroho", "qco"),
    DemoAccount("qco3", "Intan Permata", "qco"),
    DemoAccount("teamlead", "Hendra Wijaya", "team_lead"),
    DemoAccount("manager", "Sri Rahayu", "manager"),
    DemoAccount("agent", "Agent Demo", "agent"),
)


def create_demo_accounts(session: Session, settings: Settings) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the usernames created."""
    teams = list(session.scalars(select(Team.name).order_by(Team.name).limit(2)))
    first_agent = session.scalar(select(Agent).join(Team).where(Team.name == teams[0])
                                 .order_by(Agent.employee_id)) if teams else None
    created = []
    for account in DEMO_ACCOUNTS:
        if accounts.find_user(session, account.username):
            continue
        if account.role == "agent" and first_agent is None:
            continue
        accounts.create_user(
            session, username=account.username,
            display_name=first_agent.name if account.role == "agent" and first_agent
            else account.display_name,
            role=account.role, by="demo", password=DEMO_PASSWORD, published_password=True,
            agent_employee_id=first_agent.employee_id if account.role == "agent" and first_agent
            else None,
            team_codes=teams if account.role == "team_lead" else (), settings=settings)
        created.append(account.username)
    return created
