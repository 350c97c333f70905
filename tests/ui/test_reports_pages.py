"""The report pages in AppTest: figures on screen, and each role limited to its own rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.models import Agent, CsiResponse, Interaction
from qa_app.ingest.service import ImportReport
from qa_app.reports import demo

ImportBytes = Callable[[str, str, bytes], ImportReport]
PASS = {"O1": "yes", "V2": "yes", "C2": "yes"}
CLIP = [{"speaker": "agent", "start": 3.0, "text": "halo"}]


@pytest.fixture
def graded(engine: Engine, import_bytes: ImportBytes, roster_csv: bytes,
           make_user: Callable[..., int]) -> dict[str, int]:
    """PGD001 (Tim Gadai): 90 (O1 no, with a clip) and 100; PGD002 (Tim Digital), whose name
    starts with "=": 100 and a CSI of 1 on its case. Quotas of 2 each in 2026-W45."""
    import_bytes("roster", "roster.csv", roster_csv)
    qco = make_user("qco1", "qco")
    with Session(engine) as session, session.begin():
        agents = {a.employee_id: a for a in session.scalars(select(Agent))}
        agents["PGD002"].name = "=HYPERLINK(\"x\") Budi"
        start = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
        rubric = demo.rubric_version(session)
        ids = {}
        for n, code in enumerate(("PGD001", "PGD001", "PGD002")):
            row = Interaction(source_id=f"OC-{n}", agent_id=agents[code].id, channel="voice",
                              direction="inbound", started_at=start + timedelta(hours=n),
                              ended_at=start + timedelta(hours=n, minutes=5), talk_seconds=240,
                              hold_seconds=30, acw_seconds=30, case_id=f"CASE-{n}", row_hash=0)
            session.add(row)
            session.flush()
            ids[n] = row.id
            session.add(CsiResponse(response_key=f"R{n}", case_id=f"CASE-{n}", score=(4, 5, 1)[n],
                                    answered_at=row.ended_at, row_hash=0))
        for code in ("PGD001", "PGD002"):
            demo.quota(session, agents[code].id, "2026-W45", 2)
        demo.evaluation(session, ids[0], qco, rubric, "2026-W45", 90, {**PASS, "O1": "no"},
                        evidence={"O1": CLIP})
        demo.evaluation(session, ids[1], qco, rubric, "2026-W45", 100, PASS)
        demo.evaluation(session, ids[2], qco, rubric, "2026-W45", 100, PASS)
        agent_ids = {code: agent.id for code, agent in agents.items()}
    return agent_ids


def _table(page: AppTest, *headers: str) -> pd.DataFrame:
    """The first table on the page that has all of ``headers``."""
    return next(frame.value for frame in page.dataframe if set(headers) <= set(frame.value.columns))


def _open(app: AppTest, page: str, month_key: str) -> AppTest:
    app.run()
    app.switch_page(page).run()
    app.selectbox(key=month_key).set_value("2026-11").run()
    return app


def test_manager_overview_shows_each_team_against_the_target(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "manager")
    page = _open(app, "pages/manager_overview.py", "reports_overview_month")
    assert not page.exception
    qm = _table(page, "Tim", "QM", "Capai target").set_index("Tim")
    assert qm.loc["Tim Gadai", "QM"] == 95.0 and qm.loc["Tim Gadai", "Margin (95%)"] == "±63.5"
    assert qm.loc["Tim Gadai", "Capai target"] == "ya"
    assert qm.loc["Tim Digital", "Kurang dari kuota"] == "⚠ kurang dari kuota"
    assert {m.label: m.value for m in page.metric}["QM (bulan)"] == "96.7"
    pareto = _table(page, "Butir", "Tingkat gagal (%)")
    assert pareto["Butir"].tolist() == ["O1"] and pareto["Gagal"].tolist() == [1]
    mismatches = _table(page, "Ketidaksesuaian")
    assert mismatches["Ketidaksesuaian"].tolist() == ["QM tinggi, CSI rendah"]
    charts = page.get("vega_lite_chart")
    assert len(charts) == 6
    assert '"type": "rule"' in charts[0].proto.spec  # the target is drawn as a rule


def test_a_team_lead_sees_only_their_team(app: AppTest, login: Callable[..., AppTest],
                                         graded: dict[str, int]) -> None:
    login(app, "team_lead", teams=("Tim Gadai",))
    page = _open(app, "pages/team.py", "reports_team_month")
    assert not page.exception
    assert page.selectbox(key="reports_team_team").options == ["Tim Gadai"]
    agents = _table(page, "Agent", "QM", "Capai target")["Agent"].tolist()
    assert "Sari Wulandari" in agents and set(agents) <= {"Sari Wulandari", "Rina Marlina"}
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page.switch_page("pages/manager_overview.py")


def test_an_agent_sees_only_their_own_card_even_when_the_url_asks_for_another(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "agent", employee_id="PGD001")
    app.query_params["agent"] = "PGD002"
    page = _open(app, "pages/scorecard.py", "scorecard_month")
    assert not page.exception
    assert page.selectbox(key="scorecard_agent").options == ["Sari Wulandari (PGD001)"]
    evaluations = _table(page, "Penilaian", "Jenis", "Nilai")
    assert evaluations["Nilai"].tolist() == [90.0, 100.0]
    failed = _table(page, "Butir", "Bukti")
    assert failed["Butir"].tolist() == ["O1"] and failed["Bukti"].tolist() == ["00:03 «halo»"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page.switch_page("pages/team.py")


def test_the_team_lead_opens_the_scorecard_asked_for_in_the_url(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "team_lead", teams=("Tim Gadai",))
    app.query_params["agent"] = "PGD001"
    page = _open(app, "pages/scorecard.py", "scorecard_month")
    assert page.selectbox(key="scorecard_agent").value == graded["PGD001"]
    assert page.selectbox(key="scorecard_agent").options == [
        "Rina Marlina (PGD003)", "Sari Wulandari (PGD001)"]  # Tim Gadai only
