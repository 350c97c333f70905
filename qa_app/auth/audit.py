"""The one audit call, and reading the log back. The log is append-only.

Every module that lets someone see or change protected data calls :func:`record` in the
same transaction as the work it logs, so that the log and the data never disagree.
The database refuses UPDATE and DELETE on ``audit_event`` (see migration 0002).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from qa_app.auth import audit_text
from qa_app.auth.principal import Principal
from qa_app.db.auth_models import AuditEvent
from qa_app.exports import csv_bytes

ACTIONS = (
    "login_success", "login_failure", "logout", "session_timeout", "password_change",
    "recording_play", "transcript_view", "unmasked_view", "score_change", "export",
    "import", "user_change", "setting_change", "consent_change", "purge", "access_denied",
    "evaluation_view", "acknowledge", "dispute_raise", "dispute_ruling", "correction_request",
    "correction_close",
    "draw", "assignment_change", "requeue", "calibration", "search", "category_change",
    "risk_flag",
    "coaching_create", "coaching_acknowledge",
)


def record(session: Session, actor: Principal | str, action: str, *,
           target_kind: str | None = None, target_id: object = None, outcome: str = "ok",
           details: dict[str, Any] | None = None, session_id: str | None = None,
           client_address: str | None = None, now: datetime | None = None) -> AuditEvent:
    """Append one event. ``actor`` is the principal, or a name such as "cli" or a username.

    ``client_address`` defaults to the one the principal carries (the UI puts it there).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if client_address is None and isinstance(actor, Principal):
        client_address = actor.client_address
    event = AuditEvent(
        at=now or datetime.now(UTC),
        user_id=actor.user_id if isinstance(actor, Principal) else None,
        username=actor.username if isinstance(actor, Principal) else actor,
        session_id=session_id,
        action=action,
        target_kind=target_kind,
        target_id=None if target_id is None else str(target_id),
        outcome=outcome,
        details=details,
        client_address=None if client_address is None else client_address[:64],
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    username: str | None = None
    actions: Sequence[str] = ()
    target_id: str | None = None


def audit_query(criteria: AuditFilter) -> Select[tuple[AuditEvent]]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if criteria.since:
        query = query.where(AuditEvent.at >= criteria.since)
    if criteria.until:
        query = query.where(AuditEvent.at < criteria.until)
    if criteria.username:
        query = query.where(AuditEvent.username == criteria.username)
    if criteria.actions:
        query = query.where(AuditEvent.action.in_(list(criteria.actions)))
    if criteria.target_id:
        query = query.where(AuditEvent.target_id == criteria.target_id)
    return query


def search(session: Session, criteria: AuditFilter, limit: int = 1000) -> list[AuditEvent]:
    return list(session.scalars(audit_query(criteria).limit(limit)))


def events_table(events: Sequence[AuditEvent], tz: ZoneInfo, language: str,
                 session: Session | None = None) -> pd.DataFrame:
    """The events as the audit page shows them (see :mod:`qa_app.auth.audit_text`); names come
    from ``session``'s accounts when it is given."""
    names, user_names = audit_text.people(session) if session is not None else ({}, {})
    return pd.DataFrame(audit_text.readable_rows(events, tz, language, names, user_names),
                        columns=audit_text.headers(language))


def events_csv(events: Sequence[AuditEvent], tz: ZoneInfo, language: str,
               session: Session | None = None) -> bytes:
    """The export of the audit page: the same columns and words as the screen, times in the
    center's zone."""
    names, user_names = audit_text.people(session) if session is not None else ({}, {})
    return csv_bytes(audit_text.headers(language),
                     audit_text.readable_rows(events, tz, language, names, user_names))
