"""Coaching from the scorecard: the team lead creates a session on a failed item, the agent
acknowledges it, and the follow-up reads later evaluations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.coaching_models import CoachingSession
from qa_app.db.models import Interaction
from tests.factories import report_rows
from tests.factories.report_rows import PASS
from tests.ui.conftest import APP_FILE
from tests.ui.light_tables import light_tables


def _scorecard(app: AppTest) -> AppTest:
    app.run()
    app.switch_page("../pages/scorecard.py").run()
    return app.selectbox(key="scorecard_month").set_value("2026-11").run()


def test_team_lead_coaches_and_agent_acknowledges(
        login: Callable[..., AppTest], graded: dict[str, int], engine: Engine) -> None:
    lead = AppTest.from_file(APP_FILE, default_timeout=30)
    login(lead, "team_lead", teams=("Tim Gadai",))
    lead.query_params["agent"] = "PGD001"
    page = _scorecard(lead)
    focus = page.multiselect(key="coaching_focus")
    assert focus.options and focus.options[0].startswith("#")
    focus.set_value([focus.options[0]])
    page.text_area(key="coaching_actions").input("Sebut nama perusahaan\nUlangi salam")
    page.button(key="FormSubmitter:coaching_new-Buat sesi coaching").click().run()
    assert not page.exception and not page.error
    with Session(engine) as session:
        coached = session.scalars(select(CoachingSession)).one()
        assert [(f.item_id, f.answer) for f in coached.focuses] == [("O1", "no")]
        assert coached.focuses[0].evidence == [{"speaker": "agent", "start": 3.0,
                                                "text": "halo"}]
        assert [a.text for a in coached.actions] == ["Sebut nama perusahaan", "Ulangi salam"]
        session_id, coached_at = coached.id, coached.created_at
        # a later call of the agent where O1 passes: the follow-up shows an improvement
        row = Interaction(source_id="OC-9", agent_id=graded["PGD001"], channel="voice",
                          direction="inbound", started_at=coached_at + timedelta(minutes=1),
                          ended_at=coached_at + timedelta(minutes=6), row_hash=0)
        session.add(row)
        session.flush()
        qco = session.scalar(select(report_rows.Sample.reviewer_id).limit(1))
        rubric = session.scalar(select(report_rows.RubricVersion.id))
        report_rows.evaluation(session, row.id, qco, rubric, "2026-W45", 100, PASS)
        session.commit()

    agent = AppTest.from_file(APP_FILE, default_timeout=30)
    login(agent, "agent", employee_id="PGD001")
    page = _scorecard(agent)
    follow = light_tables(page)[-1]
    assert follow.iloc[0].tolist() == ["Demo", "O1", "1/2", "0/1", "membaik"]
    page.text_input(key=f"coaching_comment_{session_id}").input("Siap")
    page.button(key=f"coaching_ack_{session_id}").click().run()
    assert not page.exception
    with Session(engine) as session:
        done = session.get_one(CoachingSession, session_id)
        assert done.acknowledged_at is not None and done.agent_comment == "Siap"
    assert any("Dikonfirmasi" in s.value for s in page.success)
    assert datetime.now(UTC) - done.acknowledged_at < timedelta(minutes=5)
