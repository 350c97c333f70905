"""Balanced assignment of a week's samples to reviewers.

Each sample goes to the reviewer with the fewest samples of the week so far; ties are broken
in a fixed rotation (reviewer ids shuffled by the draw's seed). Starting from equal loads,
every reviewer ends within one sample of every other, and an agent's samples, handed out in
a row, go to different reviewers.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def rotation(reviewer_ids: Sequence[int], seed: int) -> list[int]:
    order = sorted(reviewer_ids)
    random.Random(int.from_bytes(hashlib.sha256(f"{seed}:reviewers".encode()).digest(),
                                 "big")).shuffle(order)
    return order


def balance(sample_keys: Sequence[Key], reviewer_ids: Sequence[int], seed: int,
            current_load: Mapping[int, int] | None = None) -> dict[Key, int]:
    """Reviewer for each sample key; an empty mapping when no reviewer is available."""
    if not reviewer_ids:
        return {}
    order = rotation(reviewer_ids, seed)
    load = {reviewer: (current_load or {}).get(reviewer, 0) for reviewer in order}
    position = {reviewer: index for index, reviewer in enumerate(order)}
    turn = 0
    assigned: dict[Key, int] = {}
    for key in sample_keys:
        least = min(load.values())
        # the next reviewer in the rotation, from the current turn on, among the least loaded
        reviewer = min((r for r in order if load[r] == least),
                       key=lambda r: (position[r] - turn) % len(order))
        assigned[key] = reviewer
        load[reviewer] += 1
        turn = position[reviewer] + 1
    return assigned
