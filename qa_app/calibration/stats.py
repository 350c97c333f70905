"""The figures of a closed calibration session, from its participants' answer sets.

Definitions (the DOMAIN.md targets: ≥ 85% of items in agreement, totals within ±5 points,
fatal items agreeing 100%):

* **reference answer** of a form item on one interaction: the baseline's answer when the
  session has a baseline, otherwise the most frequent answer among the participants;
* **item agreement**: the share of participants (the baseline excluded) whose answer equals
  the reference; without a baseline, the share giving the most frequent answer;
* **agreement of an interaction**: the mean item agreement over its form items;
* **within tolerance**: the share of participants whose total is within ±5 points of the
  baseline's total (of the participants' median total when there is no baseline);
* **Krippendorff's α** (nominal: yes / partial / no / N/A are categories), per form item with
  the session's interactions as units, and overall with every (interaction, item) as a unit.
  None when undefined (fewer than two pairable answers, or no variation at all).
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

AGREEMENT_TARGET = 0.85
TOTAL_TOLERANCE = 5.0
CATEGORIES = ("yes", "partial", "no", "na")


@dataclass(frozen=True)
class AnswerSet:
    rater: int  # the participant's user id
    answers: Mapping[str, str]  # form item id → yes / partial / no / na
    total: float | None  # the score of the set (0 when a fatal item failed)


@dataclass(frozen=True)
class Unit:
    """One interaction of a session: its form items and every submitted answer set."""

    key: int
    form: str  # the rubric's id: the units of one session may be scored on different forms
    item_ids: tuple[str, ...]
    fatal_items: frozenset[str]
    sets: tuple[AnswerSet, ...]
    baseline: int | None = None  # the rater whose set is the baseline

    def baseline_set(self) -> AnswerSet | None:
        return next((s for s in self.sets if s.rater == self.baseline), None)

    def participants(self) -> tuple[AnswerSet, ...]:
        return tuple(s for s in self.sets if s.rater != self.baseline)


@dataclass(frozen=True)
class Spread:
    lowest: float
    highest: float
    stdev: float  # population standard deviation of the totals

    @property
    def range(self) -> float:
        return self.highest - self.lowest


@dataclass(frozen=True)
class UnitResult:
    key: int
    agreement: float | None
    item_agreement: Mapping[str, float]
    spread: Spread | None
    reference_total: float | None
    within_tolerance: float | None
    fatal_disagreements: tuple[str, ...]

    @property
    def meets_targets(self) -> bool:
        return (self.agreement is not None and self.agreement >= AGREEMENT_TARGET
                and (self.within_tolerance is None or self.within_tolerance == 1.0)
                and not self.fatal_disagreements)


@dataclass(frozen=True)
class ItemResult:
    form: str  # P1 of one form is not P1 of another: an item is its form and id
    item_id: str
    fatal: bool
    agreement: float | None
    alpha: float | None

    @property
    def flagged(self) -> bool:
        """Below target; for a fatal item anything short of full agreement."""
        if self.agreement is None:
            return False
        return self.agreement < (1.0 if self.fatal else AGREEMENT_TARGET)


@dataclass(frozen=True)
class RaterDeviation:
    rater: int
    mean_signed: float | None  # mean (participant total − baseline total): < 0 is stricter
    mean_absolute: float | None
    agreement: float | None  # share of their item answers equal to the reference
    within_tolerance: float | None  # share of their totals within ±5 of the reference


@dataclass(frozen=True)
class SessionResult:
    units: tuple[UnitResult, ...]
    items: tuple[ItemResult, ...]
    raters: tuple[RaterDeviation, ...]
    alpha: float | None
    agreement: float | None
    within_tolerance: float | None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def item_matches(unit: Unit, item_id: str) -> list[bool]:
    """For each participant who answered the item: does the answer equal the reference?"""
    base = unit.baseline_set()
    if base is not None:
        reference = base.answers.get(item_id)
        if reference is None:
            return []
        return [s.answers[item_id] == reference for s in unit.participants()
                if item_id in s.answers]
    given = [s.answers[item_id] for s in unit.sets if item_id in s.answers]
    if not given:
        return []
    mode_count = Counter(given).most_common(1)[0][1]
    return [True] * mode_count + [False] * (len(given) - mode_count)


def _reference_answer(unit: Unit, item_id: str) -> str | None:
    base = unit.baseline_set()
    if base is not None:
        return base.answers.get(item_id)
    given = [s.answers[item_id] for s in unit.sets if item_id in s.answers]
    counts = Counter(given).most_common()
    # a tie has no single reference: nobody is counted as agreeing with it alone
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def reference_total(unit: Unit) -> float | None:
    base = unit.baseline_set()
    if base is not None:
        return base.total
    totals = [s.total for s in unit.sets if s.total is not None]
    return statistics.median(totals) if totals else None


def within(total: float | None, reference: float | None) -> bool | None:
    if total is None or reference is None:
        return None
    return abs(total - reference) <= TOTAL_TOLERANCE + 1e-9


def unit_result(unit: Unit) -> UnitResult:
    shares = {}
    for item_id in unit.item_ids:
        matches = item_matches(unit, item_id)
        if matches:
            shares[item_id] = sum(matches) / len(matches)
    totals = [s.total for s in unit.sets if s.total is not None]
    spread = (Spread(min(totals), max(totals), statistics.pstdev(totals)) if totals else None)
    reference = reference_total(unit)
    checks = [w for s in unit.participants() if (w := within(s.total, reference)) is not None]
    return UnitResult(
        key=unit.key, agreement=_mean(list(shares.values())), item_agreement=shares,
        spread=spread, reference_total=reference,
        within_tolerance=_mean([float(c) for c in checks]),
        fatal_disagreements=tuple(i for i in unit.item_ids
                                  if i in unit.fatal_items and shares.get(i, 1.0) < 1.0))


def alpha(matrix: Sequence[Sequence[str | None]]) -> float | None:
    """Nominal Krippendorff's α of a raters × units matrix of answers (None: missing)."""
    codes = {answer: index for index, answer in enumerate(CATEGORIES)}
    data = np.array([[np.nan if a is None else float(codes.setdefault(a, len(codes)))
                      for a in row] for row in matrix], dtype=float)
    if data.size == 0:
        return None
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any() or len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) < 2:
        return None  # α is undefined without pairable answers that vary
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(krippendorff.alpha(reliability_data=data,
                                         level_of_measurement="nominal"))
    return None if math.isnan(value) else value


