"""Uploads on a page: the size limit and the import's progress bar."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from qa_app.config import get_settings
from qa_app.i18n import t

MEGABYTE = 1024 * 1024


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
