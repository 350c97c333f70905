"""The worklist's sample states read from the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import Job, Transcript
from qa_app.review.pipeline_state import SampleState
from qa_app.review.worklist import state_of_sample, worklist_rows
from tests.conftest import World

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def add_job(session: Session, interaction_id: int, kind: str, status: str,
            **values: object) -> None:
    session.add(Job(kind=kind, interaction_id=interaction_id, status=status,
                    requested_by="test", created_at=NOW, **values))


def test_each_sample_tells_its_own_state(engine: Engine, world: World) -> None:
    transcribing, prescoring = world.interaction_ids["OC-G1-0"], world.interaction_ids["OC-D1-0"]
    other_qco = world.interaction_ids["OC-G2-0"]
    with Session(engine) as session, session.begin():
        add_job(session, transcribing, "transcribe", "running", progress=0.5,
                started_at=NOW - timedelta(seconds=30))
        add_job(session, prescoring, "transcribe", "done")
        add_job(session, prescoring, "prescore", "queued")
        session.add(Transcript(interaction_id=prescoring, model="test", duration=1.0,
                               speakers_separated=False, document={"turns": []},
                               created_at=NOW))
        add_job(session, other_qco, "transcribe", "failed", error="no recording")
    with Session(engine) as session:
        states = {row.source_id: row.state
                  for row in worklist_rows(session, world.users["qco1"], NOW)}
        lead_view = {row.source_id: row.status
                     for row in worklist_rows(session, world.users["qcolead"], NOW,
                                           only_mine=False)}
        other_sample = session.scalar(select(Sample.id).where(Sample.interaction_id == other_qco))
        assert state_of_sample(session, world.users["qcolead"], other_sample, NOW) == \
            SampleState("failed", error="no recording")
        assert state_of_sample(session, world.users["qcolead"], -1, NOW) is None
    assert states == {
        "OC-G1-0": SampleState("transcribing", progress=0.5, started_at=NOW - timedelta(
            seconds=30), elapsed_seconds=30.0),
        "OC-D1-0": SampleState("prescoring")}
    assert lead_view == {"OC-G1-0": "transcribing", "OC-D1-0": "prescoring",
                         "OC-G2-0": "failed"}