def _raters(units: Sequence[Unit]) -> list[int]:
    return sorted({s.rater for u in units for s in u.sets})


def _matrix(units: Sequence[Unit], cells: Sequence[tuple[Unit, str]]) -> list[list[str | None]]:
    rows = []
    for rater in _raters(units):
        row: list[str | None] = []
        for unit, item_id in cells:
            given = next((s for s in unit.sets if s.rater == rater), None)
            row.append(None if given is None else given.answers.get(item_id))
        rows.append(row)
    return rows


def rater_deviation(units: Sequence[Unit], rater: int) -> RaterDeviation:
    signed: list[float] = []
    matches: list[bool] = []
    checks: list[bool] = []
    for unit in units:
        given = next((s for s in unit.sets if s.rater == rater), None)
        if given is None or rater == unit.baseline:
            continue
        reference = reference_total(unit)
        if given.total is not None and reference is not None:
            signed.append(given.total - reference)
            checks.append(bool(within(given.total, reference)))
        for item_id in unit.item_ids:
            answer = given.answers.get(item_id)
            expected = _reference_answer(unit, item_id)
            if answer is not None and expected is not None:
                matches.append(answer == expected)
    return RaterDeviation(rater, _mean(signed), _mean([abs(d) for d in signed]),
                          _mean([float(m) for m in matches]), _mean([float(c) for c in checks]))


def session_result(units: Sequence[Unit]) -> SessionResult:
    results = tuple(unit_result(u) for u in units)
    keys = list(dict.fromkeys((u.form, i) for u in units for i in u.item_ids))
    items = []
    for form, item_id in keys:
        holding = [u for u in units if u.form == form and item_id in u.item_ids]
        matches = [m for u in holding for m in item_matches(u, item_id)]
        items.append(ItemResult(
            form, item_id, any(item_id in u.fatal_items for u in holding),
            _mean([float(m) for m in matches]),
            alpha(_matrix(units, [(u, item_id) for u in holding]))))
    baselines = {u.baseline for u in units}
    raters = tuple(rater_deviation(units, r) for r in _raters(units) if r not in baselines)
    every_cell = [(u, i) for u in units for i in u.item_ids]
    within_all = [r.within_tolerance for r in results if r.within_tolerance is not None]
    return SessionResult(
        units=results, items=tuple(items), raters=raters,
        alpha=alpha(_matrix(units, every_cell)),
        agreement=_mean([r.agreement for r in results if r.agreement is not None]),
        within_tolerance=_mean(within_all))
