"""The login form and My account against guessing, in AppTest: what they say and what they log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth import accounts
from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.web import login as login_view
from qa_app.web.login import USER_KEY

APP_FILE = Path(__file__).resolve().parents[2] / "qa_app" / "web" / "app.py"
WRONG = "Nama pengguna atau kata sandi salah."


def audit_rows(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def sign_in_with_form(app: AppTest, username: str, password: str) -> AppTest:
    app.run()
    app.text_input(key="login_username").set_value(username)
    app.text_input(key="login_password").set_value(password)
    return app.button[0].click().run()


def change_password(app: AppTest, current: str, new: str) -> AppTest:
    form = app.get("form")[0]
    form.text_input[0].set_value(current)
    form.text_input[1].set_value(new)
    form.text_input[2].set_value(new)
    form.button[0].click()
    return app.run()


@pytest.fixture
def two_failures_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_LOCKOUT_FAILURES", "2")
    get_settings.cache_clear()


def test_a_password_typed_as_the_username_is_not_logged(app: AppTest, engine: Engine,
                                                        make_user: Callable[..., int],
                                                        password: str) -> None:
    make_user("dewi", "qco")
    sign_in_with_form(app, password, password)

    assert [e.value for e in app.error] == [WRONG]
    [failure] = audit_rows(engine)[-1:]
    assert (failure.username, failure.action, failure.details["reason"]) == \
        ("?", "login_failure", "unknown_user")
    assert all(password not in f"{e.username} {e.target_id} {e.details}"
               for e in audit_rows(engine))


def test_a_disabled_account_is_named_only_to_its_right_password(
        app: AppTest, engine: Engine, make_user: Callable[..., int], password: str) -> None:
    make_user("dewi", "qco")
    with Session(engine) as session, session.begin():
        accounts.set_active(session, "dewi", False, by="admin")

    sign_in_with_form(app, "dewi", "salah-sandi-99")
    assert [e.value for e in app.error] == [WRONG]
    sign_in_with_form(app, "dewi", password)
    assert [e.value for e in app.error] == ["Akun ini dinonaktifkan. Hubungi admin."]


def test_wrong_current_passwords_on_my_account_lock_the_login(
        app: AppTest, engine: Engine, login: Callable[..., AppTest], password: str,
        two_failures_lock: None) -> None:
    login(app, "qco", username="dewi")
    app.run()
    app.switch_page("../pages/account.py").run()

    change_password(app, "tebak-tebak-1", "Kopi-Tubruk-77")
    assert [e.value for e in app.error] == ["Kata sandi saat ini salah."]
    change_password(app, "tebak-tebak-2", "Kopi-Tubruk-77")
    assert app.error[0].value.startswith("Akun dikunci sementara")

    denied = [(e.action, e.outcome, e.details["reason"]) for e in audit_rows(engine)
              if e.outcome == "denied"]
    assert denied == [("password_change", "denied", "bad_current_password"),
                      ("password_change", "denied", "locked_now")]
    fresh = AppTest.from_file(str(APP_FILE), default_timeout=30)
    sign_in_with_form(fresh, "dewi", password)
    assert fresh.error[0].value.startswith("Akun dikunci sementara")
    assert USER_KEY not in fresh.session_state


@pytest.mark.parametrize(("new", "message"), [
    ("Sunshine-2026!", "Kata sandi ini termasuk kata sandi umum atau yang pernah bocor"),
    ("Demo-QA-2026", "Ini kata sandi demo yang diumumkan di dokumentasi."),
    ("Pegadaian-Kopi-77", "Kata sandi tidak boleh memuat nama perusahaan atau nama aplikasi."),
])
def test_my_account_says_why_a_new_password_is_refused(app: AppTest, engine: Engine,
                                                       login: Callable[..., AppTest],
                                                       password: str, new: str,
                                                       message: str) -> None:
    login(app, "qco", username="dewi")
    app.run()
    app.switch_page("../pages/account.py").run()
    change_password(app, password, new)

    assert not app.exception
    assert app.error[0].value.startswith(message)
    assert "password_change" not in [e.action for e in audit_rows(engine)]


def test_the_client_address_is_logged_from_login_to_logout(
        app: AppTest, engine: Engine, make_user: Callable[..., int], password: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_view, "client_address", lambda: "203.0.113.9")
    make_user("dewi", "qco")
    sign_in_with_form(app, "dewi", "salah-sandi-99")
    sign_in_with_form(app, "dewi", password)
    assert app.title[0].value == "Beranda"
    app.button(key="logout").click().run()

    assert [(e.action, e.client_address) for e in audit_rows(engine)][-3:] == [
        ("login_failure", "203.0.113.9"), ("login_success", "203.0.113.9"),
        ("logout", "203.0.113.9")]
