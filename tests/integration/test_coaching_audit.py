"""Every coaching action leaves an audit row in the same transaction, and the audit log reads
it back in words: who, which session, about which agent and items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.coaching import service as coaching
from qa_app.coaching.errors import CoachingError
from qa_app.db.auth_models import AuditEvent

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
JAKARTA = ZoneInfo("Asia/Jakarta")


def coaching_events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(("coaching_create", "coaching_acknowledge")))
        .order_by(AuditEvent.id)))


def test_creating_and_acknowledging_a_session_are_audited(engine: Engine,
                                                          graded) -> None:  # noqa: ANN001
    lead, agent = graded.users["teamlead"], graded.users["agent"]
    g1 = graded.agent_ids["G1"]
    with Session(engine) as session, session.begin():
        failed = coaching.failed_items(session, lead, g1)
        created = coaching.create_session(
            session, lead, g1, [(failed[0].evaluation_id, "O1")], ["Salam lengkap", " "],
            date(2026, 12, 1), "catatan", NOW, session_id="browser-1")
        coaching.acknowledge(session, agent, created.id, "siap", NOW,
                             browser_session="browser-2")
        created_id, evaluation_id = created.id, failed[0].evaluation_id

    with Session(engine) as session:
        made, acknowledged = coaching_events(session)
        assert (made.username, made.target_kind, made.target_id, made.session_id) == (
            "teamlead", "coaching_session", str(created_id), "browser-1")
        assert made.details == {"agent": "Agent G1", "items": ["O1"],
                                "evaluations": [evaluation_id], "actions": 1,
                                "due": "2026-12-01"}
        assert (acknowledged.username, acknowledged.target_id, acknowledged.session_id,
                acknowledged.details) == ("agent", str(created_id), "browser-2",
                                          {"comment": True})
        table = audit.events_table([made, acknowledged], JAKARTA, "id", session)
    assert list(table["Aktivitas"]) == ["Sesi coaching dibuat",
                                        "Sesi coaching dikonfirmasi agent"]
    assert list(table["Objek"]) == [f"Sesi coaching #{created_id}"] * 2
    assert table["Rincian"][0] == ("Tindakan: 1 · Agent: Agent G1 · Tenggat: 01/12/2026 · "
                                   f"Penilaian: {evaluation_id} · Butir: O1")
    assert table["Waktu"][0] == "24/11/2026 10:00:00"  # 03:00 UTC in Jakarta


def test_a_refused_coaching_action_writes_no_audit_row(engine: Engine,
                                                       graded) -> None:  # noqa: ANN001
    lead = graded.users["teamlead"]
    g1 = graded.agent_ids["G1"]
    with Session(engine) as session, session.begin():
        failed = coaching.failed_items(session, lead, g1)
        with pytest.raises(CoachingError, match="no_action"):
            coaching.create_session(session, lead, g1, [(failed[0].evaluation_id, "O1")], [],
                                    date(2026, 12, 1), "", NOW)
        created = coaching.create_session(session, lead, g1, [(failed[0].evaluation_id, "O1")],
                                          ["x"], date(2026, 12, 1), "", NOW)
        with pytest.raises(CoachingError, match="agent_only"):
            coaching.acknowledge(session, lead, created.id, "", NOW)
        assert [event.action for event in coaching_events(session)] == ["coaching_create"]
