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
    assert event.details["deleted"] == {"recordings": 3}


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
