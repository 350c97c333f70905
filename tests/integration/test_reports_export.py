"""The monthly QM report read back (XLSX and CSV): figures, sheets, neutralized cells, the
audit entry; and coaching sessions kept within the role's scope."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.auth.scope import visible
from qa_app.coaching import service as coaching
from qa_app.coaching.errors import CoachingError
from qa_app.db.auth_models import AuditEvent
from qa_app.db.coaching_models import CoachingSession
from qa_app.db.models import Agent
from qa_app.reports.qm_report import audited_export
from qa_app.reports.queries.quality import load_quality
from qa_app.reports.targets import load_targets

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _export(engine: Engine, principal, kind: str) -> bytes:  # noqa: ANN001
    targets = load_targets()
    with Session(engine) as session, session.begin():
        data = load_quality(session, principal, ("2026-11",), JAKARTA, targets)
        return audited_export(session, principal, data, "2026-11", kind, "en", 95.0, targets)


def test_xlsx_report_has_a_summary_and_a_sheet_per_team(
        engine: Engine, graded) -> None:  # noqa: ANN001
    with Session(engine) as session, session.begin():
        session.execute(update(Agent).where(Agent.employee_id == "G2").values(name="=1+1"))
    workbook = load_workbook(io.BytesIO(_export(engine, graded.users["manager"], "xlsx")))
    assert workbook.sheetnames == ["Summary", "Tim Digital", "Tim Gadai"]
    summary = workbook["Summary"]
    assert summary["A1"].value == "Monthly QM report 2026-11 (target 95.0)"
    header = [cell.value for cell in summary[2]]
    assert header[:8] == ["Team", "Evaluations", "Quota", "Under quota", "QM", "Interval from",
                          "Interval to", "Meets target"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    assert rows["Tim Gadai"][1:8] == (3, 4, "yes", 90.0, pytest.approx(48.614, abs=1e-3),
                                      pytest.approx(98.846, abs=1e-3), "no")
    assert rows["Tim Digital"][4] == 100.0 and rows["Tim Digital"][5] is None \
        and rows["Tim Digital"][6] is None
    assert summary.cell(4, 5).font.color.rgb.endswith("C00000")  # Gadai's 90 < 95 in red
    assert summary.cell(4, 5).number_format == "0.0"
    gadai = workbook["Tim Gadai"]
    agents = [row[0] for row in gadai.iter_rows(min_row=3, values_only=True)]
    assert agents == ["'=1+1", "Agent G1"]  # the formula is neutralized
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.username == "manager" and event.details["format"] == "xlsx"


def test_csv_report_of_a_team_lead_holds_their_team_only(
        engine: Engine, graded) -> None:  # noqa: ANN001
    text = _export(engine, graded.users["teamlead"], "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Agent", "Team", "Evaluations"]
    assert {row[1] for row in rows[1:]} == {"Tim Gadai"}
    g1 = next(row for row in rows[1:] if row[0] == "Agent G1")
    assert g1[2:6] == ["2", "2", "False", "95.0"]


def test_coaching_stays_within_the_team_and_the_agent(
        engine: Engine, graded) -> None:  # noqa: ANN001
    lead, agent = graded.users["teamlead"], graded.users["agent"]
    g1, d1 = graded.agent_ids["G1"], graded.agent_ids["D1"]
    with Session(engine) as session, session.begin():
        failed = coaching.failed_items(session, lead, g1)
        assert [(item.item_id, item.answer) for item in failed] == [("O1", "no")]
        created = coaching.create_session(session, lead, g1, [(failed[0].evaluation_id, "O1")],
                                          ["Salam lengkap"], date(2026, 12, 1), "", NOW)
        with pytest.raises(CoachingError, match="agent_out_of_scope"):
            coaching.create_session(session, lead, d1, [(1, "O1")], ["x"], date(2026, 12, 1),
                                    "", NOW)
        with pytest.raises(CoachingError, match="not_failed"):
            coaching.create_session(session, lead, g1, [(failed[0].evaluation_id, "C2")], ["x"],
                                    date(2026, 12, 1), "", NOW)
        with pytest.raises(CoachingError, match="team_lead_only"):
            coaching.create_session(session, agent, g1, [(failed[0].evaluation_id, "O1")],
                                    ["x"], date(2026, 12, 1), "", NOW)
        with pytest.raises(CoachingError, match="agent_only"):
            coaching.acknowledge(session, lead, created.id, "", NOW)
        coaching.acknowledge(session, agent, created.id, "ok", NOW)
        with pytest.raises(CoachingError, match="already_acknowledged"):
            coaching.acknowledge(session, agent, created.id, "", NOW)
        created_id = created.id
    with Session(engine) as session:
        seen = {name: session.scalars(select(CoachingSession.id).where(
            visible(graded.users[name], CoachingSession))).all()
            for name in ("manager", "teamlead", "agent", "qco1", "admin")}
        assert coaching.sessions_of(session, graded.users["manager"], d1) == []
    assert seen == {"manager": [created_id], "teamlead": [created_id], "agent": [created_id],
                    "qco1": [], "admin": []}
