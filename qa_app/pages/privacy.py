"""Data pribadi (admin): retention and consent policy, consent per interaction, purge."""

from __future__ import annotations

import streamlit as st

from qa_app.db.models import CONSENT_STATES
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.privacy import consent, policy, retention
from qa_app.web.context import page_context

page = page_context("privacy")
principal, language, settings, engine = page.principal, page.language, page.settings, page.engine
audit_session = page.session_id

st.title(t("access.privacy.title", language))
with session_scope(engine) as session:
    current = policy.effective_policy(session, settings)

st.subheader(t("access.privacy.policy", language))
with st.form("privacy_policy", enter_to_submit=False):
    days = {kind: st.number_input(t(f"access.privacy.retention.{kind}", language), min_value=1,
                                  value=current.retention_days(kind), step=1)
            for kind in policy.DATA_KINDS}
    exclude = st.checkbox(t("access.privacy.exclude_refused", language),
                          value=current.exclude_refused_consent)
    if st.form_submit_button(t("access.privacy.save", language), type="primary"):
        with session_scope(engine) as session:
            policy.update_policy(session, settings, principal, exclude_refused_consent=exclude,
                                 **{f"retention_{kind}_days": int(value)
                                    for kind, value in days.items()})
        st.success(t("access.privacy.saved", language))

st.subheader(t("access.privacy.consent", language))
with st.form("consent", clear_on_submit=True, enter_to_submit=False):
    source_id = st.text_input(t("access.privacy.interaction_id", language))
    state = st.selectbox(t("access.privacy.consent_state", language), CONSENT_STATES,
                         format_func=lambda s: t(f"access.consent.{s}", language))
    reason = st.text_input(t("access.privacy.reason", language))
    if st.form_submit_button(t("access.privacy.set_consent", language)):
        try:
            with session_scope(engine) as session:
                consent.set_consent(session, principal, source_id, state, reason,
                                    session_id=audit_session)
            st.success(t("access.privacy.consent_set", language, id=source_id.strip(),
                         state=t(f"access.consent.{state}", language)))
        except (ValueError, LookupError, PermissionError) as error:
            st.error(t("access.privacy.consent_error", language, detail=str(error)))

st.subheader(t("access.privacy.purge", language))
st.caption(t("access.privacy.purge_help", language))
preview, run = st.columns(2)
dry_run = preview.button(t("access.privacy.purge_preview", language), key="purge_preview")
confirmed = run.checkbox(t("access.privacy.purge_confirm", language), key="purge_confirm")
if run.button(t("access.privacy.purge_run", language), type="primary", disabled=not confirmed,
              key="purge_run") or dry_run:
    with session_scope(engine) as session:
        report = retention.purge(session, policy.effective_policy(session, settings),
                                 retention.default_purgers(settings.recordings_dir),
                                 by=principal, dry_run=dry_run)
    for kind, cutoff in report.cutoffs.items():
        count = report.deleted.get(kind)
        line = "access.privacy.purge_preview_line" if dry_run else "access.privacy.purge_line"
        st.write(t(line, language, kind=t(f"access.privacy.kind.{kind}", language),
                   cutoff=cutoff.astimezone(settings.tz).strftime("%d/%m/%Y"),
                   count="-" if count is None else count))
