"""Dispute figures: count and rate per QCO and per item, share upheld, median time to ruling.

Plain arithmetic over plain records. The rate of a QCO is their disputed evaluations over
their finalized ones; the rate of an item is the disputes naming it over all finalized
evaluations in the period. "Upheld" is an item ruled accepted or partly accepted; the share
upheld counts ruled items only (an open item is not yet either). An item is its form and id:
P1 of the chat form is tallied apart from P1 of the outbound form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from qa_app.disputes.rules import UPHELD


@dataclass(frozen=True)
class DisputeRecord:
    reviewer: str
    raised_at: datetime
    ruled_at: datetime | None
    rulings: Mapping[tuple[str, str], str | None]  # (form, item id) -> ruling (None: open)


@dataclass(frozen=True)
class Tally:
    key: str | tuple[str, str]  # a QCO's name, or an item as (form, item id)
    base: int  # finalized evaluations the rate is taken over
    disputed: int
    ruled: int
    upheld: int

    @property
    def rate(self) -> float | None:
        return self.disputed / self.base if self.base else None

    @property
    def share_upheld(self) -> float | None:
        return self.upheld / self.ruled if self.ruled else None


@dataclass(frozen=True)
class DisputeFigures:
    disputes: int
    open: int
    share_upheld: float | None
    median_hours_to_ruling: float | None
    per_qco: tuple[Tally, ...]
    per_item: tuple[Tally, ...]


def _ruled_upheld(rulings: Iterable[str | None]) -> tuple[int, int]:
    given = [ruling for ruling in rulings if ruling is not None]
    return len(given), sum(ruling in UPHELD for ruling in given)


def dispute_figures(records: Iterable[DisputeRecord],
                    finalized_per_qco: Mapping[str, int]) -> DisputeFigures:
    records = list(records)
    total_final = sum(finalized_per_qco.values())
    per_qco: dict[str, list[DisputeRecord]] = {}
    for record in records:
        per_qco.setdefault(record.reviewer, []).append(record)
    qco_tallies = []
    for reviewer in sorted(set(per_qco) | set(finalized_per_qco)):
        own = per_qco.get(reviewer, [])
        ruled, upheld = _ruled_upheld(r for record in own for r in record.rulings.values())
        qco_tallies.append(Tally(reviewer, finalized_per_qco.get(reviewer, 0), len(own),
                                 ruled, upheld))
    named: Counter[tuple[str, str]] = Counter()
    ruled_items: Counter[tuple[str, str]] = Counter()
    upheld_items: Counter[tuple[str, str]] = Counter()
    for record in records:
        for item, ruling in record.rulings.items():
            named[item] += 1
            ruled_items[item] += ruling is not None
            upheld_items[item] += ruling in UPHELD
    item_tallies = tuple(Tally(item, total_final, named[item], ruled_items[item],
                               upheld_items[item])
                         for item in sorted(named, key=lambda i: (-named[i], i)))
    ruled, upheld = _ruled_upheld(r for record in records for r in record.rulings.values())
    hours = [(record.ruled_at - record.raised_at).total_seconds() / 3600
             for record in records if record.ruled_at is not None]
    return DisputeFigures(
        disputes=len(records), open=sum(record.ruled_at is None for record in records),
        share_upheld=upheld / ruled if ruled else None,
        median_hours_to_ruling=median(hours) if hours else None,
        per_qco=tuple(qco_tallies), per_item=item_tallies)
