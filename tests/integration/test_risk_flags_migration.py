"""Migration 0013_risk_flags on both databases: rebuilding ``sample`` (SQLite) keeps every
sample, evaluation and assignment-log row; a downgrade drops the draw-less samples that no
evaluation needs and refuses to lose one that does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from qa_app.db import migrate
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample, SampleAssignmentLog
from tests.factories import report_rows

BEFORE = "0012_search_index"
COUNTED = ("sample", "evaluation", "sample_assignment_log")


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in COUNTED}


def draw_id_nullable(engine: Engine) -> bool:
    column = next(c for c in inspect(engine).get_columns("sample") if c["name"] == "draw_id")
    return bool(column["nullable"])


def _log_every_sample(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        for sample_id, reviewer in session.execute(select(Sample.id, Sample.reviewer_id)):
            session.add(SampleAssignmentLog(sample_id=sample_id, to_reviewer_id=reviewer,
                                            reason="draw", by="test", at=datetime.now(UTC)))


def _drawless_sample(engine: Engine, interaction_id: int, agent_id: int) -> int:
    with Session(engine) as session, session.begin():
        sample = Sample(draw_id=None, interaction_id=interaction_id, agent_id=agent_id,
                        week="2026-W47", kind="targeted", target_reason="risk_flag",
                        status="waiting")
        session.add(sample)
        session.flush()
        return sample.id


def test_down_and_up_keep_samples_evaluations_and_their_log(engine: Engine, graded) -> None:  # noqa: ANN001
    _log_every_sample(engine)
    kept = counts(engine)
    assert kept["evaluation"] > 0 and kept["sample_assignment_log"] == kept["sample"]
    assert draw_id_nullable(engine)
    ids = graded.interaction_ids
    _drawless_sample(engine, ids["OC-G1-3"], graded.agent_ids["G1"])  # not scored: it goes

    migrate.downgrade(engine, BEFORE)

    assert counts(engine) == kept
    assert not draw_id_nullable(engine)
    assert "risk_flag" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    assert counts(engine) == kept
    assert draw_id_nullable(engine) and "risk_flag" in inspect(engine).get_table_names()


def test_a_downgrade_refuses_to_lose_a_scored_targeted_review_from_a_flag(
        engine: Engine, world) -> None:  # noqa: ANN001
    ids = world.interaction_ids
    with Session(engine) as session, session.begin():
        rubric = report_rows.rubric_version(session)
        evaluation = session.get_one(Evaluation, report_rows.evaluation(
            session, ids["OC-G1-3"], world.users["qco1"].user_id, rubric, "2026-W47", 100,
            report_rows.PASS, kind="targeted"))
        session.get_one(Sample, evaluation.sample_id).draw_id = None
    with pytest.raises(RuntimeError, match="already have an evaluation"):
        migrate.downgrade(engine, BEFORE)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Evaluation)) == 1
