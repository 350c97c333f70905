"""A progress bar on standard error, drawn only when it is a terminal."""

from __future__ import annotations

import sys


def progress_bar(done: int, expected: int) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = int(width * done / max(expected, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{expected:,}")
    if done >= expected:
        sys.stderr.write("\n")
