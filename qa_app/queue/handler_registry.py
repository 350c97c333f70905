"""The contract between the runner and what each kind of job does.

A handler computes its result outside any transaction (it may take minutes) and returns a
``store`` function; the runner calls it in the transaction that also marks the job done,
so a result is stored exactly when its job finishes. The handlers themselves (transcribe a
recording, pre-score an interaction) are the worker's tasks, in ``qa_app.worker.tasks``,
which installs them here: the queue's infrastructure knows no domain package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.config import Settings

Store = Callable[[Session], None]
Progress = Callable[[float], None]


class PermanentJobError(Exception):
    """The job cannot succeed by trying again (bad file, refused consent, no recording)."""


@dataclass(frozen=True)
class Outcome:
    store: Store
    follow_up: str | None = None  # the kind of job to request next for the same interaction


Handler = Callable[[Engine, Settings, int, Progress], Outcome]

#: kind -> handler; filled by ``qa_app.worker.tasks.install_handlers()`` in the worker.
HANDLERS: dict[str, Handler] = {}


def handler_for(kind: str) -> Handler:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise PermanentJobError(
            f"no handler for {kind!r} jobs in this process: jobs run in the worker "
            "(python -m qa_app worker), which installs qa_app.worker.tasks") from None
