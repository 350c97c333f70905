"""Screening every call, on SQLite and PostgreSQL: what it queues, the risk flags a
pre-score leaves, the lead's two decisions (audited), who may see them, and that none of it
enters QM."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from qa_app.config import Settings, get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample, SampleAssignmentLog
from qa_app.db.screening_models import RiskFlag
from qa_app.db.work_models import Job, Transcript
from qa_app.queue import priority
from qa_app.reports.queries.quality import load_quality, quality_view
from qa_app.reports.targets import load_targets
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, script_to_transcribe_json
from qa_app.services import risk_flags, screening
from qa_app.worker.tasks import prescore

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
ON = Settings(screening=True)


@pytest.fixture
def queue(sqlite_queue: None) -> None:
    """The task queue on an SQLite file of the test's own only (conftest's ``sqlite_queue``)."""


def give_transcript(engine: Engine, interaction_id: int, recording_id: str) -> None:
    """The demo call's script as the interaction's transcript (no speech model needed)."""
    truth = json.loads((DEMO_RECORDINGS / f"{recording_id}.json").read_text("utf-8"))
    document = script_to_transcribe_json(truth)
    with Session(engine) as session, session.begin():
        session.add(Transcript(interaction_id=interaction_id, model="demo-script",
                               duration=float(document["duration"]), speakers_separated=True,
                               document=document, unmasked_document=None, created_at=NOW))
        session.execute(update(Interaction).where(Interaction.id == interaction_id)
                        .values(recording_path=f"demo/{recording_id}.wav"))


def run_prescore(engine: Engine, settings: Settings, interaction_id: int) -> None:
    outcome = prescore(engine, settings, interaction_id, lambda _done: None)
    with Session(engine) as session, session.begin():
        outcome.store(session)


def flags(engine: Engine) -> dict[int, RiskFlag]:
    with Session(engine) as session:
        return {flag.interaction_id: flag for flag in session.scalars(select(RiskFlag))}


def screened(engine: Engine, world, calls: dict[str, str]) -> dict[str, int]:  # noqa: ANN001
    """Transcripts for unsampled calls (source id -> demo recording), pre-scored with
    screening on; returns their interaction ids."""
    ids = {source: world.interaction_ids[source] for source in calls}
    for source, recording in calls.items():
        give_transcript(engine, ids[source], recording)
        run_prescore(engine, ON, ids[source])
    return ids


def test_risky_unsampled_calls_become_flags_with_their_evidence(engine: Engine, world) -> None:  # noqa: ANN001
    ids = screened(engine, world, {"OC-G1-3": "OC-REC-006", "OC-G2-3": "OC-REC-001",
                                   "OC-D1-3": "OC-REC-012"})
    found = flags(engine)
    assert set(found) == {ids["OC-G1-3"], ids["OC-D1-3"]}  # the model call is not flagged
    otp = found[ids["OC-G1-3"]]
    assert otp.status == "open" and otp.top_reason == "fatal_item"
    first = otp.reasons[0]
    assert first["item"] == "V2" and first["evidence"][0]["start"] > 0
    assert any("otp" in entry["text"].lower() for entry in first["evidence"])
    assert found[ids["OC-D1-3"]].reasons[0]["item"] == "V1"


def test_without_the_setting_and_for_sampled_calls_there_are_no_flags(
        engine: Engine, world) -> None:  # noqa: ANN001
    sampled = world.interaction_ids["OC-G1-0"]  # in the world's draw
    give_transcript(engine, sampled, "OC-REC-006")
    run_prescore(engine, ON, sampled)
    other = world.interaction_ids["OC-G1-3"]
    give_transcript(engine, other, "OC-REC-006")
    run_prescore(engine, Settings(screening=False), other)
    assert flags(engine) == {}


def test_the_demo_turns_screening_on_for_its_database(engine: Engine, world) -> None:  # noqa: ANN001
    off = Settings(screening=False)
    with Session(engine) as session:
        assert screening.screening_enabled(session, off) is False
    with Session(engine) as session, session.begin():
        screening.enable_screening(session, "demo")
    other = world.interaction_ids["OC-G1-3"]
    give_transcript(engine, other, "OC-REC-006")
    run_prescore(engine, off, other)
    assert set(flags(engine)) == {other}
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "setting_change")).one()
        assert (event.username, event.target_id) == ("demo", "screening")


def test_a_decided_flag_survives_a_new_prescore_and_an_open_one_is_refreshed(
        engine: Engine, world) -> None:  # noqa: ANN001
    ids = screened(engine, world, {"OC-G1-3": "OC-REC-006", "OC-D1-3": "OC-REC-012"})
    lead = world.users["qcolead"]
    risk_flags.dismiss(engine, lead, flags(engine)[ids["OC-G1-3"]].id, "sudah didengar")
    with Session(engine) as session, session.begin():  # the OTP call heard as a model call
        session.execute(update(Transcript).where(Transcript.interaction_id == ids["OC-D1-3"])
                        .values(document=script_to_transcribe_json(json.loads(
                            (DEMO_RECORDINGS / "OC-REC-001.json").read_text("utf-8")))))
    run_prescore(engine, ON, ids["OC-G1-3"])
    run_prescore(engine, ON, ids["OC-D1-3"])
    found = flags(engine)
    assert found[ids["OC-G1-3"]].status == "dismissed"
    assert ids["OC-D1-3"] not in found  # its reasons are gone, so is the open flag


def test_the_lead_sends_a_flag_to_a_targeted_review_for_the_qco_they_pick(
        engine: Engine, world) -> None:  # noqa: ANN001
    ids = screened(engine, world, {"OC-G1-3": "OC-REC-006"})
    lead, qco = world.users["qcolead"], world.users["qco2"]
    flag_id = flags(engine)[ids["OC-G1-3"]].id

    sample_id = risk_flags.send_to_review(engine, ON, lead, flag_id, qco.user_id,
                                         "dengar bagian OTP", now=NOW)

    with Session(engine) as session:
        sample = session.get(Sample, sample_id)
        assert sample is not None
        assert (sample.kind, sample.draw_id, sample.reviewer_id, sample.target_reason,
                sample.week, sample.status) == ("targeted", None, qco.user_id, "risk_flag",
                                                 "2026-W47", "waiting")
        log = session.scalars(select(SampleAssignmentLog).where(
            SampleAssignmentLog.sample_id == sample_id)).one()
        assert (log.to_reviewer_id, log.by) == (qco.user_id, "qcolead")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "risk_flag")).one()
        assert event.username == "qcolead" and event.details["decision"] == "sent"
        assert event.details["sample"] == sample_id
    flag = flags(engine)[ids["OC-G1-3"]]
    assert (flag.status, flag.sample_id, flag.decision_note) == ("sent", sample_id,
                                                                 "dengar bagian OTP")
    with pytest.raises(risk_flags.FlagError, match="decided already"):
        risk_flags.send_to_review(engine, ON, lead, flag_id, qco.user_id)


def test_a_flag_goes_only_to_an_active_qco_and_is_dismissed_only_with_a_reason(
        engine: Engine, world) -> None:  # noqa: ANN001
    ids = screened(engine, world, {"OC-G1-3": "OC-REC-006"})
    lead, flag_id = world.users["qcolead"], flags(engine)[ids["OC-G1-3"]].id
    with pytest.raises(risk_flags.FlagError, match="not an active QCO"):
        risk_flags.send_to_review(engine, ON, lead, flag_id, world.users["agent"].user_id)
    with pytest.raises(risk_flags.FlagError, match="reason"):
        risk_flags.dismiss(engine, lead, flag_id, "   ")
    risk_flags.dismiss(engine, lead, flag_id, "salah dengar: kata 'top up'")
    flag = flags(engine)[ids["OC-G1-3"]]
    assert (flag.status, flag.decided_by, flag.decision_note) == (
        "dismissed", "qcolead", "salah dengar: kata 'top up'")
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Sample).where(
            Sample.interaction_id == ids["OC-G1-3"])) == 0


@pytest.mark.parametrize("role_user", ["agent", "teamlead", "qco1"])
def test_agents_team_leads_and_qcos_see_no_flags_and_are_audited(
        engine: Engine, world, role_user: str) -> None:  # noqa: ANN001
    screened(engine, world, {"OC-G1-3": "OC-REC-006"})
    with pytest.raises(risk_flags.FlagNotAllowed):
        risk_flags.list_flags(engine, world.users[role_user])
    with Session(engine) as session:
        denied = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "access_denied", AuditEvent.target_kind == "risk_flag")).one()
        assert denied.username == world.users[role_user].username


def test_a_manager_reads_the_flags_but_cannot_decide_them(engine: Engine, world) -> None:  # noqa: ANN001
    ids = screened(engine, world, {"OC-G1-3": "OC-REC-006"})
    manager = world.users["manager"]
    rows = risk_flags.list_flags(engine, manager)
    assert [row.source_id for row in rows] == ["OC-G1-3"]
    assert rows[0].item_texts["V2"].startswith("Tidak pernah meminta OTP")
    flag_id = flags(engine)[ids["OC-G1-3"]].id
    with pytest.raises(risk_flags.FlagNotAllowed):
        risk_flags.dismiss(engine, manager, flag_id, "bukan urusan saya")
    assert flags(engine)[ids["OC-G1-3"]].status == "open"


def _qm_tables(engine: Engine, principal) -> dict[str, pd.DataFrame]:  # noqa: ANN001
    targets = load_targets()
    with Session(engine) as session, session.begin():  # its temporary tables live in one
        data = load_quality(session, principal, ("2026-11",), get_settings().tz, targets)
    view = quality_view(data, "agent", 95.0, targets)
    return {"month": view.qm_month, "week": view.qm_week, "rolling": view.qm_rolling,
            "targeted": view.targeted, "fatal": view.fatal}


def test_screening_never_enters_qm(engine: Engine, graded) -> None:  # noqa: ANN001
    manager, lead = graded.users["manager"], graded.users["qcolead"]
    before = _qm_tables(engine, manager)
    ids = screened(engine, graded, {"OC-G1-3": "OC-REC-006", "OC-D1-3": "OC-REC-012",
                                    "OC-G2-3": "OC-REC-010"})
    found = flags(engine)
    assert len(found) == 3
    risk_flags.send_to_review(engine, ON, lead, found[ids["OC-G1-3"]].id,
                             graded.users["qco1"].user_id)
    risk_flags.dismiss(engine, lead, found[ids["OC-D1-3"]].id, "sudah dibina")
    after = _qm_tables(engine, manager)
    for name, table in before.items():
        pd.testing.assert_frame_equal(after[name], table, obj=name)


def test_screening_queues_every_call_and_chat_it_has_not_reached_at_low_priority(
        engine: Engine, world, queue: None) -> None:  # noqa: ANN001
    ids = world.interaction_ids
    with Session(engine) as session, session.begin():
        for source in ("OC-G1-2", "OC-G1-3", "OC-G2-2", "OC-D1-2"):  # recorded calls
            session.execute(update(Interaction).where(Interaction.id == ids[source])
                            .values(recording_path=f"demo/{source}.wav"))
        session.execute(update(Interaction).where(Interaction.id == ids["OC-D1-2"])
                        .values(consent="refused"))
        session.execute(update(Interaction).where(Interaction.id == ids["OC-G2-3"]).values(
            recording_path="demo/old.wav",  # recorded, but older than QA_SCREENING_DAYS
            started_at=datetime(2026, 11, 8, 2, 0, tzinfo=UTC)))
        session.execute(update(Interaction).where(Interaction.id == ids["OC-D1-3"]).values(
            channel="chat", chat_messages=[{"sender": "agent", "text": "Selamat pagi",
                                            "sent_at": "2026-11-16T09:00:00+07:00"}]))
    give_transcript(engine, ids["OC-G2-2"], "OC-REC-001")  # transcribed already

    assert screening.queue_screening(engine, Settings(screening=False), "test") == \
        screening.ScreeningQueued(0, 0)
    queued = screening.queue_screening(engine, ON, "screening")

    assert queued == screening.ScreeningQueued(transcriptions=2, prescores=1)
    with Session(engine) as session:
        jobs = {(kind, interaction): job_id for kind, interaction, job_id in session.execute(
            select(Job.kind, Job.interaction_id, Job.id))}
    assert set(jobs) == {("transcribe", ids["OC-G1-2"]), ("transcribe", ids["OC-G1-3"]),
                         ("prescore", ids["OC-D1-3"])}
    levels = priority.job_priorities(engine, jobs.values())
    assert set(levels.values()) <= {priority.OTHER_TRANSCRIPTION, priority.OTHER_PRESCORE}
    assert screening.queue_screening(engine, ON, "screening") == screening.ScreeningQueued(0, 0)


def test_targeted_reviews_sent_from_flags_leave_the_draws_verifiable(engine: Engine) -> None:
    """One sent before the week's draw is "already sampled" for the draw and its check; one
    sent after the draw is not, for the check, as it was not when the draw was made."""
    from qa_app.db.session import session_scope
    from qa_app.sampling.service import run_draw
    from qa_app.sampling.verify import verify_draw
    from tests.integration.test_sampling_service import NOW as DRAWN_AT
    from tests.integration.test_sampling_service import W47, build

    build(engine)

    def send_one(at: datetime) -> int:
        with session_scope(engine) as session:
            week_calls = session.execute(
                select(Interaction.id, Interaction.agent_id)
                .where(Interaction.started_at >= datetime(2026, 11, 16, tzinfo=UTC),
                       Interaction.started_at < datetime(2026, 11, 22, tzinfo=UTC),
                       Interaction.id.not_in(select(Sample.interaction_id)))
                .order_by(Interaction.id)).first()
            assert week_calls is not None
            session.add(Sample(draw_id=None, interaction_id=week_calls[0],
                               agent_id=week_calls[1], week="2026-W47", kind="targeted",
                               target_reason="risk_flag", assigned_at=at, status="waiting"))
            return int(week_calls[0])

    before = send_one(DRAWN_AT.replace(day=20))
    with session_scope(engine) as session:
        result = run_draw(session, W47, by="tester", seed=7, now=DRAWN_AT)
    assert before not in {p.candidate.interaction_id for p in result.plan.picks()}
    send_one(DRAWN_AT.replace(hour=5))
    with Session(engine) as session:
        assert verify_draw(session, result.draw_id).matches


def test_a_chat_threads_evidence_is_stored_masked(engine: Engine, world) -> None:  # noqa: ANN001
    chat = world.interaction_ids["OC-D1-3"]
    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).where(Interaction.id == chat).values(
            channel="chat", chat_messages=[
                {"sender": "agent", "sent_at": "2026-11-16T09:00:00+07:00",
                 "text": "Selamat pagi, dengan Rina dari Pegadaian, ada yang bisa dibantu?"},
                {"sender": "customer", "sent_at": "2026-11-16T09:01:00+07:00",
                 "text": "Saya mau komplain, tidak bisa login PDS."},
                {"sender": "agent", "sent_at": "2026-11-16T09:02:00+07:00",
                 "text": "Gak bisa ya, nanti saya hubungi di 081234567890 ya kak."}]))
    run_prescore(engine, ON, chat)
    reasons = flags(engine)[chat].reasons
    assert {r["reason"] for r in reasons} >= {"fatal_item", "language", "low_score"}
    texts = [entry["text"] for r in reasons for entry in r["evidence"]]
    assert texts and all("081234567890" not in text for text in texts)
    assert any("[PHONE]" in text for text in texts), texts
