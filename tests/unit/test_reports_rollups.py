"""QM, completion, item analysis, CSI, linkage, KPIs and coaching follow-up, with
hand-computed expected values."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from qa_app.coaching.followup import ItemObservation, follow_up
from qa_app.reports.rollups import completion, csi, items, kpis, linkage, qm
from qa_app.reports.rollups.periods import month_of_week, shift_month, weeks_of_months
from qa_app.reports.targets import KpiSettings, TargetsError, load_targets
from qa_app.scoring.item_keys import ItemKey

TARGETS = load_targets()


def _evaluations() -> pd.DataFrame:
    rows = [  # id, agent, team, tier, week, kind, score, fatal, case
        (1, 1, "A", "T1", 1, "2026-W45", "random", 90.0, False, "c1"),
        (2, 1, "A", "T1", 1, "2026-W46", "random", 100.0, False, "c2"),
        (3, 2, "B", "T1", 2, "2026-W45", "random", 80.0, False, "c3"),
        (4, 2, "B", "T1", 2, "2026-W49", "random", 0.0, True, "c4"),
        (5, 3, "C", "T2", 1, "2026-W45", "random", 100.0, False, "c5"),
        (6, 3, "C", "T2", 1, "2026-W45", "targeted", 40.0, False, "c6"),
        (7, 1, "A", "T1", 1, "2026-W41", "random", 70.0, False, None),
    ]
    frame = pd.DataFrame(rows, columns=["evaluation_id", "agent_id", "agent", "team", "tier",
                                        "week", "kind", "score", "fatal", "case_id"])
    return frame.assign(month=frame["week"].map(month_of_week))


def _quotas() -> pd.DataFrame:
    rows = [(1, "A", "T1", 1, "2026-W45", 2), (1, "A", "T1", 1, "2026-W46", 2),
            (2, "B", "T1", 2, "2026-W45", 3), (3, "C", "T2", 1, "2026-W45", 1)]
    frame = pd.DataFrame(rows, columns=["agent_id", "agent", "team", "tier", "week", "quota"])
    return frame.assign(month=frame["week"].map(month_of_week))


@pytest.mark.parametrize("week, month", [("2026-W45", "2026-11"), ("2026-W49", "2026-12"),
                                         ("2026-W44", "2026-10"), ("2026-W53", "2026-12"),
                                         ("2027-W01", "2027-01")])
def test_a_week_belongs_to_the_month_of_its_thursday(week: str, month: str) -> None:
    assert month_of_week(week) == month


def test_weeks_of_a_month_and_month_shifts() -> None:
    assert weeks_of_months(["2026-11"]) == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert shift_month("2026-01", -2) == "2025-11" and shift_month("2026-12", 1) == "2027-01"


@pytest.mark.parametrize("level, key, n, mean, quota, under", [
    ("team", "T1", 3, 90.0, 7, True),  # 90, 100, 80 in November; quota 2 + 2 + 3
    ("team", "T2", 1, 100.0, 1, False),  # the targeted 40 is not in QM
    ("agent", 1, 2, 95.0, 4, True),
    ("tier", 2, 1, 80.0, 3, True),
])
def test_monthly_qm_with_count_quota_and_mark(level: str, key: object, n: int, mean: float,
                                              quota: int, under: bool) -> None:
    table = qm.qm_table(_evaluations(), level, "month", 95.0, _quotas())
    column = {"team": "team", "agent": "agent_id", "tier": "tier"}[level]
    row = table[(table[column] == key) & (table["month"] == "2026-11")].iloc[0]
    assert (row["evaluations"], row["qm"], row["quota"], bool(row["under_quota"])) == (
        n, mean, quota, under)
    assert bool(row["meets_target"]) == (mean >= 95.0)


def test_margin_and_fatal_beside_the_mean() -> None:
    table = qm.qm_table(_evaluations(), "team", "month", 95.0, _quotas()).set_index(
        ["team", "month"])
    t1 = table.loc[("T1", "2026-11")]
    assert (t1["low"], t1["high"]) == pytest.approx((48.614, 98.846), abs=1e-3)  # 80, 90, 100
    assert table.loc[("T2", "2026-11"), "low"] is None  # fewer than 3: n too small
    assert table.loc[("T1", "2026-12"), "fatal"] == 1


def test_weekly_qm_and_an_agent_with_quota_but_no_evaluation() -> None:
    quotas = pd.concat([_quotas(), pd.DataFrame([{
        "agent_id": 9, "agent": "Z", "team": "T2", "tier": 1, "week": "2026-W45", "quota": 2,
        "month": "2026-11"}])])
    table = qm.qm_table(_evaluations(), "agent", "week", 95.0, quotas)
    empty = table[table["agent_id"] == 9].iloc[0]
    assert empty["evaluations"] == 0 and pd.isna(empty["qm"]) and bool(empty["under_quota"])
    assert not bool(empty["meets_target"])


def test_targeted_reviews_are_rolled_up_apart() -> None:
    table = qm.qm_table(_evaluations(), "team", "month", 95.0, _quotas(), kind="targeted")
    assert table[["team", "evaluations", "qm"]].values.tolist() == [["T2", 1, 40.0]]
    assert not table["under_quota"].any()


def test_rolling_three_months_pools_the_evaluations() -> None:
    table = qm.rolling_qm(_evaluations(), "agent", 95.0, _quotas()).set_index(
        ["agent_id", "month"])
    # agent A: October 70, November 90 and 100 → (70 + 90 + 100) / 3
    assert table.loc[(1, "2026-11"), "qm"] == pytest.approx(260 / 3)
    assert table.loc[(1, "2026-11"), "evaluations"] == 3
    assert table.loc[(1, "2026-12"), "qm"] == pytest.approx(260 / 3)  # October still in
    assert table.loc[(2, "2026-12"), "qm"] == pytest.approx(40.0)  # 80 and 0


def _samples() -> pd.DataFrame:
    rows = [(1, 1, "A", "T1", "qco1", "2026-W45", "random", True),
            (2, 1, "A", "T1", "qco1", "2026-W46", "random", False),
            (3, 2, "B", "T1", "qco2", "2026-W45", "random", True),
            (4, 3, "C", "T2", "qco2", "2026-W45", "targeted", True)]
    frame = pd.DataFrame(rows, columns=["sample_id", "agent_id", "agent", "team", "reviewer",
                                        "week", "kind", "finalized"])
    return frame.assign(month=frame["week"].map(month_of_week))


def test_completion_per_team_and_per_qco() -> None:
    table = completion.completion_table(_quotas(), _samples(), "team", "month")
    t1 = table[table["team"] == "T1"].iloc[0]
    assert [t1[c] for c in completion.COLUMNS[:-1]] == [7, 3, 0, 2]
    assert t1["completion"] == pytest.approx(2 / 7)
    t2 = table[table["team"] == "T2"].iloc[0]
    assert (t2["quota"], t2["drawn"], t2["targeted"], t2["finalized"]) == (1, 0, 1, 0)
    reviewers = completion.reviewer_completion(_samples(), "week").set_index(
        ["reviewer", "week"])
    assert reviewers.loc[("qco2", "2026-W45"), ["assigned", "finalized"]].tolist() == [2, 2]
    assert reviewers.loc[("qco1", "2026-W46"), "completion"] == 0.0


def _answers() -> pd.DataFrame:
    rows = [(1, "O1", "no", False), (1, "V2", "yes", True), (1, "C2", "partial", False),
            (2, "O1", "yes", False), (2, "V2", "yes", True), (2, "C2", "na", False),
            (3, "O1", "no", False), (3, "V2", "no", True), (3, "C2", "yes", False),
            (5, "O1", "yes", False), (5, "V2", "yes", True), (5, "C2", "yes", False)]
    frame = pd.DataFrame(rows, columns=["evaluation_id", "item_id", "answer", "item_fatal"])
    return frame.assign(form="voice_inbound")


def test_item_failures_and_pareto() -> None:
    failures = items.item_failures(_answers(), _evaluations()).set_index("item_id")
    assert set(failures["form"]) == {"voice_inbound"}
    assert failures.loc["O1", ["applicable", "no", "partial", "failed"]].tolist() == [4, 2, 0, 2]
    assert failures.loc["O1", "failure_rate"] == 0.5
    assert failures.loc["C2", ["applicable", "failed"]].tolist() == [3, 1]  # na left out
    assert failures.loc["V2", "fatal_failed"] == 1
    ranked = items.pareto(items.item_failures(_answers(), _evaluations()))
    assert ranked["item_id"].tolist() == ["O1", "C2", "V2"]
    assert ranked["cumulative_share"].tolist() == pytest.approx([0.5, 0.75, 1.0])


def test_item_failures_per_team_and_fatal_counts() -> None:
    per_team = items.item_failures(_answers(), _evaluations(), ["team"]).set_index(
        ["team", "form", "item_id"])
    assert per_team.loc[("T2", "voice_inbound", "O1"), "failed"] == 0
    assert per_team.loc[("T1", "voice_inbound", "O1"), "failure_rate"] == pytest.approx(2 / 3)
    fatal = items.fatal_counts(_evaluations(), ["team"]).set_index("team")
    assert fatal.loc["T1", ["evaluations", "fatal"]].tolist() == [5, 1]


@pytest.mark.parametrize("counts, formula, expected", [
    ((1, 0, 1, 1, 1), "mean_over_5", 65.0),  # mean 3.25
    ((0, 0, 0, 0, 4), "mean_over_5", 100.0),
    ((4, 0, 0, 0, 0), "mean_over_5", 20.0),
    ((1, 0, 1, 1, 1), "top2_share", 50.0),
    ((1, 0, 1, 1, 1), "linear", 56.25),
    ((0, 0, 0, 0, 0), "mean_over_5", None),
])
def test_csi_index(counts: tuple[int, ...], formula: str, expected: float | None) -> None:
    assert csi.csi_index(counts, formula) == expected


@pytest.mark.parametrize("index, band", [(20.0, "Sangat Kurang"), (25.4, "Sangat Kurang"),
                                         (25.5, "Kurang"), (50.0, "Kurang"),
                                         (50.5, "Baik"), (51.0, "Baik"), (75.0, "Baik"),
                                         (76.0, "Sangat Baik"), (100.0, "Sangat Baik")])
def test_csi_bands(index: float, band: str) -> None:
    assert csi.band_of(index, TARGETS.csi) == band


def _csi() -> pd.DataFrame:
    rows = [(1, 1, "A", "T1", "c1", "2026-11", 2), (2, 1, "A", "T1", "c2", "2026-11", 5),
            (3, 2, "B", "T1", "c3", "2026-11", 5), (4, 3, "C", "T2", "c5", "2026-11", 1),
            (5, 3, "C", "T2", "c5", "2026-11", 3), (6, 2, "B", "T1", "c9", "2026-11", 4)]
    return pd.DataFrame(rows, columns=["response_id", "agent_id", "agent", "team", "case_id",
                                       "month", "score"])


def test_csi_table_keeps_the_raw_counts() -> None:
    table = csi.csi_table(_csi(), ["team"], TARGETS.csi).set_index("team")
    assert table.loc["T1", ["responses", "n1", "n2", "n3", "n4", "n5"]].tolist() == [
        4, 0, 1, 0, 1, 2]
    assert table.loc["T1", "index"] == pytest.approx(80.0)  # mean 4.0
    assert table.loc["T2", ["index", "band"]].tolist() == [40.0, "Kurang"]


def test_linkage_per_case_item_and_mismatches() -> None:
    linked = linkage.link(_evaluations(), _csi())
    assert linked[["evaluation_id", "csi"]].values.tolist() == [[1, 2.0], [2, 5.0], [3, 5.0],
                                                               [5, 2.0]]
    by_item = linkage.csi_by_item(linked, _answers()).set_index("item_id")
    assert set(by_item["form"]) == {"voice_inbound"}
    # O1 passed in 2 (CSI 5, 2) and failed in 1 and 3 (CSI 2, 5)
    assert by_item.loc["O1", ["pass_n", "pass_csi", "fail_n", "fail_csi"]].tolist() == [
        2, 3.5, 2, 3.5]
    # V2 passed in 1, 2, 5 (CSI 2, 5, 2: mean 3) and failed in 3 (CSI 5)
    assert by_item.loc["V2", "fail_csi"] == 5.0 and by_item.loc["V2", "difference"] == -2.0
    flagged = linkage.mismatches(linked, TARGETS.mismatch)
    assert flagged[["evaluation_id", "mismatch"]].values.tolist() == [
        [5, "high_qm_low_csi"]]  # 3 (QM 80, CSI 5) is not < 80
    found = linkage.qm_csi_correlation(linked)
    # (90,2) (100,5) (80,5) (100,2): sxy = −15, sxx = 275, syy = 9 → r = −15 / √2475
    assert found.n == 4 and found.r == pytest.approx(-0.301511, abs=1e-5)


def test_kpis_from_daily_sums() -> None:
    daily = pd.DataFrame([
        (1, "A", "T1", "2026-11-03", 4, 3, 900.0, 2, 2, 500.0, 1),
        (1, "A", "T1", "2026-11-04", 1, 1, 200.0, 1, 0, 0.0, 0),
        (2, "B", "T1", "2026-11-03", 0, 0, 0.0, 0, 1, 100.0, 1),
    ], columns=list(kpis.DAILY_COLUMNS))
    table = kpis.kpi_table(daily, "agent", None, KpiSettings()).set_index("agent")
    assert table.loc["A", "aht"] == pytest.approx(275.0)  # 1100 / 4
    assert table.loc["A", "scr"] == pytest.approx(80.0) and bool(table.loc["A", "scr_met"]) is False
    assert table.loc["A", "first_response"] == 250.0
    assert table.loc["A", "first_response_within"] == 50.0
    assert table.loc["B", "aht_met"] is None and pd.isna(table.loc["B", "aht"])
    resolved = kpis.kpi_table(daily, "all", "day", KpiSettings(scr_definition="resolved_wrap_up"))
    assert resolved["scr"].tolist()[0] == pytest.approx(200 / 3)  # 2 of 3 handled on the 3rd
    assert kpis.kpi_table(daily, "team", "month", KpiSettings())["handled"].tolist() == [4]


def _inbound(item_id: str) -> ItemKey:
    return ItemKey("voice_inbound", item_id)


def test_follow_up_compares_failures_before_and_after() -> None:
    coached = datetime(2026, 11, 10, tzinfo=UTC)
    seen = [ItemObservation(1, _inbound("O1"), "no", datetime(2026, 11, 3, tzinfo=UTC)),
            ItemObservation(2, _inbound("O1"), "yes", datetime(2026, 11, 4, tzinfo=UTC)),
            ItemObservation(3, _inbound("O1"), "partial", datetime(2026, 11, 12, tzinfo=UTC)),
            ItemObservation(4, _inbound("O1"), "yes", datetime(2026, 11, 13, tzinfo=UTC)),
            ItemObservation(4, _inbound("C2"), "na", datetime(2026, 11, 13, tzinfo=UTC)),
            ItemObservation(1, _inbound("K3"), "no", datetime(2026, 11, 3, tzinfo=UTC)),
            ItemObservation(5, _inbound("K3"), "no", datetime(2026, 11, 14, tzinfo=UTC))]
    results = {f.key.item_id: f for f in follow_up(
        [_inbound("O1"), _inbound("C2"), _inbound("K3")], coached, seen)}
    assert (results["O1"].before_rate, results["O1"].after_rate) == (0.5, 0.5)
    assert results["O1"].verdict == "not_improved"
    assert results["C2"].verdict == "no_data"
    assert results["K3"].verdict == "not_improved"
    better = follow_up([_inbound("O1")], coached, seen[:2] + seen[3:4])[0]
    assert better.verdict == "improved" and better.after_failed == 0


def test_a_bad_targets_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text("csi:\n  formula: mean_over_5\n  bands:\n    - {min: 0, max: 50, label: a}\n"
                    "    - {min: 52, max: 100, label: b}\n", encoding="utf-8")
    with pytest.raises(TargetsError, match=r"targets.yaml: csi: .*band 'b' must start at 51"):
        load_targets(path)
    path.write_text("csi: {formula: median, bands: []}\n", encoding="utf-8")
    with pytest.raises(TargetsError, match="csi.formula"):
        load_targets(path)


def test_week_months_agree_with_the_sampling_calendar() -> None:
    """The reports label weeks with the standard calendar; sampling's ``IsoWeek`` decides
    which month a week's quota counts toward: the two must agree on every week."""
    from datetime import date, timedelta

    from qa_app.sampling.weeks import IsoWeek

    monday = date(2019, 12, 30)
    for offset in range(53 * 12):
        week = IsoWeek.containing(monday + timedelta(weeks=offset))
        year, month = week.month
        assert month_of_week(str(week)) == f"{year:04d}-{month:02d}"
    for month in ("2020-01", "2026-02", "2026-11", "2027-01"):
        expected = [str(IsoWeek.containing(date(2019, 12, 30) + timedelta(weeks=k)))
                    for k in range(53 * 9)]
        assert weeks_of_months([month]) == [w for w in expected if month_of_week(w) == month]


def test_a_week_label_that_is_no_week_is_refused() -> None:
    with pytest.raises(ValueError, match="2026-W54"):
        month_of_week("2026-W54")
