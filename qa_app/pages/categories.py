"""Kategori: each call category's share of calls by week and team, the calls behind a share
(the words heard, masked, with a click to play from that second or open the review), the
re-tagging progress, and, for the QCO lead, a form that adds a category as a new version."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from qa_app.auth.navigation import may_open
from qa_app.auth.rights import has_right
from qa_app.i18n import t
from qa_app.scoring.category_set import CategoryError
from qa_app.scoring.schema import Speaker
from qa_app.services.categories import (
    DEFAULT_WEEKS,
    add_category,
    category_calls,
    category_overview,
)
from qa_app.web import category_view as view
from qa_app.web import charts
from qa_app.web import transcript_view as ui_transcript
from qa_app.web.context import page_context
from qa_app.web.table import show_table

CALLS_KEY = "categories_calls"
PLAYING_KEY = "categories_playing"
REVIEW_SAMPLE_KEY = "review_sample_id"  # what pages/review.py opens
SPEAKERS: tuple[Speaker, ...] = ("customer", "agent", "any")

page = page_context("categories")
principal, language, settings = page.principal, page.language, page.settings
st.title(t("categories_page.nav", language))
st.caption(t("categories_page.help", language))

today = date.today()
first_column, last_column, team_column = st.columns(3)
default_first = today - timedelta(weeks=DEFAULT_WEEKS)
first: date = first_column.date_input(t("categories_page.from", language), default_first,
                                      format="DD/MM/YYYY", key="categories_from") \
    or default_first
last: date = last_column.date_input(t("categories_page.to", language), today,
                                    format="DD/MM/YYYY", key="categories_to") or today
with page.session() as session:
    overview = category_overview(session, principal, settings, first, last)

progress = overview.progress
if progress.done:
    st.caption(t("categories_page.tagged_all", language, version=progress.version,
                 total=f"{progress.total:,}".replace(",", ".")))
else:
    st.progress(progress.tagged / max(progress.total, 1), text=t(
        "categories_page.retagging", language, version=progress.version,
        tagged=f"{progress.tagged:,}".replace(",", "."),
        total=f"{progress.total:,}".replace(",", ".")))

teams = dict(overview.teams)
team_id = team_column.selectbox(t("categories_page.team", language), (None, *teams),
                                format_func=lambda i: teams.get(i) or t(
                                    "categories_page.all_teams", language),
                                key="categories_team")
if overview.shares.empty:
    st.info(t("categories_page.none", language))
else:
    st.subheader(t("categories_page.share_heading", language))
    st.altair_chart(charts.category_shares(
        view.for_chart(overview.shares, team_id), t("categories_page.col.week", language),
        t("categories_page.col.share", language), t("categories_page.col.category", language)),
        height=420)
    shown = overview.shares if team_id is None else \
        overview.shares[overview.shares["team_id"] == team_id]
    st.subheader(t("categories_page.table_heading", language))
    show_table(view.share_table(shown, language), key="categories_table")

    st.subheader(t("categories_page.calls_heading", language))
    names = {c.id: c.name for c in overview.categories}
    weeks = sorted(set(overview.shares["week_start"]), reverse=True)
    with st.form("categories_drill"):
        left, right = st.columns(2)
        category_id = left.selectbox(t("categories_page.col.category", language), list(names),
                                     format_func=names.__getitem__, key="categories_category")
        week = right.selectbox(t("categories_page.col.week", language), weeks,
                               format_func=view.day_label, key="categories_week")
        if st.form_submit_button(t("categories_page.show_calls", language)):
            with page.session() as session:
                st.session_state[CALLS_KEY] = category_calls(
                    session, principal, settings, category_id, week, team_id,
                    session_id=page.session_id)
            st.session_state.pop(PLAYING_KEY, None)


def _play(interaction_id: int, second: float) -> None:
    st.session_state[PLAYING_KEY] = interaction_id
    st.session_state.setdefault(ui_transcript.PLAYBACK_KEY, {})[interaction_id] = second


calls = st.session_state.get(CALLS_KEY)
if calls is not None:
    if not calls:
        st.info(t("categories_page.no_calls", language))
    playing = st.session_state.get(PLAYING_KEY)
    if playing is not None:
        ui_transcript.player(principal, playing, language)
    may_review = may_open(principal.role, "review")
    for index, call in enumerate(calls):
        with st.container(border=True):
            speaker = t(f"review.transcript.{call.speaker or 'unknown'}", language)
            colour = ui_transcript.SPEAKER_COLOURS[call.speaker]
            st.markdown(f":{colour}-badge[{speaker}] {ui_transcript.escape(call.evidence)}")
            st.caption(t("categories_page.call", language, id=call.source_id,
                         agent=call.agent_name, team=call.team_name, channel=call.channel,
                         when=f"{call.started_at.astimezone(settings.tz):%d/%m/%Y %H:%M}",
                         time=ui_transcript.clock(call.second)))
            play_column, review_column, _ = st.columns([1, 1, 3])
            if call.channel == "voice" and call.has_recording:
                play_column.button(f"▶ {ui_transcript.clock(call.second)}",
                                   key=f"categories_play_{index}", on_click=_play,
                                   args=(call.interaction_id, call.second), type="tertiary",
                                   help=t("categories_page.play_help", language))
            if may_review and call.sample_id is not None and review_column.button(
                    t("categories_page.open_review", language), key=f"categories_review_{index}",
                    type="tertiary"):
                st.session_state[REVIEW_SAMPLE_KEY] = call.sample_id
                st.switch_page("../pages/review.py")

with st.expander(t("categories_page.defined", language, version=overview.version)):
    show_table({t("categories_page.col.category", language): [c.name for c in
                                                               overview.categories],
                t("categories_page.col.description", language): [c.description or "" for c in
                                                                  overview.categories]},
               key="categories_defined")

if has_right(principal, "edit_categories"):
    st.subheader(t("categories_page.add_heading", language))
    with st.form("categories_add", clear_on_submit=False):
        name = st.text_input(t("categories_page.name", language), key="categories_new_name")
        phrases = st.text_area(t("categories_page.phrases", language),
                               help=t("categories_page.phrases_help", language),
                               key="categories_new_phrases")
        left, right = st.columns(2)
        speaker = left.selectbox(t("categories_page.speaker", language), SPEAKERS,
                                 format_func=lambda s: t(f"categories_page.speaker_{s}",
                                                         language),
                                 key="categories_new_speaker")
        limited = right.checkbox(t("categories_page.limit", language),
                                 key="categories_new_limited")
        seconds = right.number_input(t("categories_page.seconds", language), min_value=1,
                                     max_value=3600, value=30, step=5,
                                     key="categories_new_seconds")
        if st.form_submit_button(t("categories_page.add", language), type="primary"):
            try:
                with page.session() as session:
                    added = add_category(session, page.requester, name, phrases, speaker,
                                         float(seconds) if limited else None)
                st.success(t("categories_page.added", language, name=name.strip(),
                             version=added.version))
            except CategoryError as error:
                st.error(t(f"categories_page.error.{error.reason}", language))
