"""Accounts, lockout, password changes and the append-only audit log, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from qa_app.auth import accounts, audit
from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent, UserAccount

SETTINGS = Settings(lockout_failures=3, lockout_minutes=15, password_min_length=10)
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def add_user(session: Session, username: str = "dewi", role: str = "qco") -> UserAccount:
    user, _ = accounts.create_user(session, username=username, display_name="Dewi", role=role,
                                   by="test", password="Awal-Sandi-2026", settings=SETTINGS)
    return user


def actions(session: Session) -> list[tuple[str, str, str]]:
    return [(e.username, e.action, e.outcome)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def login(session: Session, password: str, minutes: int = 0) -> accounts.LoginResult:
    return accounts.authenticate(session, "dewi", password, settings=SETTINGS,
                                 session_id="s1", now=NOW + timedelta(minutes=minutes))


def test_new_account_must_change_its_password_and_login_is_audited(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        result = login(session, "Awal-Sandi-2026")
        assert result.status == "ok" and result.principal is not None
        assert result.principal.must_change_password
        assert actions(session)[-1] == ("dewi", "login_success", "ok")

        changed = accounts.change_password(session, result.principal, "Awal-Sandi-2026",
                                           "Kopi-Tubruk-77", settings=SETTINGS)
        assert not changed.must_change_password
        assert login(session, "Awal-Sandi-2026").status == "bad_credentials"
        assert login(session, "Kopi-Tubruk-77").status == "ok"


def test_repeated_failures_lock_even_the_right_password_until_the_lock_ends(
        engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        assert [login(session, "salah-sekali-1").status for _ in range(2)] == \
            ["bad_credentials"] * 2
        locked = login(session, "salah-sekali-1")
        assert locked.status == "locked"
        assert locked.locked_until == NOW + timedelta(minutes=15)
        assert login(session, "Awal-Sandi-2026", minutes=14).status == "locked"
        assert login(session, "Awal-Sandi-2026", minutes=16).status == "ok"
        reasons = [e.details["reason"] for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "login_failure").order_by(AuditEvent.id))]
        assert reasons == ["bad_password", "bad_password", "locked_now", "locked"]


def test_reset_unlocks_and_forces_a_change(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        for _ in range(3):
            login(session, "salah-sekali-1")
        temporary = accounts.reset_password(session, "dewi", by="admin")
        result = login(session, temporary, minutes=1)
        assert result.status == "ok" and result.principal and result.principal.must_change_password


def test_disabled_and_unknown_accounts_cannot_log_in(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        accounts.set_active(session, "dewi", False, by="admin")
        assert login(session, "Awal-Sandi-2026").status == "disabled"
        assert accounts.authenticate(session, "nobody", "x", settings=SETTINGS).status == \
            "bad_credentials"
        assert actions(session)[-2:] == [("dewi", "login_failure", "denied"),
                                         ("nobody", "login_failure", "denied")]


@pytest.mark.parametrize(("new", "key"), [
    ("pendek", "access.error.password_too_short"),
    ("dewi-2026-rahasia", "access.error.password_contains_username"),
    ("Awal-Sandi-2026", "access.error.password_unchanged"),
])
def test_weak_or_unchanged_new_passwords_are_refused(engine: Engine, new: str, key: str) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        principal = login(session, "Awal-Sandi-2026").principal
        assert principal is not None
        with pytest.raises(accounts.AccountError) as error:
            accounts.change_password(session, principal, "Awal-Sandi-2026", new,
                                     settings=SETTINGS)
        assert error.value.key == key


def test_agent_account_needs_a_known_employee_id(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        with pytest.raises(accounts.AccountError) as error:
            accounts.create_user(session, username="agus", display_name="Agus", role="agent",
                                 by="test", agent_employee_id="PGD404", settings=SETTINGS)
        assert error.value.key == "access.error.unknown_employee_id"


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(username="someone-else"),
    delete(AuditEvent),
])
def test_the_audit_log_refuses_updates_and_deletes(engine: Engine, statement: object) -> None:
    with Session(engine) as session, session.begin():
        audit.record(session, "cli", "purge", details={"deleted": {}})
    with pytest.raises(DatabaseError, match="append-only"), \
            Session(engine) as session, session.begin():
        session.execute(statement)  # type: ignore[call-overload]
    with Session(engine) as session:
        assert [e.username for e in session.scalars(select(AuditEvent))] == ["cli"]


def test_audit_search_filters_and_exports(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        audit.record(session, "dewi", "recording_play", target_kind="interaction",
                     target_id="OC-1", now=NOW)
        audit.record(session, "dewi", "export", target_id="=cmd()", now=NOW + timedelta(hours=1))
        audit.record(session, "budi", "recording_play", target_id="OC-2", now=NOW)
        found = audit.search(session, audit.AuditFilter(username="dewi",
                                                        actions=["recording_play"]))
        assert [(e.username, e.target_id) for e in found] == [("dewi", "OC-1")]
        window = audit.search(session, audit.AuditFilter(since=NOW + timedelta(minutes=30)))
        assert [e.action for e in window] == ["export"]
        exported = audit.events_csv(window).decode("utf-8-sig")
        assert "'=cmd()" in exported


def test_unknown_audit_action_is_a_programming_error(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="unknown audit action"):
        audit.record(session, "x", "teleport")
