"""Errors a person reads: each carries a catalog key and its parameters, not English text.

A page shows ``t(error.key, language, **error.params)`` (or :meth:`MessageError.text`) in the
user's language; ``str(error)`` is the English text, for the command line and the logs.
"""

from __future__ import annotations

from typing import Any

from qa_app.i18n import t


class MessageError(Exception):
    """Base of the errors whose message comes from the catalogs (``key`` + ``params``)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, language: str) -> str:
        """The message in ``language``."""
        return t(self.key, language, **self.params)

    def __str__(self) -> str:
        return self.text("en")
