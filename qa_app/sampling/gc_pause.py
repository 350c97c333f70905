"""Pausing Python's cyclic garbage collector while a week's pool is built and drawn.

A week's pool is a quarter of a million tuples made in one go. Each burst of new objects
sets off a collection, and the oldest generation's collections walk every object alive,
the pool included: about a third of a draw's CPU time, for nothing, because the pool holds
no reference cycles. Reference counting still frees everything as usual; the collector
runs again on its own schedule once the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it only if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
