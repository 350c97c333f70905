"""Tanda Risiko: the screened calls the machine suspects, with their evidence, for the QCO
lead (managers read). Each flag shows why (a suspected fatal item, rude or slang language, a
very low pre-score), the masked words and their second with a button that plays the
recording from there; the lead sends the call to a targeted review assigned to a QCO, or
dismisses the flag with a reason. Flags never enter QM.
"""

from __future__ import annotations

import streamlit as st

from qa_app.i18n import t
from qa_app.services.risk_flags import (
    FlagError,
    FlagRow,
    dismiss,
    flag_page,
    send_to_review,
)
from qa_app.vocabulary import RiskFlagState
from qa_app.web import transcript_view as ui_transcript
from qa_app.web.context import page_context

PLAYING_KEY = "risk_flags_playing"
NOTICE_KEY = "risk_flags_notice"
VIEWED_KEY = "risk_flags_viewed"  # the lists whose excerpts were audited in this sitting
REVIEW_SAMPLE_KEY = "review_sample_id"  # what pages/review.py opens

page = page_context("risk_flags")
principal, language, tz = page.principal, page.language, page.settings.tz

st.title(t("risk_flags.nav", language))
st.caption(t("risk_flags.help", language))
status = st.segmented_control(
    t("risk_flags.status_label", language), tuple(RiskFlagState), default=RiskFlagState.OPEN,
    format_func=lambda s: t(f"risk_flags.status.{s}", language), key="risk_flags_status"
) or RiskFlagState.OPEN
viewed = st.session_state.setdefault(VIEWED_KEY, set())
content = flag_page(page.engine, page.settings, principal, status,
                    record_view=status not in viewed, session_id=page.session_id)
viewed.add(status)
if not content.screening_on:
    st.info(t("risk_flags.off", language))
if not content.may_act:
    st.caption(t("risk_flags.read_only", language))
if NOTICE_KEY in st.session_state:
    kind, text = st.session_state.pop(NOTICE_KEY)
    (st.success if kind == "ok" else st.warning)(text)
reviewer_names = dict(content.reviewers)


def _play(interaction_id: int, second: float) -> None:
    st.session_state[PLAYING_KEY] = interaction_id
    st.session_state.setdefault(ui_transcript.PLAYBACK_KEY, {})[interaction_id] = second


def _send(row: FlagRow) -> None:
    reviewer = st.session_state.get(f"risk_reviewer_{row.flag_id}")
    try:
        send_to_review(page.engine, page.settings, principal, row.flag_id, int(reviewer),
                       st.session_state.get(f"risk_note_{row.flag_id}", ""))
        st.session_state[NOTICE_KEY] = ("ok", t("risk_flags.sent", language, id=row.source_id,
                                                reviewer=reviewer_names.get(reviewer, "")))
    except FlagError as error:
        st.session_state[NOTICE_KEY] = ("warn", t("risk_flags.refused", language,
                                                  detail=str(error)))


def _dismiss(row: FlagRow) -> None:
    reason = st.session_state.get(f"risk_dismiss_{row.flag_id}", "")
    if not reason.strip():
        st.session_state[NOTICE_KEY] = ("warn", t("risk_flags.reason_required", language))
        return
    try:
        dismiss(page.engine, principal, row.flag_id, reason)
        st.session_state[NOTICE_KEY] = ("ok", t("risk_flags.dismissed", language,
                                                id=row.source_id))
    except FlagError as error:
        st.session_state[NOTICE_KEY] = ("warn", t("risk_flags.refused", language,
                                                  detail=str(error)))


def _reason_line(row: FlagRow, reason: dict[str, object]) -> str:
    item = str(reason.get("item") or "")
    line = t(f"risk_flags.reason.{reason['reason']}", language, item=item,
             text=row.item_texts.get(item, ""), score=f"{reason.get('score') or 0:.1f}",
             threshold=f"{content.low_score:.0f}")
    return line if reason.get("sure", True) else \
        f"{line} ({t('risk_flags.unsure', language)})"


if not content.rows:
    st.info(t("risk_flags.none", language))
else:
    st.caption(t("risk_flags.count", language, count=len(content.rows)))
playing = st.session_state.get(PLAYING_KEY)
if playing is not None:
    ui_transcript.player(principal, playing, language)
for row in content.rows:
    with st.container(border=True):
        st.markdown("**" + t("risk_flags.header", language, id=row.source_id, agent=row.agent,
                             channel=t(f"ui.channel.{row.channel}", language),
                             when=f"{row.started_at.astimezone(tz):%d/%m/%Y %H:%M}") + "**")
        st.caption(t("risk_flags.score", language, score=f"{row.score:.1f}")
                   if row.score is not None else t("risk_flags.no_score", language))
        for number, reason in enumerate(row.reasons):
            st.markdown(f"- {_reason_line(row, reason)}")
            for index, entry in enumerate(reason.get("evidence") or ()):
                second = float(entry.get("start") or 0.0)
                text_column, play_column = st.columns([5, 1])
                text_column.caption(t(
                    "risk_flags.evidence", language,
                    speaker=t(f"risk_flags.speaker.{entry.get('speaker') or 'unknown'}",
                              language), time=ui_transcript.clock(second), text=entry["text"]))
                if row.channel == "voice" and row.has_recording:
                    play_column.button(f"▶ {ui_transcript.clock(second)}",
                                       key=f"risk_play_{row.flag_id}_{number}_{index}",
                                       on_click=_play, args=(row.interaction_id, second),
                                       help=t("risk_flags.play_help", language),
                                       type="tertiary")
        if row.status != RiskFlagState.OPEN:
            st.caption(t("risk_flags.decided", language, by=row.decided_by or "",
                         note=row.decision_note or "—"))
            if row.sample_id is not None and st.button(
                    t("risk_flags.open_review", language), key=f"risk_review_{row.flag_id}"):
                st.session_state[REVIEW_SAMPLE_KEY] = row.sample_id
                st.switch_page("../pages/review.py")
        elif content.may_act:
            send_column, dismiss_column = st.columns(2)
            with send_column:
                st.selectbox(t("risk_flags.reviewer", language), list(reviewer_names),
                             format_func=reviewer_names.__getitem__,
                             key=f"risk_reviewer_{row.flag_id}")
                st.text_input(t("risk_flags.note", language), key=f"risk_note_{row.flag_id}")
                st.button(t("risk_flags.send", language), key=f"risk_send_{row.flag_id}",
                          type="primary", on_click=_send, args=(row,),
                          disabled=not reviewer_names)
            with dismiss_column:
                st.text_input(t("risk_flags.dismiss_reason", language),
                              key=f"risk_dismiss_{row.flag_id}")
                st.button(t("risk_flags.dismiss", language), key=f"risk_do_dismiss_{row.flag_id}",
                          on_click=_dismiss, args=(row,))
