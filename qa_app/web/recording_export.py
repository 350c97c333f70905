"""The review screen's export of a redacted recording: a reason and a recipient typed, then a
download whose file is made (and audited) when the button is pressed."""

from __future__ import annotations

import streamlit as st

from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right
from qa_app.config import get_settings
from qa_app.i18n import t
from qa_app.services.recording_export import RIGHT, export_redacted_recording, file_name
from qa_app.web import database, login


def panel(principal: Principal, interaction_id: int, source_id: str, transcribed: bool,
          language: str) -> None:
    """For roles with the ``export_recording`` right: the export form of one recording."""
    if not has_right(principal, RIGHT):
        return
    with st.expander(t("recording_export.title", language)):
        st.caption(t("recording_export.help", language))
        if not transcribed:
            st.info(t("recording_export.error.no_transcript", language))
            return
        reason = st.text_input(t("recording_export.reason", language),
                               key=f"redact_reason_{interaction_id}", max_chars=300)
        recipient = st.text_input(t("recording_export.recipient", language),
                                  key=f"redact_recipient_{interaction_id}", max_chars=300)
        ready = bool(reason.strip() and recipient.strip())

        def build() -> bytes:
            return export_redacted_recording(
                database.engine(), get_settings(), principal, interaction_id, reason=reason,
                recipient=recipient, session_id=login.session_id()).data

        st.download_button(t("recording_export.download", language), data=build,
                           file_name=file_name(source_id), mime="audio/wav",
                           on_click="ignore", disabled=not ready,
                           key=f"redact_download_{interaction_id}")
        if not ready:
            st.caption(t("recording_export.fill_in", language))
