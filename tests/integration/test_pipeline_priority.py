"""The pipeline serves the reviewer first: a pre-score runs as soon as its transcript is
stored, before the transcriptions still queued, and a QCO's samples are transcribed before
screening. One worker, stub handlers (the order is what is tested, not the speech model), on
SQLite and PostgreSQL, over the SQLite and the Redis queue."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.queue import dispatch, priority
from qa_app.queue import handler_registry as handlers
from qa_app.queue.held import HeldWork
from qa_app.queue.runner import run_batch, run_job
from tests.conftest import World

ASSIGNED = ("OC-G1-0", "OC-D1-0", "OC-G2-0")  # the world's samples with a QCO


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Stub handlers recording (kind, interaction id) in the order the worker ran them."""
    order: list[tuple[str, int]] = []

    def stub(kind: str, follow_up: str | None):  # type: ignore[no-untyped-def]
        def handle(engine, settings, interaction_id, progress):  # type: ignore[no-untyped-def]
            order.append((kind, interaction_id))
            return handlers.Outcome(lambda session: None, follow_up=follow_up)
        return handle

    monkeypatch.setitem(handlers.HANDLERS, "transcribe", stub("transcribe", "prescore"))
    monkeypatch.setitem(handlers.HANDLERS, "prescore", stub("prescore", None))
    return order


def one_worker(engine: Engine) -> None:
    """Take message after message, highest priority first, as a single worker does."""
    huey = dispatch.task_queue().huey
    held = HeldWork()
    while huey.pending_count():
        task = huey.dequeue()
        if task.name == "run_jobs":
            results = run_batch(engine, Settings(), task.args[0], "worker", 60, held)
        else:
            results = [(task.args[0],
                        run_job(engine, Settings(), task.args[0], "worker", 60, held))]
        for job_id, result in results:
            dispatch.after_run(engine, job_id, result)


def test_each_pre_score_runs_right_after_its_transcript_and_qco_samples_go_first(
        engine: Engine, world: World, queue: str, ran: list[tuple[str, int]]) -> None:
    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).values(recording_path="call.wav"))
    assigned = [world.interaction_ids[name] for name in ASSIGNED]
    screening = sorted(set(world.interaction_ids.values()) - set(assigned))
    # screening first, so that only the priorities can put the QCO's samples ahead
    dispatch.request_jobs(engine, "transcribe", screening[:5], requested_by="test")
    dispatch.request_jobs(engine, "transcribe", [*assigned, *screening[5:]], requested_by="test")

    one_worker(engine)

    assert len(ran) == 2 * len(world.interaction_ids)
    transcribed = [interaction_id for kind, interaction_id in ran[0::2]]
    assert all(kind == "transcribe" for kind, _ in ran[0::2])
    assert ran[1::2] == [("prescore", interaction_id) for interaction_id in transcribed]
    assert sorted(transcribed[:3]) == sorted(assigned)
    assert transcribed[3:] == screening


def test_priorities_put_a_qco_s_samples_first_and_a_pre_score_before_a_transcription() -> None:
    assert [priority.priority(kind, assigned) for kind, assigned in (
        ("prescore", True), ("transcribe", True), ("prescore", False), ("transcribe", False))
    ] == sorted(priority.priority(kind, assigned) for kind in ("prescore", "transcribe")
                for assigned in (True, False))[::-1]


def test_job_priorities_follow_the_sample_s_reviewer(engine: Engine, world: World) -> None:
    from qa_app.queue import ledger

    assigned, other = world.interaction_ids["OC-G1-0"], world.interaction_ids["OC-G1-1"]
    with Session(engine) as session, session.begin():
        transcriptions, _ = ledger.request_jobs(session, "transcribe", [assigned, other], "t")
        prescores, _ = ledger.request_jobs(session, "prescore", [assigned, other], "t")
    assert priority.job_priorities(engine, [*transcriptions, *prescores]) == {
        transcriptions[0]: priority.ASSIGNED_TRANSCRIPTION,
        transcriptions[1]: priority.OTHER_TRANSCRIPTION,
        prescores[0]: priority.ASSIGNED_PRESCORE, prescores[1]: priority.OTHER_PRESCORE}


def test_an_import_s_chat_pre_scores_wait_behind_a_qco_s_transcription(
        engine: Engine, world: World, queue: str, ran: list[tuple[str, int]]) -> None:
    """Screening pre-scores (an import's thousands of chats) do not delay the reviewer."""
    assigned = world.interaction_ids["OC-G1-0"]
    chats = [world.interaction_ids[name] for name in ("OC-G1-1", "OC-G1-2", "OC-D1-1")]
    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).values(recording_path="call.wav"))
    dispatch.request_jobs(engine, "prescore", chats, requested_by="import")
    dispatch.request_jobs(engine, "transcribe", [assigned], requested_by="draw")

    one_worker(engine)

    assert ran[:2] == [("transcribe", assigned), ("prescore", assigned)]
    assert sorted(ran[2:]) == sorted(("prescore", chat) for chat in chats)


def test_a_drawn_chat_s_pre_score_is_put_ahead_of_the_import_s_and_runs_once(
        engine: Engine, world: World, queue: str, ran: list[tuple[str, int]]) -> None:
    from qa_app.db.sampling_models import Sample
    from qa_app.services.follow_up_jobs import prescore_drawn_chats

    drawn_chat, call = world.interaction_ids["OC-G1-0"], world.interaction_ids["OC-D1-0"]
    screening = [world.interaction_ids[name] for name in ("OC-G1-1", "OC-G2-1")]
    thread = [{"sender": "agent", "sent_at": "2026-11-16T09:02:00+07:00", "text": "Halo"}]
    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).values(recording_path="call.wav"))
        session.execute(update(Interaction).where(Interaction.id.in_([drawn_chat, *screening]))
                        .values(channel="chat", chat_messages=thread))
        reviewer = session.scalar(select(Sample.reviewer_id)
                                  .where(Sample.interaction_id == drawn_chat))
        draw_id = session.scalar(select(Sample.draw_id).where(Sample.interaction_id == drawn_chat))
        session.execute(update(Sample).where(Sample.interaction_id == drawn_chat)
                        .values(reviewer_id=None))
    dispatch.request_jobs(engine, "prescore", [drawn_chat, *screening], requested_by="import")
    with Session(engine) as session, session.begin():  # then the draw assigns it to a QCO
        session.execute(update(Sample).where(Sample.interaction_id == drawn_chat)
                        .values(reviewer_id=reviewer))
    dispatch.request_jobs(engine, "transcribe", [call], requested_by="draw")

    assert prescore_drawn_chats(engine, Settings(), draw_id, "draw") == 1
    one_worker(engine)

    assert ran[:3] == [("prescore", drawn_chat), ("transcribe", call), ("prescore", call)]
    assert sorted(ran[3:]) == sorted(("prescore", chat) for chat in screening)
