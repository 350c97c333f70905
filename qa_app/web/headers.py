"""Security headers on every HTTP response of the server.

The Content-Security-Policy is the strictest the Streamlit front end still runs under: its
styles are injected inline (emotion), charts and media come as ``blob:``/``data:`` URLs,
the websocket goes to the page's own origin, and components are same-origin iframes. Scripts
come only from the server itself, plus the one small inline script of Streamlit's
``index.html``, allowed by its hash (computed from the installed file, so an upgrade of
Streamlit keeps working).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import streamlit
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@lru_cache(maxsize=1)
def _index_script_hashes() -> tuple[str, ...]:
    index = Path(streamlit.__file__).parent / "static" / "index.html"
    text = index.read_text(encoding="utf-8") if index.exists() else ""
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                 + "'" for body in _INLINE_SCRIPT.findall(text))


def content_security_policy() -> str:
    scripts = " ".join(("'self'", *_index_script_hashes()))
    return "; ".join((
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def security_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy().encode()),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeadersMiddleware:
    """Adds :func:`security_headers` to each HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
