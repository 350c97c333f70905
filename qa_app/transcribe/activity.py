"""When each channel carries a voice, from its signal energy: the source of overtalk.

With ``louder`` attribution one pass over the mono mix yields a single stream of words, so two
people talking at once never shows in word timings; the two channels still show it. Energy is
also more exact than word timestamps, which Whisper stretches over the pauses around a word.
A frame counts as voice when it is louder than ``FLOOR_DBFS`` (line noise) and within
``BELOW_LOUD_DB`` of the channel's loud speech (so echo of the other side does not count).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qa_app.transcribe.audio import SAMPLE_RATE

FRAME_S = 0.02
FLOOR_DBFS = -45.0
BELOW_LOUD_DB = 25.0
BRIDGE_S = 0.3
MIN_VOICE_S = 0.2

Span = tuple[float, float]


def voice_spans(samples: npt.NDArray[np.float32], offset: float = 0.0) -> list[Span]:
    """Spans (seconds from the start of the file) in which ``samples`` (one channel) has voice."""
    frame = int(FRAME_S * SAMPLE_RATE)
    frames = len(samples) // frame
    if frames == 0:
        return []
    energy = np.square(samples[:frames * frame].reshape(frames, frame), dtype=np.float64)
    level = 10 * np.log10(energy.mean(axis=1) + 1e-12)
    threshold = max(FLOOR_DBFS, float(np.percentile(level, 95)) - BELOW_LOUD_DB)
    edges = np.diff(np.concatenate([[0], (level > threshold).astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    spans: list[Span] = []
    for start, end in zip(starts * FRAME_S + offset, ends * FRAME_S + offset, strict=False):
        if spans and start - spans[-1][1] <= BRIDGE_S:
            spans[-1] = (spans[-1][0], float(end))
        else:
            spans.append((float(start), float(end)))
    return [(start, end) for start, end in spans if end - start >= MIN_VOICE_S]
