"""What can refuse a review action; each error carries its i18n message key and parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class ReviewError(ValueError):
    """A review action that cannot be done; ``key`` is its i18n message key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}" if params else key)
        self.key = key
        self.params = params


class NotReady(ReviewError):
    """The sample has no pre-score yet (its transcript or pre-score job has not finished)."""


class Locked(ReviewError):
    """The evaluation is final; only a new revision by a QCO lead may change it."""


class NotAllowed(ReviewError):
    """The principal may read the evaluation but not make this change."""


class StaleEvaluation(ReviewError):
    """Someone saved the evaluation after this writer read it: the save is refused."""

    def __init__(self, by: str | None = None, at: datetime | None = None) -> None:
        super().__init__("review.error.stale", by=by or "?", at=at)
        self.by = by
        self.at = at


@dataclass(frozen=True)
class Problem:
    """One reason an evaluation cannot be finalized yet (``item`` None: the whole form)."""

    code: str  # unanswered, not_in_scale, reason_missing, fatal_unconfirmed, fatal_comment
    item: str | None = None


class FinalizeRefused(ReviewError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("review.error.cannot_finalize", count=len(problems))
        self.problems = problems
