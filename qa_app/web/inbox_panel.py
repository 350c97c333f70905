"""The inbox on Home: the signed-in user's alerts, each a link to the thing it names, and
the open disputes with their deadlines for whoever must act (the rulers, and the agent and
team lead who wait for the outcome)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from qa_app.auth.navigation import PAGES_BY_KEY, may_open
from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.i18n import t
from qa_app.i18n.dates import day_text
from qa_app.services import disputes, inbox
from qa_app.web.database import engine
from qa_app.web.evaluation_view import when

# the query parameter the target page reads its row from
QUERY_PARAMETER = {"my_evaluations": "evaluation", "disputes": "dispute"}


def _link(principal: Principal, entry: inbox.InboxItem, label: str) -> None:
    page = PAGES_BY_KEY.get(entry.target_page)
    if page is None or not may_open(principal.role, page.key):
        st.markdown(label)
        return
    parameter = QUERY_PARAMETER.get(page.key)
    query = {parameter: str(entry.target_id)} if parameter and entry.target_id else None
    st.page_link(page.path, label=label, query_params=query)


def _read(principal: Principal, entry_id: int) -> None:
    inbox.mark_read(engine(), principal, entry_id, datetime.now(UTC))


def _readable(params: dict[str, Any], tz: ZoneInfo) -> dict[str, Any]:
    """Stored ISO dates and times as the user reads them: DD/MM/YYYY, local time."""
    shown = dict(params)
    for key, value in params.items():
        if not isinstance(value, str):
            continue
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue
        shown[key] = when(moment, tz) if "T" in value else day_text(moment)
    return shown


def show(principal: Principal, language: str) -> None:
    now = datetime.now(UTC)
    tz = get_settings().tz
    entries = inbox.inbox(engine(), principal, now)
    unread = sum(not entry.read for entry in entries)
    st.subheader(t("disputes.inbox.title", language, count=unread))
    if not entries:
        st.markdown(f"_{t('disputes.inbox.empty', language)}_")
    for entry in entries:
        text_column, button_column = st.columns([6, 1], vertical_alignment="center")
        with text_column:
            label = t(f"disputes.inbox.kind.{entry.kind}", language,
                      **_readable(entry.params, tz))
            _link(principal, entry, f"{'' if entry.read else '● '}{when(entry.created_at, tz)}"
                                    f" · {label}")
        if not entry.read:
            button_column.button(t("disputes.inbox.mark_read", language),
                                 key=f"inbox_read_{entry.id}", on_click=_read,
                                 args=(principal, entry.id), type="tertiary")
    waiting = disputes.ruling_queue(engine(), principal) \
        if principal.role in ("qco_lead", "qco") \
        else disputes.disputes_of(engine(), principal) \
        if principal.role in ("agent", "team_lead") else []
    if waiting:
        st.subheader(t("disputes.inbox.open_disputes", language, count=len(waiting)))
        for dispute in waiting:
            late = t("disputes.inbox.overdue", language) if dispute.overdue(now) else ""
            st.markdown(t("disputes.inbox.open_line", language, id=dispute.id,
                          interaction=dispute.source_id, agent=dispute.agent,
                          deadline=when(dispute.deadline_at, tz), late=late))
