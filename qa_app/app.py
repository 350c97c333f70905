"""Streamlit entrypoint: login first, then the navigation with the pages this role may use.

Served by ``streamlit run qa_app/server.py`` (``make run``) from the project folder, which
adds the session cookie, the recording route and the security headers around this script.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from qa_app import ui, ui_auth, ui_navigation
from qa_app.auth.navigation import pages_for
from qa_app.i18n import t

# An emoji favicon is drawn by the browser; a :material: page icon would be fetched from
# Google's font server (which the Content-Security-Policy refuses).
st.set_page_config(page_title="QA Workbench", page_icon="🎧", layout="wide")
principal = ui_auth.current_principal()  # first: a resumed session brings its language
language = ui.language_switch()
if principal is not None:
    with st.sidebar:
        ui_auth.hand_over_session_cookie()
        ui_auth.watch_idle_timeout()

if principal is None or principal.must_change_password:
    ui_navigation.remember_request()
if principal is None:
    page = st.Page(partial(ui_auth.login_form, language), title=t("access.login.title", language),
                   url_path="login", icon=":material/login:")
    st.navigation([page], position="hidden").run()
elif principal.must_change_password:
    page = st.Page(partial(ui_auth.password_change_form, principal, language, True),
                   title=t("access.login.change_title", language), url_path="password",
                   icon=":material/password:")
    st.navigation([page], position="hidden").run()
else:
    st.sidebar.caption(t("access.login.signed_in_as", language, name=principal.display_name,
                         role=t(f"access.role.{principal.role}", language)))
    if st.sidebar.button(t("access.login.sign_out", language), key="logout"):
        ui_auth.logout(principal)
    ui_navigation.audit_forbidden_request(principal)
    sections: dict[str, list[st.Page]] = {}
    for spec in pages_for(principal.role):
        sections.setdefault(t(spec.section, language), []).append(
            st.Page(spec.path, title=t(spec.title_key, language), icon=spec.icon,
                    default=spec.key == "home"))
    st.navigation(sections).run()
