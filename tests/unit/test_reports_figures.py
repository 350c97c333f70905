"""What the report figures mark: n too small, a period in progress, target deltas, the
interval's text and the SCR that has nothing to measure."""

from __future__ import annotations

import pandas as pd
import pytest

from qa_app.reports.rollups import kpis, qm
from qa_app.reports.rollups.periods import month_of_week
from qa_app.web import report_tables as tables

ROWS = [  # week, score: W45 has 3 evaluations, W46 two, W47 one (the running week)
    ("2026-W45", 90.0), ("2026-W45", 100.0), ("2026-W45", 80.0),
    ("2026-W46", 100.0), ("2026-W46", 90.0), ("2026-W47", 95.0)]


def _trend() -> pd.DataFrame:
    frame = pd.DataFrame([{"agent_id": 1, "agent": "A", "team": "T", "tier": 1, "week": week,
                           "kind": "random", "score": score, "fatal": False}
                          for week, score in ROWS])
    frame = frame.assign(month=frame["week"].map(month_of_week))
    return qm.qm_table(frame, "all", "week", 95.0)


def test_points_below_three_evaluations_are_marked_n_too_small() -> None:
    marked = qm.marked(_trend(), "week", "2026-W47").set_index("week")
    assert marked["n_too_small"].to_dict() == {"2026-W45": False, "2026-W46": True,
                                               "2026-W47": True}
    assert marked.loc["2026-W45", "low"] is not None  # 3 evaluations: an interval
    assert marked.loc["2026-W46", "low"] is None and marked.loc["2026-W46", "high"] is None


def test_the_running_week_and_later_ones_are_in_progress() -> None:
    marked = qm.marked(_trend(), "week", "2026-W46").set_index("week")
    assert marked["in_progress"].to_dict() == {"2026-W45": False, "2026-W46": True,
                                               "2026-W47": True}
    assert not qm.marked(_trend(), "week", "2026-W48")["in_progress"].any()


def test_a_month_in_progress_compares_as_a_month() -> None:
    months = pd.DataFrame({"month": ["2026-10", "2026-11"], "evaluations": [8, 0]})
    marked = qm.marked(months, "month", "2026-11")
    assert marked["in_progress"].tolist() == [False, True]
    assert marked["n_too_small"].tolist() == [False, True]  # 0 evaluations (quota only)


@pytest.mark.parametrize("value, target, digits, expected", [
    ("96.7", 95, 1, "+1.7 vs target 95"), ("90.0", 95, 1, "-5.0 vs target 95"),
    ("320", 300, 0, "+20 vs target 300"), ("95.0", 95, 1, "+0.0 vs target 95"),
    ("–", 95, 1, None)])
def test_the_target_delta_is_signed_for_its_colour(value: str, target: float, digits: int,
                                                   expected: str | None) -> None:
    assert tables.target_delta(value, target, "en", digits) == expected


def test_the_interval_text_and_its_mark_when_n_is_too_small() -> None:
    table = pd.DataFrame({"low": [83.6516, None], "high": [98.6024, None]})
    shown = tables.display(table, ("interval",), "en")
    assert shown["95% interval"].tolist() == ["83.7–98.6", "n too small"]
    assert tables.display(table, ("interval",), "id")["Interval 95%"].tolist()[1] == \
        "n terlalu kecil"


def test_the_rolling_window_names_its_months() -> None:
    assert tables.window("2026-02", 3) == "2025-12 – 2026-02"


def test_unanswered_calls_are_offered_minus_handled() -> None:
    table = pd.DataFrame({"offered": [10, 5], "handled": [10, 3]})
    assert kpis.unanswered_calls(table) == 2
    assert kpis.unanswered_calls(table.iloc[:1]) == 0
    assert kpis.unanswered_calls(table.iloc[:0]) == 0


def test_a_rolling_window_ending_in_a_month_without_evaluations_has_the_months_before() -> None:
    frame = pd.DataFrame([{"agent_id": 1, "agent": "A", "team": "T", "tier": 1,
                           "week": "2026-W45", "kind": "random", "score": score, "fatal": False}
                          for score in (90.0, 100.0, 80.0)])
    rolling = qm.rolling_qm(frame.assign(month="2026-11"), "team", 95.0).set_index("month")
    assert rolling.loc["2027-01", "qm"] == 90.0  # November is within Nov–Jan
    assert rolling.loc["2026-12", "evaluations"] == 3
    assert "2027-02" not in rolling.index
