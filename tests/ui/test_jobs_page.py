"""Antrean Proses: queue the sampled calls, see failures with their reasons, retry them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.db.work_models import Job
from qa_app.ingest.service import ImportReport
from qa_app.queue import dispatch, ledger

ImportBytes = Callable[[str, str, bytes], ImportReport]


@pytest.fixture
def sampled(engine: Engine, import_bytes: ImportBytes, roster_csv: bytes,
            interactions_csv: bytes) -> dict[str, int]:
    """OC-1 (voice, recorded) and OC-2 (WhatsApp) are sampled; returns ids by source id."""
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)
    dispatch.task_queue.cache_clear()
    with Session(engine) as session, session.begin():
        ids = dict(session.execute(select(Interaction.source_id, Interaction.id)).all())
        agents = dict(session.execute(select(Interaction.source_id, Interaction.agent_id))
                      .all())
        draw = SampleDraw(week="2026-W45", seed="7", rule_version="test", parameters={},
                          pool_hash="0", created_at=datetime.now(UTC), created_by="test")
        session.add(draw)
        session.flush()
        session.add_all(Sample(draw_id=draw.id, interaction_id=ids[s], agent_id=agents[s],
                               week="2026-W45", kind="random") for s in ("OC-1", "OC-2"))
    return ids


def failed_job(engine: Engine, interaction_id: int, reason: str) -> int:
    """A transcription job that a worker tried and failed for good with ``reason``."""
    with Session(engine) as session, session.begin():
        job, _ = ledger.request_job(session, "transcribe", interaction_id, "test")
        job_id = job.id
    claim = ledger.claim(engine, job_id, "worker-a", 60)
    assert claim is not None
    ledger.fail(engine, claim, reason, retry=False)
    return job_id


def statuses(engine: Engine) -> dict[int, str]:
    with Session(engine) as session:
        return dict(session.execute(select(Job.interaction_id, Job.status)).all())


def test_pending_sampled_calls_are_queued_once(app: AppTest, login: Callable[..., AppTest],
                                              engine: Engine, sampled: dict[str, int]) -> None:
    login(app, "qco_lead")
    app.run()
    app.switch_page("../pages/jobs.py").run()
    button = app.button(key="jobs_queue_pending")
    assert button.label == "Transkripsikan 1 sampel yang belum punya transkrip"

    button.click().run()

    assert not app.exception
    assert statuses(engine) == {sampled["OC-1"]: "queued"}  # the WhatsApp chat has no audio
    assert app.button(key="jobs_queue_pending").disabled
    assert [s.value for s in app.success] == ["1 pekerjaan masuk antrian."]
    assert dispatch.task_queue().huey.pending_count() == 1


def test_failures_show_their_reason_and_can_be_retried(app: AppTest,
                                                      login: Callable[..., AppTest],
                                                      engine: Engine,
                                                      sampled: dict[str, int]) -> None:
    job_id = failed_job(engine, sampled["OC-1"],
                        "OC-1.wav: not an audio file (truncated WAV header)")

    login(app, "qco_lead")
    app.run()
    app.switch_page("../pages/jobs.py").run()
    failures = app.dataframe[0].value
    assert failures["Alasan"].tolist() == ["OC-1.wav: not an audio file (truncated WAV header)"]
    assert failures["Interaksi"].tolist() == ["OC-1"]

    app.multiselect(key="jobs_retry_pick").set_value([job_id]).run()
    app.button(key="jobs_retry").click().run()

    assert [s.value for s in app.success] == ["1 pekerjaan dicoba lagi."]
    assert statuses(engine) == {sampled["OC-1"]: "queued"}


def test_a_qco_sees_no_jobs_of_calls_not_assigned_to_them(app: AppTest,
                                                          login: Callable[..., AppTest],
                                                          engine: Engine,
                                                          sampled: dict[str, int]) -> None:
    failed_job(engine, sampled["OC-1"], "rusak")

    login(app, "qco")
    app.run()
    app.switch_page("../pages/jobs.py").run()

    assert not app.dataframe
    assert "Tidak ada pekerjaan yang gagal." in [c.value for c in app.main.caption]


def test_the_lead_resends_queued_jobs_whose_message_was_lost(app: AppTest,
                                                              login: Callable[..., AppTest],
                                                              engine: Engine,
                                                              sampled: dict[str, int]) -> None:
    with Session(engine) as session, session.begin():  # queued, but no message was ever sent
        ledger.request_job(session, "transcribe", sampled["OC-1"], "test")

    login(app, "qco_lead")
    app.run()
    app.switch_page("../pages/jobs.py").run()
    app.button(key="jobs_requeue").click().run()

    assert not app.exception
    assert [s.value for s in app.success] == ["1 pekerjaan antre dikirim ulang ke worker."]
    assert dispatch.task_queue().huey.pending_count() == 1
    with Session(engine) as session:
        assert session.scalars(select(AuditEvent.username).where(
            AuditEvent.action == "requeue")).all() == ["qco_lead"]

    app.button(key="jobs_requeue").click().run()  # now its message is in the queue

    assert [s.value for s in app.success] == [
        "Tidak ada pekerjaan antre yang kehilangan pesan antreannya; tidak ada yang dikirim."]
    assert dispatch.task_queue().huey.pending_count() == 1


def test_a_qco_is_not_offered_the_resend(app: AppTest, login: Callable[..., AppTest],
                                        engine: Engine, sampled: dict[str, int]) -> None:
    login(app, "qco")
    app.run()
    app.switch_page("../pages/jobs.py").run()

    assert not app.exception
    assert "jobs_requeue" not in [button.key for button in app.button]


def test_a_running_job_shows_its_progress_start_and_time_so_far(
        app: AppTest, login: Callable[..., AppTest], engine: Engine,
        sampled: dict[str, int]) -> None:
    with Session(engine) as session, session.begin():
        job, _ = ledger.request_job(session, "transcribe", sampled["OC-1"], "test")
        job_id = job.id
    claim = ledger.claim(engine, job_id, "worker-a", 60)
    assert claim is not None and ledger.renew(engine, claim, 0.3, 60)
    login(app, "qco_lead")
    app.run()
    app.switch_page("../pages/jobs.py").run()

    assert not app.exception
    lines = [element.proto.text for element in app.get("progress")]
    assert len(lines) == 1 and lines[0].startswith("Transkripsi · OC-1 · ")
    assert " 30% · mulai " in lines[0] and lines[0].endswith(" dtk berjalan")
