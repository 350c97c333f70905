"""Retention purge, consent changes and the privacy policy, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.auth.scope import OutOfScope
from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.privacy import consent, policy, retention

SETTINGS = Settings(retention_recordings_days=30)


def link_recordings(engine: Engine, root: Path, layout: dict[str, str]) -> None:
    with Session(engine) as session, session.begin():
        for source_id, stored in layout.items():
            (root / stored).parent.mkdir(parents=True, exist_ok=True)
            (root / stored).write_bytes(b"RIFF")
            session.execute(update(Interaction).where(Interaction.source_id == source_id)
                            .values(recording_path=stored))


def test_purge_deletes_expired_recordings_keeps_shared_ones_and_logs(engine: Engine, world,
                                                                    tmp_path: Path) -> None:
    link_recordings(engine, tmp_path, {"OC-G1-0": "a.wav", "OC-G1-1": "b.wav",
                                       "OC-D1-0": "shared.wav", "OC-D1-1": "shared.wav"})
    with Session(engine) as session, session.begin():  # OC-D1-1 is recent: shared.wav stays
        session.execute(update(Interaction).where(Interaction.source_id == "OC-D1-1")
                        .values(started_at=datetime(2027, 1, 10, tzinfo=UTC),
                                ended_at=datetime(2027, 1, 10, 0, 5, tzinfo=UTC)))
    now = datetime(2027, 1, 20, tzinfo=UTC)
    purgers = retention.default_purgers(tmp_path)
    with Session(engine) as session, session.begin():
        preview = retention.purge(session, policy.effective_policy(session, SETTINGS), purgers,
                                  by="cli", dry_run=True, now=now)
    assert preview.deleted["recordings"] == 3 and (tmp_path / "a.wav").exists()

    with Session(engine) as session, session.begin():
        report = retention.purge(session, policy.effective_policy(session, SETTINGS), purgers,
                                 by="cli", now=now)
    assert report.deleted["recordings"] == 3
    assert not (tmp_path / "a.wav").exists() and not (tmp_path / "b.wav").exists()
    assert (tmp_path / "shared.wav").exists()
    with Session(engine) as session:
        linked = dict(session.execute(select(Interaction.source_id, Interaction.recording_path)
                                      .where(Interaction.recording_path.is_not(None))).all())
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "purge")).one()
    assert linked == {"OC-D1-1": "shared.wav"}
    assert event.details["deleted"] == {"recordings": 3, "transcripts": 0, "evaluations": 0}


def test_policy_changes_are_stored_and_audited(engine: Engine, world) -> None:
    admin = world.users["admin"]
    with Session(engine) as session, session.begin():
        policy.update_policy(session, SETTINGS, admin, retention_transcripts_days=90,
                             exclude_refused_consent=False)
    with Session(engine) as session, session.begin():
        current = policy.effective_policy(session, SETTINGS)
        details = session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "setting_change")).one()
        with pytest.raises(ValueError, match="at least one day"):
            policy.update_policy(session, SETTINGS, admin, retention_evaluations_days=0)
    assert (current.retention_transcripts_days, current.exclude_refused_consent) == (90, False)
    assert current.retention_recordings_days == 30  # from the environment
    assert details == {"retention_transcripts_days": {"from": 365, "to": 90},
                             "exclude_refused_consent": {"from": True, "to": False}}


def test_consent_is_set_with_a_reason_and_then_excluded(engine: Engine, world) -> None:
    with Session(engine) as session, session.begin():
        consent.set_consent(session, world.users["qcolead"], "OC-G1-2", "refused",
                            "nasabah menolak di menit 0:40")
        with pytest.raises(OutOfScope):
            consent.set_consent(session, world.users["qco1"], "OC-G1-3", "refused", "x")
        with pytest.raises(ValueError, match="reason is required"):
            consent.set_consent(session, world.users["admin"], "OC-G1-3", "refused", " ")
        processable = set(session.scalars(select(Interaction.source_id).where(
            consent.processable(policy.effective_policy(session, SETTINGS)))))
    assert "OC-G1-2" not in processable and len(processable) == 11


def test_the_consent_policy_decides_whether_the_sampler_excludes_refusals(engine: Engine,
                                                                         world) -> None:
    from qa_app.sampling.service import plan_week

    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).values(consent="refused", recording_path="x.wav"))
        excluding = plan_week(session, "2026-W47", seed=1)
        policy.update_policy(session, SETTINGS, world.users["admin"],
                             exclude_refused_consent=False)
        including = plan_week(session, "2026-W47", seed=1)
    # 12 calls, 3 of them sampled before: the 9 others are refused consent
    assert excluding.exclusions["consent"] == 9 and excluding.drawn == 0
    assert "consent" not in including.exclusions and including.drawn > 0
    assert including.rules.raw["eligibility"]["excluded_consent"] == []


def test_purge_deletes_expired_transcripts_and_evaluations(engine: Engine, world,
                                                          tmp_path: Path) -> None:
    from qa_app.db.review_models import Evaluation, EvaluationAnswer
    from qa_app.db.work_models import Transcript
    from qa_app.review import service
    from tests.factories.review_samples import stage_review_sample

    qco = world.users["qco1"]
    with Session(engine) as session, session.begin():
        old = stage_review_sample(session, recording_id="OC-REC-001", source_id="OC-OLD",
                                  agent_id=world.agent_ids["G1"], reviewer_id=qco.user_id,
                                  recordings_dir=tmp_path,
                                  started_at=datetime(2026, 1, 5, 2, tzinfo=UTC)).id
        recent = stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-NEW",
                                     agent_id=world.agent_ids["G1"], reviewer_id=qco.user_id,
                                     recordings_dir=tmp_path,
                                     started_at=datetime(2027, 1, 5, 2, tzinfo=UTC)).id
    for sample_id in (old, recent):
        with Session(engine) as session, session.begin():
            service.open_review(session, qco, sample_id, datetime(2027, 1, 6, tzinfo=UTC))
    settings = Settings(retention_transcripts_days=180, retention_evaluations_days=180)
    with Session(engine) as session, session.begin():
        report = retention.purge(session, policy.effective_policy(session, settings),
                                 retention.default_purgers(tmp_path), by="cli",
                                 now=datetime(2027, 2, 1, tzinfo=UTC))
    assert (report.deleted["transcripts"], report.deleted["evaluations"]) == (1, 1)
    assert report.problems == []
    with Session(engine) as session:
        kept = session.scalars(select(Interaction.source_id).join(
            Transcript, Transcript.interaction_id == Interaction.id)).all()
        evaluations = session.scalars(select(Evaluation.interaction_id)).all()
        answers = session.scalars(select(EvaluationAnswer.evaluation_id).distinct()).all()
    assert kept == ["OC-NEW"] and len(evaluations) == 1 and len(answers) == 1
