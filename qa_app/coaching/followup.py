"""Did a coached item improve? Plain data in, plain data out.

For each item a session focused on, the agent's evaluations are split at the session: those
of interactions that started before it and those that started after. Failure rate = answers
``no`` or ``partial`` ÷ applicable answers (``na`` left out), as in the item analysis. The
item *improved* when it failed less often after than before; with no applicable evaluation
after the session there is no verdict yet. An item is its form and id
(``scoring.item_keys``): coaching P1 of the chat form follows chat evaluations only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from qa_app.reports.rollups.items import FAILED_ANSWERS
from qa_app.scoring.item_keys import ItemKey


@dataclass(frozen=True)
class ItemObservation:
    """One answer of one item in one finalized evaluation of the agent."""

    evaluation_id: int
    key: ItemKey
    answer: str
    started_at: datetime  # when the evaluated interaction started


@dataclass(frozen=True)
class FollowUp:
    key: ItemKey
    before_applicable: int
    before_failed: int
    after_applicable: int
    after_failed: int

    @property
    def before_rate(self) -> float | None:
        return self.before_failed / self.before_applicable if self.before_applicable else None

    @property
    def after_rate(self) -> float | None:
        return self.after_failed / self.after_applicable if self.after_applicable else None

    @property
    def verdict(self) -> str:
        """improved, not_improved or no_data (nothing evaluated after the session yet)."""
        if self.after_rate is None:
            return "no_data"
        if self.before_rate is None or self.after_rate < self.before_rate:
            return "improved"
        return "not_improved"


def follow_up(items: Iterable[ItemKey], coached_at: datetime,
              observations: Iterable[ItemObservation]) -> list[FollowUp]:
    wanted = list(dict.fromkeys(items))
    counts = {item: [0, 0, 0, 0] for item in wanted}
    for seen in observations:
        if seen.key not in counts or seen.answer not in ("yes", *FAILED_ANSWERS):
            continue
        slot = counts[seen.key]
        offset = 2 if seen.started_at > coached_at else 0
        slot[offset] += 1
        slot[offset + 1] += seen.answer in FAILED_ANSWERS
    return [FollowUp(item, *counts[item]) for item in wanted]
