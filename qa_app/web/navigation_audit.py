"""Auditing a request for a page the role may not open (a bookmark, a typed or shared URL).

``st.navigation`` only knows the pages of the signed-in role, so Streamlit answers such a
URL with its default page and a "page not found" notice, and the page's own guard
(:func:`qa_app.web.login.require_page`) never runs. This asks Streamlit which page the
browser asked for, before the navigation resolves it, and records the attempt. A URL opened
before signing in is remembered through the login and judged for the role that signs in.

Streamlit has no public call for the requested page; this reads its pages manager (as of
1.67), and tests/e2e/test_export_guard_browser.py fails if that stops working.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from qa_app.auth import audit
from qa_app.auth.navigation import PAGES, forbidden_page, url_path
from qa_app.auth.principal import Principal
from qa_app.db.session import session_scope
from qa_app.web import database, login

REQUESTED_KEY = "navigation_requested_path"


def _requested_path() -> str | None:
    """The URL path of the page this run was asked for, or None for the default page."""
    context = get_script_run_ctx()
    if context is None:
        return None
    manager = context.pages_manager
    if manager.intended_page_script_hash:  # a click in the navigation, or st.switch_page
        by_hash = {calc_hash(url_path(page)): url_path(page) for page in PAGES}
        return by_hash.get(manager.intended_page_script_hash)
    return manager.intended_page_name or None


def remember_request() -> None:
    """On the login (or password) screen: keep the page the browser asked for."""
    requested = _requested_path()
    if requested:
        st.session_state[REQUESTED_KEY] = requested


def audit_forbidden_request(principal: Principal) -> None:
    """Record ``access_denied`` when the run was asked for a page the role may not open."""
    remembered = st.session_state.pop(REQUESTED_KEY, None)
    requested = _requested_path() or remembered
    page = forbidden_page(principal.role, requested) if requested else None
    if page is None:
        return
    with session_scope(database.engine()) as session:
        audit.record(session, principal, "access_denied", target_kind="page", target_id=page.key,
                     outcome="denied", session_id=login.session_id(),
                     details={"path": f"/{requested}"})
