"""Accounts, lockout, password changes and the append-only audit log, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from qa_app.auth import accounts, audit, passwords
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
        assert changed.principal is not None and not changed.principal.must_change_password
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
        temporary = accounts.reset_password(session, "dewi", by="admin", settings=SETTINGS)
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
                                         ("?", "login_failure", "denied")]


def test_a_disabled_account_says_so_only_after_its_right_password(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        accounts.set_active(session, "dewi", False, by="admin")
        assert login(session, "salah-sekali-1").status == "bad_credentials"
        assert login(session, "Awal-Sandi-2026").status == "disabled"
        assert reasons(session) == ["disabled_bad_password", "disabled"]


class CountingHasher(PasswordHasher):
    """The tests' cheap argon2id, counting the hashes it verifies."""

    def __init__(self) -> None:
        super().__init__(type=Type.ID, memory_cost=1024, time_cost=1, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        self.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("case", ["unknown", "disabled", "locked", "wrong", "right"])
def test_every_login_path_verifies_one_password_hash(engine: Engine, case: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """So that the time a login takes does not tell whether the account exists."""
    with Session(engine) as session, session.begin():
        add_user(session)
        if case == "disabled":
            accounts.set_active(session, "dewi", False, by="admin")
        if case == "locked":
            for _ in range(3):
                login(session, "salah-sekali-1")
        hasher = CountingHasher()
        monkeypatch.setattr(passwords, "_HASHER", hasher)
        username = "nobody" if case == "unknown" else "dewi"
        password = "Awal-Sandi-2026" if case == "right" else "salah-sekali-1"
        accounts.authenticate(session, username, password, settings=SETTINGS, now=NOW)
        assert hasher.verified == 1


def reasons(session: Session) -> list[str]:
    return [e.details["reason"] for e in session.scalars(
        select(AuditEvent).where(AuditEvent.outcome == "denied").order_by(AuditEvent.id))]


def test_a_wrong_current_password_counts_toward_the_lockout_of_the_login(
        engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        principal = login(session, "Awal-Sandi-2026").principal
        assert principal is not None
        change = [accounts.change_password(session, principal, "tebak-tebak-1", "Kopi-Tubruk-77",
                                           settings=SETTINGS, now=NOW).status
                  for _ in range(2)]
        assert change == ["bad_credentials", "bad_credentials"]
        assert login(session, "salah-sekali-1").status == "locked"  # the third failure in a row
        refused = accounts.change_password(session, principal, "Awal-Sandi-2026",
                                           "Kopi-Tubruk-77", settings=SETTINGS, now=NOW)
        assert refused.status == "locked" and refused.principal is None
        assert login(session, "Awal-Sandi-2026", minutes=1).status == "locked"
        assert reasons(session) == ["bad_current_password", "bad_current_password",
                                    "locked_now", "locked", "locked"]
        assert [(a, o) for _, a, o in actions(session)[-5:]] == [
            ("password_change", "denied"), ("password_change", "denied"),
            ("login_failure", "denied"), ("password_change", "denied"),
            ("login_failure", "denied")]


def test_wrong_current_passwords_alone_lock_the_account(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_user(session)
        principal = login(session, "Awal-Sandi-2026").principal
        assert principal is not None
        results = [accounts.change_password(session, principal, "tebak-tebak-1",
                                            "Kopi-Tubruk-77", settings=SETTINGS, now=NOW)
                   for _ in range(3)]
        assert [r.status for r in results] == ["bad_credentials", "bad_credentials", "locked"]
        assert results[-1].locked_until == NOW + timedelta(minutes=15)
        assert login(session, "Awal-Sandi-2026", minutes=5).status == "locked"
        assert login(session, "Awal-Sandi-2026", minutes=16).status == "ok"


def test_the_new_password_is_not_tested_before_the_current_one_is_right(engine: Engine) -> None:
    """Else "must differ from the old one" would confirm a guess without counting a failure."""
    with Session(engine) as session, session.begin():
        add_user(session)
        principal = login(session, "Awal-Sandi-2026").principal
        assert principal is not None
        result = accounts.change_password(session, principal, "tebak-tebak-1", "Awal-Sandi-2026",
                                          settings=SETTINGS, now=NOW)
        assert result.status == "bad_credentials"


@pytest.mark.parametrize(("new", "key"), [
    ("pendek", "access.error.password_too_short"),
    ("dewi-2026-rahasia", "access.error.password_contains_username"),
    ("Awal-Sandi-2026", "access.error.password_unchanged"),
    ("Sunshine-2026!", "access.error.password_common"),
    ("Demo-QA-2026", "access.error.password_published"),
    ("Pegadaian-Kopi-1", "access.error.password_context_word"),
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


@pytest.mark.parametrize(("password", "key"), [
    ("Qwerty-12345", "access.error.password_common"),
    ("Demo-QA-2026", "access.error.password_published"),
    ("Workbench-2026", "access.error.password_context_word"),
])
def test_a_new_account_gets_no_common_published_or_company_password(
        engine: Engine, password: str, key: str) -> None:
    with Session(engine) as session, session.begin(), \
            pytest.raises(accounts.AccountError) as error:
        accounts.create_user(session, username="budi", display_name="Budi", role="qco",
                             by="test", password=password, settings=SETTINGS)
    assert error.value.key == key


def test_only_the_demo_may_give_an_account_the_published_password(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        user, initial = accounts.create_user(
            session, username="budi", display_name="Budi", role="qco", by="demo",
            password="Demo-QA-2026", published_password=True, settings=SETTINGS)
        assert initial == "Demo-QA-2026" and user.must_change_password
        with pytest.raises(accounts.AccountError) as error:
            accounts.create_user(session, username="sari", display_name="Sari", role="qco",
                                 by="demo", password="password123", published_password=True,
                                 settings=SETTINGS)
        assert error.value.key == "access.error.password_common"


def test_temporary_passwords_meet_the_rules_even_for_a_short_username(engine: Engine) -> None:
    """A draw that happens to contain the username is drawn again."""
    with Session(engine) as session, session.begin():
        accounts.create_user(session, username="a", display_name="A", role="qco", by="test",
                             settings=SETTINGS)
        for _ in range(20):
            temporary = accounts.reset_password(session, "a", by="admin", settings=SETTINGS)
            assert "a" not in temporary.lower()
            accounts.check_new_password(temporary, "a", SETTINGS)


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
        exported = audit.events_csv(window, ZoneInfo("Asia/Jakarta"), "id").decode("utf-8-sig")
        assert "'=cmd()" in exported


def test_unknown_audit_action_is_a_programming_error(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="unknown audit action"):
        audit.record(session, "x", "teleport")
