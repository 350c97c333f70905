"""A draw queues the transcription of its drawn calls by itself — through the service, the
Monday task and the `draw` command — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import Job
from qa_app.queue import dispatch, priority
from qa_app.services.draws import draw_week
from qa_app.worker.weekly_draw import scheduled_weekly_draw
from tests.integration.test_sampling_service import NOW, W47, CliRun, build


@pytest.fixture
def queue(sqlite_queue: None) -> None:
    """The task queue on an SQLite file of the test's own only (conftest's ``sqlite_queue``)."""


def drawn_calls_with_recording(engine: Engine) -> set[int]:
    with Session(engine) as session:
        return set(session.scalars(
            select(Interaction.id).join(Sample, Sample.interaction_id == Interaction.id)
            .where(Interaction.channel == "voice", Interaction.recording_path.is_not(None))))


def transcription_jobs(engine: Engine) -> dict[int, int]:
    """interaction id: job id of every queued transcription."""
    with Session(engine) as session:
        return {interaction_id: job_id for interaction_id, job_id in session.execute(
            select(Job.interaction_id, Job.id).where(Job.kind == "transcribe",
                                                     Job.status == "queued"))}


def test_a_draw_queues_its_calls_transcriptions_with_their_priority(
        engine: Engine, queue: None) -> None:
    build(engine)
    assert draw_week(engine, Settings(), W47, by="lead", seed=5, dry_run=True) \
        .transcriptions_queued == 0
    assert transcription_jobs(engine) == {}

    outcome = draw_week(engine, Settings(), W47, by="lead", seed=5)

    calls = drawn_calls_with_recording(engine)
    queued = transcription_jobs(engine)
    assert calls and set(queued) == calls and outcome.transcriptions_queued == len(calls)
    messages = {task.args[0]: task.priority for task in dispatch.task_queue().huey.pending()}
    assert messages == {job_id: priority.ASSIGNED_TRANSCRIPTION for job_id in queued.values()}


def test_the_monday_draw_queues_its_transcriptions(engine: Engine, queue: None) -> None:
    build(engine)
    assert scheduled_weekly_draw(engine, NOW) is not None
    assert set(transcription_jobs(engine)) == drawn_calls_with_recording(engine) != set()


def test_the_draw_command_queues_its_transcriptions(tmp_path: Path, qa_cli: CliRun) -> None:
    from qa_app.db import migrate
    from qa_app.db.session import build_engine

    engine = build_engine(f"sqlite:///{tmp_path / 'qa.sqlite'}")
    migrate.upgrade(engine)
    build(engine)
    stored = qa_cli(tmp_path, "draw", "run", "--week", "2026-W47", "--seed", "5",
                    QA_LANGUAGE="en")
    assert stored.returncode == 0, stored.stderr
    calls = drawn_calls_with_recording(engine)
    assert f"{len(calls)} transcriptions queued" in stored.stdout
    assert set(transcription_jobs(engine)) == calls != set()
    engine.dispose()
