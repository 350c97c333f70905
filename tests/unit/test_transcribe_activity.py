"""Voice activity from channel energy, the source of overtalk."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa_app.transcribe.activity import voice_spans
from qa_app.transcribe.audio import SAMPLE_RATE, iter_chunks, probe
from qa_app.transcribe.metrics import call_metrics

RECORDINGS = Path(__file__).resolve().parents[2] / "qa_app/demo/recordings"


def tone(seconds: float, level: float) -> np.ndarray:
    times = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * 300 * times)).astype(np.float32)


def test_voice_is_found_above_noise_and_echo() -> None:
    noise = np.full(SAMPLE_RATE, 1e-4, dtype=np.float32)
    echo = tone(1.0, 0.005)  # -49 dBFS: the other side leaking in, below the floor
    channel = np.concatenate([noise, tone(2.0, 0.3), noise, echo, tone(0.1, 0.3), noise])
    assert voice_spans(channel, offset=10.0) == [pytest.approx((11.0, 13.0))]


def scripted_overlaps(call: str) -> list[list[float]]:
    """Where the ground-truth script has agent and customer speaking at once."""
    script = json.loads((RECORDINGS / f"{call}.json").read_text(encoding="utf-8"))["script"]
    return [[max(a["start"], c["start"]), min(a["end"], c["end"])]
            for a in script if a["speaker"] == "agent"
            for c in script if c["speaker"] == "customer"
            and min(a["end"], c["end"]) - max(a["start"], c["start"]) > 0]


def test_overtalk_in_a_demo_call_comes_from_both_channels() -> None:
    """OC-REC-007: the customer is still speaking when the agent starts (P2 partial)."""
    expected = scripted_overlaps("OC-REC-007")
    assert len(expected) == 1  # the demo call is built with one interruption
    chunk, = iter_chunks(probe(RECORDINGS / "OC-REC-007.wav"))
    voice = {"agent": voice_spans(chunk.samples[:, 0]),
             "customer": voice_spans(chunk.samples[:, 1])}
    overtalk = call_metrics([], chunk.duration, True, voice)["overtalk"]
    assert overtalk["count"] == 1
    assert overtalk["spans"][0] == pytest.approx(expected[0], abs=0.1)
    quiet, = iter_chunks(probe(RECORDINGS / "OC-REC-001.wav"))
    calm = {"agent": voice_spans(quiet.samples[:, 0]),
            "customer": voice_spans(quiet.samples[:, 1])}
    assert call_metrics([], quiet.duration, True, calm)["overtalk"]["count"] == 0
