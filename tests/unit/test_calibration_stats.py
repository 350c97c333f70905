"""Calibration figures against values worked out by hand, and Krippendorff's α against the
published worked example."""

from __future__ import annotations

import math

import pytest

from qa_app.calibration.stats import (
    AnswerSet,
    Unit,
    alpha,
    rater_deviation,
    session_result,
    unit_result,
)

BASELINE = 9


def with_baseline() -> Unit:
    """Baseline 80; r1 agrees on everything, r2 misses A (70), r3 fails fatal B (0)."""
    return Unit(key=1, form="voice_inbound", item_ids=("A", "B", "C"),
                fatal_items=frozenset({"B"}), baseline=BASELINE,
                sets=(AnswerSet(BASELINE, {"A": "yes", "B": "yes", "C": "no"}, 80.0),
                      AnswerSet(1, {"A": "yes", "B": "yes", "C": "no"}, 80.0),
                      AnswerSet(2, {"A": "no", "B": "yes", "C": "no"}, 70.0),
                      AnswerSet(3, {"A": "yes", "B": "no", "C": "partial"}, 0.0)))


def test_item_agreement_spread_tolerance_and_fatal_flag_against_a_baseline() -> None:
    result = unit_result(with_baseline())
    assert result.item_agreement == pytest.approx({"A": 2 / 3, "B": 2 / 3, "C": 2 / 3})
    assert result.agreement == pytest.approx(2 / 3)
    assert result.reference_total == 80.0
    assert result.within_tolerance == pytest.approx(1 / 3)  # only r1 is within ±5 of 80
    assert result.fatal_disagreements == ("B",)
    assert result.spread is not None
    assert (result.spread.lowest, result.spread.highest, result.spread.range) == (0, 80, 80)
    assert result.spread.stdev == pytest.approx(math.sqrt(4475 / 4))  # totals 80, 80, 70, 0
    assert not result.meets_targets


def test_each_raters_deviation_from_the_baseline() -> None:
    unit = with_baseline()
    deviations = {r: rater_deviation([unit], r) for r in (1, 2, 3)}
    assert [deviations[r].mean_signed for r in (1, 2, 3)] == [0.0, -10.0, -80.0]
    assert [deviations[r].agreement for r in (1, 2, 3)] == pytest.approx([1.0, 2 / 3, 1 / 3])
    assert [deviations[r].within_tolerance for r in (1, 2, 3)] == [1.0, 0.0, 0.0]


def test_without_a_baseline_the_mode_and_the_median_total_are_the_reference() -> None:
    unit = Unit(key=2, form="voice_inbound", item_ids=("A",), fatal_items=frozenset(),
                sets=(AnswerSet(1, {"A": "yes"}, 90.0), AnswerSet(2, {"A": "yes"}, 92.0),
                      AnswerSet(3, {"A": "no"}, 100.0)))
    result = unit_result(unit)
    assert result.agreement == pytest.approx(2 / 3)
    assert result.reference_total == 92.0
    assert result.within_tolerance == pytest.approx(2 / 3)  # 90 and 92 yes, 100 no (8 away)


def test_a_session_flags_items_below_target_and_any_fatal_disagreement() -> None:
    agreeing = Unit(key=3, form="voice_inbound", item_ids=("A", "B", "C"),
                    fatal_items=frozenset({"B"}),
                    baseline=BASELINE,
                    sets=(AnswerSet(BASELINE, {"A": "yes", "B": "yes", "C": "yes"}, 100.0),
                          AnswerSet(1, {"A": "yes", "B": "yes", "C": "yes"}, 100.0),
                          AnswerSet(2, {"A": "yes", "B": "yes", "C": "yes"}, 100.0),
                          AnswerSet(3, {"A": "yes", "B": "yes", "C": "yes"}, 100.0)))
    result = session_result([with_baseline(), agreeing])
    items = {i.item_id: i for i in result.items}
    assert items["A"].agreement == pytest.approx(5 / 6)  # 2 of 3, then 3 of 3
    assert items["A"].flagged  # 83% < 85%
    assert items["B"].fatal and items["B"].flagged
    assert result.agreement == pytest.approx((2 / 3 + 1) / 2)
    assert result.within_tolerance == pytest.approx((1 / 3 + 1) / 2)
    assert [r.rater for r in result.raters] == [1, 2, 3]  # the baseline is not graded


def test_alpha_of_two_raters_worked_out_by_hand() -> None:
    """Coincidences: o_aa = 4, o_bb = 2, o_ab = o_ba = 1; n_a = 5, n_b = 3, n = 8.
    α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 7·2 / (2·5·3) = 8/15."""
    assert alpha([["yes", "yes", "no", "no"], ["yes", "yes", "no", "yes"]]) == pytest.approx(8 / 15)


def test_alpha_on_krippendorffs_published_nominal_example() -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
    observers, twelve units, missing values; the paper gives α_nominal = 0.743."""
    rows = ["1 2 3 3 2 1 4 1 2 . . .",
            "1 2 3 3 2 2 4 1 2 5 . 3",
            ". 3 3 3 2 3 4 2 2 5 1 .",
            "1 2 3 3 2 4 4 1 2 5 1 ."]
    matrix = [[None if v == "." else v for v in row.split()] for row in rows]
    assert round(alpha(matrix) or 0, 3) == 0.743


def test_alpha_is_undefined_without_variation_or_pairs() -> None:
    assert alpha([["yes", "yes"], ["yes", "yes"]]) is None
    assert alpha([["yes", None], [None, "no"]]) is None
    assert alpha([]) is None


def test_a_session_of_two_forms_gives_the_same_item_id_one_row_per_form() -> None:
    """A chat and an outbound interaction in one session, both with a P1: two item rows."""
    chat = Unit(key=4, form="chat", item_ids=("P1",), fatal_items=frozenset(),
                sets=(AnswerSet(1, {"P1": "yes"}, 100.0), AnswerSet(2, {"P1": "yes"}, 100.0)))
    outbound = Unit(key=5, form="voice_outbound", item_ids=("P1",), fatal_items=frozenset(),
                    sets=(AnswerSet(1, {"P1": "yes"}, 100.0), AnswerSet(2, {"P1": "no"}, 90.0)))
    result = session_result([chat, outbound])
    # merged, P1 would read 75%; apart, the outbound split shows
    assert [(i.form, i.item_id, i.agreement) for i in result.items] == [
        ("chat", "P1", 1.0), ("voice_outbound", "P1", 0.5)]
