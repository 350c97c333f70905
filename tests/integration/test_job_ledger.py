"""The job ledger on both databases: no duplicate jobs, one owner, one finish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.work_models import Job, JobRun
from qa_app.queue import ledger


def request(engine: Engine, interaction_id: int, kind: str = "transcribe") -> tuple[int, bool]:
    with Session(engine) as session, session.begin():
        job, needs_message = ledger.request_job(session, kind, interaction_id, "test")
        return job.id, needs_message


def runs(engine: Engine, job_id: int) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(JobRun.outcome).where(JobRun.job_id == job_id)
                                    .order_by(JobRun.id)))


def status(engine: Engine, job_id: int) -> tuple[str, int, str | None]:
    with Session(engine) as session:
        job = session.get_one(Job, job_id)
        return job.status, job.attempts, job.error


def test_requesting_twice_makes_one_job_and_one_message(engine: Engine, world) -> None:
    interaction = world.interaction_ids["OC-G1-0"]
    first, second = request(engine, interaction), request(engine, interaction)
    assert first == (first[0], True)
    assert second == (first[0], False)


def test_only_one_worker_can_claim_and_a_done_job_is_requeued_on_request(engine: Engine,
                                                                         world) -> None:
    job_id, _ = request(engine, world.interaction_ids["OC-G1-0"])
    claim = ledger.claim(engine, job_id, "worker-a", 60)
    assert claim is not None and claim.attempt == 1
    assert ledger.claim(engine, job_id, "worker-b", 60) is None
    with Session(engine) as session, session.begin():
        assert ledger.finish(session, claim)
    with Session(engine) as session, session.begin():
        assert not ledger.finish(session, claim)  # never twice
    assert status(engine, job_id) == ("done", 1, None)
    assert request(engine, world.interaction_ids["OC-G1-0"]) == (job_id, True)
    assert status(engine, job_id)[0] == "queued"


def test_a_dead_workers_job_goes_to_another_and_the_late_finish_is_refused(engine: Engine,
                                                                           world) -> None:
    job_id, _ = request(engine, world.interaction_ids["OC-G1-1"])
    dead = ledger.claim(engine, job_id, "worker-a", 0.01)
    assert dead is not None
    assert ledger.release_stale(engine, now=datetime.now(UTC) + timedelta(seconds=1)) == [job_id]
    alive = ledger.claim(engine, job_id, "worker-b", 60)
    assert alive is not None and alive.attempt == 2
    assert not ledger.renew(engine, dead, 0.5, 60)
    with Session(engine) as session, session.begin():
        assert not ledger.finish(session, dead)
        assert ledger.finish(session, alive)
    assert runs(engine, job_id) == ["abandoned", "done"]
    assert ledger.release_stale(engine, now=datetime.now(UTC) + timedelta(hours=1)) == []


def test_failures_are_retried_or_kept_with_their_reason(engine: Engine, world) -> None:
    job_id, _ = request(engine, world.interaction_ids["OC-D1-0"])
    first = ledger.claim(engine, job_id, "worker-a", 60)
    assert first is not None
    assert ledger.fail(engine, first, "OperationalError: database is locked", retry=True)
    assert status(engine, job_id) == ("queued", 1, "OperationalError: database is locked")
    second = ledger.claim(engine, job_id, "worker-a", 60)
    assert second is not None
    assert ledger.fail(engine, second, "rekaman.wav: not an audio file", retry=False)
    assert status(engine, job_id) == ("failed", 2, "rekaman.wav: not an audio file")
    assert runs(engine, job_id) == ["retry", "failed"]


def test_a_batch_claims_everything_first_so_a_dying_worker_strands_nothing(engine: Engine,
                                                                         world) -> None:
    from qa_app.config import Settings
    from qa_app.db.models import Interaction
    from qa_app.db.work_models import PreScoreRecord
    from qa_app.queue.runner import run_batch
    from qa_app.worker.tasks import install_handlers

    install_handlers()  # this process runs the jobs, as the worker does

    thread = [{"sender": "customer", "sent_at": "2026-11-16T09:00:00+07:00", "text": "Halo"},
              {"sender": "agent", "sent_at": "2026-11-16T09:02:00+07:00",
               "text": "Selamat pagi, terima kasih telah menghubungi Pegadaian"}]
    names = ("OC-G1-0", "OC-G1-1", "OC-G1-2")
    with Session(engine) as session, session.begin():
        for name in names:
            row = session.get_one(Interaction, world.interaction_ids[name])
            row.channel, row.chat_messages = "chat", thread
        job_ids, to_send = ledger.request_jobs(
            session, "prescore", [world.interaction_ids[n] for n in names], "test")
    assert to_send == job_ids

    dying = [ledger.claim(engine, job_id, "worker-a", 0.01) for job_id in job_ids]
    assert all(dying)  # a batch claims all its jobs before working on the first
    released = ledger.release_stale(engine, now=datetime.now(UTC) + timedelta(seconds=1))
    assert sorted(released) == sorted(job_ids)  # none stranded in the lost message

    results = run_batch(engine, Settings(), job_ids, "worker-b", 60)
    assert [(job_id, result.status) for job_id, result in results] == [
        (job_id, "done") for job_id in job_ids]
    assert all(runs(engine, job_id) == ["abandoned", "done"] for job_id in job_ids)
    with Session(engine) as session:
        assert len(session.scalars(select(PreScoreRecord)).all()) == 3
