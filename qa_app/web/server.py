"""The web server: ``streamlit run qa_app/web/server.py`` serves the app script ``app.py``
(beside this file) with the routes and middleware of :mod:`qa_app.web` (session cookie,
recordings, media guard, security headers). Streamlit finds the module-level ``app`` and runs
it under uvicorn; the script path is relative to this file.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from qa_app.web.headers import SecurityHeadersMiddleware
from qa_app.web.routes import MediaGuardMiddleware, routes

app = st.App("app.py", routes=routes(),
             middleware=[Middleware(SecurityHeadersMiddleware), Middleware(MediaGuardMiddleware)])
