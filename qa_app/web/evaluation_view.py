"""Showing one finalized evaluation to its agent, their team lead or a dispute's ruler: the
item answers with the QCO's comments and evidence, the recording and the masked transcript
(both read and audited through qa_app.review.access), and the disputes with their outcome."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from qa_app.auth.principal import Principal
from qa_app.i18n import t
from qa_app.i18n.dates import moment_text
from qa_app.scoring.describe import score_with_pending
from qa_app.services.disputes import DisputeView, EvaluationView
from qa_app.web import transcript_view as ui_transcript


def answer_text(answer: str | None, language: str) -> str:
    return t(f"review.answer.{answer}", language) if answer else "—"


def when(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment_text(moment, tz)


def header(view: EvaluationView, language: str, tz: ZoneInfo) -> None:
    row = view.row
    st.caption(t("disputes.view.header", language, id=row.source_id, agent=row.agent,
                 week=row.week, reviewer=view.reviewer, revision=view.revision,
                 finalized=when(row.finalized_at, tz)))
    score_column, fatal_column, window_column = st.columns(3)
    score_column.metric(t("review.screen.score", language),
                        score_with_pending(row.score, 0.0, language))
    fatal_column.metric(t("disputes.view.fatal", language),
                        t("disputes.yes" if row.fatal else "disputes.no", language))
    window_column.metric(t("disputes.view.window_closes", language),
                         when(row.window_closes, tz))
    if view.overall_comment:
        st.info(t("disputes.view.overall_comment", language, comment=view.overall_comment))


def items(view: EvaluationView, language: str, playable: bool) -> None:
    section = None
    for item in view.items:
        if item.section != section:
            section = item.section
            st.subheader(section)
        with st.container(border=True):
            fatal = f" :red-badge[{t('review.screen.fatal_item', language)}]" \
                if item.fatal_item else ""
            st.markdown(f"**{item.item_id}** · {item.text} · "
                        f"**{answer_text(item.answer, language)}**{fatal}")
            if item.comment:
                st.caption(t("disputes.view.comment", language, comment=item.comment))
            for number, evidence in enumerate(item.evidence):
                label = f"▶ {ui_transcript.clock(evidence.start)} {evidence.describe(language)}"
                if playable:
                    ui_transcript.play_button(view.interaction_id, evidence.start, label,
                                              key=f"ev_{view.row.evaluation_id}_{item.item_id}"
                                                  f"_{number}")
                else:
                    st.caption(label.removeprefix("▶ "))


def media(principal: Principal, view: EvaluationView, language: str) -> bool:
    """The player (each fetch audited by the recording route) and the masked transcript
    (audited once per sitting); True when the recording can be played."""
    playable = view.channel == "voice" and view.has_recording
    if playable:
        ui_transcript.player(principal, view.interaction_id, language)
    shown = ui_transcript.load_transcript(principal, view.interaction_id)
    with st.expander(t("disputes.view.transcript", language)):
        ui_transcript.transcript(view.interaction_id, shown, {}, language, playable)
    return playable


def dispute_outcomes(disputes: tuple[DisputeView, ...], language: str, tz: ZoneInfo) -> None:
    for dispute in disputes:
        status = t(f"disputes.status.{dispute.status}", language)
        st.markdown(t("disputes.view.dispute_line", language, id=dispute.id, status=status,
                      raised_by=dispute.raised_by, raised=when(dispute.raised_at, tz),
                      deadline=when(dispute.deadline_at, tz)))
        for item in dispute.items:
            ruling = t(f"disputes.ruling.{item.ruling}", language) if item.ruling \
                else t("disputes.status.open", language)
            st.caption(t("disputes.view.item_line", language, item=item.item_id,
                         reason=item.reason, ruling=ruling,
                         ruling_reason=item.ruling_reason or "—",
                         answer=answer_text(item.new_answer, language)))
