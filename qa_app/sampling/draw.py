"""The seeded, day-spread draw of one agent's picks, and the content hash of a pool.

Determinism: every agent gets its own ``random.Random`` seeded from SHA-256 of the draw seed
and the agent's employee id, and works on its pool sorted by (local day, source id). The
picks of an agent therefore depend only on the seed, that agent's pool and its quota — not
on the database's row order, nor on the other agents.

Spreading: each pick goes to one of the days that hold the fewest picks so far (among days
with candidates left), chosen at random; the interaction is then chosen at random within
that day. Channel minimums (e.g. one voice sample) are drawn first, the same way.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import groupby, repeat
from operator import attrgetter

from qa_app.sampling.eligibility import TARGET_REASONS, Candidate

ALGORITHM_VERSION = 1
# 48 bits: fifteen digits a person can read out and type (qa_app.sampling.seed_text), and
# still not guessable before the draw; older draws keep their longer seeds
SEED_BITS = 48
DAY, SOURCE_ID = attrgetter("day"), attrgetter("source_id")
CHANNEL, INTERACTION_ID = attrgetter("channel"), attrgetter("interaction_id")


def new_seed() -> int:
    """A seed from the operating system's cryptographic source."""
    return secrets.randbits(SEED_BITS)


def agent_rng(seed: int, employee_id: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{employee_id}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def group_by_day(pool: Iterable[Candidate]) -> dict[date, list[Candidate]]:
    """The candidates of each day, in pool order."""
    grouped: dict[date, list[Candidate]] = {}
    for day, run in groupby(pool, key=DAY):  # a sorted pool: one run per day
        grouped.setdefault(day, []).extend(run)
    return grouped


def spread_picks(rng: random.Random, by_day: dict[date, list[Candidate]], count: int,
                 day_load: Counter[date]) -> list[Candidate]:
    """Up to ``count`` picks from the (non-empty) lists of each day, which it consumes,
    filling the least-used days first."""
    picks: list[Candidate] = []
    while len(picks) < count and by_day:
        least = min(day_load[day] for day in by_day)
        day = rng.choice(sorted(day for day in by_day if day_load[day] == least))
        items = by_day[day]
        picks.append(items.pop(rng.randrange(len(items))))
        day_load[day] += 1
        if not items:
            del by_day[day]
    return picks


def draw_random(rng: random.Random, pool: Sequence[Candidate], quota: int,
                channel_minimums: Mapping[str, int]) -> list[Candidate]:
    """The random picks of one agent: channel minimums first, then the rest of the quota.
    The pool is grouped by day once; the channel picks are then taken out of the groups."""
    if quota <= 0:
        return []
    day_load: Counter[date] = Counter()
    grouped = group_by_day(pool)
    picks: list[Candidate] = []
    for channel, minimum in sorted(channel_minimums.items()):
        in_channel = {day: kept for day, items in grouped.items()
                      if (kept := [c for c in items if c.channel == channel])}
        picks += spread_picks(rng, in_channel, min(minimum, quota - len(picks)), day_load)
    for pick in picks:
        grouped[pick.day].remove(pick)
    rest = {day: items for day, items in grouped.items() if items}
    return picks + spread_picks(rng, rest, quota - len(picks), day_load)


def draw_targeted(rng: random.Random, flagged: Sequence[tuple[Candidate, tuple[str, ...]]],
                  limit: int) -> list[tuple[Candidate, tuple[str, ...]]]:
    """Up to ``limit`` targeted picks: the most important reason first, random within it."""
    picks: list[tuple[Candidate, tuple[str, ...]]] = []
    for reason in TARGET_REASONS:
        group = [item for item in flagged if item[1][0] == reason]
        while group and len(picks) < limit:
            picks.append(group.pop(rng.randrange(len(group))))
    return picks


def pool_hash(rows: Iterable[tuple[str, Sequence[Candidate], Mapping[int, tuple[str, ...]]]]
              ) -> str:
    """SHA-256 of the eligible pools. The text hashed: a line ``pool-v1``, then per agent
    (employee id order) a line ``agent <employee id>`` and one line per candidate in pool
    order: source id, ISO day, channel, comma-joined targeted reasons, tab-separated.
    Lines are separated by a newline (none after the last) and the text encoded as UTF-8."""
    day_text = _DayText()
    hasher = hashlib.sha256(f"pool-v{ALGORITHM_VERSION}".encode())
    for employee_id, pool, reasons in sorted(rows, key=lambda row: row[0]):
        hasher.update(f"\nagent {employee_id}".encode())
        if not pool:
            continue
        flag_text = {interaction_id: ",".join(flags) for interaction_id, flags in reasons.items()}
        # the lines are joined by C loops over the columns: 250,000 lines in a week
        fields = zip(map(SOURCE_ID, pool), map(day_text.__getitem__, map(DAY, pool)),
                     map(CHANNEL, pool), map(flag_text.get, map(INTERACTION_ID, pool), repeat("")),
                     strict=True)
        hasher.update(("\n" + "\n".join(map("\t".join, fields))).encode())
    return hasher.hexdigest()


class _DayText(dict[date, str]):
    """ISO text of each day, made once: a pool has a quarter of a million lines."""

    def __missing__(self, day: date) -> str:
        self[day] = text = day.isoformat()
        return text
