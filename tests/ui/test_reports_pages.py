"""The report pages in AppTest: figures on screen, and each role limited to its own rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.models import Interaction
from qa_app.i18n.dates import month_text
from qa_app.ingest.service import ImportReport
from tests.ui.light_tables import light_tables

ImportBytes = Callable[[str, str, bytes], ImportReport]



def _table(page: AppTest, *headers: str) -> pd.DataFrame:
    """The first (light) table on the page that has all of ``headers``."""
    return next(frame for frame in light_tables(page) if set(headers) <= set(frame.columns))


def _open(app: AppTest, page: str, month_key: str) -> AppTest:
    app.run()
    app.switch_page(page).run()
    app.selectbox(key=month_key).set_value("2026-11").run()
    return app


def test_manager_overview_shows_each_team_against_the_target(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "manager")
    page = _open(app, "../pages/manager_overview.py", "reports_overview_month")
    assert not page.exception
    qm = _table(page, "Tim", "QM", "Capai target").set_index("Tim")
    assert qm.loc["Tim Gadai", "QM"] == 95.0  # 2 evaluations: no interval
    assert qm.loc["Tim Gadai", "Interval 95%"] == "n terlalu kecil"
    assert qm.loc["Tim Gadai", "Capai target"] == "ya"
    assert qm.loc["Tim Digital", "Kurang dari kuota"] == "⚠ kurang dari kuota"
    assert {m.label: m.value for m in page.metric}["QM (bulan)"] == "96.7"
    pareto = _table(page, "Butir", "Tingkat gagal (%)")
    assert pareto["Butir"].tolist() == ["O1"] and pareto["Gagal"].tolist() == [1]
    mismatches = _table(page, "Ketidaksesuaian")
    assert mismatches["Ketidaksesuaian"].tolist() == ["QM tinggi, CSI rendah"]
    charts = page.get("vega_lite_chart")
    assert len(charts) == 10  # 4 of the month at a glance, then 6 trends
    assert '"type": "rule"' in charts[0].proto.spec  # the target is drawn as a rule
    assert '"domain": [0, 100]' in charts[0].proto.spec  # QM runs 0–100


def test_a_team_lead_sees_only_their_team(app: AppTest, login: Callable[..., AppTest],
                                         graded: dict[str, int]) -> None:
    login(app, "team_lead", teams=("Tim Gadai",))
    page = _open(app, "../pages/team.py", "reports_team_month")
    assert not page.exception
    assert page.selectbox(key="reports_team_team").options == ["Tim Gadai"]
    agents = _table(page, "Agent", "QM", "Capai target")["Agent"].tolist()
    assert "Sari Wulandari" in agents and set(agents) <= {"Sari Wulandari", "Rina Marlina"}
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page.switch_page("../pages/manager_overview.py")


def test_an_agent_sees_only_their_own_card_even_when_the_url_asks_for_another(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "agent", employee_id="PGD001")
    app.query_params["agent"] = "PGD002"
    page = _open(app, "../pages/scorecard.py", "scorecard_month")
    assert not page.exception
    assert page.selectbox(key="scorecard_agent").options == ["Sari Wulandari (PGD001)"]
    evaluations = _table(page, "Penilaian", "Jenis", "Nilai")
    assert evaluations["Nilai"].tolist() == [90.0, 100.0]
    failed = _table(page, "Butir", "Bukti")
    assert failed["Butir"].tolist() == ["O1"] and failed["Bukti"].tolist() == ["00:03 «halo»"]
    assert failed["Formulir"].tolist() == ["Demo"]  # a form the catalogs do not name: its title
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page.switch_page("../pages/team.py")


def test_the_team_lead_opens_the_scorecard_asked_for_in_the_url(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "team_lead", teams=("Tim Gadai",))
    app.query_params["agent"] = "PGD001"
    page = _open(app, "../pages/scorecard.py", "scorecard_month")
    assert page.selectbox(key="scorecard_agent").value == graded["PGD001"]
    assert page.selectbox(key="scorecard_agent").options == [
        "Rina Marlina (PGD003)", "Sari Wulandari (PGD001)"]  # Tim Gadai only


@pytest.fixture
def september(engine: Engine, graded: dict[str, int]) -> None:
    """An interaction in September 2026 (not evaluated): the month list starts there."""
    with Session(engine) as session, session.begin():
        start = datetime(2026, 9, 8, 2, 0, tzinfo=UTC)
        session.add(Interaction(source_id="OC-SEP", agent_id=graded["PGD001"], channel="voice",
                                direction="inbound", started_at=start,
                                ended_at=start + timedelta(minutes=5), talk_seconds=240,
                                row_hash=0))


@pytest.mark.parametrize("role, page_path, month_key", [
    ("manager", "../pages/manager_overview.py", "reports_overview_month"),
    ("manager", "../pages/team.py", "reports_team_month"),
    ("manager", "../pages/scorecard.py", "scorecard_month"),
    ("team_lead", "../pages/team.py", "reports_team_month")])
def test_each_report_page_opens_on_the_latest_month_with_finalized_evaluations(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int], september: None,
        role: str, page_path: str, month_key: str) -> None:
    login(app, role, teams=("Tim Gadai",)) if role == "team_lead" else login(app, role)
    app.run()
    page = app.switch_page(page_path).run()
    assert not page.exception
    picker = page.selectbox(key=month_key)
    assert picker.value == "2026-11"  # not the empty current month
    # months newest first, in words, the current (empty) one included
    current = month_text(datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m"), "id")
    assert picker.options[0] == current and "September 2026" in picker.options


def test_the_chosen_month_and_team_carry_from_the_overview_to_the_team_page_and_scorecard(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int],
        september: None) -> None:
    login(app, "manager")
    app.run()
    page = app.switch_page("../pages/manager_overview.py").run()
    assert page.selectbox(key="reports_overview_team").options == ["Tim Digital", "Tim Gadai"]
    page.selectbox(key="reports_overview_month").set_value("2026-10").run()
    page.selectbox(key="reports_overview_team").set_value("Tim Gadai").run()
    page = page.switch_page("../pages/team.py").run()
    assert not page.exception
    assert page.selectbox(key="reports_team_month").value == "2026-10"
    assert page.selectbox(key="reports_team_team").value == "Tim Gadai"
    page.selectbox(key="reports_team_team").set_value("Tim Digital").run()
    page = page.switch_page("../pages/scorecard.py").run()
    assert not page.exception
    assert page.selectbox(key="scorecard_month").value == "2026-10"
    assert page.selectbox(key="scorecard_team").value == "Tim Digital"
    assert page.selectbox(key="scorecard_agent").options == ["=HYPERLINK(\"x\") Budi (PGD002)"]
    page = page.switch_page("../pages/manager_overview.py").run()
    assert page.selectbox(key="reports_overview_month").value == "2026-10"
    assert page.selectbox(key="reports_overview_team").value == "Tim Digital"


def test_the_rolling_table_lists_the_windows_ending_in_the_month_and_before(
        app: AppTest, login: Callable[..., AppTest], engine: Engine, graded: dict[str, int],
        september: None) -> None:
    with Session(engine) as session, session.begin():  # the month list runs to January 2027
        start = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
        session.add(Interaction(source_id="OC-JAN", agent_id=graded["PGD003"], channel="voice",
                                direction="inbound", started_at=start,
                                ended_at=start + timedelta(minutes=5), talk_seconds=240,
                                row_hash=0))
    login(app, "manager")
    page = _open(app, "../pages/team.py", "reports_team_month")
    rolling = _table(page, "Bulan", "QM", "Interval 95%")
    # Tim Digital (the first team): Budi's November 100; October and September hold nothing
    assert rolling["Bulan"].tolist() == ["2026-09 – 2026-11"]
    page.selectbox(key="reports_team_month").set_value("2027-01").run()
    rolling = _table(page, "Bulan", "QM", "Interval 95%")
    # January has no evaluation of its own: its window and the two before still pool November
    assert rolling["Bulan"].tolist() == ["2026-09 – 2026-11", "2026-10 – 2026-12",
                                         "2026-11 – 2027-01"]
    assert rolling["QM"].tolist() == [100.0, 100.0, 100.0]


def test_top_metrics_show_their_target_delta_and_scr_says_what_it_measures(
        app: AppTest, login: Callable[..., AppTest], graded: dict[str, int]) -> None:
    login(app, "manager")
    page = _open(app, "../pages/manager_overview.py", "reports_overview_month")
    metrics = {metric.label: metric for metric in page.metric}
    assert metrics["QM (bulan)"].value == "96.7"
    assert metrics["QM (bulan)"].delta == "+1.7 terhadap target 95"
    assert metrics["AHT inbound (detik)"].delta.endswith("terhadap target 300")
    assert metrics["SCR (%)"].value == "100.0"
    captions = [caption.value for caption in page.caption]
    assert any(caption.startswith("SCR = panggilan masuk yang dijawab") for caption in captions)
    assert [w.value for w in page.warning] == [
        "Ekspor tidak memuat panggilan masuk yang tidak terjawab, jadi SCR 100% karena "
        "definisinya: angka ini belum berarti apa-apa sampai panggilan yang terputus ikut "
        "diekspor."]


def test_no_abandoned_warning_when_the_export_holds_an_unanswered_call(
        app: AppTest, login: Callable[..., AppTest], engine: Engine,
        graded: dict[str, int]) -> None:
    with Session(engine) as session, session.begin():
        start = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
        session.add(Interaction(source_id="OC-LOST", agent_id=graded["PGD001"], channel="voice",
                                direction="inbound", started_at=start, ended_at=start,
                                talk_seconds=0, row_hash=0))
    login(app, "manager")
    page = _open(app, "../pages/manager_overview.py", "reports_overview_month")
    assert {m.label: m.value for m in page.metric}["SCR (%)"] == "75.0"
    assert not page.warning
