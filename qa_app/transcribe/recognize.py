"""One Whisper pass over one channel of samples, and the two ways to give words a speaker."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from qa_app.transcribe.audio import SAMPLE_RATE, AudioChunk
from qa_app.transcribe.call_transcript import Speaker, Word
from qa_app.transcribe.model import LoadedModel
from qa_app.transcribe.options import TranscribeOptions
from qa_app.transcribe.turns import SpokenWord

#: Called with the fraction (0..1) of the current pass that is done.
PassProgress = Callable[[float], None]


def recognize(model: LoadedModel, samples: npt.NDArray[np.float32], offset: float,
              options: TranscribeOptions, progress: PassProgress) -> list[Word]:
    """Words of a mono signal, with times in seconds from the start of the file."""
    duration = max(len(samples) / SAMPLE_RATE, 1e-9)
    segments, _info = model.batched.transcribe(np.ascontiguousarray(samples, dtype=np.float32),
                                               **options.decoding())
    words: list[Word] = []
    for segment in segments:
        for word in segment.words or ():
            text = word.word.strip()
            if text:
                words.append(Word(offset + float(word.start), offset + float(word.end), text,
                                  float(word.probability)))
        progress(min(segment.end / duration, 1.0))
    return words


def words_mono(model: LoadedModel, chunk: AudioChunk, options: TranscribeOptions,
               progress: PassProgress) -> list[SpokenWord]:
    mono = chunk.samples.mean(axis=1) if chunk.samples.shape[1] > 1 else chunk.samples[:, 0]
    return [SpokenWord(None, word)
            for word in recognize(model, mono, chunk.offset, options, progress)]


def words_by_channel(model: LoadedModel, chunk: AudioChunk, options: TranscribeOptions,
                     progress: PassProgress) -> list[SpokenWord]:
    """Each channel transcribed on its own: exact speakers, overtalk kept."""
    spoken: list[SpokenWord] = []
    for index, speaker in enumerate(options.stereo_speakers):
        def channel_progress(done: float, index: int = index) -> None:
            progress((index + done) / 2)
        spoken += [SpokenWord(speaker, word) for word in recognize(
            model, chunk.samples[:, index], chunk.offset, options, channel_progress)]
    return spoken


def words_by_louder_channel(model: LoadedModel, chunk: AudioChunk, options: TranscribeOptions,
                            progress: PassProgress) -> list[SpokenWord]:
    """One pass over the mono mix; each word goes to the channel with more energy meanwhile."""
    words = recognize(model, chunk.samples.mean(axis=1), chunk.offset, options, progress)
    return [SpokenWord(_louder(chunk, word, options.stereo_speakers), word) for word in words]


def _louder(chunk: AudioChunk, word: Word, speakers: tuple[Speaker, Speaker]) -> Speaker:
    first = int((word.start - chunk.offset) * SAMPLE_RATE)
    last = max(int((word.end - chunk.offset) * SAMPLE_RATE), first + 1)
    window = chunk.samples[max(first, 0):last]
    energy = np.square(window, dtype=np.float64).sum(axis=0) if len(window) else np.zeros(2)
    return speakers[int(np.argmax(energy))]
