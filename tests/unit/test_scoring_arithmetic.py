"""The score arithmetic: weights from the form, N/A out, fatal to 0, pending reported."""

from __future__ import annotations

import pytest

from qa_app.scoring.arithmetic import compute_score
from qa_app.scoring.schema import Form


def make_form(weights: dict[str, float], fatal: frozenset[str] = frozenset()) -> Form:
    items = [{"id": item, "text": item, "weight": weight, "fatal": item in fatal,
              "fatal_when": "x" if item in fatal else None, "manual": True}
             for item, weight in weights.items()]
    return Form.model_validate({"id": "f", "version": 1, "title": "t", "channel": "voice",
                                "sections": [{"id": "s", "title": "s", "items": items}]})


FORM = make_form({"A": 4, "B": 6, "C": 10, "F": 0}, fatal=frozenset({"C", "F"}))


@pytest.mark.parametrize(("answers", "score", "fatal", "pending"), [
    ({"A": "yes", "B": "yes", "C": "yes", "F": "yes"}, 100.0, False, 0.0),
    ({"A": "no", "B": "yes", "C": "yes", "F": "yes"}, 80.0, False, 0.0),
    ({"A": "partial", "B": "yes", "C": "yes", "F": "yes"}, 90.0, False, 0.0),
    # N/A leaves the item out of numerator and denominator
    ({"A": "na", "B": "yes", "C": "yes", "F": "yes"}, 100.0, False, 0.0),
    ({"A": "na", "B": "no", "C": "yes", "F": "yes"}, 62.5, False, 0.0),
    # a failed fatal item sets 0, even a weight-0 one
    ({"A": "yes", "B": "yes", "C": "no", "F": "yes"}, 0.0, True, 0.0),
    ({"A": "yes", "B": "yes", "C": "yes", "F": "no"}, 0.0, True, 0.0),
    # partial on a fatal item is not a failure
    ({"A": "yes", "B": "yes", "C": "partial", "F": "yes"}, 75.0, False, 0.0),
    # manual and missing answers are pending: out of the provisional score, share reported
    ({"A": "yes", "B": "manual", "C": "yes", "F": "yes"}, 100.0, False, 0.3),
    ({"A": "no", "C": "yes"}, 10 / 14 * 100, False, 0.3),
    ({"A": "na", "B": "manual", "C": "yes", "F": "yes"}, 100.0, False, 6 / 16),
    # all N/A: nothing to score, no division by zero
    ({"A": "na", "B": "na", "C": "na", "F": "na"}, None, False, 0.0),
    ({"A": "na", "B": "na", "C": "na", "F": "yes"}, None, False, 0.0),
    ({"A": "na", "B": "na", "C": "na", "F": "no"}, 0.0, True, 0.0),
])
def test_score(answers: dict[str, str], score: float | None, fatal: bool, pending: float) -> None:
    result = compute_score(FORM, answers)
    assert result.score == (None if score is None else pytest.approx(score))
    assert result.fatal is fatal
    assert result.pending_weight == pytest.approx(pending)


def test_maximum_follows_the_form_not_a_constant() -> None:
    light = make_form({"A": 1, "B": 2})
    assert compute_score(light, {"A": "yes", "B": "yes"}).score == 100.0
    assert compute_score(light, {"A": "yes", "B": "no"}).score == pytest.approx(100 / 3)


@pytest.mark.parametrize(("answers", "message"), [
    ({"Z": "yes"}, "does not have: Z"),
    ({"A": "maybe"}, "item A: answer 'maybe'"),
])
def test_bad_answers_are_refused(answers: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_score(FORM, answers)
