"""Each sample's true state, from its transcript, pre-score and jobs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_app.review.pipeline_state import JobFacts, SampleFacts, SampleState, sample_state

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
STARTED = NOW - timedelta(seconds=42)


def voice(**facts) -> SampleFacts:  # type: ignore[no-untyped-def]
    return SampleFacts(**{"channel": "voice", "has_recording": True, "has_transcript": False,
                          "has_prescore": False, **facts})


@pytest.mark.parametrize(("facts", "expected"), [
    (voice(has_recording=False), SampleState("no_recording")),
    (voice(), SampleState("not_queued")),
    (voice(transcription=JobFacts("queued")), SampleState("waiting_transcription")),
    (voice(transcription=JobFacts("running", 0.25, STARTED)),
     SampleState("transcribing", progress=0.25, started_at=STARTED, elapsed_seconds=42.0)),
    (voice(transcription=JobFacts("failed", error="bad file")),
     SampleState("failed", error="bad file")),
    # the bug: a stored transcript whose pre-score waits was "waiting for transcript"
    (voice(has_transcript=True, transcription=JobFacts("done"), prescore=JobFacts("queued")),
     SampleState("prescoring")),
    (voice(has_transcript=True, transcription=JobFacts("done"),
           prescore=JobFacts("failed", error="no form")), SampleState("failed", error="no form")),
    (voice(has_transcript=True, transcription=JobFacts("done")), SampleState("not_queued")),
    (voice(transcription=JobFacts("done")), SampleState("not_queued")),  # transcript purged
    (voice(has_transcript=True, has_prescore=True), SampleState("ready")),
    (voice(has_transcript=True, has_prescore=True, evaluation_status="draft"),
     SampleState("draft")),
    (SampleFacts("chat", False, False, False, prescore=JobFacts("running", 0.0, STARTED)),
     SampleState("prescoring", progress=0.0, started_at=STARTED, elapsed_seconds=42.0)),
    (SampleFacts("chat", False, False, True), SampleState("ready")),
])
def test_sample_state(facts: SampleFacts, expected: SampleState) -> None:
    assert sample_state(facts, NOW) == expected


def test_only_a_pre_scored_sample_opens() -> None:
    assert [code for code in ("failed", "prescoring", "ready", "draft", "final")
            if SampleState(code).openable] == ["ready", "draft", "final"]
