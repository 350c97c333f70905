"""Login, logout, forced password change, idle timeout and page guards, for the app.

The decisions live in :mod:`qa_app.auth`; this module only asks and shows. Each run reloads
the account from the database, so a disabled account or a changed role takes effect at the
next click, not at the next login.

A login opens a server-side session (:mod:`qa_app.auth.web_sessions`); its cookie comes
from :mod:`qa_app.web.routes`, for which the page posts a one-time ticket once. A reload or
a bookmark finds the cookie and resumes that session until it idles out or is signed out.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.orm import Session

from qa_app.auth import accounts, audit, web_sessions
from qa_app.auth.navigation import may_open
from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.auth_models import UserAccount
from qa_app.db.session import session_scope
from qa_app.db.web_session_models import WebSession
from qa_app.i18n import LANGUAGES, t
from qa_app.web import database
from qa_app.web.language import choose_language, current_language
from qa_app.web.routes import COOKIE_NAME, SESSION_PATH, SESSION_SCRIPT_PATH, base_path

USER_KEY = "auth_user_id"
WEB_SESSION_KEY = "auth_web_session"  # the id of the server-side session row
TICKET_KEY = "auth_cookie_ticket"  # the login's ticket until the browser has redeemed it
SESSION_ID_KEY = "auth_session_id"
NOTICE_KEY = "auth_notice"
VIA_SSO_KEY = "auth_via_sso"
IDLE_CHECK_SECONDS = 60  # how often an open page asks whether its session still lives


def session_id() -> str:
    if SESSION_ID_KEY not in st.session_state:
        st.session_state[SESSION_ID_KEY] = secrets.token_hex(8)
    return st.session_state[SESSION_ID_KEY]


def _forget(notice: str | None = None) -> None:
    for key in (USER_KEY, WEB_SESSION_KEY, TICKET_KEY, VIA_SSO_KEY):
        st.session_state.pop(key, None)
    st.session_state[SESSION_ID_KEY] = secrets.token_hex(8)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _end_single_sign_on() -> None:
    """End Streamlit's sign-on cookie as well, so that an ended session is not signed
    straight back in by the identity provider's still-valid login."""
    if get_settings().oidc_enabled and st.user.is_logged_in:
        st.logout()


def client_address() -> str | None:
    """The browser's address as Streamlit sees it: None on localhost, the proxy's address
    behind a reverse proxy."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest's runtime is a mock


def _open_web_session(session: Session, user_id: int, via_sso: bool) -> None:
    opened = web_sessions.open_session(session, user_id, public_id=session_id(),
                                       via_sso=via_sso, language=current_language(),
                                       client_address=client_address())
    st.session_state[WEB_SESSION_KEY] = opened.row_id
    st.session_state[TICKET_KEY] = opened.ticket


def _resume_from_cookie() -> None:
    """After a reload or from a bookmark: the live session the browser's cookie names."""
    token = st.context.cookies.get(COOKIE_NAME)
    if not isinstance(token, str) or not token:  # none, or no browser (the page tests)
        return
    with session_scope(database.engine()) as session:
        row = web_sessions.by_token(session, token)
        resumed = web_sessions.resume(session, row, get_settings().session_timeout_minutes)
        if resumed is None:
            if row is not None and row.via_sso:
                _end_single_sign_on()
            return
        row = resumed.row
        st.session_state[USER_KEY] = row.user_id
        st.session_state[WEB_SESSION_KEY] = row.id
        st.session_state[SESSION_ID_KEY] = row.public_id
        st.session_state[VIA_SSO_KEY] = row.via_sso
        if row.language in LANGUAGES:
            choose_language(row.language)


def _web_session(session: Session, user_id: int, via_sso: bool) -> WebSession:
    """This browser session's server-side row; one is opened for a principal that was put
    in the session state without a login (the page tests do so)."""
    row_id = st.session_state.get(WEB_SESSION_KEY)
    row = session.get(WebSession, row_id) if row_id is not None else None
    if row is None or row.user_id != user_id:
        if row is not None:  # another account's session: this one gets an id of its own
            st.session_state[SESSION_ID_KEY] = secrets.token_hex(8)
        _open_web_session(session, user_id, via_sso)
        row = session.get_one(WebSession, st.session_state[WEB_SESSION_KEY])
    return row


def current_principal() -> Principal | None:
    """The logged-in principal, or None after a timeout, a sign-out (here or in another tab),
    a disabled account or no login. Counts as activity of the session."""
    if st.session_state.get(USER_KEY) is None:
        _resume_from_cookie()
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    settings = get_settings()
    now = datetime.now(UTC)
    with session_scope(database.engine()) as session:
        user = session.get(UserAccount, user_id)
        via_sso = bool(st.session_state.get(VIA_SSO_KEY))
        if user is None or not user.active:
            if st.session_state.get(WEB_SESSION_KEY) is not None:
                web_sessions.revoke(session, st.session_state[WEB_SESSION_KEY], now)
            if via_sso:
                _end_single_sign_on()
            _forget("access.login.account_disabled")
            return None
        row = _web_session(session, user_id, via_sso)
        principal = accounts.principal_of(session, user, client_address())
        if row.revoked_at is not None:
            if via_sso:
                _end_single_sign_on()
            _forget("access.login.signed_out")
            return None
        if not web_sessions.is_live(row, settings.session_timeout_minutes, now):
            audit.record(session, principal, "session_timeout", session_id=session_id())
            web_sessions.revoke(session, row.id, now)
            if via_sso:
                _end_single_sign_on()
            _forget("access.login.timed_out")
            return None
        web_sessions.touch(row, now)
        row.language = current_language()
        if row.ticket_hash is None:
            st.session_state.pop(TICKET_KEY, None)
    if st.session_state.get(VIA_SSO_KEY):  # the provider owns that password, not us
        return replace(principal, must_change_password=False)
    return principal


