"""The error a whole file gets when it cannot be imported at all.

Messages are catalog codes with parameters, so the UI and the CLI can say them in the
user's language (see qa_app.i18n).
"""

from __future__ import annotations

from typing import Any


class ImportFileError(Exception):
    def __init__(self, file_name: str, code: str, **params: Any) -> None:
        super().__init__(f"{file_name}: {code} {params}")
        self.file_name = file_name
        self.code = code
        self.params = params
