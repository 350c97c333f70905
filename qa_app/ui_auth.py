"""Login, logout, forced password change, idle timeout and page guards, for the app.

The decisions live in :mod:`qa_app.auth`; this module only asks and shows. Each run reloads
the account from the database, so a disabled account or a changed role takes effect at the
next click, not at the next login.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st

from qa_app import ui
from qa_app.auth import accounts, audit
from qa_app.auth.navigation import may_open
from qa_app.auth.principal import Principal, session_expired
from qa_app.config import get_settings
from qa_app.db.auth_models import UserAccount
from qa_app.db.session import session_scope
from qa_app.i18n import t

USER_KEY = "auth_user_id"
ACTIVITY_KEY = "auth_last_activity"
SESSION_ID_KEY = "auth_session_id"
NOTICE_KEY = "auth_notice"
VIA_SSO_KEY = "auth_via_sso"


def session_id() -> str:
    if SESSION_ID_KEY not in st.session_state:
        st.session_state[SESSION_ID_KEY] = secrets.token_hex(8)
    return st.session_state[SESSION_ID_KEY]


def _forget(notice: str | None = None) -> None:
    for key in (USER_KEY, ACTIVITY_KEY, VIA_SSO_KEY):
        st.session_state.pop(key, None)
    st.session_state[SESSION_ID_KEY] = secrets.token_hex(8)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def current_principal() -> Principal | None:
    """The logged-in principal, or None after a timeout, a disabled account or no login."""
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    settings = get_settings()
    now = datetime.now(UTC)
    last = st.session_state.get(ACTIVITY_KEY, now)
    with session_scope(ui.engine()) as session:
        user = session.get(UserAccount, user_id)
        if user is None or not user.active:
            _forget("access.login.account_disabled")
            return None
        principal = accounts.principal_of(session, user, client_address())
        if session_expired(last, now, settings.session_timeout_minutes):
            audit.record(session, principal, "session_timeout", session_id=session_id())
            _forget("access.login.timed_out")
            return None
    st.session_state[ACTIVITY_KEY] = now
    if st.session_state.get(VIA_SSO_KEY):  # the provider owns that password, not us
        return replace(principal, must_change_password=False)
    return principal


def client_address() -> str | None:
    """The browser's address as Streamlit sees it: None on localhost, the proxy's address
    behind a reverse proxy."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest's runtime is a mock


def _sign_in(principal: Principal, via_sso: bool = False) -> None:
    st.session_state[USER_KEY] = principal.user_id
    st.session_state[VIA_SSO_KEY] = via_sso
    st.session_state[ACTIVITY_KEY] = datetime.now(UTC)
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
        with session_scope(ui.engine()) as session:
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
    with session_scope(ui.engine()) as session:
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
        with session_scope(ui.engine()) as session:
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
    with session_scope(ui.engine()) as session:
        audit.record(session, principal, "logout", session_id=session_id())
    _forget("access.login.signed_out")
    if get_settings().oidc_enabled and st.user.is_logged_in:
        st.logout()
    st.rerun()


def require_page(page_key: str) -> Principal:
    """The guard at the top of every page: the principal, or a stop with an audit entry."""
    principal = current_principal()
    language = ui.current_language()
    if principal is None:
        st.error(t("access.login.login_required", language))
        st.stop()
    if principal.must_change_password or not may_open(principal.role, page_key):
        with session_scope(ui.engine()) as session:
            audit.record(session, principal, "access_denied", target_kind="page",
                         target_id=page_key, outcome="denied", session_id=session_id())
        st.error(t("access.login.page_denied", language))
        st.stop()
    return principal
