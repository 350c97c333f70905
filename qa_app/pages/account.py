"""Akun saya: who I am, my role, and changing my password."""

from __future__ import annotations

import streamlit as st

from qa_app.i18n import t
from qa_app.web import login
from qa_app.web.context import page_context

page = page_context("account")
principal, language = page.principal, page.language

st.title(t("access.account.title", language))
notice = st.session_state.pop(login.NOTICE_KEY, None)
if notice:
    st.success(t(notice, language))
st.write(t("access.account.who", language, name=principal.display_name, username=principal.username,
           role=t(f"access.role.{principal.role}", language)))
st.subheader(t("access.login.change_title", language))
login.password_change_form(principal, language, forced=False)
