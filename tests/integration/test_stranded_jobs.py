"""Queued jobs whose queue message is gone are sent again — by the watchdog, the `requeue`
command and (tests/ui/test_jobs_page.py) the page's button — and a stopping worker hands its
jobs back at once. On SQLite and PostgreSQL, over the SQLite and the Redis queue."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.cli.worker import watchdog_round
from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.work_models import Job, JobRun, PreScoreRecord
from qa_app.queue import dispatch, ledger
from qa_app.queue.held import HeldWork
from qa_app.queue.runner import run_batch, run_job
from qa_app.services.requeue import requeue_stranded
from qa_app.worker.tasks import install_handlers

CHATS = ("OC-G1-1", "OC-G1-2", "OC-G2-1")  # screening: none is a QCO's sample
CliRun = Callable[..., subprocess.CompletedProcess[str]]
THREAD = [{"sender": "customer", "sent_at": "2026-11-16T09:00:00+07:00", "text": "Halo"},
          {"sender": "agent", "sent_at": "2026-11-16T09:02:00+07:00",
           "text": "Selamat pagi, terima kasih telah menghubungi Pegadaian"}]


@pytest.fixture(autouse=True)
def job_handlers() -> None:
    """This process runs the jobs, as the worker does."""
    install_handlers()


@pytest.fixture
def chats(engine: Engine, world) -> list[int]:  # type: ignore[no-untyped-def]
    """Three of the world's interactions turned into chat threads, ready to pre-score."""
    ids = [world.interaction_ids[name] for name in CHATS]
    with Session(engine) as session, session.begin():
        for interaction_id in ids:
            row = session.get_one(Interaction, interaction_id)
            row.channel, row.chat_messages = "chat", THREAD
    return ids


def messages() -> list[tuple[str, list[int]]]:
    """The queue's messages as (task, job ids), in the order they would run."""
    return [(task.name, task.args[0] if task.name == "run_jobs" else [task.args[0]])
            for task in dispatch.task_queue().huey.pending()]


def queued_without_message(engine: Engine, kind: str, interaction_ids: list[int]) -> list[int]:
    """Ledger rows as if their messages were lost: requested, never sent."""
    with Session(engine) as session, session.begin():
        job_ids, _ = ledger.request_jobs(session, kind, interaction_ids, "test")
    return job_ids


def requeue_events(engine: Engine) -> list[tuple[str, dict[str, object] | None]]:
    with Session(engine) as session:
        return [(username, details) for username, details in session.execute(
            select(AuditEvent.username, AuditEvent.details)
            .where(AuditEvent.action == "requeue").order_by(AuditEvent.id))]


def run_every_message(engine: Engine) -> None:
    """Work through the queue as a worker would, until it is empty."""
    huey = dispatch.task_queue().huey
    held = HeldWork()
    while huey.pending_count():
        task = huey.dequeue()
        if task.name == "run_jobs":
            run_batch(engine, Settings(), task.args[0], "worker-b", 60, held)
        else:
            run_job(engine, Settings(), task.args[0], "worker-b", 60, held)


def test_jobs_that_lost_their_message_are_sent_again_once_and_run_once(
        engine: Engine, chats: list[int], queue: str) -> None:
    job_ids = dispatch.request_jobs(engine, "prescore", chats, requested_by="test")
    assert requeue_stranded(engine, by="cli") == 0  # every job is named by a message
    assert requeue_events(engine) == []

    dispatch.task_queue().huey.flush()  # the queue was emptied: the jobs sit queued, unnamed
    assert requeue_stranded(engine, by="cli") == len(chats)
    assert messages() == [("run_jobs", sorted(job_ids))]  # batched as when first requested
    assert requeue_stranded(engine, by="cli") == 0  # sent once, not on every call
    assert requeue_events(engine) == [("cli", {"resent": 3, "kinds": {"prescore": 3}})]

    dispatch.send(engine, "prescore", sorted(job_ids))  # a second message for the same jobs
    run_every_message(engine)
    with Session(engine) as session:
        done_runs = session.scalar(select(func.count()).select_from(JobRun)
                                   .where(JobRun.outcome == "done"))
        records = session.scalar(select(func.count()).select_from(PreScoreRecord))
        states = set(session.scalars(select(Job.status)))
    assert (done_runs, records, states) == (len(chats), len(chats), {"done"})