def still_signed_in() -> bool:
    """Whether this browser session's server-side session still lives, without counting as
    activity: for the parts of a page that refresh themselves."""
    row_id = st.session_state.get(WEB_SESSION_KEY)
    if row_id is None:
        return False
    with session_scope(database.engine()) as session:
        row = session.get(WebSession, row_id)
        return web_sessions.resume(session, row, get_settings().session_timeout_minutes) \
            is not None


@st.fragment(run_every=IDLE_CHECK_SECONDS)
def watch_idle_timeout() -> None:
    """Takes the page down (to the login) as soon as the session has ended on the server."""
    if not still_signed_in():
        st.rerun(scope="app")


def hand_over_session_cookie() -> None:
    """Until the browser has redeemed the login's ticket: a hidden frame that posts it to the
    server, which answers with the HttpOnly session cookie. The ticket is in the frame's
    body, never in a URL, and works once within seconds."""
    ticket = st.session_state.get(TICKET_KEY)
    if not ticket:
        return
    prefix = base_path()
    st.iframe(f'<script src="{prefix}{SESSION_SCRIPT_PATH}" '
              f'data-endpoint="{prefix}{SESSION_PATH}" data-ticket="{ticket}"></script>',
              height=1)


def _sign_in(principal: Principal, via_sso: bool = False) -> None:
    with session_scope(database.engine()) as session:
        _open_web_session(session, principal.user_id, via_sso)
    st.session_state[USER_KEY] = principal.user_id
    st.session_state[VIA_SSO_KEY] = via_sso
    st.session_state.pop(NOTICE_KEY, None)


def login_form(language: str) -> None:
    """The login screen; signs in and reruns on success."""
    st.title(t("access.login.title", language))
    notice = st.session_state.get(NOTICE_KEY)
    if notice:
        st.warning(t(notice, language))
    with st.form("login"):
        username = st.text_input(t("access.login.username", language), key="login_username")
        password = st.text_input(t("access.login.password", language), type="password",
                                 key="login_password")
        submitted = st.form_submit_button(t("access.login.sign_in", language), type="primary")
    if submitted:
        with session_scope(database.engine()) as session:
            result = accounts.authenticate(session, username, password,
                                           settings=get_settings(), session_id=session_id(),
                                           client_address=client_address())
        if result.principal is not None:
            _sign_in(result.principal)
            st.rerun()
        _show_refusal(result, language)
    if get_settings().oidc_enabled:
        _single_sign_on(language)


def _single_sign_on(language: str) -> None:
    """OIDC through st.login; the identity's e-mail must belong to an active local account."""
    st.divider()
    if not st.user.is_logged_in:
        if st.button(t("access.login.sso", language), key="login_sso"):
            st.login()
        return
    email = str(st.user.get("email") or "")
    with session_scope(database.engine()) as session:
        result = accounts.authenticate_external(session, email, session_id=session_id(),
                                                client_address=client_address())
    if result.principal is None:
        st.error(t("access.login.sso_unknown", language, email=email))
        if st.button(t("access.login.sign_out", language), key="logout_sso"):
            st.logout()
        return
    _sign_in(result.principal, via_sso=True)
    st.rerun()


def password_change_form(principal: Principal, language: str, forced: bool) -> None:
    if forced:
        st.title(t("access.login.change_title", language))
        st.info(t("access.login.must_change", language))
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input(t("access.login.current_password", language), type="password")
        new = st.text_input(t("access.login.new_password", language), type="password",
                            help=t("access.login.password_rules", language,
                                   min_length=get_settings().password_min_length))
        repeat = st.text_input(t("access.login.repeat_password", language), type="password")
        submitted = st.form_submit_button(t("access.login.change", language), type="primary")
    if not submitted:
        return
    if new != repeat:
        st.error(t("access.login.passwords_differ", language))
        return
    try:
        with session_scope(database.engine()) as session:
            result = accounts.change_password(session, principal, current, new,
                                              settings=get_settings(), session_id=session_id())
    except accounts.AccountError as error:
        st.error(t(error.key, language, **error.params))
        return
    if result.principal is None:
        _show_refusal(result, language, wrong_key="access.error.current_password_wrong")
        return
    st.session_state[NOTICE_KEY] = "access.login.changed"
    st.rerun()


def _show_refusal(result: accounts.LoginResult, language: str,
                  wrong_key: str = "access.login.bad_credentials") -> None:
    if result.status == "locked" and result.locked_until:
        until = result.locked_until.astimezone(get_settings().tz).strftime("%H:%M")
        st.error(t("access.login.locked", language, until=until))
    elif result.status == "bad_credentials":
        st.error(t(wrong_key, language))
    else:
        st.error(t(f"access.login.{result.status}", language))


def logout(principal: Principal) -> None:
    with session_scope(database.engine()) as session:
        audit.record(session, principal, "logout", session_id=session_id())
        row_id = st.session_state.get(WEB_SESSION_KEY)
        if row_id is not None:
            web_sessions.revoke(session, row_id)
    _end_single_sign_on()
    _forget("access.login.signed_out")
    st.rerun()


def require_page(page_key: str) -> Principal:
    """The guard at the top of every page: the principal, or a stop with an audit entry."""
    principal = current_principal()
    language = current_language()
    if principal is None:
        st.error(t("access.login.login_required", language))
        st.stop()
    if principal.must_change_password or not may_open(principal.role, page_key):
        with session_scope(database.engine()) as session:
            audit.record(session, principal, "access_denied", target_kind="page",
                         target_id=page_key, outcome="denied", session_id=session_id())
        st.error(t("access.login.page_denied", language))
        st.stop()
    return principal
