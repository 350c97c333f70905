"""The review loop on both databases: the agent's view and acknowledgement, a dispute raised
inside its window and ruled, the new revision and the QM figures that follow, correction
requests, the inbox, scope and audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth.scope import OutOfScope
from qa_app.db.auth_models import AuditEvent
from qa_app.db.review_models import Evaluation, EvaluationRevision
from qa_app.db.summary_models import ItemTally
from qa_app.disputes.errors import DisputeError, DisputeNotAllowed
from qa_app.disputes.rules import ItemRuling
from qa_app.reports.queries.evaluation_rows import evaluations_frame
from qa_app.reports.queries.scope_filter import Filter
from qa_app.review import revisions, service
from qa_app.services import disputes, inbox
from tests.factories.review_samples import stage_review_sample

OPENED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
FINAL = OPENED + timedelta(minutes=7)
WINDOW, RULING = 7, 5


def agent_qm(session: Session, principal, agent_id: int) -> float | None:  # noqa: ANN001
    """The agent's QM over November 2026 as the reports read it: the mean of the finalized
    random evaluations' scores."""
    frame = evaluations_frame(session, principal, Filter(("2026-11",), agent_id=agent_id))
    scores = frame.loc[frame["kind"] == "random", "score"]
    return None if scores.empty else float(scores.mean())


@pytest.fixture
def finalized(engine: Engine, world, tmp_path: Path) -> int:
    """OC-REV-1 of agent G1 (Tim Gadai) finalized by qco1 with O1 "no" and C2 "no"."""
    qco = world.users["qco1"]
    with Session(engine) as session, session.begin():
        sample_id = stage_review_sample(
            session, recording_id="OC-REC-002", source_id="OC-REV-1",
            agent_id=world.agent_ids["G1"], reviewer_id=qco.user_id,
            recordings_dir=tmp_path / "recordings").id
    with Session(engine) as session, session.begin():
        screen = service.open_review(session, qco, sample_id, OPENED)
    answers = {item: given if given.answer else replace(given, answer="yes")
               for item, given in screen.answers.items()}
    for item in ("O1", "C2"):
        answers[item] = replace(answers[item], answer="no", reason="tidak ada", comment="kurang")
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           revisions.Submission(answers, "Perbaiki pembukaan"), now=FINAL,
                           sitting_started_at=OPENED)
    return screen.evaluation_id


def raise_(engine: Engine, principal, evaluation_id: int, now: datetime = FINAL,  # noqa: ANN001
           items: dict[str, str] | None = None) -> int:
    return disputes.raise_dispute(engine, principal, evaluation_id,
                                  items or {"O1": "saya menyebut nama", "C2": "sudah ditawarkan"},
                                  "Mohon ditinjau", now, window_days=WINDOW, ruling_days=RULING)


def actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_agent_sees_acknowledges_and_the_lead_sees_what_is_unacknowledged(
        engine: Engine, world, finalized: int) -> None:
    agent, lead = world.users["agent"], world.users["teamlead"]
    later = FINAL + timedelta(hours=30)
    waiting = disputes.list_evaluations(engine, lead, later, window_days=WINDOW,
                                        unacknowledged_only=True)
    assert [row.evaluation_id for row in waiting] == [finalized]
    assert waiting[0].unacknowledged_hours(later) == pytest.approx(30.0)
    view = disputes.open_evaluation(engine, agent, finalized, later, window_days=WINDOW)
    by_item = {item.item_id: item for item in view.items}
    assert by_item["O1"].answer == "no" and by_item["O1"].comment == "kurang"
    assert view.overall_comment == "Perbaiki pembukaan" and view.has_recording
    assert view.may_acknowledge and view.row.may_dispute
    assert "evaluation_view" in actions(engine)
    disputes.acknowledge(engine, agent, finalized, "Siap, terima kasih", later)
    with pytest.raises(DisputeError):
        disputes.acknowledge(engine, agent, finalized, "", later)
    with pytest.raises(DisputeNotAllowed):
        disputes.acknowledge(engine, lead, finalized, "", later)
    assert disputes.list_evaluations(engine, lead, later, window_days=WINDOW,
                                     unacknowledged_only=True) == []
    assert "acknowledge" in actions(engine)


