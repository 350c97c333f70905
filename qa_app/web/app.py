"""Streamlit entrypoint: login first, then the navigation with the pages this role may use.

Served by ``streamlit run qa_app/web/server.py`` (``make run``) from the project folder, which
adds the session cookie, the recording route and the security headers around this script.

The screens live in ``qa_app/pages/``, not in a ``pages/`` folder beside this script: such a
folder would put Streamlit in its old multipage mode, in which a page opened by its URL runs
alone, without this script (no login, no navigation). ``st.navigation`` gets the page files by
their paths relative to this script (:data:`qa_app.auth.navigation.PAGES`).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from qa_app.auth.navigation import pages_for
from qa_app.i18n import t
from qa_app.web import login, navigation_audit
from qa_app.web.language import language_switch

# An emoji favicon is drawn by the browser; a :material: page icon would be fetched from
# Google's font server (which the Content-Security-Policy refuses).
st.set_page_config(page_title="QA Workbench", page_icon="🎧", layout="wide")
principal = login.current_principal()  # first: a resumed session brings its language
language = language_switch()
if principal is not None:
    with st.sidebar:
        login.hand_over_session_cookie()
        login.watch_idle_timeout()

if principal is None or principal.must_change_password:
    navigation_audit.remember_request()
if principal is None:
    page = st.Page(partial(login.login_form, language), title=t("access.login.title", language),
                   url_path="login", icon=":material/login:")
    st.navigation([page], position="hidden").run()
elif principal.must_change_password:
    page = st.Page(partial(login.password_change_form, principal, language, True),
                   title=t("access.login.change_title", language), url_path="password",
                   icon=":material/password:")
    st.navigation([page], position="hidden").run()
else:
    st.sidebar.caption(t("access.login.signed_in_as", language, name=principal.display_name,
                         role=t(f"access.role.{principal.role}", language)))
    if st.sidebar.button(t("access.login.sign_out", language), key="logout"):
        login.logout(principal)
    navigation_audit.audit_forbidden_request(principal)
    sections: dict[str, list[st.Page]] = {}
    for spec in pages_for(principal.role):
        sections.setdefault(t(spec.section, language), []).append(
            st.Page(spec.path, title=t(spec.title_key, language), icon=spec.icon,
                    default=spec.key == "home"))
    st.navigation(sections).run()
