"""Errors of the transcription engine: raised, never returned as strings.

Each message names the file (or model folder) and says what to do, so a failed job shows a
reason a person can act on.
"""

from __future__ import annotations

from pathlib import Path


class TranscriptionError(Exception):
    """Base class: anything that stops one transcription."""


class ModelUnavailableError(TranscriptionError):
    """The speech model is missing, incomplete or corrupt; raised before any audio is read."""


class AudioInputError(TranscriptionError):
    """The audio file cannot be transcribed (empty, truncated, not audio, unknown codec)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
