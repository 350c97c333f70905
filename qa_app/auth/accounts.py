"""Local accounts: create, authenticate with lockout, change and reset passwords, disable.

Every outcome that matters to security is written to the audit log here, in the same
transaction, so no caller can forget it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.password_policy import password_problem
from qa_app.auth.passwords import (
    hash_password,
    needs_rehash,
    temporary_password,
    verify_password,
)
from qa_app.auth.principal import ROLE_NAMES, Principal
from qa_app.auth.typed_name import UNKNOWN_USERNAME, typed_name_digest
from qa_app.config import Settings
from qa_app.db.auth_models import TeamLeadTeam, UserAccount
from qa_app.db.models import Agent, Team
from qa_app.vocabulary import Role


class AccountError(ValueError):
    """A request about an account that cannot be done; ``key`` is its i18n message key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class LoginResult:
    status: str  # "ok", "bad_credentials", "locked", "disabled"
    principal: Principal | None = None
    locked_until: datetime | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def find_user(session: Session, username: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.username == username.strip()))


def principal_of(session: Session, user: UserAccount,
                 client_address: str | None = None) -> Principal:
    team_ids = frozenset(session.scalars(
        select(TeamLeadTeam.team_id).where(TeamLeadTeam.user_id == user.id)))
    return Principal(user_id=user.id, username=user.username, display_name=user.display_name,
                     role=user.role, agent_id=user.agent_id, team_ids=team_ids,
                     must_change_password=user.must_change_password,
                     client_address=client_address)


def check_new_password(password: str, username: str, settings: Settings) -> None:
    """Raise the AccountError that says why ``password`` may not be used, if it may not."""
    problem = password_problem(password, username, min_length=settings.password_min_length,
                               context_words=settings.context_words)
    if problem:
        raise AccountError(problem, min_length=settings.password_min_length)


def _temporary_password(username: str, settings: Settings) -> str:
    """A random password that meets the rules (a draw containing the username is redrawn)."""
    for _ in range(1000):
        candidate = temporary_password(max(14, settings.password_min_length))
        if password_problem(candidate, username, min_length=settings.password_min_length,
                            context_words=settings.context_words) is None:
            return candidate
    raise RuntimeError("no random password met the rules in 1000 draws: is a word of "
                       "QA_PASSWORD_CONTEXT_WORDS only one or two letters long?")


def create_user(session: Session, *, username: str, display_name: str, role: str,
                by: Principal | str, password: str | None = None,
                agent_employee_id: str | None = None, team_codes: Sequence[str] = (),
                email: str | None = None, settings: Settings,
                published_password: bool = False) -> tuple[UserAccount, str]:
    """Create an account; returns it with its initial password (to be changed at first login).

    ``published_password`` lets the demo give its accounts the README's password, which the
    rules otherwise refuse; the first login changes it all the same.
    """
    username = username.strip()
    if not username or find_user(session, username):
        raise AccountError("access.error.username_taken", username=username)
    if not role:
        raise AccountError("words.users.role_required")
    if role not in ROLE_NAMES:
        raise AccountError("access.error.unknown_role", role=role, roles=", ".join(Role))
    initial = password or _temporary_password(username, settings)
    try:
        check_new_password(initial, username, settings)
    except AccountError as error:
        if not (published_password and error.key == "access.error.password_published"):
            raise
    agent_id = None
    if role == Role.AGENT:
        if not agent_employee_id:
            raise AccountError("access.error.agent_needs_employee_id")
        agent_id = session.scalar(select(Agent.id).where(Agent.employee_id == agent_employee_id))
        if agent_id is None:
            raise AccountError("access.error.unknown_employee_id", employee_id=agent_employee_id)
    user = UserAccount(username=username, display_name=display_name or username, role=role,
                       password_hash=hash_password(initial), must_change_password=True,
                       failed_logins=0, active=True, agent_id=agent_id, email=email,
                       created_at=_now())
    session.add(user)
    session.flush()
    set_teams(session, user, team_codes)
    audit.record(session, by, "user_change", target_kind="user", target_id=username,
                 details={"change": "created", "role": role, "teams": list(team_codes)})
    return user, initial


def set_teams(session: Session, user: UserAccount, team_codes: Sequence[str]) -> None:
    """Replace the teams a team lead coaches."""
    team_ids = []
    for code in team_codes:
        team_id = session.scalar(select(Team.id).where(Team.name == code))
        if team_id is None:
            raise AccountError("access.error.unknown_team", team=code)
        team_ids.append(team_id)
    for link in session.scalars(select(TeamLeadTeam).where(TeamLeadTeam.user_id == user.id)):
        session.delete(link)
    session.flush()
    session.add_all(TeamLeadTeam(user_id=user.id, team_id=team_id) for team_id in team_ids)
    session.flush()


