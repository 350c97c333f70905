"""Streamlit entrypoint: login first, then the navigation with the pages this role may use.

Served by ``streamlit run qa_app/web/server.py`` (``make run``) from the project folder, which
adds the session cookie, the recording route and the security headers around this script.

The screens live in ``qa_app/pages/``, not in a ``pages/`` folder beside this script: such a
folder would put Streamlit in its old multipage mode, in which a page opened by its URL runs
alone, without this script (no login, no navigation). ``st.navigation`` gets the page files by
their paths relative to this script (:data:`qa_app.auth.navigation.PAGES`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from qa_app.auth.navigation import PAGES, pages_for, url_path
from qa_app.i18n import t
from qa_app.web import login, navigation_audit
from qa_app.web.language import language_switch

# An emoji favicon is drawn by the browser; a :material: page icon would be fetched from
# Google's font server (which the Content-Security-Policy refuses).
st.set_page_config(page_title="QA Workbench", page_icon="🎧", layout="wide")


def signed_out_screen(screen: Callable[[], None], title: str, path: str,
                      icon: str) -> list[st.Page]:
    """The login (or password) screen, also under every page's URL: a bookmark opened before
    signing in shows the form, not Streamlit's "page not found" dialog over it, and the page it
    asked for is remembered (``navigation_audit.remember_request``) and judged after login."""
    return [st.Page(screen, title=title, url_path=path, icon=icon, default=True),
            *(st.Page(screen, title=title, url_path=url_path(spec), icon=icon)
              for spec in PAGES)]
principal = login.current_principal()  # first: a resumed session brings its language
language = language_switch()
if principal is not None:
    with st.sidebar:
        login.hand_over_session_cookie()
        login.watch_idle_timeout()

if principal is None or principal.must_change_password:
    navigation_audit.remember_request()
if principal is None:
    st.navigation(signed_out_screen(partial(login.login_form, language),
                                    t("access.login.title", language), "login",
                                    ":material/login:"), position="hidden").run()
elif principal.must_change_password:
    st.navigation(signed_out_screen(partial(login.password_change_form, principal, language,
                                            True),
                                    t("access.login.change_title", language), "password",
                                    ":material/password:"), position="hidden").run()
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
    # every page listed: a collapsed list would show Streamlit's English "View N more"
    st.navigation(sections, expanded=True).run()
