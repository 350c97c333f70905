"""Who is logged in: the plain data that every scope decision and audit entry reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qa_app.vocabulary import Role

ROLE_NAMES = frozenset(Role)


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    role: str
    agent_id: int | None = None
    team_ids: frozenset[int] = field(default_factory=frozenset)
    must_change_password: bool = False
    client_address: str | None = None  # where this run's request came from, for the audit log

    def __post_init__(self) -> None:
        if self.role not in ROLE_NAMES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(Role)}")


def session_expired(last_activity: datetime, now: datetime, timeout_minutes: int) -> bool:
    """True when the session has been idle longer than the timeout."""
    return now - last_activity > timedelta(minutes=timeout_minutes)
