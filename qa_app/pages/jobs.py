"""Antrean Proses: transcription and pre-scoring jobs, their progress, failures and retries."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from qa_app.auth.rights import has_right
from qa_app.db.session import session_scope
from qa_app.db.work_models import JOB_KINDS, JOB_STATES
from qa_app.i18n import t
from qa_app.privacy.policy import effective_policy
from qa_app.services import job_overview as status
from qa_app.services import untranscribed as pending
from qa_app.services.follow_up_jobs import transcribe_pending
from qa_app.services.requeue import requeue_stranded
from qa_app.web import login
from qa_app.web.context import page_context
from qa_app.web.table import show_table

page = page_context("jobs")
principal, language, settings, engine = page.principal, page.language, page.settings, page.engine

st.title(t("jobs.title", language))
st.caption(t("jobs.help", language))

QUEUED_KEY = "jobs_just_queued"


def queue_pending() -> None:
    """Runs before the page is drawn again, so the count below is already the new one. A draw
    queues its own transcriptions; this catches samples drawn before, or a reset queue."""
    st.session_state[QUEUED_KEY] = transcribe_pending(engine, settings, principal.username)


with session_scope(engine) as session:
    waiting = pending.sampled_without_transcript(session, effective_policy(session, settings))
st.button(t("jobs.queue_pending", language, count=len(waiting)), type="primary",
          disabled=not waiting, key="jobs_queue_pending", on_click=queue_pending)
if QUEUED_KEY in st.session_state:
    st.success(t("jobs.queued", language, count=st.session_state.pop(QUEUED_KEY)))
if has_right(principal, "requeue_jobs"):
    if st.button(t("jobs.requeue", language), help=t("jobs.requeue_help", language),
                 key="jobs_requeue"):
        resent = requeue_stranded(engine, principal, page.session_id)
        st.success(t("jobs.requeued", language, count=resent) if resent
                   else t("jobs.requeued_none", language))


@st.fragment(run_every=5)
def live_status() -> None:
    """Refreshed every five seconds while the page is open, and only while the session
    lives: once it has ended on the server the page goes to the login."""
    if not login.still_signed_in():
        st.rerun(scope="app")
    with session_scope(engine) as session:
        figures = status.counts(session, principal)
        active = status.job_rows(session, principal, ("running", "queued"), limit=50)
    for kind, column in zip(JOB_KINDS, st.columns(len(JOB_KINDS)), strict=True):
        column.subheader(t(f"jobs.kind.{kind}", language))
        for state, cell in zip(JOB_STATES, column.columns(len(JOB_STATES)), strict=True):
            cell.metric(t(f"jobs.state.{state}", language), figures.get((kind, state), 0))
    now = datetime.now(UTC)
    for row in sorted(active, key=lambda row: row.status != "running"):
        names = dict(kind=t(f"jobs.kind.{row.kind}", language), id=row.source_id,
                     state=t(f"jobs.state.{row.status}", language))
        if row.status == "running" and row.started_at is not None:
            label = t("jobs.running_line", language, **names,
                      percent=f"{row.progress * 100:.0f}",
                      started=row.started_at.astimezone(settings.tz).strftime("%H:%M:%S"),
                      elapsed=f"{max((now - row.started_at).total_seconds(), 0):.0f}")
        else:
            label = t("jobs.progress_line", language, **names)
        st.progress(row.progress, text=label)


live_status()

st.subheader(t("jobs.failures", language))
with session_scope(engine) as session:
    failed = status.job_rows(session, principal, ("failed",))
if not failed:
    st.caption(t("jobs.no_failures", language))
else:
    choices = {row.job_id: row for row in failed}
    show_table([{t("jobs.col.interaction", language): row.source_id,
                 t("jobs.col.kind", language): t(f"jobs.kind.{row.kind}", language),
                 t("jobs.col.attempts", language): row.attempts,
                 t("jobs.col.reason", language): row.error or ""} for row in failed],
               hide_index=True)
    chosen = st.multiselect(t("jobs.pick_retry", language), list(choices),
                            format_func=lambda job_id: choices[job_id].source_id,
                            placeholder=t("ui.choose", language), key="jobs_retry_pick")
    if st.button(t("jobs.retry", language), disabled=not chosen, key="jobs_retry"):
        retried = status.retry(engine, principal, chosen)
        st.success(t("jobs.retried", language, count=len(retried)))
