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

from qa_app.sampling.eligibility import TARGET_REASONS, Candidate

ALGORITHM_VERSION = 1
SEED_BITS = 128


def new_seed() -> int:
    """A seed from the operating system's cryptographic source."""
    return secrets.randbits(SEED_BITS)


def agent_rng(seed: int, employee_id: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{employee_id}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def spread_picks(rng: random.Random, pool: Sequence[Candidate], count: int,
                 day_load: Counter[date]) -> list[Candidate]:
    """Up to ``count`` picks from ``pool`` (sorted), filling the least-used days first."""
    by_day: dict[date, list[Candidate]] = {}
    for candidate in pool:
        by_day.setdefault(candidate.day, []).append(candidate)
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
    """The random picks of one agent: channel minimums first, then the rest of the quota."""
    day_load: Counter[date] = Counter()
    picks: list[Candidate] = []
    for channel, minimum in sorted(channel_minimums.items()):
        in_channel = [c for c in pool if c.channel == channel]
        picks += spread_picks(rng, in_channel, min(minimum, quota - len(picks)), day_load)
    chosen = {c.interaction_id for c in picks}
    rest = [c for c in pool if c.interaction_id not in chosen]
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
    order: source id, ISO day, channel, comma-joined targeted reasons, tab-separated."""
    day_text: dict[date, str] = {}
    lines = [f"pool-v{ALGORITHM_VERSION}"]
    for employee_id, pool, reasons in sorted(rows, key=lambda row: row[0]):
        lines.append(f"agent {employee_id}")
        for c in pool:
            day = day_text.get(c.day) or day_text.setdefault(c.day, c.day.isoformat())
            flags = reasons.get(c.interaction_id)
            lines.append(f"{c.source_id}\t{day}\t{c.channel}\t{','.join(flags) if flags else ''}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
