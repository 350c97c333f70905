"""Hold music told from speech, silence and line noise on synthetic audio made here."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from qa_app.transcribe.audio import SAMPLE_RATE
from qa_app.transcribe.music import music_spans

RNG = np.random.default_rng(14)


def melody(seconds: float, note_seconds: float = 0.5) -> npt.NDArray[np.float32]:
    """A tune of held notes with a fifth above each, as hold music plays."""
    notes = (440.0, 494.0, 523.0, 587.0, 659.0, 587.0, 523.0, 494.0)
    count = int(seconds / note_seconds)
    t = np.arange(int(note_seconds * SAMPLE_RATE)) / SAMPLE_RATE
    parts = [0.2 * np.sin(2 * np.pi * f * t) + 0.1 * np.sin(3 * np.pi * f * t)
             for f in (notes[n % len(notes)] for n in range(count))]
    return np.concatenate(parts).astype(np.float32)


def speech_like(seconds: float) -> npt.NDArray[np.float32]:
    """A voice: harmonics of a gliding pitch, opened and closed four times a second."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    phase = 2 * np.pi * np.cumsum(140 + 40 * np.sin(2 * np.pi * 1.3 * t)) / SAMPLE_RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 12))
    return (0.2 * voiced * np.clip(np.sin(2 * np.pi * 4 * t), 0, None)).astype(np.float32)


def plucked(seconds: float, note_seconds: float = 0.35) -> npt.NDArray[np.float32]:
    """A tune of struck notes that fade (about 10 dB each), as a piano or chimes play."""
    notes = (392.0, 330.0, 294.0, 330.0, 392.0, 440.0, 523.0, 440.0)
    t = np.arange(int(note_seconds * SAMPLE_RATE)) / SAMPLE_RATE
    fade = np.exp(-3.5 * t)
    parts = [fade * (0.2 * np.sin(2 * np.pi * f * t) + 0.07 * np.sin(4 * np.pi * f * t))
             for f in (notes[n % len(notes)] for n in range(int(seconds / note_seconds)))]
    return np.concatenate(parts).astype(np.float32)


def noise(seconds: float, level: float) -> npt.NDArray[np.float32]:
    return (level * RNG.standard_normal(int(seconds * SAMPLE_RATE))).astype(np.float32)


def test_music_between_speech_is_found_where_it_plays() -> None:
    call = np.concatenate([speech_like(6), melody(8), speech_like(5)])
    [(start, end)] = music_spans(call, offset=100.0)
    assert start == pytest.approx(106.0, abs=1.1) and end == pytest.approx(114.0, abs=1.1)


@pytest.mark.parametrize("signal", [
    speech_like(12),  # a long answer is not music
    noise(12, 0.0005),  # silence on the line
    noise(12, 0.1),  # loud hiss: sounding, but flat, not tonal
    np.concatenate([speech_like(4), melody(3), speech_like(4)]),  # 3 s of music: under 5 s
])
def test_speech_silence_noise_and_short_music_are_not_hold_music(signal: np.ndarray) -> None:
    assert music_spans(signal) == []


def test_notes_that_fade_are_hold_music_too() -> None:
    tune = plucked(8.75)  # 25 notes
    line = (0.002 * RNG.standard_normal(len(tune))).astype(np.float32)
    call = np.concatenate([speech_like(5), tune + line, speech_like(5)])
    [(start, end)] = music_spans(call)
    assert start == pytest.approx(5.0, abs=1.1) and end == pytest.approx(13.75, abs=1.1)


def test_a_short_file_has_no_music() -> None:
    assert music_spans(np.zeros(100, dtype=np.float32)) == []
