"""How well pre-scores agree with finalized (human) answers: pure functions over answers.

Only items the human answered are compared. A pre-score's "manual" is not an answer: it is
the pre-scorer saying "a human must judge this", so it is neither agreement nor disagreement.
Two figures together tell the truth: agreement (and kappa, precision, recall) on the items
the machine *answered*, and the share it left manual. Either alone can be gamed — leaving
everything manual gives perfect agreement on nothing — so both are always reported.
Precision and recall are for *finding faults*: the positive class is an item not passed
("no" or "partial"), the thing a QCO must not miss.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from qa_app.scoring.arithmetic import compute_score
from qa_app.scoring.schema import Form

FAULTS = frozenset({"no", "partial"})
MANUAL = "manual"
Answers = Mapping[str, str]


@dataclass(frozen=True)
class ItemAgreement:
    item: str
    compared: int  # items the human answered
    answered: int  # of those, items the machine answered too (not "manual")
    agreement: float  # on the answered ones; 0.0 when none was answered
    manual_share: float
    precision: float | None  # None when the pre-scorer flagged no fault
    recall: float | None  # None when the humans found no fault
    kappa: float


@dataclass(frozen=True)
class AccuracyReport:
    items: tuple[ItemAgreement, ...]
    compared: int
    answered: int
    agreement: float  # on answered items
    manual_share: float
    kappa: float  # on answered items
    mean_score_difference: float | None  # mean |pre-score − human score|, points
    max_score_difference: float | None


def cohen_kappa(human: Sequence[str], machine: Sequence[str]) -> float:
    """Agreement beyond chance: Cohen's kappa, (observed - expected) / (1 - expected), the
    expected agreement from each side's answer shares. The same figure as scikit-learn's
    ``cohen_kappa_score`` (tests/unit/test_accuracy_weeks.py checks it), counted directly:
    the snapshot takes one per item and week, and scikit-learn's argument checks cost a
    thousand times the counting. Where it is undefined: no pairs give 0.0; one identical
    answer from both throughout gives 1.0."""
    if not human:
        return 0.0
    if len(set(human) | set(machine)) == 1:
        return 1.0
    pairs = len(human)
    observed = sum(h == m for h, m in zip(human, machine, strict=True)) / pairs
    humans, machines = Counter(human), Counter(machine)
    expected = sum(humans[answer] * machines[answer] for answer in humans) / pairs ** 2
    return (observed - expected) / (1 - expected)


def _answered(human: Sequence[str], machine: Sequence[str]) -> tuple[list[str], list[str]]:
    pairs = [(h, m) for h, m in zip(human, machine, strict=True) if m != MANUAL]
    return [h for h, _ in pairs], [m for _, m in pairs]


def item_agreement(item: str, human: Sequence[str], machine: Sequence[str]) -> ItemAgreement:
    """Agreement, precision, recall and kappa on the pairs the machine answered."""
    humans, machines = _answered(human, machine)
    pairs = list(zip(humans, machines, strict=True))
    flagged = sum(m in FAULTS for _, m in pairs)
    faults = sum(h in FAULTS for h, _ in pairs)
    caught = sum(h in FAULTS and m in FAULTS for h, m in pairs)
    return ItemAgreement(item, len(human), len(pairs),
                         sum(h == m for h, m in pairs) / len(pairs) if pairs else 0.0,
                         1.0 - len(pairs) / len(human) if human else 0.0,
                         caught / flagged if flagged else None,
                         caught / faults if faults else None,
                         cohen_kappa(humans, machines))


def compare(form: Form, cases: Sequence[tuple[Answers, Answers]]) -> AccuracyReport:
    """``cases``: (human answers, pre-score answers) per interaction."""
    by_item: dict[str, tuple[list[str], list[str]]] = {}
    differences = []
    for human, machine in cases:
        for item, answer in human.items():
            humans, machines = by_item.setdefault(item, ([], []))
            humans.append(answer)
            machines.append(machine.get(item, MANUAL))
        human_score = compute_score(form, human)
        machine_score = compute_score(form, {i: machine.get(i, MANUAL) for i in human})
        if human_score.score is not None and machine_score.score is not None:
            differences.append(abs(human_score.score - machine_score.score))
    order = [item.id for item in form.items() if item.id in by_item]
    rows = tuple(item_agreement(i, *by_item[i]) for i in order)
    compared = sum(len(by_item[i][0]) for i in order)
    all_human, all_machine = _answered([a for i in order for a in by_item[i][0]],
                                       [a for i in order for a in by_item[i][1]])
    agreed = sum(h == m for h, m in zip(all_human, all_machine, strict=True))
    return AccuracyReport(rows, compared, len(all_human),
                          agreed / len(all_human) if all_human else 0.0,
                          1.0 - len(all_human) / compared if compared else 0.0,
                          cohen_kappa(all_human, all_machine),
                          sum(differences) / len(differences) if differences else None,
                          max(differences, default=None))


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: the trend's unit."""
    return day - timedelta(days=day.weekday())


def by_week(form: Form, cases: Sequence[tuple[date, Answers, Answers]]
            ) -> tuple[tuple[date, int, AccuracyReport], ...]:
    """``cases``: (day finalized, human answers, pre-score answers). Per week (its Monday),
    oldest first, weeks without a case left out: the number of cases and their report."""
    weeks: dict[date, list[tuple[Answers, Answers]]] = {}
    for day, human, machine in cases:
        weeks.setdefault(week_start(day), []).append((human, machine))
    return tuple((week, len(weeks[week]), compare(form, weeks[week])) for week in sorted(weeks))
