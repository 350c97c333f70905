"""The HTTP routes beside Streamlit, through Starlette's TestClient, on SQLite and
PostgreSQL: the session cookie from a ticket, the scoped and audited recording route with
byte ranges, the guard on Streamlit's media files and the security headers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from qa_app.auth import web_sessions
from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.session import get_engine
from qa_app.db.web_session_models import WebSession
from qa_app.web import routes
from qa_app.web.headers import SecurityHeadersMiddleware

AUDIO = b"RIFF" + bytes(range(256)) * 8


@pytest.fixture
def client(engine: Engine, world, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The routes and middleware of qa_app/web/server.py, with OC-G1-0 (assigned to qco1)
    recorded."""
    recordings = tmp_path / "recordings"
    (recordings / "2026" / "11").mkdir(parents=True)
    (recordings / "2026" / "11" / "OC-G1-0.wav").write_bytes(AUDIO)
    with Session(engine) as session, session.begin():
        session.get_one(Interaction, world.interaction_ids["OC-G1-0"]).recording_path = \
            "2026/11/OC-G1-0.wav"
    monkeypatch.setenv("QA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("QA_DATA_DIR", str(recordings))
    monkeypatch.setenv("QA_SESSION_TIMEOUT_MINUTES", "30")
    for cached in (get_settings, get_engine, routes._engine):
        cached.cache_clear()
    app = Starlette(routes=routes.routes(), middleware=[
        Middleware(SecurityHeadersMiddleware), Middleware(routes.MediaGuardMiddleware)])
    with TestClient(app) as test_client:
        yield test_client
    get_engine().dispose()
    for cached in (get_settings, get_engine, routes._engine):
        cached.cache_clear()


def sign_in(client: TestClient, engine: Engine, world, username: str) -> int:
    """Open a session as the login would and redeem its ticket as the page does."""
    with Session(engine) as session, session.begin():
        opened = web_sessions.open_session(session, world.users[username].user_id,
                                           public_id=f"pub-{username}")
    answer = client.post(routes.SESSION_PATH, content=opened.ticket)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{routes.COOKIE_NAME}=")
    assert {"httponly", "samesite=strict", "path=/"} <= {
        part.strip().lower() for part in cookie.split(";")}
    assert opened.ticket not in cookie
    return opened.row_id


def recording_events(engine: Engine) -> list[tuple[str, str, str, dict | None, str | None]]:
    with Session(engine) as session:
        return [(e.username, e.action, e.outcome, e.details, e.session_id)
                for e in session.scalars(select(AuditEvent).where(
                    AuditEvent.action.in_(["recording_play", "access_denied"]))
                    .order_by(AuditEvent.id))]


def url(world, source_id: str = "OC-G1-0", query: str = "") -> str:
    return f"{routes.RECORDING_PATH}/{world.interaction_ids[source_id]}{query}"


def test_without_a_session_no_recording_is_served(client: TestClient, engine: Engine,
                                                  world) -> None:
    assert client.get(url(world)).status_code == 401
    client.cookies.set(routes.COOKIE_NAME, "made-up-token")
    assert client.get(url(world)).status_code == 401
    assert recording_events(engine) == []


def test_a_session_gets_its_recording_by_ranges_and_each_fetch_is_audited(
        client: TestClient, engine: Engine, world) -> None:
    sign_in(client, engine, world, "qco1")
    whole = client.get(url(world))
    assert whole.status_code == 200 and whole.content == AUDIO
    assert whole.headers["cache-control"] == "no-store"
    assert whole.headers["accept-ranges"] == "bytes"
    part = client.get(url(world, query="?from=12.5"), headers={"Range": "bytes=4-99"})
    assert part.status_code == 206 and part.content == AUDIO[4:100]
    assert part.headers["content-range"] == f"bytes 4-99/{len(AUDIO)}"
    assert recording_events(engine) == [
        ("qco1", "recording_play", "ok", {"from_second": 0.0, "range": "all"}, "pub-qco1"),
        ("qco1", "recording_play", "ok", {"from_second": 12.5, "range": "bytes=4-99"},
         "pub-qco1"),
    ]


@pytest.mark.parametrize("query", ["?from=abc", "?from=-3", "?from="])
def test_a_bad_start_second_is_read_as_zero(client: TestClient, engine: Engine, world,
                                            query: str) -> None:
    sign_in(client, engine, world, "qco1")
    assert client.get(url(world, query=query)).status_code == 200
    assert recording_events(engine)[-1][3] == {"from_second": 0.0, "range": "all"}


def test_out_of_scope_or_unrecorded_interactions_are_not_found(client: TestClient,
                                                               engine: Engine, world) -> None:
    sign_in(client, engine, world, "qco2")  # assigned OC-G2-0, not OC-G1-0
    assert client.get(url(world)).status_code == 404
    assert client.get(url(world, "OC-G2-0")).status_code == 404  # in scope, no recording
    assert client.get(f"{routes.RECORDING_PATH}/999999").status_code == 404
    assert client.get(f"{routes.RECORDING_PATH}/not-a-number").status_code == 404
    events = recording_events(engine)
    assert [e[1:3] for e in events] == [("access_denied", "denied"),
                                        ("recording_play", "denied"),
                                        ("access_denied", "denied")]


def test_sign_out_and_idle_timeout_end_access_at_once(client: TestClient, engine: Engine,
                                                      world) -> None:
    row_id = sign_in(client, engine, world, "qco1")
    with Session(engine) as session, session.begin():
        session.get_one(WebSession, row_id).last_activity_at = \
            datetime.now(UTC) - timedelta(minutes=31)
    assert client.get(url(world)).status_code == 401

    row_id = sign_in(client, engine, world, "manager")
    assert client.get(url(world)).status_code == 200
    with Session(engine) as session, session.begin():
        web_sessions.revoke(session, row_id)
    assert client.get(url(world)).status_code == 401


def test_a_ticket_works_once_and_a_long_body_is_refused(client: TestClient, engine: Engine,
                                                        world) -> None:
    with Session(engine) as session, session.begin():
        opened = web_sessions.open_session(session, world.users["qco1"].user_id,
                                           public_id="pub-x")
    assert client.post(routes.SESSION_PATH, content=opened.ticket).status_code == 204
    again = client.post(routes.SESSION_PATH, content=opened.ticket)
    assert again.status_code == 403 and "set-cookie" not in again.headers
    assert client.post(routes.SESSION_PATH, content="x" * 1000).status_code == 413
    assert client.get(routes.SESSION_PATH).status_code == 405


def test_streamlit_media_files_need_a_session(client: TestClient, engine: Engine,
                                              world) -> None:
    assert client.get("/media/abc123.xlsx").status_code == 401
    sign_in(client, engine, world, "qco1")
    assert client.get("/media/abc123.xlsx").status_code == 404  # passed on (none here)


def test_every_response_carries_the_security_headers(client: TestClient, world) -> None:
    answer = client.get(url(world))
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self'" in policy
    script = client.get(routes.SESSION_SCRIPT_PATH)
    assert script.headers["content-type"].startswith("text/javascript")
    assert "fetch(" in script.text
