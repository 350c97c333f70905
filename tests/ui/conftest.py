"""Page tests: each test gets its own SQLite database and runs the real entry script,
qa_app/web/app.py, in AppTest (no folder named ``pages`` beside it, so Streamlit's
``st.navigation`` decides every page, as on the server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from qa_app.auth import accounts
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction
from qa_app.db.session import get_engine, session_scope
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import ImportReport, import_file
from qa_app.web.login import USER_KEY
from tests.factories import report_rows
from tests.factories.report_rows import PASS

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
    st.cache_data.clear()  # the report cache (its keys name the database anyway)


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


# --------------------------------------------------------------------------- shared data
# The graded month of the report pages and the coaching flow.

CLIP = [{"speaker": "agent", "start": 3.0, "text": "halo"}]


@pytest.fixture
def graded(engine: Engine, import_bytes: Callable[[str, str, bytes], ImportReport],
           roster_csv: bytes,
           make_user: Callable[..., int]) -> dict[str, int]:
    """PGD001 (Tim Gadai): 90 (O1 no, with a clip) and 100; PGD002 (Tim Digital), whose name
    starts with "=": 100 and a CSI of 1 on its case. Quotas of 2 each in 2026-W45."""
    import_bytes("roster", "roster.csv", roster_csv)
    qco = make_user("qco1", "qco")
    with Session(engine) as session, session.begin():
        agents = {a.employee_id: a for a in session.scalars(select(Agent))}
        agents["PGD002"].name = "=HYPERLINK(\"x\") Budi"
        start = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
        rubric = report_rows.rubric_version(session)
        ids = {}
        for n, code in enumerate(("PGD001", "PGD001", "PGD002")):
            row = Interaction(source_id=f"OC-{n}", agent_id=agents[code].id, channel="voice",
                              direction="inbound", started_at=start + timedelta(hours=n),
                              ended_at=start + timedelta(hours=n, minutes=5), talk_seconds=240,
                              hold_seconds=30, acw_seconds=30, case_id=f"CASE-{n}", row_hash=0)
            session.add(row)
            session.flush()
            ids[n] = row.id
            session.add(CsiResponse(response_key=f"R{n}", case_id=f"CASE-{n}", score=(4, 5, 1)[n],
                                    answered_at=row.ended_at, row_hash=0))
        for code in ("PGD001", "PGD002"):
            report_rows.quota(session, agents[code].id, "2026-W45", 2)
        report_rows.evaluation(session, ids[0], qco, rubric, "2026-W45", 90, {**PASS, "O1": "no"},
                        evidence={"O1": CLIP})
        report_rows.evaluation(session, ids[1], qco, rubric, "2026-W45", 100, PASS)
        report_rows.evaluation(session, ids[2], qco, rubric, "2026-W45", 100, PASS)
        agent_ids = {code: agent.id for code, agent in agents.items()}
    return agent_ids


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """The content behind every download button, by file name (deferred ones as well)."""
    offered: dict[str, Callable[[], Any]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self: MediaFileManager, data: Any, mimetype: str, coordinates: str,
               file_name: str | None = None, **kwargs: Any) -> str:
        offered[file_name or coordinates] = lambda: data
        return add(self, data, mimetype, coordinates, file_name, **kwargs)

    def record_deferred(self: MediaFileManager, data_callable: Callable[[], Any],
                        mimetype: str | None, coordinates: str, file_name: str | None = None,
                        **kwargs: Any) -> str:
        offered[file_name or coordinates] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return offered
