"""The HTTP routes beside the Streamlit app, and the guard on Streamlit's own media files.

* ``POST /api/session`` takes a login's one-time ticket in the request body and answers
  with the session cookie (HttpOnly, SameSite=Strict, Secure under https);
* ``GET /api/session.js`` is the few lines that post it (scripts come only from the server:
  see :mod:`qa_app.web.headers`);
* ``GET /api/recording/{interaction_id}`` serves a recording, by byte ranges, only to the
  live session of a principal whose scope includes the interaction; each fetch is audited
  as ``recording_play`` with its range (and the second playback starts from, ``?from=``);
* :class:`MediaGuardMiddleware` refuses Streamlit's ``/media/`` files (downloads, images)
  without a live session, so that no URL serves data to a request without one.

Everything is checked against the database on each request: sign-out, idle timeout and a
disabled account end access at once, on every server process.
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from functools import lru_cache

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config as streamlit_config

from qa_app.auth import audit, web_sessions
from qa_app.auth.scope import OutOfScope
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine, session_scope
from qa_app.review import access

COOKIE_NAME = "qa_session"
SESSION_PATH = "/api/session"
SESSION_SCRIPT_PATH = "/api/session.js"
RECORDING_PATH = "/api/recording"
MAX_TICKET_BYTES = 256
NO_STORE = {"Cache-Control": "no-store"}

# Posts the ticket named by the script element's data attributes, once, in the body.
SESSION_SCRIPT = """(function () {
  var script = document.currentScript;
  fetch(script.dataset.endpoint, {method: "POST", body: script.dataset.ticket,
    credentials: "same-origin", cache: "no-store",
    headers: {"Content-Type": "text/plain"}});
})();
"""


def base_path() -> str:
    """Streamlit's ``server.baseUrlPath`` as ``/prefix`` (or "")."""
    prefix = str(streamlit_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}" if prefix else ""


@lru_cache(maxsize=1)
def _engine() -> Engine:
    engine = get_engine()
    migrate.ensure_current(engine)
    return engine


def _redeem(ticket: str) -> str | None:
    with session_scope(_engine()) as session:
        return web_sessions.redeem_ticket(session, ticket)


async def redeem_session_ticket(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_TICKET_BYTES:
        return PlainTextResponse("ticket too long", status_code=413, headers=NO_STORE)
    token = await run_in_threadpool(_redeem, body.decode("ascii", errors="replace"))
    if token is None:
        return PlainTextResponse("no such ticket", status_code=403, headers=NO_STORE)
    response = Response(status_code=204, headers=NO_STORE)
    response.set_cookie(COOKIE_NAME, token, path=base_path() or "/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


def session_script(_request: Request) -> Response:
    return Response(SESSION_SCRIPT, media_type="text/javascript", headers=NO_STORE)


def _from_second(request: Request) -> float:
    try:
        return max(0.0, float(request.query_params.get("from", "0")))
    except ValueError:
        return 0.0


def recording(request: Request) -> Response:
    """A scoped, audited recording; 401 without a live session, 404 outside the scope."""
    interaction_id = int(request.path_params["interaction_id"])
    settings = get_settings()
    with session_scope(_engine()) as session:
        row = web_sessions.by_token(session, request.cookies.get(COOKIE_NAME))
        resumed = web_sessions.resume(session, row, settings.session_timeout_minutes)
        if resumed is None:
            return PlainTextResponse("sign in first", status_code=401, headers=NO_STORE)
        principal = replace(resumed.principal,
                            client_address=request.client.host if request.client else None)
        try:
            playback = access.open_recording(
                session, principal, interaction_id, settings.recordings_dir,
                from_second=_from_second(request), session_id=resumed.row.public_id,
                byte_range=request.headers.get("range") or "all")
        except OutOfScope:
            audit.record(session, principal, "access_denied",
                         target_kind="interaction", target_id=interaction_id,
                         outcome="denied", session_id=resumed.row.public_id,
                         details={"what": "recording"})
            return PlainTextResponse("not found", status_code=404, headers=NO_STORE)
    if playback.path is None:
        return PlainTextResponse("not found", status_code=404, headers=NO_STORE)
    media_type = mimetypes.guess_type(playback.path.name)[0] or "application/octet-stream"
    return FileResponse(playback.path, media_type=media_type, headers=NO_STORE)


def has_live_session(cookie_token: str | None) -> bool:
    with session_scope(_engine()) as session:
        row = web_sessions.by_token(session, cookie_token)
        return web_sessions.resume(session, row, get_settings().session_timeout_minutes) \
            is not None


class MediaGuardMiddleware:
    """Streamlit's ``/media/`` files only for a request with a live session cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(f"{base_path()}/media/"):
            request = Request(scope)
            if not await run_in_threadpool(has_live_session, request.cookies.get(COOKIE_NAME)):
                response = PlainTextResponse("sign in first", status_code=401,
                                             headers=NO_STORE)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def routes() -> list[Route]:
    prefix = base_path()
    return [
        Route(f"{prefix}{SESSION_PATH}", redeem_session_ticket, methods=["POST"]),
        Route(f"{prefix}{SESSION_SCRIPT_PATH}", session_script, methods=["GET"]),
        Route(f"{prefix}{RECORDING_PATH}/{{interaction_id:int}}", recording,
              methods=["GET", "HEAD"]),
    ]
