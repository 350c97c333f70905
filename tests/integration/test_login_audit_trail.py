"""What the audit log keeps of a login: the client address, and never a mistyped password."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth import accounts, audit
from qa_app.auth.typed_name import KEY_SETTING
from qa_app.config import Settings
from qa_app.db.auth_models import AppSetting, AuditEvent

SETTINGS = Settings(lockout_failures=3, password_min_length=10)
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
PASSWORD = "Awal-Sandi-2026"


def add_dewi(session: Session) -> None:
    accounts.create_user(session, username="dewi", display_name="Dewi", role="qco", by="test",
                         password=PASSWORD, settings=SETTINGS)


def events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def everything_logged(session: Session) -> str:
    """Every audit row as text, and the CSV export of the audit page."""
    rows = [json.dumps([e.username, e.target_id, e.details, e.session_id, e.client_address],
                       default=str) for e in events(session)]
    return "\n".join(rows) + audit.events_csv(events(session), SETTINGS.tz, "en",
                                              session).decode("utf-8-sig")


def test_a_password_typed_as_the_username_never_reaches_the_log(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_dewi(session)
        for _ in range(2):
            accounts.authenticate(session, PASSWORD, PASSWORD, settings=SETTINGS, now=NOW)
        accounts.authenticate(session, f"  {PASSWORD} ", "x", settings=SETTINGS, now=NOW)
        accounts.authenticate(session, "Rahasia-Lain-99", "x", settings=SETTINGS, now=NOW)

        logged = everything_logged(session)
        assert PASSWORD not in logged and "Rahasia-Lain-99" not in logged
        failures = [e for e in events(session) if e.action == "login_failure"]
        assert {e.username for e in failures} == {"?"}
        digests = [e.details["typed"] for e in failures]
        assert digests[0] == digests[1] == digests[2] != digests[3]  # the same text, correlated
        assert all(len(digest) == 8 for digest in digests)


def test_an_existing_account_is_logged_by_its_name(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_dewi(session)
        accounts.authenticate(session, " dewi ", "salah-sekali-1", settings=SETTINGS, now=NOW)
        [failure] = [e for e in events(session) if e.action == "login_failure"]
        assert (failure.username, failure.details) == ("dewi", {"reason": "bad_password"})


def test_the_digest_key_is_the_secret_key_or_one_random_key_per_install(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        first = accounts.authenticate(session, "nobody", "x", settings=SETTINGS, now=NOW)
        second = accounts.authenticate(session, "nobody", "x", settings=SETTINGS, now=NOW)
        keyed = Settings(secret_key=SecretStr("rahasia-server-panjang"))
        accounts.authenticate(session, "nobody", "x", settings=keyed, now=NOW)
        assert first.status == second.status == "bad_credentials"
        stored = session.get(AppSetting, KEY_SETTING)
        assert stored is not None and len(bytes.fromhex(stored.value)) == 32
        unknown = [e.details["typed"] for e in events(session)]
        assert unknown[0] == unknown[1] != unknown[2]


def test_the_client_address_is_recorded_for_logins_and_what_the_principal_does_next(
        engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_dewi(session)
        accounts.authenticate(session, "nobody", "x", settings=SETTINGS,
                              client_address="203.0.113.7", now=NOW)
        accounts.authenticate(session, "dewi", "salah-sekali-1", settings=SETTINGS,
                              client_address="203.0.113.7", now=NOW)
        result = accounts.authenticate(session, "dewi", PASSWORD, settings=SETTINGS,
                                       client_address="2001:db8::1", now=NOW)
        assert result.principal is not None
        assert result.principal.client_address == "2001:db8::1"
        audit.record(session, result.principal, "recording_play", target_id="OC-1", now=NOW)
        audit.record(session, "cli:admin", "purge", now=NOW)

        assert [(e.action, e.client_address) for e in events(session)] == [
            ("user_change", None), ("login_failure", "203.0.113.7"),
            ("login_failure", "203.0.113.7"), ("login_success", "2001:db8::1"),
            ("recording_play", "2001:db8::1"), ("purge", None)]
        exported = [line.split(",") for line in audit.events_csv(
            events(session), SETTINGS.tz, "en", session).decode("utf-8-sig").splitlines()]
        assert exported[0] == ["Time", "User", "Activity", "Object", "Outcome", "Details",
                               "Session", "Client address"]
        # the login of 02:00 UTC, in Jakarta, by the account's name
        assert exported[4][:3] == ["24/11/2026 09:00:00", "Dewi", "Login succeeded"]
        assert exported[4][-1] == "2001:db8::1"
        table = audit.events_table(events(session), SETTINGS.tz, "en")
        assert list(table["Client address"]) == ["", "203.0.113.7", "203.0.113.7",
                                                 "2001:db8::1", "2001:db8::1", ""]


def test_a_password_change_keeps_the_client_address(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        add_dewi(session)
        principal = accounts.authenticate(session, "dewi", PASSWORD, settings=SETTINGS,
                                          client_address="198.51.100.4", now=NOW).principal
        assert principal is not None
        accounts.change_password(session, principal, "tebak-tebak-1", "Kopi-Tubruk-77",
                                 settings=SETTINGS, now=NOW)
        changed = accounts.change_password(session, principal, PASSWORD, "Kopi-Tubruk-77",
                                           settings=SETTINGS, now=NOW)
        assert changed.principal is not None
        assert changed.principal.client_address == "198.51.100.4"
        assert [(e.action, e.outcome, e.client_address) for e in events(session)][-2:] == [
            ("password_change", "denied", "198.51.100.4"),
            ("password_change", "ok", "198.51.100.4")]
