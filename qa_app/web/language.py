"""The user's language: the configured default, the sidebar switch, and the choice kept across
pages."""

from __future__ import annotations

import streamlit as st

from qa_app.config import get_settings
from qa_app.i18n import LANGUAGES, t

LANGUAGE_KEY = "language"  # the language radio's own state
CHOSEN_LANGUAGE_KEY = "language_chosen"  # the choice, kept apart from the radio (see below)


def current_language() -> str:
    language: str = st.session_state.get(CHOSEN_LANGUAGE_KEY, get_settings().language)
    return language


def choose_language(language: str) -> None:
    st.session_state[CHOSEN_LANGUAGE_KEY] = language


def _keep_choice() -> None:
    choose_language(st.session_state[LANGUAGE_KEY])


def language_switch() -> str:
    """The language radio in the sidebar, starting from the configured language.

    The choice is kept under a key of its own and given back to the radio on every run:
    Streamlit drops a widget's state when ``st.switch_page`` changes the page, which sent
    "Open review" back to Bahasa Indonesia.
    """
    st.session_state[LANGUAGE_KEY] = current_language()
    st.sidebar.radio(t("ui.language", current_language()), options=list(LANGUAGES),
                     format_func=LANGUAGES.__getitem__, key=LANGUAGE_KEY, on_change=_keep_choice)
    return current_language()
