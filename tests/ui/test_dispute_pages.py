"""My evaluations, Disputes and the Home inbox in AppTest: the agent reads and acknowledges
an evaluation and disputes an item, the QCO lead rules it from the queue, and the alerts
show on Home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.auth import accounts
from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent, UserAccount
from qa_app.db.dispute_models import Dispute, EvaluationAcknowledgement
from qa_app.db.models import Agent, Team
from qa_app.db.review_models import Evaluation
from qa_app.review import revisions, service
from qa_app.web import login as ui_auth
from tests.factories.review_samples import stage_review_sample


def principal(engine: Engine, user_id: int):  # noqa: ANN201
    with Session(engine) as session:
        return accounts.principal_of(session, session.get_one(UserAccount, user_id))


@pytest.fixture
def finalized(engine: Engine, make_user: Callable[..., int]) -> dict[str, int]:
    """Agent Sari (PGD001, Tim Gadai) with one evaluation finalized today by QCO dewi, O1 no."""
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
    users = {"qco": make_user("dewi", "qco"), "lead": make_user("rina", "qco_lead"),
             "agent": make_user("sari", "agent", employee_id="PGD001"),
             "team_lead": make_user("tono", "team_lead", teams=("Tim Gadai",))}
    qco = principal(engine, users["qco"])
    with Session(engine) as session, session.begin():
        agent_id = session.scalars(select(Agent.id)).one()
        sample_id = stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-101",
                                        agent_id=agent_id, reviewer_id=users["qco"],
                                        recordings_dir=get_settings().recordings_dir).id
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        screen = service.open_review(session, qco, sample_id, now)
    answers = {item: given if given.answer else replace(given, answer="yes")
               for item, given in screen.answers.items()}
    answers["O1"] = replace(answers["O1"], answer="no", reason="tanpa nama", comment="kurang")
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           revisions.Submission(answers, "Perbaiki salam"), now=now,
                           sitting_started_at=now)
    return {**users, "evaluation": screen.evaluation_id}


def as_user(app: AppTest, user_id: int, page: str) -> AppTest:
    app.session_state[ui_auth.USER_KEY] = user_id
    app.run()
    return app.switch_page(page).run()


def test_agent_acknowledges_and_disputes_then_the_lead_rules(
        app: AppTest, engine: Engine, finalized: dict[str, int]) -> None:
    page = as_user(app, finalized["agent"], "../pages/my_evaluations.py")
    assert not page.exception and page.title[0].value == "Penilaian saya"
    assert any("kurang" in caption.value for caption in page.caption)  # the QCO's comment
    page.text_area(key="my_evaluations_ack_comment").input("Siap")
    next(b for b in page.button if b.label == "Saya sudah melihat penilaian ini").click().run()
    assert not page.exception
    page.multiselect(key=f"my_evaluations_items_{finalized['evaluation']}").set_value(["O1"])
    page.run()
    page.text_input(key="my_evaluations_reason_O1").input("Saya menyebut nama").run()
    page.button(key="my_evaluations_raise").click().run()
    assert not page.exception and not page.error
    with Session(engine) as session:
        dispute = session.scalars(select(Dispute)).one()
        named = [item.item_id for item in dispute.items]
        assert session.scalars(select(EvaluationAcknowledgement.comment)).one() == "Siap"
        actions = set(session.scalars(select(AuditEvent.action)))
    assert named == ["O1"] and not dispute.on_behalf
    assert {"evaluation_view", "transcript_view", "acknowledge", "dispute_raise"} <= actions

    home = as_user(AppTest.from_file(app._script_path, default_timeout=30), finalized["lead"],
                   "../pages/home.py")
    assert not home.exception
    headings = [h.value for h in home.subheader]
    assert "Kotak masuk (1 belum dibaca)" in headings and "Sengketa terbuka: 1" in headings

    ruling = as_user(AppTest.from_file(app._script_path, default_timeout=30),
                     finalized["lead"], "../pages/disputes.py")
    assert not ruling.exception
    ruling.radio(key=f"disputes_ruling_{dispute.id}_O1").set_value("accepted").run()
    ruling.text_input(key=f"disputes_reason_{dispute.id}_O1").input("nama disebut").run()
    ruling.button(key="disputes_rule").click().run()
    assert not ruling.exception and not ruling.error
    with Session(engine) as session:
        evaluation = session.get_one(Evaluation, finalized["evaluation"])
        assert (evaluation.revision, session.get_one(Dispute, dispute.id).status) == (2, "ruled")


def test_team_lead_sees_unacknowledged_and_a_qco_requests_a_correction(
        app: AppTest, engine: Engine, finalized: dict[str, int]) -> None:
    page = as_user(app, finalized["team_lead"], "../pages/my_evaluations.py")
    assert not page.exception
    assert any("Belum dikonfirmasi agent: 1" in h.value for h in page.subheader)
    assert any("atas nama agent" in h.value for h in page.subheader)
    qco = as_user(AppTest.from_file(app._script_path, default_timeout=30), finalized["qco"],
                  "../pages/disputes.py")
    assert not qco.exception
    qco.text_input[0].input("O1 salah pilih")
    qco.button[0].click().run()
    assert not qco.exception and not qco.error
    lead = as_user(AppTest.from_file(app._script_path, default_timeout=30), finalized["lead"],
                   "../pages/disputes.py")
    assert any("O1 salah pilih" in m.value for m in lead.markdown)
