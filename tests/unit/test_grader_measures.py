"""Grading the grader: the per-QCO measures and their weekly rows, worked out by hand."""

from __future__ import annotations

import pytest

from qa_app.calibration.grading import (
    CalibrationFact,
    EvaluationFact,
    OverrideFact,
    grader_rows,
    override_rates,
)


def test_measures_for_the_period_and_per_week() -> None:
    evaluations = [EvaluationFact("dewi", "2026-W47", 90.0, 95.0, 10.0),
                   EvaluationFact("dewi", "2026-W48", 80.0, 70.0, 20.0),
                   EvaluationFact("dewi", "2026-W48", 100.0, None, 60.0)]
    overrides = [OverrideFact("dewi", "2026-W47", "voice_inbound", "O1", True),
                 OverrideFact("dewi", "2026-W47", "voice_inbound", "O2", False),
                 OverrideFact("dewi", "2026-W48", "voice_inbound", "O1", False),
                 OverrideFact("dewi", "2026-W48", "voice_inbound", "O1", False)]
    calibrations = [CalibrationFact("dewi", "2026-W48", 18, 20, -6.0),
                    CalibrationFact("dewi", "2026-W48", 20, 20, 0.0)]
    rows = {(r.reviewer, r.week): r.values
            for r in grader_rows(evaluations, overrides, calibrations, {("dewi", None): 2})}
    period = rows[("dewi", None)]
    assert period["alignment"] == pytest.approx(38 / 40)
    assert period["strictness_baseline"] == pytest.approx(-3.0)
    assert period["strictness_prescore"] == pytest.approx(2.5)  # (−5 + 10) / 2
    assert period["override_rate"] == pytest.approx(1 / 4)
    assert period["median_minutes"] == 20.0
    assert period["disputes_upheld"] == 2
    assert rows[("dewi", "2026-W47")]["alignment"] is None  # no calibration that week
    assert rows[("dewi", "2026-W48")]["strictness_prescore"] == pytest.approx(10.0)
    assert list(rows) == [("dewi", None), ("dewi", "2026-W47"), ("dewi", "2026-W48")]
    assert override_rates(overrides) == {("dewi", "voice_inbound", "O1"): pytest.approx(1 / 3),
                                         ("dewi", "voice_inbound", "O2"): 0.0}


def test_override_rates_keep_the_same_item_id_of_two_forms_apart() -> None:
    overrides = [OverrideFact("dewi", "2026-W47", "chat", "P1", True),
                 OverrideFact("dewi", "2026-W47", "voice_outbound", "P1", False),
                 OverrideFact("dewi", "2026-W48", "voice_outbound", "P1", False)]
    assert override_rates(overrides) == {("dewi", "chat", "P1"): 1.0,
                                         ("dewi", "voice_outbound", "P1"): 0.0}