def test_scope_an_agent_or_lead_of_another_team_cannot_read_or_dispute(
        engine: Engine, world, finalized: int) -> None:
    from qa_app.auth.principal import Principal

    other = Principal(999, "other", "other", "agent", agent_id=world.agent_ids["D1"])
    digital_lead = Principal(998, "tl2", "tl2", "team_lead", team_ids=frozenset({999}))
    for principal in (other, digital_lead):
        with pytest.raises(OutOfScope):
            disputes.open_evaluation(engine, principal, finalized, FINAL, window_days=WINDOW)
        with pytest.raises(OutOfScope):
            raise_(engine, principal, finalized)
    with pytest.raises(DisputeNotAllowed):  # a manager reads everything but may not raise
        raise_(engine, world.users["manager"], finalized)


def test_the_window_closes_after_the_configured_days(engine: Engine, world,
                                                     finalized: int) -> None:
    agent = world.users["agent"]
    with pytest.raises(DisputeError) as refused:
        raise_(engine, agent, finalized, now=FINAL + timedelta(days=WINDOW, seconds=1))
    assert refused.value.key == "disputes.error.window_closed"
    with pytest.raises(DisputeError) as unknown:
        raise_(engine, agent, finalized, items={"ZZ9": "?"})
    assert unknown.value.key == "disputes.error.unknown_items"
    raise_(engine, agent, finalized, now=FINAL + timedelta(days=WINDOW))
    with pytest.raises(DisputeError) as twice:
        raise_(engine, agent, finalized)
    assert twice.value.key == "disputes.error.already_open"


def test_a_dispute_accepted_becomes_a_revision_and_qm_follows(engine: Engine, world,
                                                              finalized: int) -> None:
    agent, lead, qco1, qco2 = (world.users[name] for name in ("agent", "qcolead", "qco1",
                                                                 "qco2"))
    with Session(engine) as session:
        before = agent_qm(session, lead, world.agent_ids["G1"])
        tally_before = session.scalar(select(ItemTally).where(
            ItemTally.agent_id == world.agent_ids["G1"], ItemTally.item_id == "O1"))
    raised = FINAL + timedelta(days=1)
    dispute_id = raise_(engine, agent, finalized, now=raised)
    assert [e.kind for e in inbox.inbox(engine, lead, raised)] == ["dispute_raised"]
    # the reviewer may not rule on their own evaluation; another QCO may
    assert disputes.ruling_queue(engine, qco1) == []
    queue = disputes.ruling_queue(engine, qco2)
    assert [d.id for d in queue] == [dispute_id]
    assert queue[0].deadline_at == raised + timedelta(days=RULING)
    with pytest.raises(DisputeNotAllowed):
        disputes.rule_dispute(engine, qco1, dispute_id, {}, raised)
    with pytest.raises(DisputeError) as partial:
        disputes.rule_dispute(engine, lead, dispute_id,
                              {"O1": ItemRuling("accepted", "nama disebut")}, raised)
    assert partial.value.key == "disputes.error.rule_every_item"
    # the ruling QCO reads the disputed evaluation while the dispute is open, and only then
    assert disputes.open_evaluation(engine, qco2, finalized, raised,
                                    window_days=WINDOW).row.evaluation_id == finalized
    ruled = raised + timedelta(hours=6)
    revision = disputes.rule_dispute(engine, lead, dispute_id, {
        "O1": ItemRuling("accepted", "nama disebut di detik 3"),
        "C2": ItemRuling("rejected", "tidak ada tawaran bantuan")}, ruled)
    assert revision == 2
    with Session(engine) as session:
        evaluation = session.get_one(Evaluation, finalized)
        kinds = list(session.scalars(select(EvaluationRevision.kind).where(
            EvaluationRevision.evaluation_id == finalized).order_by(EvaluationRevision.number)))
        after = agent_qm(session, lead, world.agent_ids["G1"])
        tally_after = session.scalar(select(ItemTally).where(
            ItemTally.agent_id == world.agent_ids["G1"], ItemTally.item_id == "O1"))
    assert kinds == ["final", "dispute"] and evaluation.revision == 2
    assert before is not None and after is not None and after > before
    assert tally_before is not None and tally_after is not None
    assert (tally_before.no, tally_after.no) == (1, 0)
    view = disputes.open_evaluation(engine, agent, finalized, ruled, window_days=WINDOW)
    outcome = {item.item_id: item.ruling for item in view.disputes[0].items}
    assert outcome == {"O1": "accepted", "C2": "rejected"}
    assert {i.item_id: i.answer for i in view.items}["O1"] == "yes"
    assert [e.kind for e in inbox.inbox(engine, agent, ruled)] == ["dispute_ruled"]
    with pytest.raises(DisputeError):
        disputes.rule_dispute(engine, lead, dispute_id, {}, ruled)
    with pytest.raises(OutOfScope):
        disputes.open_evaluation(engine, qco2, finalized, ruled, window_days=WINDOW)
    figures = disputes.figures(engine, lead, OPENED, ruled + timedelta(days=1))
    assert (figures.disputes, figures.open, figures.share_upheld) == (1, 0, 0.5)
    assert figures.median_hours_to_ruling == pytest.approx(6.0)
    assert {t.key: (t.disputed, t.base) for t in figures.per_qco} == {"qco1": (1, 1)}
    assert {"dispute_raise", "dispute_ruling", "score_change"} <= set(actions(engine))


