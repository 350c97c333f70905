"""``transcribe_file``: audio file in, masked transcript with speaker turns and metrics out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from qa_app.transcribe.activity import Span, voice_spans
from qa_app.transcribe.audio import AudioChunk, iter_chunks, probe
from qa_app.transcribe.call_transcript import CallTranscript, Turn
from qa_app.transcribe.dialogue import dialogue_redactions
from qa_app.transcribe.metrics import call_metrics
from qa_app.transcribe.model import LoadedModel, load_model
from qa_app.transcribe.music import BRIDGE_S as MUSIC_BRIDGE_S
from qa_app.transcribe.music import MIN_MUSIC_S, music_spans
from qa_app.transcribe.options import TranscribeOptions
from qa_app.transcribe.recognize import words_by_channel, words_by_louder_channel, words_mono
from qa_app.transcribe.redact import apply_redactions
from qa_app.transcribe.turns import SpokenWord, build_turns

#: Called with the fraction (0..1) of the file that is transcribed.
Progress = Callable[[float], None]
#: Stereo whose channels differ by less than this share of their energy is treated as mono.
DUPLICATE_CHANNEL_RATIO = 0.01


def model_for(options: TranscribeOptions) -> LoadedModel:
    """The process-wide model for these options; raises ModelUnavailableError at once."""
    return load_model(options.model, options.models_dir, options.compute_type,
                      options.cpu_threads)


def channels_identical(samples: npt.NDArray[np.float32]) -> bool:
    """True for a mono recording saved as two identical channels."""
    if samples.shape[1] < 2:
        return True
    difference = np.square(samples[:, 0] - samples[:, 1], dtype=np.float64).sum()
    return bool(difference <= DUPLICATE_CHANNEL_RATIO * np.square(samples, dtype=np.float64).sum())


def transcribe_file(path: Path | str, options: TranscribeOptions,
                    progress: Progress | None = None,
                    model: LoadedModel | None = None, masked: bool = True) -> CallTranscript:
    """Transcribe one recording, in chunks of ``options.chunk_seconds`` so memory stays bounded.

    Raises ModelUnavailableError before reading audio, AudioInputError for a file that cannot
    be decoded; silence gives a transcript without turns. ``model`` defaults to the
    process-wide one for ``options``. ``masked=False`` returns the words as heard, for the
    command line's ``--unmasked`` (which checks that the settings keep unmasked text).
    """
    model = model or model_for(options)
    info = probe(Path(path))
    report = progress or (lambda _done: None)
    total = info.duration or options.chunk_seconds
    spoken: list[SpokenWord] = []
    voice: dict[str, list[Span]] = {speaker: [] for speaker in options.stereo_speakers}
    music: list[Span] = []
    separated: bool | None = None
    duration = 0.0
    for chunk in iter_chunks(info, options.chunk_seconds):
        if separated is None:
            separated = info.channels == 2 and not channels_identical(chunk.samples)
        spoken += _chunk_words(model, chunk, options, separated, total, report)
        if separated:
            for index, speaker in enumerate(options.stereo_speakers):
                voice[speaker] += voice_spans(chunk.samples[:, index], chunk.offset)
        music += music_spans(_agent_signal(chunk, options, separated), chunk.offset, 0.0)
        duration = chunk.offset + chunk.duration
    report(1.0)
    turns = build_turns(spoken)
    if masked:
        turns = mask_turns(turns, options.keep_unmasked)
    speakers_separated = bool(separated)
    return CallTranscript(duration, speakers_separated, tuple(turns),
                      call_metrics(turns, duration, speakers_separated,
                                   voice if speakers_separated else None,
                                   _joined(music, MUSIC_BRIDGE_S, MIN_MUSIC_S)))


def _agent_signal(chunk: AudioChunk, options: TranscribeOptions,
                  separated: bool) -> npt.NDArray[np.float32]:
    """The agent's channel of a stereo call, else the mix (hold music is heard in both)."""
    if separated:
        return chunk.samples[:, options.stereo_speakers.index("agent")]
    return chunk.samples.mean(axis=1) if chunk.samples.shape[1] > 1 else chunk.samples[:, 0]


def _joined(spans: list[Span], bridge: float, minimum: float) -> list[Span]:
    """Spans of all chunks, joined across a chunk's end, those of ``minimum`` seconds kept."""
    joined: list[Span] = []
    for start, end in sorted(spans):
        if joined and start - joined[-1][1] <= bridge:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return [(start, end) for start, end in joined if end - start >= minimum]


def _chunk_words(model: LoadedModel, chunk: AudioChunk, options: TranscribeOptions,
                 separated: bool, total: float, report: Progress) -> list[SpokenWord]:
    def chunk_progress(done: float) -> None:
        report(min((chunk.offset + done * chunk.duration) / total, 0.99))

    if not separated:
        return words_mono(model, chunk, options, chunk_progress)
    strategy = words_by_channel if options.attribution == "channels" else words_by_louder_channel
    return strategy(model, chunk, options, chunk_progress)


def mask_turns(turns: list[Turn], keep_unmasked: bool = False) -> list[Turn]:
    """Mask identifiers in each turn and in its words, following the dialogue (an answer to
    the agent's question about a date of birth, a mother's name or a number is masked).

    A word that overlaps a masked span shows the span's label (a spoken phone number's twelve
    words all read ``[PHONE]``), so the word list never leaks what the text hides.
    """
    masked: list[Turn] = []
    found = dialogue_redactions([(turn.speaker, turn.text) for turn in turns])
    for turn, redactions in zip(turns, found, strict=True):
        if not redactions:
            masked.append(turn)
            continue
        words, position = [], 0
        for word in turn.words:
            start, end = position, position + len(word.text)
            position = end + 1
            label = next((r.label for r in redactions if r.start < end and start < r.end), None)
            words.append(replace(word, text=f"[{label}]") if label else word)
        masked.append(Turn(turn.speaker, turn.start, turn.end,
                           apply_redactions(turn.text, redactions), tuple(words),
                           turn.text if keep_unmasked else None))
    return masked
