"""Login, forced password change, timeout, and the role × page × data matrix, in AppTest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth.navigation import PAGES
from qa_app.db.auth_models import AuditEvent
from qa_app.db.web_session_models import WebSession
from qa_app.i18n import t
from qa_app.ingest.service import ImportReport
from qa_app.vocabulary import Role
from qa_app.web.login import USER_KEY, WEB_SESSION_KEY
from tests.ui.light_tables import light_tables

APP_FILE = Path(__file__).resolve().parents[2] / "qa_app" / "web" / "app.py"

ImportBytes = Callable[[str, str, bytes], ImportReport]
ROLES_AND_TEAMS = {
    "admin": {}, "qco_lead": {}, "qco": {}, "manager": {},
    "team_lead": {"teams": ("Tim Digital",)}, "agent": {"employee_id": "PGD001"},
}


def audit_actions(engine: Engine) -> list[tuple[str, str, str | None]]:
    with Session(engine) as session:
        return [(e.username, e.action, e.target_id)
                for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def sign_in_with_form(app: AppTest, username: str, password: str) -> AppTest:
    app.run()
    app.text_input(key="login_username").set_value(username)
    app.text_input(key="login_password").set_value(password)
    return app.button[0].click().run()


def test_without_login_only_the_login_form_shows(app: AppTest, engine: Engine,
                                                 import_bytes: ImportBytes,
                                                 roster_csv: bytes) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    app.run()

    assert not app.exception
    assert app.title[0].value == "Masuk"
    assert not app.metric and not app.dataframe and not light_tables(app)


def test_login_form_signs_in_and_a_wrong_password_is_refused(app: AppTest, engine: Engine,
                                                             make_user: Callable[..., int],
                                                             password: str) -> None:
    make_user("dewi", "qco")

    sign_in_with_form(app, "dewi", "salah-sandi-99")
    assert [e.value for e in app.error] == ["Nama pengguna atau kata sandi salah."]
    assert USER_KEY not in app.session_state

    sign_in_with_form(app, "dewi", password)
    assert not app.exception
    assert app.title[0].value == "Beranda"
    assert "Masuk sebagai Dewi (QCO)" in [c.value for c in app.sidebar.caption]
    assert [a[:2] for a in audit_actions(engine)][-2:] == [("dewi", "login_failure"),
                                                           ("dewi", "login_success")]


def test_first_login_forces_a_password_change(app: AppTest, engine: Engine,
                                              make_user: Callable[..., int],
                                              password: str) -> None:
    make_user("budi", "manager", must_change=True)
    sign_in_with_form(app, "budi", password)
    assert app.title[0].value == "Ganti kata sandi"

    fields = app.text_input
    fields[0].set_value(password)
    fields[1].set_value("Kopi-Tubruk-77")
    fields[2].set_value("Kopi-Tubruk-77")
    app.button[0].click().run()

    assert not app.exception
    assert app.title[0].value == "Beranda"
    assert ("budi", "password_change", "budi") in audit_actions(engine)


def test_idle_session_ends_and_is_audited(app: AppTest, engine: Engine,
                                          login: Callable[..., AppTest]) -> None:
    login(app, "manager")
    app.run()
    assert app.title[0].value == "Beranda"

    with Session(engine) as session, session.begin():
        row = session.get(WebSession, app.session_state[WEB_SESSION_KEY])
        row.last_activity_at = datetime.now(UTC) - timedelta(minutes=31)
    app.run()

    assert app.title[0].value == "Masuk"
    assert [w.value for w in app.warning] == [
        "Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali."]
    assert audit_actions(engine)[-1][:2] == ("manager", "session_timeout")


def test_a_disabled_account_is_signed_out_at_the_next_click(app: AppTest, engine: Engine,
                                                           login: Callable[..., AppTest]) -> None:
    from qa_app.auth import accounts

    login(app, "manager")
    app.run()
    with Session(engine) as session, session.begin():
        accounts.set_active(session, "manager", False, by="admin")
    app.run()
    assert app.title[0].value == "Masuk"


# Which role opens which page, written out here (not read from the navigation table): a page
# granted to or taken from a role by mistake fails this test.
EVERY_ROLE = {"home", "account"}
ROLE_PAGES: dict[str, set[str]] = {
    "admin": EVERY_ROLE | {"import", "users", "audit", "privacy"},
    "qco_lead": EVERY_ROLE | {"import", "sampling", "jobs", "review_queue", "review", "disputes",
                              "calibration", "grading", "search", "reports_overview",
                              "reports_team", "reports_scorecard", "categories", "risk_flags",
                              "prescore_accuracy"},
    "qco": EVERY_ROLE | {"jobs", "review_queue", "review", "disputes", "calibration", "search"},
    "manager": EVERY_ROLE | {"calibration", "grading", "search", "reports_overview",
                             "reports_team", "reports_scorecard", "categories", "risk_flags",
                             "prescore_accuracy"},
    "team_lead": EVERY_ROLE | {"reports_team", "reports_scorecard", "my_evaluations", "search",
                               "categories"},
    "agent": EVERY_ROLE | {"reports_scorecard", "my_evaluations", "search"},
}
ALL_PAGES = {"home", "import", "sampling", "jobs", "review_queue", "review", "reports_overview",
             "reports_team", "reports_scorecard", "account", "users", "audit", "privacy",
             "my_evaluations", "disputes", "calibration", "grading", "search", "categories",
             "risk_flags", "prescore_accuracy"}


def test_the_matrix_covers_every_role_and_page() -> None:
    assert set(ROLE_PAGES) == set(Role) == set(ROLES_AND_TEAMS)
    assert {page.key for page in PAGES} == ALL_PAGES


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_role_page_matrix(app: AppTest, engine: Engine, login: Callable[..., AppTest],
                          import_bytes: ImportBytes, roster_csv: bytes, interactions_csv: bytes,
                          role: str) -> None:
    """Every page a role may open works; every other page cannot be reached, even by URL."""
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)
    login(app, role, **ROLES_AND_TEAMS[role])
    app.run()
    for page in PAGES:
        if page.key not in ROLE_PAGES[role]:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                app.switch_page(page.path)
            continue
        app.switch_page(page.path).run()
        assert not app.exception, (role, page.key)
        assert not app.error, (role, page.key, [e.value for e in app.error])
        assert app.title[0].value == t(page.title_key, "id"), (role, page.key)


@pytest.mark.parametrize(("role", "options", "interactions", "agents"), [
    ("manager", {}, "3", "2 / 3"),
    ("team_lead", {"teams": ("Tim Digital",)}, "1", "1 / 1"),
    ("agent", {"employee_id": "PGD001"}, "2", "1 / 1"),
    ("admin", {}, "0", "2 / 3"),
])
def test_home_figures_follow_the_role_scope_whatever_the_url_says(
        app: AppTest, login: Callable[..., AppTest], import_bytes: ImportBytes,
        roster_csv: bytes, interactions_csv: bytes, role: str, options: dict[str, object],
        interactions: str, agents: str) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)
    login(app, role, **options)
    app.query_params["team"] = "Tim Gadai"
    app.query_params["agent"] = "PGD002"
    app.run()

    figures = {metric.label: metric.value for metric in app.metric}
    assert figures.get("Interaksi", "0") == interactions
    assert figures.get("Agent aktif / total") == agents


def test_a_page_run_on_its_own_still_checks_the_role(engine: Engine,
                                                     login: Callable[..., AppTest],
                                                     import_bytes: ImportBytes,
                                                     roster_csv: bytes) -> None:
    """Even outside the navigation (an old bookmark, a direct script run) the guard holds."""
    import_bytes("roster", "roster.csv", roster_csv)
    page = AppTest.from_file(str(APP_FILE.parents[1] / "pages" / "users.py"), default_timeout=30)
    login(page, "agent", employee_id="PGD001")
    page.run()

    assert [e.value for e in page.error] == ["Peran Anda tidak memiliki akses ke halaman ini."]
    assert not page.dataframe
    assert audit_actions(engine)[-1] == ("agent", "access_denied", "users")
