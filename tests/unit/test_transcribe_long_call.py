"""A two-hour call goes through the engine chunk by chunk: memory stays bounded, times add up.

The speech model is replaced by a stub that says one word one second into every chunk, so the
test measures the engine (decoding, chunking, offsets, metrics), not Whisper's speed.
"""

from __future__ import annotations

import subprocess
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from qa_app.transcribe.audio import SAMPLE_RATE, ffmpeg_exe
from qa_app.transcribe.engine import transcribe_file
from qa_app.transcribe.model import LoadedModel
from qa_app.transcribe.options import TranscribeOptions


class OneWordPerChunk:
    def __init__(self) -> None:
        self.chunk_seconds: list[float] = []

    def transcribe(self, samples: np.ndarray, **_options: Any) -> tuple[list[Any], None]:
        self.chunk_seconds.append(len(samples) / SAMPLE_RATE)
        word = SimpleNamespace(start=1.0, end=1.5, word=" halo", probability=0.9)
        return [SimpleNamespace(end=1.5, words=[word])], None


def test_two_hours_in_bounded_memory(tmp_path: Path) -> None:
    long_call = tmp_path / "two_hours.wav"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=8000:duration=7200", "-c:a", "pcm_mulaw",
                    str(long_call)], check=True)
    stub = OneWordPerChunk()
    model = LoadedModel("stub", whisper=None, batched=stub)
    progress: list[float] = []
    tracemalloc.start()
    try:
        transcript = transcribe_file(long_call, TranscribeOptions(models_dir=tmp_path),
                                     progress=progress.append, model=model)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert transcript.duration == pytest.approx(7200.0, abs=0.01)
    assert sum(stub.chunk_seconds) == pytest.approx(7200.0, abs=0.01)
    assert len(stub.chunk_seconds) >= 12 and max(stub.chunk_seconds) <= 600.0
    starts = [turn.start for turn in transcript.turns]
    offsets = np.cumsum([0.0, *stub.chunk_seconds[:-1]])
    assert starts == pytest.approx(list(offsets + 1.0), abs=0.01)
    assert progress == sorted(progress) and progress[-1] == 1.0
    # The whole call as 16 kHz float32 takes 460 MB; one 10-minute chunk takes 38 MB.
    assert peak < 150 * 2**20, f"peak {peak / 2**20:.0f} MB"
