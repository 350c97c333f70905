"""Akun saya: who I am, my role, and changing my password."""

from __future__ import annotations

import streamlit as st

from qa_app import ui, ui_auth
from qa_app.i18n import t

principal = ui_auth.require_page("account")
language = ui.current_language()

st.title(t("access.account.title", language))
notice = st.session_state.pop(ui_auth.NOTICE_KEY, None)
if notice:
    st.success(t(notice, language))
st.write(t("access.account.who", language, name=principal.display_name, username=principal.username,
           role=t(f"access.role.{principal.role}", language)))
st.subheader(t("access.login.change_title", language))
ui_auth.password_change_form(principal, language, forced=False)
