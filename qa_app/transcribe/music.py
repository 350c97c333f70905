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

The level bound allows notes that fade: a plucked or struck tune (piano, guitar, chimes)
drops some 10 dB over each note, 6 to 7 dB between a second's loud and quiet frames with
notes of 0.4 s; with a bound of 4 dB the robustness corpus's hold music (tools/corpus/build.py)
was never found, and its music holds were read as silence. Speech stays out by its pauses
(not every frame sounding) and its gliding pitch.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qa_app.transcribe.audio import SAMPLE_RATE

FRAME = 1024  # samples at 16 kHz: 64 ms, 15.6 Hz per bin
WINDOW_FRAMES = 16  # about one second
FLOOR_DBFS = -45.0
MAX_FLATNESS = 0.3
MAX_LEVEL_SPREAD_DB = 9.0
MIN_STEADY_SHARE = 0.6
MIN_MUSIC_S = 5.0
BRIDGE_S = 1.1
BAND_HZ = (150.0, 3400.0)
BLOCK_WINDOWS = 32

Span = tuple[float, float]


def music_spans(samples: npt.NDArray[np.float32], offset: float = 0.0,
                minimum: float = MIN_MUSIC_S) -> list[Span]:
    """Spans (seconds from the start of the file) of music in one channel of ``samples``."""
    windows = len(samples) // (FRAME * WINDOW_FRAMES)
    window_seconds = WINDOW_FRAMES * FRAME / SAMPLE_RATE
    spans: list[Span] = []
    for first in range(0, windows, BLOCK_WINDOWS):  # a block at a time: memory stays small
        count = min(BLOCK_WINDOWS, windows - first)
        block = samples[first * WINDOW_FRAMES * FRAME:(first + count) * WINDOW_FRAMES * FRAME]
        for number in np.flatnonzero(_music_windows(block, count)):
            start = offset + (first + int(number)) * window_seconds
            if spans and start - spans[-1][1] <= BRIDGE_S - window_seconds:
                spans[-1] = (spans[-1][0], start + window_seconds)
            else:
                spans.append((start, start + window_seconds))
    return [(round(a, 2), round(b, 2)) for a, b in spans if b - a >= minimum]


def _music_windows(block: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.bool_]:
    """For each one-second window of ``block``, whether it is music."""
    framed = block.reshape(count * WINDOW_FRAMES, FRAME)
    level = 10 * np.log10(np.square(framed, dtype=np.float64).mean(axis=1) + 1e-12)
    spectrum = np.fft.rfft(framed * np.hanning(FRAME).astype(np.float32), axis=1)
    low, high = (int(hz * FRAME / SAMPLE_RATE) for hz in BAND_HZ)
    band = np.square(np.abs(spectrum[:, low:high])).astype(np.float64) + 1e-20
    flatness = np.exp(np.log(band).mean(axis=1)) / band.mean(axis=1)
    steady = np.abs(np.diff(band.argmax(axis=1))) <= 1
    level = level.reshape(count, WINDOW_FRAMES)
    steady_share = np.array([steady[n * WINDOW_FRAMES:(n + 1) * WINDOW_FRAMES - 1].mean()
                             for n in range(count)])
    spread = np.percentile(level, 90, axis=1) - np.percentile(level, 10, axis=1)
    windows: npt.NDArray[np.bool_] = (
        (level.min(axis=1) > FLOOR_DBFS)
        & (np.median(flatness.reshape(count, WINDOW_FRAMES), axis=1) < MAX_FLATNESS)
        & (spread < MAX_LEVEL_SPREAD_DB) & (steady_share >= MIN_STEADY_SHARE))
    return windows
