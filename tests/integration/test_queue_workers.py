"""Two real worker processes, one killed mid-job: every job still finishes exactly once.

Runs the whole chain — transcription with the real model on short clips, then the chained
pre-score — over the default SQLite queue and over Redis.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.db import migrate
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.session import build_engine
from qa_app.db.work_models import Job, JobRun, PreScoreRecord, Transcript

pytestmark = pytest.mark.slow
PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "qa_app" / "demo" / "recordings"
CALLS = ("OC-REC-001", "OC-REC-002", "OC-REC-003", "OC-REC-004")
REDIS_URL = os.environ.get("QA_TEST_REDIS_URL", "")
REQUIRE_SERVICES = os.environ.get("QA_TEST_REQUIRE_SERVICES") == "1"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qa_app.transcribe.model import assemble_bundled_model

    return assemble_bundled_model(tmp_path_factory.mktemp("models") / "whisper-base")


def _queue_url(kind: str, home: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{home / 'queue.sqlite'}"
    if not REDIS_URL:
        reason = "QA_TEST_REDIS_URL is not set: no Redis server to test against"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()  # the test's own queue: nothing left from an earlier run
    return REDIS_URL


@pytest.fixture
def home(tmp_path: Path) -> Iterator[tuple[Path, Engine]]:
    """A QA_HOME with four agents' calls, each a 12 s cut of a demo recording."""
    from qa_app.transcribe.audio import ffmpeg_exe

    recordings = tmp_path / "recordings"
    recordings.mkdir()
    for call in CALLS:
        subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(DEMO / f"{call}.wav"), "-t", "12",
                        "-c:a", "pcm_mulaw", str(recordings / f"{call}.wav")], check=True)
    engine = build_engine(f"sqlite:///{tmp_path / 'qa.sqlite'}")
    migrate.upgrade(engine)
    start = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        team = Team(name="Tim Gadai")
        agent = Agent(employee_id="PGD001", name="Sari", hire_date=date(2025, 1, 6), tier=1,
                      team=team, active=True, row_hash=0)
        session.add(agent)
        session.add_all(Interaction(
            source_id=call, agent=agent, channel="voice", direction="inbound",
            started_at=start + timedelta(hours=n), ended_at=start + timedelta(hours=n, minutes=5),
            consent="given", recording_path=f"{call}.wav", row_hash=0)
            for n, call in enumerate(CALLS))
    yield tmp_path, engine
    engine.dispose()


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "qa_app", "worker", "--no-periodic"],
                            env=env, cwd=PROJECT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_killing_a_worker_mid_job_loses_and_doubles_nothing(
        home: tuple[Path, Engine], model_dir: Path, queue: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, engine = home
    env = {**os.environ, "QA_HOME": str(folder), "QA_QUEUE_URL": _queue_url(queue, folder),
           "QA_WHISPER_MODEL": str(model_dir), "QA_JOB_LEASE_SECONDS": "4",
           "QA_WHISPER_CPU_THREADS": "1"}
    env.pop("QA_DATABASE_URL", None)
    for name in ("QA_HOME", "QA_QUEUE_URL", "QA_WHISPER_MODEL", "QA_JOB_LEASE_SECONDS"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    from qa_app import jobs
    from qa_app.config import get_settings
    from qa_app.db.session import get_engine

    get_settings.cache_clear()
    get_engine.cache_clear()
    jobs.task_queue.cache_clear()
    with Session(engine) as session:
        interaction_ids = list(session.scalars(select(Interaction.id).order_by(Interaction.id)))
    workers = [start_worker(env), start_worker(env)]
    try:
        jobs.request_jobs(get_engine(), "transcribe", interaction_ids, requested_by="test")

        def running_on_first_worker() -> bool:
            with Session(engine) as session:
                return bool(session.scalar(select(func.count()).select_from(Job).where(
                    Job.status == "running", Job.worker.like(f"%:{workers[0].pid}:%"))))

        wait_until(running_on_first_worker, 120, "the first worker to start a job")
        os.killpg(workers[0].pid, signal.SIGKILL)

        def all_finished() -> bool:
            with Session(engine) as session:
                states = list(session.scalars(select(Job.status)))
            return len(states) == 2 * len(CALLS) and all(s in ("done", "failed") for s in states)

        wait_until(all_finished, 240, "every transcription and pre-score to finish")
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()
        jobs.task_queue.cache_clear()

    with Session(engine) as session:
        jobs_by_kind = session.execute(select(Job.kind, Job.status, Job.id)).all()
        done_runs = dict(session.execute(
            select(JobRun.job_id, func.count()).where(JobRun.outcome == "done")
            .group_by(JobRun.job_id)).all())
        abandoned = session.scalar(select(func.count()).select_from(JobRun)
                                   .where(JobRun.outcome == "abandoned"))
        transcripts = session.scalar(select(func.count()).select_from(Transcript))
        prescores = session.scalar(select(func.count()).select_from(PreScoreRecord))
    assert sorted((kind, state) for kind, state, _ in jobs_by_kind) == sorted(
        [("prescore", "done")] * len(CALLS) + [("transcribe", "done")] * len(CALLS))
    assert all(done_runs[job_id] == 1 for *_, job_id in jobs_by_kind)
    assert abandoned >= 1  # the killed worker's job was taken over, not lost
    assert transcripts == len(CALLS) and prescores == len(CALLS)
