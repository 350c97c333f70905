"""Grading the grader: per QCO and per week, from plain rows (no database, no UI).

Measures, each per QCO over the chosen period and per ISO week for the trend:

* ``alignment``: share of the QCO's calibration answers equal to the baseline's;
* ``strictness_baseline``: mean (QCO's calibration total − baseline total); below 0 is stricter;
* ``strictness_prescore``: mean (final score − the AI pre-score) of the QCO's evaluations;
* ``override_rate``: share of the AI's confident answers the QCO changed (also per item);
* ``median_minutes``: median minutes spent per finalized evaluation;
* ``disputes_upheld``: disputes ruled in the period (or week) on the QCO's evaluations
  with at least one item accepted or partly accepted.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MEASURES = ("alignment", "strictness_baseline", "strictness_prescore", "override_rate",
            "median_minutes", "disputes_upheld")


@dataclass(frozen=True)
class EvaluationFact:
    reviewer: str
    week: str
    score: float | None
    prescore: float | None
    minutes: float


@dataclass(frozen=True)
class OverrideFact:
    reviewer: str
    week: str
    form: str  # the rubric's id: item ids repeat across forms
    item_id: str
    overridden: bool  # the QCO's answer differs from the AI's confident (pre-filled) one


@dataclass(frozen=True)
class CalibrationFact:
    reviewer: str
    week: str
    matches: int  # item answers equal to the baseline's
    answered: int  # item answers compared with the baseline
    signed: float | None  # total − baseline total


@dataclass(frozen=True)
class GraderRow:
    reviewer: str
    week: str | None  # None: the whole period
    values: dict[str, float | None]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _measures(evaluations: Sequence[EvaluationFact], overrides: Sequence[OverrideFact],
              calibrations: Sequence[CalibrationFact],
              disputes_upheld: int) -> dict[str, float | None]:
    answered = sum(c.answered for c in calibrations)
    gaps = [e.score - e.prescore for e in evaluations
            if e.score is not None and e.prescore is not None]
    return {
        "alignment": sum(c.matches for c in calibrations) / answered if answered else None,
        "strictness_baseline": _mean([c.signed for c in calibrations if c.signed is not None]),
        "strictness_prescore": _mean(gaps),
        "override_rate": _mean([float(o.overridden) for o in overrides]),
        "median_minutes": statistics.median([e.minutes for e in evaluations])
        if evaluations else None,
        "disputes_upheld": float(disputes_upheld),
    }


def grader_rows(evaluations: Iterable[EvaluationFact], overrides: Iterable[OverrideFact],
                calibrations: Iterable[CalibrationFact],
                disputes_upheld: Mapping[tuple[str, str | None], int] | None = None,
                ) -> list[GraderRow]:
    """One row per QCO for the period (week None), then one per QCO and week."""
    keyed: dict[tuple[str, str | None], tuple[list[EvaluationFact], list[OverrideFact],
                                              list[CalibrationFact]]] = defaultdict(
        lambda: ([], [], []))
    for fact in evaluations:
        for week in (None, fact.week):
            keyed[(fact.reviewer, week)][0].append(fact)
    for override in overrides:
        for week in (None, override.week):
            keyed[(override.reviewer, week)][1].append(override)
    for calibration in calibrations:
        for week in (None, calibration.week):
            keyed[(calibration.reviewer, week)][2].append(calibration)
    upheld = disputes_upheld or {}
    return [GraderRow(reviewer, week, _measures(*keyed[(reviewer, week)],
                                                upheld.get((reviewer, week), 0)))
            for reviewer, week in sorted(keyed, key=lambda k: (k[0], k[1] or ""))]


def override_rates(overrides: Iterable[OverrideFact]) -> dict[tuple[str, str, str], float]:
    """(QCO, form, item) → share of the AI's confident answers on that item the QCO changed;
    P1 of one form is counted apart from P1 of another."""
    counts: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    for o in overrides:
        counts[(o.reviewer, o.form, o.item_id)].append(o.overridden)
    return {key: sum(flags) / len(flags) for key, flags in sorted(counts.items())}
