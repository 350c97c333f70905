"""A reusable Streamlit component: the audio player and a speaker-coloured transcript (or chat
thread) with the pre-score's evidence highlighted; a click on a turn or an evidence plays the
recording from that second.

Data access goes through qa_app.review.access, which checks scope and audits. The transcript
is read (and audited) once per sitting and kept in the session. The player never holds the
audio itself: its source is the server's recording route (qa_app.web.routes), which serves
the file only to this browser's signed-in session and audits each fetch, with the second a
play starts from, when the browser actually loads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit import config as st_config

from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.session import session_scope
from qa_app.i18n import t
from qa_app.review import access
from qa_app.review.answers import MachineAnswer
from qa_app.review.marks import mark_turns, split_highlights
from qa_app.web import database, login
from qa_app.web.routes import RECORDING_PATH, base_path

TRANSCRIPTS_KEY = "review_transcripts"
PLAYBACK_KEY = "review_playback"
PLAYER_KEY = "review_player"  # the sticky container's key: Streamlit's class .st-key-<key>
SPEAKER_COLOURS = {"agent": "blue", "customer": "green", None: "gray"}
# Streamlit wraps the keyed container in a layout wrapper of exactly its height: the wrapper
# is what sticks (below Streamlit's header, 3.75rem), within the column, which is as tall as
# the form beside it
_STICKY_CSS = f"""<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-{PLAYER_KEY}) {{position: sticky;
  top: 3.75rem; z-index: 100; background-color: #FFFFFF; padding-bottom: 0.5rem;}}
</style>"""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def clock(second: float) -> str:
    whole = int(second)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def load_transcript(principal: Principal, interaction_id: int,
                    unmasked: bool = False) -> access.TranscriptView | None:
    """The transcript, read and audited the first time in this sitting (per masking)."""
    cache = st.session_state.setdefault(TRANSCRIPTS_KEY, {})
    if (interaction_id, unmasked) not in cache:
        with session_scope(database.engine()) as session:
            cache[(interaction_id, unmasked)] = access.open_transcript(
                session, principal, interaction_id, session_id=login.session_id(),
                unmasked=unmasked)
    return cache[(interaction_id, unmasked)]


def unmask_toggle(principal: Principal, interaction_id: int,
                  view: access.TranscriptView | None, language: str
                  ) -> access.TranscriptView | None:
    """For roles with the right: a switch to the original text (each switch-on is audited)."""
    if view is None or not view.unmasked_available:
        return view
    if st.toggle(t("review.transcript.unmask", language), key=f"unmask_{interaction_id}",
                 help=t("review.transcript.unmask_help", language)):
        return load_transcript(principal, interaction_id, unmasked=True)
    return view


def _page_origin() -> str:
    """The scheme and host the browser uses (None outside a browser: the page tests)."""
    parts = urlsplit(st.context.url or f"http://localhost:{st_config.get_option('server.port')}")
    return f"{parts.scheme}://{parts.netloc}"


def recording_url(interaction_id: int, second: float) -> str:
    return (f"{_page_origin()}{base_path()}{RECORDING_PATH}/{interaction_id}"
            f"?{urlencode({'from': round(second, 2)})}")


def _play(interaction_id: int, second: float) -> None:
    """Point the player at ``second``; the fetch that follows is what gets audited."""
    st.session_state.setdefault(PLAYBACK_KEY, {})[interaction_id] = second


def player(principal: Principal, interaction_id: int, language: str) -> None:
    """The audio player, starting where the last click asked (autoplaying after a click),
    kept in view while the page scrolls."""
    st.html(_STICKY_CSS)
    with st.container(key=PLAYER_KEY):
        _audio(principal, interaction_id, language)


def _audio(principal: Principal, interaction_id: int, language: str) -> None:
    with session_scope(database.engine()) as session:
        problem = access.recording_problem(session, principal, interaction_id,
                                           get_settings().recordings_dir)
    if problem is not None:
        st.warning(t("review.transcript.no_recording", language, detail=problem))
        return
    second = st.session_state.setdefault(PLAYBACK_KEY, {}).get(interaction_id, 0.0)
    st.audio(recording_url(interaction_id, second), start_time=second, autoplay=second > 0)
    if second > 0:
        st.caption(t("review.transcript.playing_from", language, time=clock(second)))


def play_button(interaction_id: int, second: float, label: str, key: str,
                help_text: str | None = None) -> None:
    st.button(label, key=key, on_click=_play, args=(interaction_id, second),
              help=help_text, type="tertiary")


def _turn_markdown(speaker: str | None, text: str, phrases: tuple[str, ...],
                   items: tuple[str, ...], language: str) -> str:
    name = t(f"review.transcript.{speaker or 'unknown'}", language)
    body = "".join(f":orange-background[**{_escape(piece)}**]" if marked else _escape(piece)
                   for piece, marked in split_highlights(text, phrases))
    badges = " ".join(f":orange-badge[{item}]" for item in items)
    return f":{SPEAKER_COLOURS[speaker]}-badge[{name}] {body} {badges}".rstrip()


def transcript(interaction_id: int, view: access.TranscriptView | None,
               machine: Mapping[str, MachineAnswer], language: str, playable: bool) -> None:
    """Each turn: a play button at its start (voice with a recording) and its coloured text."""
    st.subheader(t(f"review.transcript.title_{view.kind if view else 'voice'}", language))
    if view is None:
        st.info(t("review.transcript.none", language))
        return
    for marked in mark_turns(view.turns, machine):
        turn = marked.turn
        text = _turn_markdown(turn.speaker, turn.text, marked.phrases, marked.items, language)
        time_column, text_column = st.columns([1, 6], vertical_alignment="center")
        if playable:
            with time_column:
                play_button(interaction_id, turn.start, f"▶ {clock(turn.start)}",
                            key=f"turn_{interaction_id}_{marked.index}",
                            help_text=t("review.transcript.play_turn", language))
        else:
            time_column.caption(clock(turn.start))
        text_column.markdown(text)


def escape(text: str) -> str:
    """``text`` shown as itself in Markdown (words a customer said, for other pages)."""
    return _escape(text)
