"""Pengguna (admin): the accounts, adding one, resetting a password, disabling, roles."""

from __future__ import annotations

import streamlit as st

from qa_app.auth import accounts
from qa_app.auth.user_table import users_table
from qa_app.config import get_settings
from qa_app.db.auth_models import ROLES
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.reports.queries.database_overview import team_names
from qa_app.web.context import page_context
from qa_app.web.table import show_table

page = page_context("users")
principal, language, engine = page.principal, page.language, page.engine
role_label = {role: t(f"access.role.{role}", language) for role in ROLES}

st.title(t("access.users.title", language))
with session_scope(engine) as session:
    people = {user.username: t("words.users.pick_label", language, name=user.display_name,
                               username=user.username)
              for user in accounts.list_users(session)}
    usernames = list(people)
    teams = team_names(session)


def show_outcome(action: str, username: str, password: str | None = None) -> None:
    st.success(t(f"access.users.done.{action}", language, username=username))
    if password:
        st.code(password, language=None)
        st.caption(t("access.users.password_once", language))


add_tab, manage_tab = st.tabs([t("access.users.add", language), t("access.users.manage", language)])
with add_tab, st.form("add_user", clear_on_submit=True, enter_to_submit=False):
    username = st.text_input(t("access.login.username", language))
    display_name = st.text_input(t("access.users.display_name", language))
    role = st.selectbox(t("access.users.role", language), ROLES, index=None,
                        format_func=role_label.__getitem__,
                        placeholder=t("words.users.role_placeholder", language))
    employee_id = st.text_input(t("access.users.employee_id", language),
                                help=t("access.users.employee_id_help", language))
    team_codes = st.multiselect(t("access.users.teams", language), teams,
                                help=t("access.users.teams_help", language),
                                placeholder=t("ui.choose", language))
    email = st.text_input(t("access.users.email", language),
                          help=t("access.users.email_help", language))
    if st.form_submit_button(t("access.users.create", language), type="primary"):
        try:
            with session_scope(engine) as session:
                user, initial = accounts.create_user(
                    session, username=username, display_name=display_name, role=role or "",
                    by=principal, agent_employee_id=employee_id.strip() or None,
                    team_codes=team_codes, email=email.strip() or None,
                    settings=get_settings())
            show_outcome("created", username, initial)
        except accounts.AccountError as error:
            st.error(t(error.key, language, **error.params))

with manage_tab:
    chosen = st.selectbox(t("access.users.pick", language), usernames,
                          format_func=people.__getitem__, key="users_pick")
    reset, disable, enable = st.columns(3)
    try:
        if reset.button(t("access.users.reset", language), key="users_reset", disabled=not chosen):
            with session_scope(engine) as session:
                show_outcome("reset", chosen, accounts.reset_password(
                    session, chosen, by=principal, settings=get_settings()))
        if disable.button(t("access.users.disable", language), key="users_disable",
                          disabled=not chosen or chosen == principal.username):
            with session_scope(engine) as session:
                accounts.set_active(session, chosen, False, by=principal)
            show_outcome("disabled", chosen)
        if enable.button(t("access.users.enable", language), key="users_enable",
                         disabled=not chosen):
            with session_scope(engine) as session:
                accounts.set_active(session, chosen, True, by=principal)
            show_outcome("enabled", chosen)
        new_role = st.selectbox(t("access.users.role", language), ROLES, index=None,
                                format_func=role_label.__getitem__, key="users_new_role",
                                placeholder=t("words.users.role_placeholder", language))
        if st.button(t("access.users.set_role", language), key="users_set_role",
                     disabled=not chosen or not new_role or chosen == principal.username):
            with session_scope(engine) as session:
                accounts.set_role(session, chosen, new_role, by=principal)
            show_outcome("role", chosen)
    except accounts.AccountError as error:
        st.error(t(error.key, language, **error.params))

st.subheader(t("access.users.list", language))
with session_scope(engine) as session:  # read after the actions above, so it shows them
    show_table(users_table(session, accounts.list_users(session), role_label,
                           get_settings().tz, language), hide_index=True)
