"""What every page shares: the user's language, the language switch, the engine, progress.

With app.py and the pages, the only code that imports Streamlit; the domain stays free of it.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.uploaded_file_manager import UploadedFile

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine
from qa_app.i18n import LANGUAGES, t

LANGUAGE_KEY = "language"  # the language radio's own state
CHOSEN_LANGUAGE_KEY = "language_chosen"  # the choice, kept apart from the radio (see below)
MEGABYTE = 1024 * 1024


def current_language() -> str:
    return st.session_state.get(CHOSEN_LANGUAGE_KEY, get_settings().language)


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


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The process's one engine, with the schema brought up to date on first use."""
    current = get_engine()
    migrate.ensure_current(current)
    return current


def upload_too_large(upload: UploadedFile, language: str) -> str | None:
    """The message for an upload over the configured limit, or None when it fits."""
    limit_mb = get_settings().upload_max_mb
    if upload.size <= limit_mb * MEGABYTE:
        return None
    return t("ui.import.too_large", language, file=upload.name,
             size_mb=f"{upload.size / MEGABYTE:.1f}", max_mb=limit_mb)


class ImportProgress:
    """A progress bar fed by the import service's callback (rows read, rows expected)."""

    def __init__(self, file_name: str, language: str) -> None:
        self._file_name = file_name
        self._language = language
        self._bar = st.progress(0.0, text=t("ui.import.starting", language, file=file_name))

    def __call__(self, rows_done: int, rows_expected: int) -> None:
        self._bar.progress(min(rows_done / max(rows_expected, 1), 1.0),
                           text=t("ui.import.progress", self._language, file=self._file_name,
                                  done=rows_done, expected=rows_expected))

    def clear(self) -> None:
        self._bar.empty()


def _leave_pages_folder_mode() -> None:
    """Send the first run after a server start through app.py, whatever URL it asked for.

    Streamlit treats a folder named ``pages`` beside the entrypoint as an old-style multipage
    app until ``st.navigation`` has run once in the process. Until then a page opened by its
    URL runs alone, without app.py (no language switch, no navigation, later no login), and
    stays so for that visitor. Pages import this module, so the first of them switches the
    old mode off for the process and reruns.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_folder_mode()