def authenticate(session: Session, username: str, password: str, *, settings: Settings,
                 session_id: str | None = None, client_address: str | None = None,
                 now: datetime | None = None) -> LoginResult:
    """Check a login. Every path verifies one password hash (a decoy one for an unknown
    account), so the time taken does not tell whether the account exists; a disabled account
    says so only to whoever typed its right password.

    Text that names no account is logged as "?" with a keyed digest, never as typed: it is
    often a password typed into the wrong field.
    """
    now = now or _now()
    user = find_user(session, username)
    password_right = verify_password(user.password_hash if user else None, password)

    def failure(reason: str, **details: object) -> None:
        audit.record(session, user.username if user else UNKNOWN_USERNAME, "login_failure",
                     outcome="denied", details={"reason": reason, **details},
                     session_id=session_id, client_address=client_address, now=now)

    if user is None:
        failure("unknown_user", typed=typed_name_digest(session, username, settings))
        return LoginResult("bad_credentials")
    if not user.active:
        failure("disabled" if password_right else "disabled_bad_password")
        return LoginResult("disabled" if password_right else "bad_credentials")
    if user.locked_until and user.locked_until > now:
        failure("locked")
        return LoginResult("locked", locked_until=user.locked_until)
    if not password_right:
        reason = _count_failure(user, settings, now)
        failure(reason)
        if reason == "locked_now":
            return LoginResult("locked", locked_until=user.locked_until)
        return LoginResult("bad_credentials")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    principal = principal_of(session, user, client_address)
    audit.record(session, principal, "login_success", session_id=session_id, now=now)
    return LoginResult("ok", principal=principal)


def _count_failure(user: UserAccount, settings: Settings, now: datetime) -> str:
    """One more wrong password in a row: "bad_password", or "locked_now" at the limit."""
    user.failed_logins += 1
    if user.failed_logins < settings.lockout_failures:
        return "bad_password"
    user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
    user.failed_logins = 0
    return "locked_now"


def authenticate_external(session: Session, email: str, *, session_id: str | None = None,
                          client_address: str | None = None,
                          now: datetime | None = None) -> LoginResult:
    """Sign in an identity proven by single sign-on: its e-mail must name an active account."""
    now = now or _now()
    user = session.scalar(select(UserAccount).where(UserAccount.email == email)) if email else None
    if user is None or not user.active:
        audit.record(session, email[:64] or "?", "login_failure", outcome="denied",
                     details={"reason": "sso_unknown" if user is None else "disabled",
                              "via": "oidc"}, session_id=session_id,
                     client_address=client_address, now=now)
        return LoginResult("bad_credentials" if user is None else "disabled")
    user.last_login_at = now
    principal = principal_of(session, user, client_address)
    audit.record(session, principal, "login_success", details={"via": "oidc"},
                 session_id=session_id, now=now)
    return LoginResult("ok", principal=principal)


def change_password(session: Session, principal: Principal, current: str, new: str, *,
                    settings: Settings, session_id: str | None = None,
                    now: datetime | None = None) -> LoginResult:
    """Change the principal's password after checking the current one like a login.

    A wrong current password counts toward the lockout of the login form and is audited; it
    comes back as a LoginResult ("bad_credentials" or "locked") rather than as an error, so
    that the caller's transaction keeps that record. Problems with the new password, checked
    only once the current one is right, raise AccountError.
    """
    now = now or _now()
    user = session.get(UserAccount, principal.user_id)
    if user is None or not user.active:
        return LoginResult("bad_credentials")
    username = user.username

    def refused(reason: str) -> None:
        audit.record(session, principal, "password_change", target_kind="user",
                     target_id=username, outcome="denied", details={"reason": reason},
                     session_id=session_id, now=now)

    if user.locked_until and user.locked_until > now:
        refused("locked")
        return LoginResult("locked", locked_until=user.locked_until)
    if not verify_password(user.password_hash, current):
        reason = _count_failure(user, settings, now)
        refused("bad_current_password" if reason == "bad_password" else reason)
        if reason == "locked_now":
            return LoginResult("locked", locked_until=user.locked_until)
        return LoginResult("bad_credentials")
    user.failed_logins = 0
    check_new_password(new, username, settings)
    if verify_password(user.password_hash, new):
        raise AccountError("access.error.password_unchanged")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = now
    audit.record(session, principal, "password_change", target_kind="user",
                 target_id=username, session_id=session_id, now=now)
    return LoginResult("ok", principal=principal_of(session, user, principal.client_address))


def reset_password(session: Session, username: str, *, by: Principal | str,
                   settings: Settings) -> str:
    """Give the account a new temporary password, unlock it, and force a change at login."""
    user = _existing(session, username)
    initial = _temporary_password(user.username, settings)
    user.password_hash = hash_password(initial)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, by, "user_change", target_kind="user", target_id=user.username,
                 details={"change": "password_reset"})
    return initial


def set_active(session: Session, username: str, active: bool, *, by: Principal | str) -> None:
    user = _existing(session, username)
    user.active = active
    audit.record(session, by, "user_change", target_kind="user", target_id=user.username,
                 details={"change": "enabled" if active else "disabled"})


def set_role(session: Session, username: str, role: str, *, by: Principal | str) -> None:
    if role not in ROLE_NAMES:
        raise AccountError("access.error.unknown_role", role=role, roles=", ".join(Role))
    user = _existing(session, username)
    previous, user.role = user.role, role
    audit.record(session, by, "user_change", target_kind="user", target_id=user.username,
                 details={"change": "role", "from": previous, "to": role})


def _existing(session: Session, username: str) -> UserAccount:
    user = find_user(session, username)
    if user is None:
        raise AccountError("access.error.unknown_user", username=username)
    return user


def list_users(session: Session) -> list[UserAccount]:
    return list(session.scalars(select(UserAccount).order_by(UserAccount.username)))
