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
from collections.abc import Callable, Iterator
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


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from qa_app.transcribe.model import assemble_bundled_model

    return assemble_bundled_model(tmp_path_factory.mktemp("models") / "whisper-base")


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


def start_worker(env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """A worker process; its log (stderr) goes to ``log`` if given."""
    with open(log or os.devnull, "wb") as stderr:
        return subprocess.Popen([sys.executable, "-m", "qa_app", "worker", "--no-periodic"],
                                env=env, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=stderr,
                                start_new_session=True)


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def worker_env(folder: Path, queue_url: str, model_dir: Path, lease_seconds: int,
               monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The workers' settings, also made this process's (which requests the jobs)."""
    env = {**os.environ, "QA_HOME": str(folder), "QA_QUEUE_URL": queue_url,
           "QA_WHISPER_MODEL": str(model_dir), "QA_JOB_LEASE_SECONDS": str(lease_seconds),
           "QA_WHISPER_CPU_THREADS": "1"}
    env.pop("QA_DATABASE_URL", None)
    for name in ("QA_HOME", "QA_QUEUE_URL", "QA_WHISPER_MODEL", "QA_JOB_LEASE_SECONDS"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    forget_cached_queue()
    return env


def forget_cached_queue() -> None:
    from qa_app.config import get_settings
    from qa_app.db.session import get_engine
    from qa_app.queue import dispatch

    get_settings.cache_clear()
    get_engine.cache_clear()
    dispatch.task_queue.cache_clear()


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    from qa_app.db.session import get_engine

    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    get_engine().dispose()
    forget_cached_queue()


def running_on(engine: Engine, worker: subprocess.Popen[bytes]) -> bool:
    with Session(engine) as session:
        return bool(session.scalar(select(func.count()).select_from(Job).where(
            Job.status == "running", Job.worker.like(f"%:{worker.pid}:%"))))


def all_finished(engine: Engine) -> bool:
    with Session(engine) as session:
        states = list(session.scalars(select(Job.status)))
    return len(states) == 2 * len(CALLS) and all(s in ("done", "failed") for s in states)


def assert_each_job_done_once(engine: Engine) -> int:
    """Every transcription and pre-score done, each by exactly one run; returns how many
    runs were abandoned on the way."""
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
    assert transcripts == len(CALLS) and prescores == len(CALLS)
    return abandoned or 0


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_killing_a_worker_mid_job_loses_and_doubles_nothing(
        home: tuple[Path, Engine], model_dir: Path, queue: str,
        queue_url: Callable[[str, Path], str], monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_app.db.session import get_engine
    from qa_app.queue import dispatch

    folder, engine = home
    env = worker_env(folder, queue_url(queue, folder), model_dir, 4, monkeypatch)
    with Session(engine) as session:
        interaction_ids = list(session.scalars(select(Interaction.id).order_by(Interaction.id)))
    workers = [start_worker(env), start_worker(env)]
    try:
        dispatch.request_jobs(get_engine(), "transcribe", interaction_ids, requested_by="test")
        wait_until(lambda: running_on(engine, workers[0]), 120,
                   "the first worker to start a job")
        os.killpg(workers[0].pid, signal.SIGKILL)
        wait_until(lambda: all_finished(engine), 240,
                   "every transcription and pre-score to finish")
    finally:
        stop_workers(workers)

    assert assert_each_job_done_once(engine) >= 1  # the killed worker's job was taken over


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_worker_told_to_stop_hands_its_jobs_back_at_once(
        home: tuple[Path, Engine], model_dir: Path, queue: str,
        queue_url: Callable[[str, Path], str], monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM mid-transcription, inside the speech model: when the worker has exited, none
    of its jobs is still running (their leases, ten minutes long, have not run out) and every
    queued job is named by a queue message; a second worker then finishes each exactly once."""
    from qa_app.db.session import get_engine
    from qa_app.queue import dispatch

    folder, engine = home
    env = worker_env(folder, queue_url(queue, folder), model_dir, 600, monkeypatch)
    with Session(engine) as session:
        interaction_ids = list(session.scalars(select(Interaction.id).order_by(Interaction.id)))
    log = folder / "stopping-worker.log"
    stopping = start_worker(env, log)
    workers = [stopping]
    try:
        dispatch.request_jobs(get_engine(), "transcribe", interaction_ids, requested_by="test")
        wait_until(lambda: b"Processing audio" in log.read_bytes(), 120,
                   "the worker to be transcribing (inside the speech model)")
        os.kill(stopping.pid, signal.SIGTERM)
        assert stopping.wait(timeout=60) == 0

        with Session(engine) as session:
            states = dict(session.execute(select(Job.id, Job.status)).all())
            abandoned = session.scalar(select(func.count()).select_from(JobRun)
                                       .where(JobRun.outcome == "abandoned"))
        assert "running" not in states.values()
        assert abandoned >= 1
        queued = {job_id for job_id, state in states.items() if state == "queued"}
        assert queued and queued <= dispatch.jobs_in_queue(dispatch.task_queue().huey)

        workers.append(start_worker(env))
        wait_until(lambda: all_finished(engine), 240,
                   "every transcription and pre-score to finish")
    finally:
        stop_workers(workers)

    assert assert_each_job_done_once(engine) == abandoned  # nothing abandoned after the stop
