"""Masked by default: the original text only for the QCO lead, and every such view audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from qa_app.auth.scope import OutOfScope
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Interaction
from qa_app.db.work_models import Transcript
from qa_app.review.access import open_transcript

MASKED = {"duration": 9.0, "speakers_separated": True, "metrics": {}, "turns": [
    {"speaker": "customer", "start": 1.0, "end": 4.0, "words": [],
     "text": "nomor hp saya [PHONE]"},
    {"speaker": "agent", "start": 5.0, "end": 8.0, "words": [], "text": "baik ibu"}]}
ORIGINAL = {"turns": ["nomor hp saya 0812 3456 7890", None]}


@pytest.fixture
def transcribed(engine: Engine, world) -> int:
    interaction_id = world.interaction_ids["OC-G1-0"]
    with Session(engine) as session, session.begin():
        session.add(Transcript(interaction_id=interaction_id, model="test", duration=9.0,
                               speakers_separated=True, document=MASKED,
                               unmasked_document=ORIGINAL, created_at=datetime.now(UTC)))
    return interaction_id


def audit_trail(engine: Engine, username: str) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent.action).where(
            AuditEvent.username == username).order_by(AuditEvent.id)))


def test_the_lead_may_unmask_and_it_is_audited(engine: Engine, world, transcribed: int) -> None:
    with Session(engine) as session, session.begin():
        view = open_transcript(session, world.users["qcolead"], transcribed, unmasked=True)
    assert view is not None and view.unmasked
    assert [turn.text for turn in view.turns] == ["nomor hp saya 0812 3456 7890", "baik ibu"]
    assert audit_trail(engine, "qcolead")[-2:] == ["transcript_view", "unmasked_view"]


def test_a_qco_reads_only_the_masked_text(engine: Engine, world, transcribed: int) -> None:
    with Session(engine) as session, session.begin():
        view = open_transcript(session, world.users["qco1"], transcribed)
        with pytest.raises(OutOfScope):
            open_transcript(session, world.users["qco1"], transcribed, unmasked=True)
    assert view is not None and not view.unmasked_available
    assert view.turns[0].text == "nomor hp saya [PHONE]"
    assert "unmasked_view" not in audit_trail(engine, "qco1")


def test_chat_threads_are_masked_by_default(engine: Engine, world) -> None:
    interaction_id = world.interaction_ids["OC-G1-0"]
    thread = [{"sender": "customer", "sent_at": "2026-11-16T09:00:00+07:00",
               "text": "NIK saya 3174012345678901, email sari@contoh.co.id"},
              {"sender": "agent", "sent_at": "2026-11-16T09:01:00+07:00",
               "text": "Terima kasih Ibu, biaya Rp 150.000 jatuh tempo 20 November"}]
    with Session(engine) as session, session.begin():
        session.execute(update(Interaction).where(Interaction.id == interaction_id)
                        .values(channel="chat", chat_messages=thread))
    with Session(engine) as session, session.begin():
        masked = open_transcript(session, world.users["qco1"], interaction_id)
        original = open_transcript(session, world.users["qcolead"], interaction_id,
                                   unmasked=True)
    assert masked is not None and original is not None
    assert "3174012345678901" not in masked.turns[0].text
    assert "sari@contoh.co.id" not in masked.turns[0].text
    assert masked.turns[1].text == thread[1]["text"]  # money and a due date stay readable
    assert original.turns[0].text == thread[0]["text"]
