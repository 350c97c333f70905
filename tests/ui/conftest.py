"""Page tests: each test gets its own SQLite database and runs the real entry script,
qa_app/web/app.py, in AppTest (no folder named ``pages`` beside it, so Streamlit's
``st.navigation`` decides every page, as on the server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from qa_app.auth import accounts
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.auth_models import UserAccount
from qa_app.db.session import get_engine, session_scope
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import ImportReport, import_file
from qa_app.web.login import USER_KEY

APP_FILE = Path(__file__).resolve().parents[2] / "qa_app" / "web" / "app.py"

ROSTER_CSV = b"""ID Karyawan,Nama Agent,Tanggal Masuk,Tier,Tim,Status
PGD001,Sari Wulandari,05/01/2025,Tier 1,Tim Gadai,Aktif
PGD002,Budi Santoso,10/03/2025,Tier 2,Tim Digital,Aktif
PGD003,Rina Marlina,01/02/2024,Tier 1,Tim Gadai,Resign
"""

INTERACTIONS_CSV = b"""ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara,File Rekaman
OC-1,PGD001,Voice,Inbound,03/11/2026 08:15:00,03/11/2026 08:20:05,280,2026/11/OC-1.wav
OC-2,PGD002,WhatsApp,Inbound,03/11/2026 09:00:00,03/11/2026 09:12:00,,
OC-3,PGD001,Voice,Outbound,04/11/2026 14:30:00,04/11/2026 14:35:00,300,
"""  # noqa: E501  (the export's header line, as the contact centre writes it)


def _forget_cached_state() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file per test; cached settings and engines are dropped around it."""
    url = f"sqlite:///{tmp_path / 'qa.sqlite'}"
    monkeypatch.setenv("QA_HOME", str(tmp_path))
    monkeypatch.setenv("QA_DATABASE_URL", url)
    monkeypatch.setenv("QA_LANGUAGE", "id")
    _forget_cached_state()
    yield url
    get_engine().dispose()
    _forget_cached_state()


@pytest.fixture
def engine(database_url: str) -> Engine:
    engine = get_engine()
    migrate.ensure_current(engine)
    return engine


@pytest.fixture
def import_bytes(engine: Engine) -> Callable[[str, str, bytes], ImportReport]:
    """Import a file straight through the service, as the CLI would."""

    def run(kind: str, file_name: str, content: bytes) -> ImportReport:
        return import_file(engine, kind, TableSource(file_name=file_name, content=content),
                           load_mapping(), imported_by="test")

    return run


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP_FILE, default_timeout=30)


@pytest.fixture
def roster_csv() -> bytes:
    """Three agents in two teams; one has resigned."""
    return ROSTER_CSV


@pytest.fixture
def interactions_csv() -> bytes:
    """Three interactions of the roster's agents: two voice (one recorded), one WhatsApp."""
    return INTERACTIONS_CSV


TEST_PASSWORD = "Rahasia-Uji-2026"


@pytest.fixture
def make_user(engine: Engine) -> Callable[..., int]:
    """Create an account that has already changed its first password; returns its id."""

    def create(username: str, role: str, *, employee_id: str | None = None,
               teams: tuple[str, ...] = (), must_change: bool = False) -> int:
        with session_scope(engine) as session:
            user, _ = accounts.create_user(
                session, username=username, display_name=username.title(), role=role,
                by="test", password=TEST_PASSWORD, agent_employee_id=employee_id,
                team_codes=teams, settings=get_settings())
            user.must_change_password = must_change
            return user.id

    return create


@pytest.fixture
def password() -> str:
    """The password of every account made by ``make_user``."""
    return TEST_PASSWORD


@pytest.fixture
def login(make_user: Callable[..., int]) -> Callable[..., AppTest]:
    """Sign ``app`` in as a new account of ``role`` (as the login form would)."""

    def sign_in(app: AppTest, role: str, username: str | None = None, **options: Any) -> AppTest:
        app.session_state[USER_KEY] = make_user(username or role, role, **options)
        return app

    return sign_in


def user_id(engine: Engine, username: str) -> int:
    with session_scope(engine) as session:
        return session.scalars(
            select(UserAccount.id).where(UserAccount.username == username)).one()