def test_ledger_rows_never_sent_are_found_but_not_running_or_finished_ones(
        engine: Engine, world, queue: str) -> None:  # type: ignore[no-untyped-def]
    voice = [world.interaction_ids[name] for name in ("OC-D1-0", "OC-D1-1", "OC-D1-2")]
    stranded, running, finished = queued_without_message(engine, "transcribe", voice)
    assert ledger.claim(engine, running, "worker-a", 60) is not None
    claim = ledger.claim(engine, finished, "worker-a", 60)
    assert claim is not None
    with Session(engine) as session, session.begin():
        assert ledger.finish(session, claim)

    assert requeue_stranded(engine, by="cli") == 1
    assert messages() == [("run_job", [stranded])]  # transcriptions go one per message


def test_the_watchdog_sends_them_on_the_worker_with_the_scheduled_duties(
        engine: Engine, chats: list[int], queue: str) -> None:
    job_ids = queued_without_message(engine, "prescore", chats)

    watchdog_round(engine, stranded_too=False)  # a --no-periodic worker leaves them
    assert messages() == []
    watchdog_round(engine, stranded_too=True)
    assert messages() == [("run_jobs", sorted(job_ids))]
    watchdog_round(engine, stranded_too=True)
    assert messages() == [("run_jobs", sorted(job_ids))]
    assert requeue_events(engine) == [("watchdog", {"resent": 3, "kinds": {"prescore": 3}})]


def test_a_stopping_worker_hands_back_its_claims_and_its_unclaimed_jobs(
        engine: Engine, chats: list[int], queue: str) -> None:
    first, second, third = queued_without_message(engine, "prescore", chats)
    held = HeldWork()
    with held.message([first, second, third]):  # a batch, stopped while claiming
        claims = [held.claim(engine, job_id, "worker-a", 600) for job_id in (first, second)]
        assert all(claims)
        assert dispatch.hand_back_held(engine, held) == 3
        assert held.claim(engine, third, "worker-a", 600) is None  # no claim after stopping

    with Session(engine) as session:
        states = dict(session.execute(select(Job.id, Job.status)).all())
        outcomes = sorted(session.scalars(select(JobRun.outcome)))
    assert states == {first: "queued", second: "queued", third: "queued"}  # leases or not
    assert outcomes == ["abandoned", "abandoned"]
    assert messages() == [("run_jobs", [first, second, third])]
    assert claims[0] is not None and not ledger.renew(engine, claims[0], 0.5, 600)
    with Session(engine) as session, session.begin():
        assert not ledger.finish(session, claims[0])  # the stopped worker stores nothing

    run_every_message(engine)
    with Session(engine) as session:
        assert set(session.scalars(select(Job.status))) == {"done"}


def test_the_requeue_command_says_how_many_in_the_users_language(
        engine: Engine, world, queue: str, tmp_path: Path,  # type: ignore[no-untyped-def]
        qa_cli: CliRun) -> None:
    voice = [world.interaction_ids[name] for name in ("OC-D1-0", "OC-D1-1")]
    job_ids = queued_without_message(engine, "transcribe", voice)
    settings = {"QA_DATABASE_URL": engine.url.render_as_string(hide_password=False),
                "QA_QUEUE_URL": queue}

    english = qa_cli(tmp_path, "requeue", QA_LANGUAGE="en", **settings)
    assert english.returncode == 0, english.stderr
    assert english.stdout.strip() == "2 queued jobs were sent to the workers again."
    indonesian = qa_cli(tmp_path, "requeue", **settings)
    assert indonesian.returncode == 0, indonesian.stderr
    assert indonesian.stdout.strip() == ("Tidak ada pekerjaan antre yang kehilangan pesan "
                                         "antreannya; tidak ada yang dikirim.")
    assert sorted(messages()) == [("run_job", [job_ids[0]]), ("run_job", [job_ids[1]])]
    assert requeue_events(engine) == [("cli", {"resent": 2, "kinds": {"transcribe": 2}})]
