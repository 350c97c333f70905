"""The weekly trend of the pre-score's agreement (issue 14, point 6): weeks from Monday,
agreement and kappa of each week on a known example; kappa as scikit-learn computes it."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sklearn.metrics import cohen_kappa_score

from qa_app.scoring.accuracy import by_week, cohen_kappa, week_start
from qa_app.scoring.schema import Form

FORM = Form.model_validate({"id": "demo_form", "version": 1, "title": "Demo", "channel": "voice",
                            "sections": [{"id": "S", "title": "Semua", "items": [
                                {"id": "O1", "text": "Salam pembuka", "weight": 4},
                                {"id": "C2", "text": "Menawarkan bantuan lain", "weight": 3}]}]})


@pytest.mark.parametrize(("day", "monday"), [
    (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday is its own week's start
    (date(2026, 11, 29), date(2026, 11, 23)),  # Sunday closes the week
    (date(2026, 12, 1), date(2026, 11, 30)),
])
def test_week_starts_on_monday(day: date, monday: date) -> None:
    assert week_start(day) == monday


def test_each_week_is_compared_on_its_own_cases() -> None:
    # week of 16/11: O1 human yes no no no, machine yes yes no no -> 3/4 agree, kappa 0.5;
    # C2 left manual twice of four -> answered 2, both agree.
    first = [(date(2026, 11, 16), {"O1": "yes", "C2": "yes"}, {"O1": "yes", "C2": "yes"}),
             (date(2026, 11, 17), {"O1": "no", "C2": "no"}, {"O1": "yes", "C2": "no"}),
             (date(2026, 11, 18), {"O1": "no", "C2": "yes"}, {"O1": "no", "C2": "manual"}),
             (date(2026, 11, 22), {"O1": "no", "C2": "no"}, {"O1": "no"})]
    # week of 30/11 (the week between has no case): O1 opposite answers -> 0% agree.
    later = [(date(2026, 12, 1), {"O1": "yes"}, {"O1": "no"}),
             (date(2026, 12, 2), {"O1": "no"}, {"O1": "yes"})]

    weeks = by_week(FORM, later + first)

    assert [(week, count) for week, count, _ in weeks] == [(date(2026, 11, 16), 4),
                                                           (date(2026, 11, 30), 2)]
    november = {row.item: row for row in weeks[0][2].items}
    assert november["O1"].agreement == pytest.approx(3 / 4)
    assert november["O1"].kappa == pytest.approx(0.5)
    assert (november["C2"].compared, november["C2"].answered) == (4, 2)
    assert november["C2"].agreement == pytest.approx(1.0)
    assert weeks[0][2].agreement == pytest.approx(5 / 6)  # both items, answered pairs only
    december = weeks[1][2]
    assert [row.item for row in december.items] == ["O1"]
    assert december.agreement == 0.0
    assert december.kappa == pytest.approx(-1.0)


@pytest.mark.parametrize("seed", range(20))
def test_kappa_is_scikit_learns(seed: int) -> None:
    rng = random.Random(seed)
    answers = ("yes", "partial", "no", "na")[:rng.randint(2, 4)]
    human = [rng.choice(answers) for _ in range(rng.randint(2, 60))]
    machine = [h if rng.random() < 0.7 else rng.choice(answers) for h in human]
    if len(set(human)) < 2 or len(set(machine)) < 2:
        human, machine = [*human, "yes", "no"], [*machine, "no", "yes"]
    assert cohen_kappa(human, machine) == pytest.approx(cohen_kappa_score(human, machine))
