"""Exporting a redacted recording: the QCO lead gets the call with its masked words toned out,
audited with the interaction, the spans, the reason and the recipient; a QCO is refused (and
that is audited too)."""

from __future__ import annotations

import io
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.session import session_scope
from qa_app.demo.generator import RECORDINGS_DIR
from qa_app.demo.transcripts import TRANSCRIPTS_DIR, masked_transcript
from qa_app.services.call_processing import store_transcript
from qa_app.services.imports import NotAllowed
from qa_app.services.recording_export import ExportIncomplete, export_redacted_recording
from qa_app.transcribe.audio import load_segment
from qa_app.transcribe.redact_audio import masked_spans
from tests.conftest import World

CALL = "OC-G1-0"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


@pytest.fixture
def recorded(engine: Engine, world: World, settings: Settings) -> int:
    """OC-G1-0 with demo call OC-REC-006 (the customer reads out an OTP) and its transcript."""
    target = settings.recordings_dir / "calls" / f"{CALL}.wav"
    target.parent.mkdir(parents=True)
    shutil.copyfile(RECORDINGS_DIR / "OC-REC-006.wav", target)
    interaction_id = world.interaction_ids[CALL]
    with session_scope(engine) as session:
        session.execute(update(Interaction).where(Interaction.id == interaction_id)
                        .values(recording_path=f"calls/{CALL}.wav"))
        store_transcript(session, interaction_id, masked_transcript(
            TRANSCRIPTS_DIR / "OC-REC-006.json", keep_unmasked=False), "whisper-base (bundled)")
    return interaction_id


def frames(data: bytes) -> tuple[int, np.ndarray]:
    with wave.open(io.BytesIO(data)) as file:
        return file.getframerate(), np.frombuffer(
            file.readframes(file.getnframes()), "<i2").reshape(-1, file.getnchannels())


def test_the_qco_lead_exports_the_call_with_its_identifiers_toned_out_and_it_is_audited(
        engine: Engine, world: World, settings: Settings, recorded: int) -> None:
    export = export_redacted_recording(
        engine, settings, world.users["qcolead"], recorded,
        reason="Berkas keluhan 0812-3456-7890", recipient="Auditor internal",
        session_id="s-1")

    rate, redacted = frames(export.data)
    original = load_segment(settings.recordings_dir / "calls" / f"{CALL}.wav")
    before = np.array(original.get_array_of_samples()).reshape(-1, 2)
    document = masked_transcript(TRANSCRIPTS_DIR / "OC-REC-006.json", False).to_dict()
    spans = masked_spans(document, ("agent", "customer"))
    assert rate == 8000 and redacted.shape == before.shape
    assert export.spans == len(spans) >= 2  # the date of birth and name, the OTP
    changed = np.zeros(len(before), bool)
    for span in spans:
        changed[int(span.start * rate):int(np.ceil(span.end * rate))] = True
    assert np.array_equal(redacted[~changed], before[~changed])
    assert not np.array_equal(redacted[changed], before[changed])
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.username, event.target_kind, event.target_id, event.session_id) == (
        "qcolead", "recording", CALL, "s-1")
    assert event.details == {
        "interaction_id": recorded, "format": "wav", "redacted": True, "spans": export.spans,
        "seconds": round(export.seconds, 2), "reason": "Berkas keluhan [PHONE]",
        "recipient": "Auditor internal"}


@pytest.mark.parametrize("username", ["qco1", "manager"])
def test_a_role_that_may_not_export_is_refused_and_the_refusal_audited(
        engine: Engine, world: World, settings: Settings, recorded: int, username: str) -> None:
    with pytest.raises(NotAllowed):
        export_redacted_recording(engine, settings, world.users[username], recorded,
                                  reason="keluhan", recipient="auditor")
    with Session(engine) as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.outcome).where(
            AuditEvent.action.in_(("export", "access_denied")))).all()
    assert [tuple(event) for event in events] == [("access_denied", "denied")]


@pytest.mark.parametrize(("reason", "recipient"), [("", "auditor"), ("keluhan", "  ")])
def test_an_export_needs_a_reason_and_a_recipient(
        engine: Engine, world: World, settings: Settings, recorded: int, reason: str,
        recipient: str) -> None:
    with pytest.raises(ExportIncomplete, match="reason_recipient"):
        export_redacted_recording(engine, settings, world.users["qcolead"], recorded,
                                  reason=reason, recipient=recipient)
    with Session(engine) as session:
        assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()


def test_a_call_without_a_transcript_cannot_be_redacted(
        engine: Engine, world: World, settings: Settings) -> None:
    with pytest.raises(ExportIncomplete, match="no_transcript"):
        export_redacted_recording(engine, settings, world.users["qcolead"],
                                  world.interaction_ids["OC-G2-1"], reason="keluhan",
                                  recipient="auditor")
