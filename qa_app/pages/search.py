"""Pencarian: search every transcript and chat thread in the user's scope (masked text).

A hit shows its turn with the searched words marked, the call, the agent and the date; a
click plays the recording from that turn's second, or opens the call's review. The search
runs (and is audited) when the form is sent, not on every rerun.
"""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from qa_app.analytics.filters import FilterError, SearchFilters, day_bounds
from qa_app.analytics.query import QueryError
from qa_app.auth.navigation import may_open
from qa_app.i18n import t
from qa_app.i18n.dates import moment_text
from qa_app.services.search import SearchHit, SearchResult, search_options, search_transcripts
from qa_app.web import transcript_view as ui_transcript
from qa_app.web import words
from qa_app.web.context import page_context

RESULT_KEY = "search_result"
PLAYING_KEY = "search_playing"
REVIEW_SAMPLE_KEY = "review_sample_id"  # what pages/review.py opens
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")

page = page_context("search")
principal, language, tz = page.principal, page.language, page.settings.tz
st.title(t("search_page.nav", language))
st.caption(t("search_page.help", language))

with page.session() as session:
    options = search_options(session, principal)
agent_names = dict(options.agents)
team_names = dict(options.teams)

with st.form("search_form"):
    query = st.text_input(t("search_page.query", language), key="search_query",
                          placeholder=t("search_page.query_placeholder", language))
    fuzzy = st.toggle(t("search_page.fuzzy", language), key="search_fuzzy",
                      help=t("search_page.fuzzy_help", language))
    with st.expander(t("search_page.filters", language)):
        left, middle, right = st.columns(3)
        speaker = left.selectbox(t("search_page.speaker", language), (None, "agent", "customer"),
                                 format_func=lambda s: t(f"search_page.speaker_{s or 'any'}",
                                                         language), key="search_speaker")
        channels = middle.multiselect(t("search_page.channel", language),
                                      ("voice", "whatsapp", "email", "chat"),
                                      format_func=lambda c: words.channel(c, language),
                                      placeholder=t("ui.choose", language),
                                      key="search_channels")
        fatal = right.selectbox(t("search_page.fatal", language), (None, True, False),
                                format_func=lambda f: t(
                                    f"search_page.fatal_{'any' if f is None else str(f).lower()}",
                                    language), key="search_fatal")
        agents = left.multiselect(t("search_page.agent", language), list(agent_names),
                                  format_func=agent_names.__getitem__,
                                  placeholder=t("ui.choose", language), key="search_agents")
        teams = middle.multiselect(t("search_page.team", language), list(team_names),
                                   format_func=team_names.__getitem__,
                                   placeholder=t("ui.choose", language), key="search_teams")
        csi = right.multiselect(t("search_page.csi", language), (1, 2, 3, 4, 5),
                                placeholder=t("ui.choose", language), key="search_csi")
        first: date | None = left.date_input(t("search_page.from", language), None,
                                             format="DD/MM/YYYY", key="search_from")
        last: date | None = middle.date_input(t("search_page.to", language), None,
                                              format="DD/MM/YYYY", key="search_to")
        use_prescore = left.checkbox(t("search_page.prescore", language),
                                     key="search_use_prescore")
        prescore = left.slider(t("search_page.prescore", language), 0, 100, (0, 100),
                               key="search_prescore", label_visibility="collapsed")
        use_final = middle.checkbox(t("search_page.final", language), key="search_use_final")
        final = middle.slider(t("search_page.final", language), 0, 100, (0, 100),
                              key="search_final", label_visibility="collapsed")
    submitted = st.form_submit_button(t("search_page.submit", language), type="primary")

if submitted:
    try:
        started_from, started_before = day_bounds(first, last, tz)
        filters = SearchFilters(
            speaker=speaker, agent_ids=frozenset(agents), team_ids=frozenset(teams),
            channels=frozenset(channels), started_from=started_from,
            started_before=started_before,
            prescore_range=(float(prescore[0]), float(prescore[1])) if use_prescore else None,
            final_score_range=(float(final[0]), float(final[1])) if use_final else None,
            fatal=fatal, csi_scores=frozenset(csi))
        with page.session() as session:
            st.session_state[RESULT_KEY] = search_transcripts(
                session, principal, query, filters, fuzzy=fuzzy,
                session_id=page.session_id)
        st.session_state.pop(PLAYING_KEY, None)
    except (QueryError, FilterError) as error:
        st.session_state.pop(RESULT_KEY, None)
        st.warning(t("search_page.invalid", language, detail=error.text(language)))


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _turn(hit: SearchHit) -> str:
    speaker = t(f"review.transcript.{hit.speaker or 'unknown'}", language)
    colour = ui_transcript.SPEAKER_COLOURS[hit.speaker]
    body = "".join(f":orange-background[**{_escape(piece)}**]" if marked else _escape(piece)
                   for piece, marked in hit.pieces)
    return f":{colour}-badge[{speaker}] {body}"


def _play(interaction_id: int, second: float) -> None:
    st.session_state[PLAYING_KEY] = interaction_id
    st.session_state.setdefault(ui_transcript.PLAYBACK_KEY, {})[interaction_id] = second


result: SearchResult | None = st.session_state.get(RESULT_KEY)
if result is not None:
    if not result.hits:
        st.info(t("search_page.none", language))
    else:
        more = t("search_page.more", language) if result.more else ""
        st.caption(t("search_page.count", language, count=len(result.hits)) + more)
    playing = st.session_state.get(PLAYING_KEY)
    if playing is not None:
        ui_transcript.player(principal, playing, language)
    may_review = may_open(principal.role, "review")
    for index, hit in enumerate(result.hits):
        with st.container(border=True):
            st.markdown(_turn(hit))
            st.caption(t("search_page.hit", language, id=hit.source_id, agent=hit.agent_name,
                         team=hit.team_name, channel=words.channel(hit.channel, language),
                         when=moment_text(hit.started_at, tz),
                         time=ui_transcript.clock(hit.start_second)))
            play_column, review_column, _ = st.columns([1, 1, 3])
            if hit.channel == "voice" and hit.has_recording:
                play_column.button(f"▶ {ui_transcript.clock(hit.start_second)}",
                                   key=f"search_play_{index}", on_click=_play,
                                   args=(hit.interaction_id, hit.start_second),
                                   help=t("search_page.play_help", language), type="tertiary")
            if may_review and hit.sample_id is not None and review_column.button(
                    t("search_page.open_review", language), key=f"search_review_{index}",
                    type="tertiary"):
                st.session_state[REVIEW_SAMPLE_KEY] = hit.sample_id
                st.switch_page("../pages/review.py")
