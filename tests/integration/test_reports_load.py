"""The report frames from the database: scoped per role, and rolled up to hand-computed
figures, on SQLite and PostgreSQL (aggregation of the KPIs in SQL)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.work_models import RubricVersion
from qa_app.reports.queries.quality import latest_evaluated_month, load_quality, quality_view
from qa_app.reports.targets import load_targets
from tests.factories import report_rows
from tests.factories.report_rows import PASS

JAKARTA = ZoneInfo("Asia/Jakarta")



def _view(engine: Engine, principal, level: str):  # noqa: ANN001, ANN202
    targets = load_targets()
    with Session(engine) as session:
        data = load_quality(session, principal, ("2026-11",), JAKARTA, targets, level=level)
    return data, quality_view(data, level, 95.0, targets)


def test_manager_sees_every_team_with_margin_and_quota_marks(
        engine: Engine, graded) -> None:  # noqa: ANN001
    data, view = _view(engine, graded.users["manager"], "team")
    assert data.evaluations["n"].sum() == 5  # the draft is not a finalized evaluation
    rows = view.qm_month.set_index("team")
    assert rows.loc["Tim Gadai", "evaluations"] == 3
    assert rows.loc["Tim Gadai", "qm"] == pytest.approx(90.0)
    # 80, 90, 100 (spread 10): the bounded interval of stats.bounded_interval
    assert (rows.loc["Tim Gadai", "low"], rows.loc["Tim Gadai", "high"]) == pytest.approx(
        (48.614, 98.846), abs=1e-3)
    assert bool(rows.loc["Tim Gadai", "under_quota"])  # 3 finalized, quota 4
    assert rows.loc["Tim Digital", "qm"] == 100.0 and rows.loc["Tim Digital", "low"] is None
    assert view.targeted.set_index("team").loc["Tim Digital", "qm"] == 50.0
    assert view.correlation.n == 4
    assert sorted(view.mismatches["mismatch"]) == ["high_qm_low_csi"]
    kpi = view.kpis.set_index("team")
    assert kpi.loc["Tim Gadai", "aht"] == pytest.approx(280.0)
    assert kpi.loc["Tim Gadai", "offered"] == 8 and kpi.loc["Tim Gadai", "scr"] == 100.0
    assert list(view.kpi_days["day"]) == ["2026-11-16", "2026-11-16"]  # one per team
    completion = view.completion.set_index("team")
    # the draft was drawn, not finalized
    assert completion.loc["Tim Gadai", ["quota", "drawn", "finalized"]].tolist() == [4, 4, 3]


@pytest.mark.parametrize("user, teams, agents", [
    ("teamlead", {"Tim Gadai"}, {"Agent G1", "Agent G2"}),
    ("agent", {"Tim Gadai"}, {"Agent G1"}),
])
def test_frames_hold_only_the_rows_in_scope(engine: Engine, graded, user: str,  # noqa: ANN001
                                            teams: set[str], agents: set[str]) -> None:
    data, view = _view(engine, graded.users[user], "agent")
    for frame in (data.evaluations, data.quotas, data.csi, data.daily):
        assert set(frame["team"]) <= teams and set(frame["agent"]) <= agents
    assert set(view.qm_month["agent"]) == agents
    assert set(data.csi["agent"]) == agents and data.csi["n"].sum() == 4 * len(agents)


def test_the_latest_month_with_finalized_evaluations_is_the_principals(
        engine: Engine, graded) -> None:  # noqa: ANN001
    ids, qco = graded.interaction_ids, graded.users["qco1"].user_id
    with Session(engine) as session, session.begin():
        rubric = session.scalar(select(RubricVersion.id))
        # D1 (Tim Digital) finalized in December; G2 (Tim Gadai) only a draft in January
        report_rows.evaluation(session, ids["OC-D1-2"], qco, rubric, "2026-W50", 100, PASS)
        report_rows.evaluation(session, ids["OC-G2-2"], qco, rubric, "2027-W02", 80, PASS,
                        status="draft")
    with Session(engine) as session:
        assert latest_evaluated_month(session, graded.users["manager"]) == "2026-12"
        assert latest_evaluated_month(session, graded.users["teamlead"]) == "2026-11"
        assert latest_evaluated_month(session, graded.users["agent"]) == "2026-11"


def test_no_finalized_evaluation_gives_no_month(engine: Engine, world) -> None:  # noqa: ANN001
    with Session(engine) as session:
        assert latest_evaluated_month(session, world.users["manager"]) is None
