"""Hold music on the agent's channel, told from speech and silence by the signal alone.

Whisper's voice-activity filter drops music, or worse writes words into it, so a hold with
music leaves no gap in the words that is sure to be found. The audio shows it: per frame
(64 ms) the level, the strongest frequency between 150 and 3,400 Hz and the spectral flatness
(geometric over arithmetic mean of the power spectrum: near 1 for noise, near 0 for tones).
A second of frames is *music* when it is sounding throughout (every frame above
``FLOOR_DBFS``), tonal (median flatness under ``MAX_FLATNESS``), steady in level (spread under
``MAX_LEVEL_SPREAD_DB``: speech rises and falls with its syllables, about four times a second)
and steady in pitch (at least ``MIN_STEADY_SHARE`` of frame pairs keep their strongest
frequency within one bin: notes last, a voice's pitch glides). Music spans are runs of such
seconds; ``MIN_MUSIC_S`` (5 s, a hold's shortest) or more is kept.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qa_app.transcribe.audio import SAMPLE_RATE

FRAME = 1024  # samples at 16 kHz: 64 ms, 15.6 Hz per bin
WINDOW_FRAMES = 16  # about one second
FLOOR_DBFS = -45.0
MAX_FLATNESS = 0.3
MAX_LEVEL_SPREAD_DB = 4.0
MIN_STEADY_SHARE = 0.6
MIN_MUSIC_S = 5.0
BRIDGE_S = 1.1
BAND_HZ = (150.0, 3400.0)

Span = tuple[float, float]


def music_spans(samples: npt.NDArray[np.float32], offset: float = 0.0,
                minimum: float = MIN_MUSIC_S) -> list[Span]:
    """Spans (seconds from the start of the file) of music in one channel of ``samples``."""
    frames = len(samples) // FRAME
    windows = frames // WINDOW_FRAMES
    if windows == 0:
        return []
    framed = samples[:frames * FRAME].reshape(frames, FRAME).astype(np.float64)
    level = 10 * np.log10(np.square(framed).mean(axis=1) + 1e-12)
    power = np.square(np.abs(np.fft.rfft(framed * np.hanning(FRAME), axis=1)))
    low, high = (int(hz * FRAME / SAMPLE_RATE) for hz in BAND_HZ)
    band = power[:, low:high] + 1e-20
    flatness = np.exp(np.log(band).mean(axis=1)) / band.mean(axis=1)
    peak = band.argmax(axis=1)
    steady = np.abs(np.diff(peak)) <= 1
    window_seconds = WINDOW_FRAMES * FRAME / SAMPLE_RATE
    spans: list[Span] = []
    for number in range(windows):
        cut = slice(number * WINDOW_FRAMES, (number + 1) * WINDOW_FRAMES)
        levels = level[cut]
        if levels.min() <= FLOOR_DBFS or np.median(flatness[cut]) >= MAX_FLATNESS \
                or np.percentile(levels, 90) - np.percentile(levels, 10) >= MAX_LEVEL_SPREAD_DB \
                or steady[cut.start:cut.stop - 1].mean() < MIN_STEADY_SHARE:
            continue
        start = offset + number * window_seconds
        if spans and start - spans[-1][1] <= BRIDGE_S - window_seconds:
            spans[-1] = (spans[-1][0], start + window_seconds)
        else:
            spans.append((start, start + window_seconds))
    return [(round(a, 2), round(b, 2)) for a, b in spans if b - a >= minimum]
