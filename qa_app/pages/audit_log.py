"""Log audit (admin): filter the append-only audit log and export it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from qa_app.auth import audit
from qa_app.i18n import t
from qa_app.web.context import page_context
from qa_app.web.table import show_table

page = page_context("audit")
principal, language, tz = page.principal, page.language, page.settings.tz
audit_session = page.session_id

st.title(t("access.audit.title", language))
today = datetime.now(tz).date()
since_column, until_column, user_column = st.columns(3)
since = since_column.date_input(t("access.audit.since", language), today - timedelta(days=7),
                                format="DD/MM/YYYY", key="audit_since")
until = until_column.date_input(t("access.audit.until", language), today, format="DD/MM/YYYY",
                                key="audit_until")
username = user_column.text_input(t("access.audit.username", language), key="audit_username")
actions = st.multiselect(t("access.audit.actions", language), audit.ACTIONS,
                         format_func=lambda action: t(f"access.audit.action.{action}", language),
                         placeholder=t("ui.choose", language), key="audit_actions")
criteria = audit.AuditFilter(
    since=datetime.combine(since, time.min, tz), until=datetime.combine(until, time.max, tz),
    username=username.strip() or None, actions=actions)

with page.session() as session:
    events = audit.search(session, criteria)
    table = audit.events_table(events, tz, language, session)
st.caption(t("access.audit.count", language, count=len(events)))
show_table(table, hide_index=True)


def export() -> bytes:
    """Built when the button is clicked; the export itself is audited."""
    with page.session() as session:
        chosen = audit.search(session, criteria, limit=100_000)
        audit.record(session, principal, "export", target_kind="audit_log",
                     session_id=audit_session, details={"rows": len(chosen)})
        return audit.events_csv(chosen, tz, language, session)


st.download_button(t("access.audit.export", language), data=export, file_name="audit-log.csv",
                   mime="text/csv", on_click="ignore", key="audit_export")
