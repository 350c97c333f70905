"""Server-side sessions for the browser: opened at login, ended by idling, age or sign-out.

The browser holds an opaque random token in an HttpOnly cookie; the database holds only its
SHA-256 (a token has 256 random bits, so a plain hash is as good as a slow one). The token
is never put in a page or a URL: a login hands the page a one-time *ticket* that lives a
few seconds, the page posts it in a request body, and the server answers with the cookie,
making the token then (see :mod:`qa_app.web.routes`). Every check reads the database, so a
sign-out or an idle timeout ends the session for every tab and every server process at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.auth.principal import Principal, session_expired
from qa_app.db.auth_models import UserAccount
from qa_app.db.web_session_models import WebSession

TICKET_SECONDS = 30  # how long a login's ticket may wait for the browser to redeem it
MAX_AGE = timedelta(hours=12)  # a session ends this long after login, however active
KEEP_ENDED = timedelta(days=1)  # ended sessions (with their client address) are then deleted


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Opened:
    row_id: int
    public_id: str
    ticket: str  # for the browser to redeem once, within TICKET_SECONDS


def open_session(session: Session, user_id: int, *, public_id: str, via_sso: bool = False,
                 language: str | None = None, client_address: str | None = None,
                 now: datetime | None = None) -> Opened:
    """A new session for a user who has just proven who they are. Sessions past their
    maximum age are deleted on the way: they cannot be resumed, and they hold addresses."""
    now = now or _now()
    session.execute(delete(WebSession).where(WebSession.created_at < now - MAX_AGE - KEEP_ENDED))
    ticket = secrets.token_urlsafe(32)
    row = WebSession(public_id=public_id, user_id=user_id, ticket_hash=_hash(ticket),
                     ticket_expires_at=now + timedelta(seconds=TICKET_SECONDS),
                     via_sso=via_sso, language=language,
                     client_address=(client_address or None) and client_address[:64],
                     created_at=now, last_activity_at=now)
    session.add(row)
    session.flush()
    return Opened(row.id, public_id, ticket)


def redeem_ticket(session: Session, ticket: str, now: datetime | None = None) -> str | None:
    """The cookie's new token for a live, unused ticket; None for anything else."""
    now = now or _now()
    if not ticket:
        return None
    row = session.scalar(select(WebSession).where(WebSession.ticket_hash == _hash(ticket)))
    if row is None:
        return None
    expires = row.ticket_expires_at
    row.ticket_hash = None  # one use, even when it came too late
    row.ticket_expires_at = None
    if row.revoked_at is not None or expires is None or expires < now:
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash = _hash(token)
    return token


def is_live(row: WebSession, timeout_minutes: int, now: datetime | None = None) -> bool:
    """Not revoked, not idle longer than the timeout, not older than MAX_AGE."""
    now = now or _now()
    return (row.revoked_at is None and now - row.created_at <= MAX_AGE
            and not session_expired(row.last_activity_at, now, timeout_minutes))


def by_token(session: Session, token: str | None) -> WebSession | None:
    if not token:
        return None
    return session.scalar(select(WebSession).where(WebSession.token_hash == _hash(token)))


@dataclass(frozen=True)
class Resumed:
    row: WebSession
    principal: Principal


def resume(session: Session, row: WebSession | None, timeout_minutes: int, *,
           now: datetime | None = None) -> Resumed | None:
    """The principal behind a live session of an active account, or None.

    Does not count as activity: callers that act for the user call :func:`touch`.
    """
    if row is None or not is_live(row, timeout_minutes, now):
        return None
    user = session.get(UserAccount, row.user_id)
    if user is None or not user.active:
        return None
    return Resumed(row, accounts.principal_of(session, user))


def touch(row: WebSession, now: datetime | None = None) -> None:
    row.last_activity_at = now or _now()


def revoke(session: Session, row_id: int, now: datetime | None = None) -> None:
    """End a session for good: its cookie and any unredeemed ticket stop working."""
    row = session.get(WebSession, row_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or _now()
        row.ticket_hash = None
        row.ticket_expires_at = None
