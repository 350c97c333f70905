"""Grading the grader read from the database on both databases: finalized evaluations with
their pre-scores and AI answers, and a closed calibration with a baseline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import PreScoreRecord
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.loader import form_for
from qa_app.services import calibration, grading
from qa_app.services.calibration import CalibrationError
from tests.conftest import World
from tests.integration.test_calibration_service import (
    item_of,
    new_session,
    submit,
)

ZONE = ZoneInfo("Asia/Jakarta")
FINAL = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # ISO week 2026-W48


def finalized(session: Session, world: World, source_id: str, score: float,
              prescore: float, answers: dict[str, tuple[str, str]]) -> None:
    """A final evaluation of ``source_id`` by its sampled QCO: item → (human, machine)."""
    interaction_id = world.interaction_ids[source_id]
    sample = session.scalars(select(Sample).where(
        Sample.interaction_id == interaction_id)).one()
    version = rubric_version_id(session, form_for("voice", "inbound"))
    session.add(PreScoreRecord(interaction_id=interaction_id, rubric_version_id=version,
                               model_version=None, score=prescore, fatal=False,
                               pending_weight=0.0, document={}, created_at=FINAL))
    row = Evaluation(sample_id=sample.id, interaction_id=interaction_id,
                     agent_id=sample.agent_id, reviewer_id=sample.reviewer_id, week="2026-W47",
                     kind="random", rubric_version_id=version, status="final", score=score,
                     fatal=False, pending_weight=0.0, revision=1, opened_at=FINAL,
                     seconds_spent=600.0, finalized_at=FINAL, updated_at=FINAL,
                     updated_by="test")
    session.add(row)
    session.flush()
    session.add_all(EvaluationAnswer(evaluation_id=row.id, item_id=item, answer=human,
                                     machine_answer=machine)
                    for item, (human, machine) in answers.items())


def test_grading_reads_evaluations_and_closed_calibrations(world: World,
                                                           engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        finalized(session, world, "OC-G1-0", 80.0, 90.0,
                  {"O1": ("no", "yes"), "O2": ("yes", "yes"), "S1": ("yes", "manual")})
        finalized(session, world, "OC-G2-0", 95.0, 90.0, {"O1": ("yes", "yes")})
    session_id = new_session(world, engine)
    item = item_of(engine, session_id)
    submit(engine, world, "qcolead", item)
    submit(engine, world, "qco1", item, K4="no")
    with Session(engine) as session, session.begin():
        calibration.close_session(session, world.users["qcolead"], session_id, now=FINAL)
    with Session(engine) as session:
        report = grading.grading_report(session, world.users["manager"], date(2026, 11, 1),
                                        date(2026, 11, 30), ZONE)
        with pytest.raises(CalibrationError):
            grading.grading_report(session, world.users["qco1"], date(2026, 11, 1),
                                   date(2026, 11, 30), ZONE)
    period = {r.reviewer: r.values for r in report.rows if r.week is None}
    assert period["qco1"]["strictness_prescore"] == pytest.approx(-10.0)
    assert period["qco1"]["override_rate"] == pytest.approx(1 / 2)  # "manual" is not confident
    assert period["qco1"]["median_minutes"] == 10.0
    assert period["qco1"]["alignment"] == pytest.approx(21 / 22)
    assert period["qco1"]["strictness_baseline"] == pytest.approx(-2.0)
    assert period["qco2"]["strictness_prescore"] == pytest.approx(5.0)
    assert period["qco2"]["alignment"] is None  # qco2 did not submit
    assert {r.week for r in report.rows} == {None, "2026-W48"}
    assert report.overrides[("qco1", "voice_inbound", "O1")] == 1.0
    assert period["qco1"]["disputes_upheld"] == 0.0  # no dispute was ruled on their calls
