"""Calibration sessions through the service on both databases: set up (chosen and drawn),
blind scoring, closing, results, the due list, audit, scope, and QM left untouched."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.auth.scope import get_visible
from qa_app.db.auth_models import AuditEvent
from qa_app.db.calibration_models import CalibrationItem
from qa_app.db.models import Interaction
from qa_app.db.review_models import Evaluation
from qa_app.reports.queries.evaluation_rows import evaluations_frame
from qa_app.reports.queries.scope_filter import Filter
from qa_app.review.answers import ItemAnswer
from qa_app.review.errors import FinalizeRefused
from qa_app.scoring.loader import form_for
from qa_app.services import calibration
from qa_app.services.calibration import CalibrationError, NewSession
from tests.conftest import World

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Jakarta")
FORM = form_for("voice", "inbound")  # weights sum to 100


def answers(**changed: str) -> dict[str, ItemAnswer]:
    """Every item "yes" except ``changed``; a failed fatal item carries its comment."""
    given = {i.id: ItemAnswer(changed.get(i.id, "yes")) for i in FORM.items()}
    return {k: ItemAnswer(v.answer, "", "fatal" if v.answer == "no" else "")
            for k, v in given.items()}


def new_session(world: World, engine: Engine, **options: object) -> int:
    values: dict[str, object] = dict(
        title="Kalibrasi W48", due_on=date(2026, 11, 30),
        participant_ids=[world.users["qco1"].user_id, world.users["qco2"].user_id],
        interaction_ids=[world.interaction_ids["OC-G1-1"]],
        baseline_user_id=world.users["qcolead"].user_id, hide_agent=True)
    values.update(options)
    with Session(engine) as session, session.begin():
        return calibration.create_session(session, world.users["qcolead"],
                                          NewSession(**values),  # type: ignore[arg-type]
                                          now=NOW, zone=ZONE)


def item_of(engine: Engine, session_id: int) -> int:
    with Session(engine) as session:
        return session.scalars(select(CalibrationItem.id).where(
            CalibrationItem.session_id == session_id)).one()


def submit(engine: Engine, world: World, user: str, item: int, **changed: str) -> None:
    with Session(engine) as session, session.begin():
        calibration.submit_answers(session, world.users[user], item, answers(**changed),
                                   now=NOW, seconds_spent=240)


def test_a_session_from_set_up_to_results(world: World, engine: Engine) -> None:
    session_id = new_session(world, engine)
    item = item_of(engine, session_id)
    qco2 = world.users["qco2"]
    with Session(engine) as session:  # a participant may now read the call they calibrate
        assert get_visible(session, qco2, Interaction, world.interaction_ids["OC-G1-1"])
        screen = calibration.open_item(session, qco2, item)
        assert screen.agent_name is None and screen.machine == {} and screen.open
        assert [d.item_ids for d in calibration.due_calibrations(session, qco2.user_id)] == [
            (item,)]
    submit(engine, world, "qcolead", item)  # the baseline: 100
    submit(engine, world, "qco1", item, K4="no")  # 98
    submit(engine, world, "qco2", item, P1="no")  # 92
    with Session(engine) as session:
        assert calibration.due_calibrations(session, qco2.user_id) == []
        with pytest.raises(CalibrationError, match="still_open"):
            calibration.results(session, world.users["qcolead"], session_id)
    with Session(engine) as session, session.begin():
        calibration.close_session(session, world.users["qcolead"], session_id, now=NOW)
    with Session(engine) as session:
        figures = calibration.results(session, world.users["manager"], session_id)
        assert calibration.open_item(session, qco2, item).agent_name == "Agent G1"
        events = session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "calibration")).all()
    unit = figures.result.units[0]
    assert unit.agreement == pytest.approx(21 / 22)
    assert unit.item_agreement["K4"] == 0.5 and unit.item_agreement["P1"] == 0.5
    assert unit.within_tolerance == 0.5 and unit.reference_total == 100.0
    assert unit.fatal_disagreements == ()
    deviations = {figures.names[r.rater]: r.mean_signed for r in figures.result.raters}
    assert deviations == {"qco1": pytest.approx(-2.0), "qco2": pytest.approx(-8.0)}
    assert [e["event"] for e in events] == ["create", "submit", "submit", "submit", "close"]


def test_calibration_scores_never_enter_qm(world: World, engine: Engine) -> None:
    lead = world.users["qcolead"]
    with Session(engine) as session:
        before = evaluations_frame(session, lead, Filter(months=("2026-11",)))
    session_id = new_session(world, engine, interaction_ids=[world.interaction_ids["OC-G1-0"]])
    item = item_of(engine, session_id)
    for user in ("qcolead", "qco1", "qco2"):
        submit(engine, world, user, item, V2="no")
    with Session(engine) as session, session.begin():
        calibration.close_session(session, lead, session_id, now=NOW)
    with Session(engine) as session:
        after = evaluations_frame(session, lead, Filter(months=("2026-11",)))
        assert session.scalar(select(func.count(Evaluation.id))) == 0
    assert after.equals(before)


def test_a_draw_from_a_week_is_reproducible_from_its_seed(world: World, engine: Engine) -> None:
    session_id = new_session(world, engine, interaction_ids=[], draw_week="2026-W47",
                             draw_count=3, seed=7)
    with Session(engine) as session:
        pool = calibration.week_interactions(session, "2026-W47", ZONE)
        drawn = session.scalars(select(CalibrationItem.interaction_id).where(
            CalibrationItem.session_id == session_id).order_by(CalibrationItem.position)).all()
    assert len(pool) == 12 and drawn == random.Random(7).sample(pool, 3)
    with pytest.raises(CalibrationError, match="pool_too_small"):
        new_session(world, engine, interaction_ids=[], draw_week="2026-W47", draw_count=13)


def test_refusals(world: World, engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(CalibrationError, match="not_allowed"):
        calibration.create_session(session, world.users["qco1"], NewSession(
            "x", date(2026, 11, 30), [world.users["qco2"].user_id],
            [world.interaction_ids["OC-G1-1"]]), now=NOW, zone=ZONE)
    with pytest.raises(CalibrationError, match="not_a_scorer"):
        new_session(world, engine, participant_ids=[world.users["agent"].user_id])
    with pytest.raises(CalibrationError, match="due_in_past"):
        new_session(world, engine, due_on=date(2026, 11, 1))
    session_id = new_session(world, engine)
    item = item_of(engine, session_id)
    with pytest.raises(CalibrationError, match="not_participant"):
        submit(engine, world, "teamlead", item)
    with Session(engine) as session, pytest.raises(FinalizeRefused):
        calibration.submit_answers(session, world.users["qco1"], item, {}, now=NOW)
    with Session(engine) as session, session.begin():
        calibration.close_session(session, world.users["qcolead"], session_id, now=NOW)
    with pytest.raises(CalibrationError, match="closed"):
        submit(engine, world, "qco1", item)
