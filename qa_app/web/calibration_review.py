"""The review screen in calibration mode: one calibration item, scored blind.

The Calibration page puts ``(item id, the sample the review screen showed then)`` under
:data:`ITEM_KEY` and switches to the review screen; the screen renders this mode while that
sample is still the current one (opening another sample from the queue leaves the mode).
Blind: nothing of the other participants is read, the AI's suggestions and evidence are not
shown when the session hides them, and the agent's name not when it hides that — until the
session closes (the service decides; this module only shows what it is given).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from streamlit.runtime.state import SessionStateProxy

from qa_app.auth.principal import Principal
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.review.answers import ItemAnswer, live_score
from qa_app.review.errors import ReviewError
from qa_app.scoring.describe import score_with_pending
from qa_app.services import calibration
from qa_app.web import transcript_view as ui_transcript
from qa_app.web.database import engine
from qa_app.web.review_errors import show_refusal

ITEM_KEY = "calibration_item"
NOTICE_KEY = "calibration_notice"
CALIBRATION_PAGE = "../pages/calibration.py"


State = SessionStateProxy | MutableMapping[str, Any]


def choose(state: State, item_id: int, sample_key: str) -> None:
    """Mark ``item_id`` as the one the review screen shows next."""
    state[ITEM_KEY] = (item_id, state.get(sample_key))


def active_item(state: State, sample_key: str) -> int | None:
    """The calibration item to show, or None (and the mode forgotten) when a sample was
    opened since it was chosen."""
    chosen = state.get(ITEM_KEY)
    if chosen is None:
        return None
    item_id, sample_then = chosen
    if state.get(sample_key) != sample_then:
        state.pop(ITEM_KEY, None)
        return None
    return int(item_id)


def _leave() -> None:
    st.session_state.pop(ITEM_KEY, None)


def render(principal: Principal, item_id: int, language: str) -> None:
    try:
        with session_scope(engine()) as session:
            screen = calibration.open_item(session, principal, item_id)
    except ReviewError as error:
        _leave()
        st.error(t(error.key, language, **error.params))
        return
    sitting_key = f"calibration_sitting_{item_id}"
    st.session_state.setdefault(sitting_key, datetime.now(UTC))
    agent = screen.agent_name or t("calibration.review.agent_hidden", language)
    st.caption(t("calibration.review.header", language, title=screen.title,
                 id=screen.source_id, agent=agent, channel=screen.channel,
                 due=screen.due_on.strftime("%d/%m/%Y")))
    if screen.open:
        st.info(t("calibration.review.blind", language))
    st.button(t("calibration.review.leave", language), key="calibration_leave",
              on_click=_leave)
    score_area = st.container()
    playable = screen.channel == "voice" and screen.has_recording
    media_column, form_column = st.columns([5, 6], gap="large")
    with media_column:
        if playable:
            ui_transcript.player(principal, screen.interaction_id, language)
        ui_transcript.transcript(screen.interaction_id,
                                 ui_transcript.load_transcript(principal, screen.interaction_id),
                                 screen.machine, language, playable)
    labels = {a: t(f"review.answer.{a}", language) for a in ("yes", "partial", "no", "na")}
    answers: dict[str, ItemAnswer] = {}
    with form_column:
        for section in screen.form.sections:
            st.subheader(section.title)
            for item in section.items:
                start = screen.answers.get(item.id, ItemAnswer())
                with st.container(border=True):
                    fatal = (f" :red-badge[{t('review.screen.fatal_item', language)}]"
                             if item.fatal else "")
                    st.markdown(f"**{item.id}** · {item.text}{fatal}")
                    machine = screen.machine.get(item.id)
                    if machine is not None and machine.prefill is not None:
                        st.caption(t("calibration.review.ai", language,
                                     answer=labels[machine.prefill]))
                    scale = list(item.scale)
                    answer = st.radio(
                        f"{item.id} · {t('review.screen.answer', language)}", scale,
                        index=scale.index(start.answer) if start.answer in scale else None,
                        format_func=labels.__getitem__, horizontal=True,
                        key=f"cal_{item_id}_{item.id}_answer", disabled=not screen.open)
                    comment = st.text_input(t("review.screen.comment", language, item=item.id),
                                            value=start.comment, disabled=not screen.open,
                                            key=f"cal_{item_id}_{item.id}_comment")
                answers[item.id] = ItemAnswer(answer, "", comment)
        overall = st.text_area(t("review.screen.overall_comment", language),
                               value=screen.overall_comment, disabled=not screen.open,
                               key=f"cal_{item_id}_overall")
        if screen.submitted_at is not None:
            st.caption(t("calibration.review.submitted", language,
                         at=screen.submitted_at.strftime("%d/%m/%Y %H:%M")))
        if screen.open and st.button(t("calibration.review.submit", language), type="primary",
                                     key="calibration_submit"):
            _submit(principal, item_id, answers, overall, sitting_key, language)
    live = live_score(screen.form, answers)
    score_area.metric(t("review.screen.score", language),
                      score_with_pending(live.score, live.pending_weight, language))


def _submit(principal: Principal, item_id: int, answers: dict[str, ItemAnswer], overall: str,
            sitting_key: str, language: str) -> None:
    now = datetime.now(UTC)
    try:
        with session_scope(engine()) as session:
            calibration.submit_answers(
                session, principal, item_id, answers, overall, now=now,
                seconds_spent=(now - st.session_state[sitting_key]).total_seconds())
    except ReviewError as error:
        show_refusal(error, language)
        return
    st.session_state.pop(sitting_key, None)
    _leave()
    st.session_state[NOTICE_KEY] = "calibration.review.done"
    st.switch_page(CALIBRATION_PAGE)
