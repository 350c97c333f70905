"""Beranda: what the database holds, the period it covers, and what the latest imports did."""

from __future__ import annotations

from functools import partial

import streamlit as st

from qa_app.auth.navigation import may_open
from qa_app.i18n import t
from qa_app.reports.queries import database_overview as overview
from qa_app.web import inbox_panel
from qa_app.web.context import page_context
from qa_app.web.table import show_table

page = page_context("home")
principal, language, tz = page.principal, page.language, page.settings.tz

st.title(t("ui.home.title", language))
inbox_panel.show(principal, language)
with page.session() as session:
    summary = overview.database_summary(session, principal)
    batches = overview.recent_batches(session, limit=10)
show_imports = may_open(principal.role, "import")

if summary.is_empty:
    st.info(t("ui.home.empty", language))
else:
    teams, agents, interactions, csi, recordings = st.columns(5)
    count = partial(overview.display_count, language=language)
    teams.metric(t("ui.home.teams", language), count(summary.teams), border=True)
    agents.metric(t("ui.home.agents", language),
                  f"{count(summary.agents_active)} / {count(summary.agents_total)}", border=True)
    interactions.metric(t("ui.home.interactions", language), count(summary.interactions),
                        border=True)
    csi.metric(t("ui.home.csi_responses", language), count(summary.csi_responses), border=True)
    recordings.metric(t("ui.home.recordings_linked", language),
                      count(summary.recordings_linked), border=True)
    if summary.first_started_at and summary.last_started_at:
        st.caption(t("ui.home.period", language, zone=tz.key,
                     start=overview.display_time(summary.first_started_at, tz),
                     end=overview.display_time(summary.last_started_at, tz)))
    st.subheader(t("ui.home.per_channel", language))
    show_table(overview.channel_table(summary, language), hide_index=True, width="content")

if show_imports:
    st.subheader(t("ui.home.recent_imports", language))
if show_imports and batches:
    show_table(overview.batches_table(batches, language, tz), hide_index=True)
elif show_imports:
    st.caption(t("ui.home.no_imports", language))
