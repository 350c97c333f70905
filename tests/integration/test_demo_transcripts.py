"""The demo build ships the 12 recorded calls transcribed and pre-scored: after ``load_demo``
each has the masked transcript the worker would have stored, a pre-score, and search hits,
without the speech model and without a re-index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.config import Settings, get_settings
from qa_app.db.models import Interaction
from qa_app.db.search_models import SearchTurn
from qa_app.db.work_models import Job, PreScoreRecord, Transcript
from qa_app.demo.load import load_demo
from qa_app.demo.transcripts import TRANSCRIPTS_DIR, masked_transcript
from qa_app.queue import dispatch
from qa_app.services.search import search_transcripts

CALLS = [f"OC-REC-{number:03d}" for number in range(1, 13)]


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("QA_HOME", str(tmp_path))
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    dispatch.task_queue.cache_clear()


@pytest.mark.slow
def test_the_demo_build_stores_transcripts_prescores_and_search_hits_of_its_12_calls(
        engine: Engine, settings: Settings) -> None:
    loaded = load_demo(engine, settings, weeks=3)

    assert loaded.transcribed == CALLS
    with Session(engine) as session:
        ids = dict(session.execute(select(Interaction.source_id, Interaction.id).where(
            Interaction.source_id.in_(CALLS))).all())
        documents = dict(session.execute(select(Interaction.source_id, Transcript.document)
                                         .join(Transcript).where(
            Interaction.id.in_(list(ids.values())))).all())
        prescored = set(session.scalars(select(PreScoreRecord.interaction_id).where(
            PreScoreRecord.interaction_id.in_(list(ids.values())))))
        indexed = dict(session.execute(
            select(SearchTurn.interaction_id, func.count()).where(
                SearchTurn.interaction_id.in_(list(ids.values()))).group_by(SearchTurn.interaction_id)
        ).all())
        transcribing = set(session.scalars(select(Job.interaction_id).where(
            Job.kind == "transcribe", Job.interaction_id.in_(list(ids.values())))))
        hits = search_transcripts(session, "cli", "gagal verifikasi").hits
    assert sorted(documents) == CALLS
    # stored as the worker stores a transcript: masked by the current rules, no original text
    assert documents["OC-REC-006"] == masked_transcript(
        TRANSCRIPTS_DIR / "OC-REC-006.json", keep_unmasked=False).to_dict()
    assert "[DOB]" in str(documents["OC-REC-006"]) and "marni" not in str(documents)
    assert prescored == set(ids.values())
    assert set(indexed) == set(ids.values()) and min(indexed.values()) > 1
    assert not transcribing  # stored before the draw, which queues no transcription of them
    assert "OC-REC-006" in {hit.source_id for hit in hits}
