"""Penilaian (QCO): one sampled interaction on one screen — player, transcript with evidence,
the form pre-filled from the pre-score, the live score, save / finalize, and the history.

The version the reviewer started editing from is held in the session (web/review_recovery):
saves name it, so a save after someone else's is refused instead of overwriting; the
reviewer's edits stay on screen and survive the reload of the latest version beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from qa_app.auth.scope import OutOfScope
from qa_app.i18n import t
from qa_app.review import revisions, service
from qa_app.review.answers import ItemAnswer, live_score, overrides_machine
from qa_app.review.errors import ReviewError, StaleEvaluation
from qa_app.review.history_table import history_table
from qa_app.review.state_text import state_detail, state_label
from qa_app.review.unsaved import Contents
from qa_app.review.worklist import state_of_sample
from qa_app.scoring.describe import score_with_pending
from qa_app.services import evaluations
from qa_app.web import calibration_review, recording_export, review_recovery, transcript_view
from qa_app.web.context import page_context
from qa_app.web.review_errors import show_refusal
from qa_app.web.table import light_table

SAMPLE_KEY = "review_sample_id"
NOTICE_KEY = "review_notice"

page = page_context("review")
principal, language, tz = page.principal, page.language, page.settings.tz
st.title(t("review.nav.review", language))
if (calibration_item := calibration_review.active_item(st.session_state, SAMPLE_KEY)) is not None:
    calibration_review.render(principal, calibration_item, language)  # blind calibration mode
    st.stop()
sample_id = st.session_state.get(SAMPLE_KEY)
if sample_id is None:
    st.info(t("review.screen.no_sample", language))
    st.page_link("../pages/review_queue.py", label=t("review.nav.queue", language))
    st.stop()
try:
    with page.session() as session:
        screen = service.open_review(session, principal, int(sample_id), datetime.now(UTC))
except OutOfScope:
    st.error(t("review.error.out_of_scope", language))
    st.stop()
except ReviewError as error:
    st.info(t(error.key, language, **error.params))
    with page.session() as session:
        state = state_of_sample(session, principal, int(sample_id), datetime.now(UTC))
    if state is not None and not state.openable:
        st.caption(" · ".join(part for part in (state_label(state, language),
                                                state_detail(state, language, tz)) if part))
    st.stop()

eid = screen.evaluation_id
sitting_key = f"review_sitting_{eid}"
held = review_recovery.held(screen)
st.session_state.setdefault(sitting_key, datetime.now(UTC))
prefix = review_recovery.widget_prefix(eid, held)
answer_label = {answer: t(f"review.answer.{answer}", language)
                for answer in ("yes", "partial", "no", "na")}
info = screen.sample
st.caption(t("review.screen.header", language, id=info.source_id, agent=info.agent_name,
             channel=info.channel, direction=info.direction, week=info.week,
             kind=t(f"review.kind.{info.kind}", language), reviewer=screen.reviewer))
if notice := st.session_state.pop(NOTICE_KEY, None):  # where the user looks: not the top
    st.toast(t(notice, language), icon=":material/check_circle:")
score_area = st.container()
media_column, form_column = st.columns([5, 6], gap="large")

with media_column:
    playable = info.channel == "voice" and info.has_recording
    if playable:
        transcript_view.player(principal, info.interaction_id, language)
    shown = transcript_view.unmask_toggle(
        principal, info.interaction_id,
        transcript_view.load_transcript(principal, info.interaction_id), language)
    transcript_view.transcript(info.interaction_id, shown, screen.machine, language,
                               playable)
    if playable:
        recording_export.panel(principal, info.interaction_id, info.source_id,
                               shown is not None, language)


def machine_caption(item_id: str) -> str:
    machine = screen.machine.get(item_id)
    if machine is None or machine.answer is None:
        return t("review.machine.none", language)
    confidence = f"{(machine.confidence or 0) * 100:.0f}%"
    if machine.prefill is not None:
        return t("review.machine.suggests", language, answer=answer_label[machine.prefill],
                 confidence=confidence)
    if machine.suggested in answer_label:
        return t("review.machine.unsure", language, answer=answer_label[machine.suggested],
                 confidence=confidence)
    return t("review.machine.manual", language)


def item_widgets(item, editing: bool) -> ItemAnswer:  # noqa: ANN001  (a form Item)
    start = held.start.answers.get(item.id, ItemAnswer())
    machine = screen.machine.get(item.id)
    with st.container(border=True):
        fatal = f" :red-badge[{t('review.screen.fatal_item', language)}]" if item.fatal else ""
        st.markdown(f"**{item.id}** · {item.text} · "
                    f"{t('review.screen.weight', language, weight=f'{item.weight:g}')}{fatal}")
        st.caption(machine_caption(item.id))
        for number, evidence in enumerate(machine.evidence if machine else ()):
            label = f"▶ {transcript_view.clock(evidence.start)} {evidence.describe(language)}"
            if playable:
                transcript_view.play_button(info.interaction_id, evidence.start, label,
                                            key=f"{prefix}_{item.id}_ev{number}",
                                            help_text=t("review.transcript.play_evidence",
                                                        language))
            else:
                st.caption(label.removeprefix("▶ "))
        scale = list(item.scale)
        answer = st.radio(f"{item.id} · {t('review.screen.answer', language)}", scale,
                          index=scale.index(start.answer) if start.answer in scale else None,
                          format_func=answer_label.__getitem__, horizontal=True,
                          key=f"{prefix}_{item.id}_answer", disabled=not editing)
        reason = ""
        if machine is not None and overrides_machine(answer, machine):
            reason = st.text_input(t("review.screen.reason", language, item=item.id),
                                   value=start.reason, key=f"{prefix}_{item.id}_reason",
                                   placeholder=t("review.screen.reason_help", language),
                                   disabled=not editing)
        comment = st.text_input(t("review.screen.comment", language, item=item.id),
                                value=start.comment, key=f"{prefix}_{item.id}_comment",
                                disabled=not editing)
    return ItemAnswer(answer, reason, comment)


def submit(action: str, submission: revisions.Submission, **extra: str) -> None:
    now = datetime.now(UTC)
    try:
        common = dict(now=now, session_id=page.session_id)
        if action == "revise":
            evaluations.revise_evaluation(page.engine, principal, eid, held.version,
                                          submission, **extra, **common)
        else:
            save = (evaluations.finalize_evaluation if action == "final"
                    else evaluations.save_draft)
            save(page.engine, principal, eid, held.version, submission,
                 sitting_started_at=st.session_state[sitting_key], **common)
    except StaleEvaluation as error:  # shown by the recovery panel below the save buttons
        review_recovery.refused(eid, error)
        return
    except ReviewError as error:
        show_refusal(error, language)
        return
    review_recovery.saved(eid)
    st.session_state[sitting_key] = now
    st.session_state[NOTICE_KEY] = f"review.screen.done_{action}"
    st.rerun()


with form_column:
    correcting = screen.may_revise and st.toggle(t("review.screen.correct", language),
                                                 key=f"{prefix}_correct")
    editing = screen.may_edit or correcting
    if screen.status == "final":
        st.info(t("review.screen.locked", language, revision=screen.revision))
    answers = {}
    for section in screen.form.sections:
        st.subheader(section.title)
        for item in section.items:
            answers[item.id] = item_widgets(item, editing)
    overall = st.text_area(t("review.screen.overall_comment", language),
                           value=held.start.overall_comment, key=f"{prefix}_overall",
                           disabled=not editing)
    live = live_score(screen.form, answers)
    confirmed = False
    if editing and live.fatal:
        st.warning(t("review.screen.fatal_warning", language, items=list(live.fatal_items)))
        confirmed = st.checkbox(t("review.screen.confirm_fatal", language),
                                key=f"{prefix}_confirm_fatal")
    submission = revisions.Submission(answers, overall, confirmed)
    if screen.may_edit:
        draft_column, final_column = st.columns(2)
        if draft_column.button(t("review.screen.save_draft", language), key="review_draft"):
            submit("draft", submission)
        if final_column.button(t("review.screen.finalize", language), key="review_finalize",
                               type="primary"):
            submit("final", submission)
    elif correcting:
        kind = st.radio(t("review.screen.revision_kind", language), revisions.CORRECTION_KINDS,
                        format_func=lambda k: t(f"review.revision.{k}", language),
                        horizontal=True, key=f"{prefix}_revision_kind")
        reason = st.text_input(t("review.screen.revision_reason", language),
                               key=f"{prefix}_revision_reason")
        if st.button(t("review.screen.save_revision", language), key="review_revise",
                     type="primary"):
            submit("revise", submission, kind=kind, reason=reason)
    review_recovery.panel(eid, screen.form, Contents(answers, overall),
                          screen.may_edit or screen.may_revise, language, tz)

with score_area:
    score_column, status_column, time_column = st.columns(3)
    score_text = score_with_pending(live.score, live.pending_weight, language)
    score_column.metric(t("review.screen.score", language), score_text,
                        help=t("review.screen.score_help", language))
    if live.fatal:
        score_column.error(t("review.screen.fatal_zero", language, items=list(live.fatal_items)))
    elif live.pending_weight > 0:
        score_column.caption(t("review.screen.pending", language,
                               share=f"{live.pending_weight * 100:.0f}%"))
    status_column.metric(t("review.screen.status", language),
                         t(f"review.status.{screen.status}", language))
    time_column.metric(t("review.screen.time_spent", language),
                       transcript_view.clock(screen.seconds_spent))

st.subheader(t("review.history.title", language))
light_table(history_table(screen.history, language, tz),
            personal=[t(f"review.history.col.{name}", language) for name in ("what", "why")])