def test_a_team_lead_raises_on_behalf_and_all_rejected_makes_no_revision(
        engine: Engine, world, finalized: int) -> None:
    lead, qco_lead = world.users["teamlead"], world.users["qcolead"]
    dispute_id = raise_(engine, lead, finalized, items={"C2": "sudah ditawarkan"})
    assert disputes.disputes_of(engine, world.users["agent"])[0].on_behalf
    assert disputes.rule_dispute(engine, qco_lead, dispute_id,
                                 {"C2": ItemRuling("rejected", "tidak terdengar")},
                                 FINAL) is None
    with Session(engine) as session:
        assert session.get_one(Evaluation, finalized).revision == 1
    assert "dispute_ruled" in [e.kind for e in inbox.inbox(engine, lead, FINAL)]


def test_correction_request_lands_in_the_lead_queue(engine: Engine, world,
                                                    finalized: int) -> None:
    qco, lead = world.users["qco1"], world.users["qcolead"]
    with pytest.raises(DisputeNotAllowed):
        disputes.request_correction(engine, world.users["agent"], finalized, "x", FINAL)
    request_id = disputes.request_correction(engine, qco, finalized, "O1 salah pilih", FINAL)
    assert [c.id for c in disputes.correction_queue(engine, lead)] == [request_id]
    entries = inbox.inbox(engine, lead, FINAL)
    assert [(e.kind, e.target_page) for e in entries] == [("correction_requested", "disputes")]
    inbox.mark_read(engine, lead, entries[0].id, FINAL)
    assert inbox.inbox(engine, lead, FINAL)[0].read
    disputes.close_correction(engine, lead, request_id, done=True, now=FINAL)
    assert disputes.correction_queue(engine, lead) == []


def test_condition_alerts_fatal_final_and_deadline_near_are_posted_once(
        engine: Engine, world, finalized: int) -> None:
    lead, qco_lead = world.users["teamlead"], world.users["qcolead"]
    with Session(engine) as session, session.begin():
        session.get_one(Evaluation, finalized).fatal = True
    assert [e.kind for e in inbox.inbox(engine, lead, FINAL)] == ["fatal_final"]
    assert [e.kind for e in inbox.inbox(engine, lead, FINAL)] == ["fatal_final"]
    dispute_id = raise_(engine, world.users["agent"], finalized)
    near = FINAL + timedelta(days=RULING) - timedelta(hours=2)
    kinds = [e.kind for e in inbox.inbox(engine, qco_lead, near)]
    assert sorted(kinds) == ["dispute_deadline", "dispute_raised"]
    assert disputes.ruling_queue(engine, qco_lead)[0].overdue(near + timedelta(hours=3))
    assert dispute_id
