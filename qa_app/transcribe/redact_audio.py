"""Redacting a recording for someone outside the QA team: the time spans of the masked words
replaced by a 1 kHz tone.

The stored transcript already says which words were masked: :func:`engine.mask_turns` gives
every word inside a masked span its label as text (``[PHONE]``), with its start and end in
seconds. :func:`masked_spans` turns those words into time spans, widened by ``MARGIN_S`` on
both sides (word timestamps are off by a tenth of a second or two) and merged where they
touch. Each span keeps the channel of the speaker who said it, for the export's record.

:func:`redact` puts the tone on **every channel** of the span, not only on the speaker's:
the other channel of a call recording still carries the identifier as line echo and
headset sidetone, and the other party seldom speaks over a number being read out; what is
lost is at most a "ya" during a second or two. Outside the spans the samples stay exactly
as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pydub is imported by audio.ffmpeg_exe, which silences its warnings
    from pydub import AudioSegment

#: Seconds added before and after each masked word.
MARGIN_S = 0.15
TONE_HZ = 1000.0
#: Loudness of the tone: clearly a bleep, not painful (-12 dBFS ≈ a quarter of full scale).
TONE_DBFS = -12.0
#: A word that is a mask label ("[PHONE]"), punctuation around it allowed.
_MASKED_WORD = re.compile(r"[^\w\[]*\[[A-Z_]+\][^\w]*")


@dataclass(frozen=True)
class AudioSpan:
    start: float
    end: float
    channel: int | None  # the speaker's channel (0 = left); None when speakers are mixed


def masked_spans(document: Mapping[str, Any], stereo_speakers: Sequence[str],
                 margin: float = MARGIN_S) -> list[AudioSpan]:
    """The time spans of the masked words of a stored transcript ``document``, per channel.

    ``stereo_speakers`` names the speaker of each channel (the settings' ``agent,customer``);
    a turn of a speaker not among them, or a transcript whose speakers were not separated,
    gives spans of channel None. Spans are clipped to the call and merged per channel where
    they overlap, sorted by start."""
    duration = float(document.get("duration") or 0.0)
    separated = bool(document.get("speakers_separated"))
    raw: list[AudioSpan] = []
    for turn in document.get("turns") or ():
        speaker = turn.get("speaker")
        channel = (list(stereo_speakers).index(speaker)
                   if separated and speaker in stereo_speakers else None)
        for word in turn.get("words") or ():
            if _MASKED_WORD.fullmatch(str(word.get("text", "")).strip()):
                start = max(0.0, float(word["start"]) - margin)
                end = float(word["end"]) + margin
                raw.append(AudioSpan(start, min(end, duration) if duration else end, channel))
    merged: list[AudioSpan] = []
    for span in sorted(raw, key=lambda found: (found.channel is None, found.channel or 0,
                                               found.start)):
        last = merged[-1] if merged else None
        if last is not None and last.channel == span.channel and span.start <= last.end:
            merged[-1] = AudioSpan(last.start, max(last.end, span.end), last.channel)
        else:
            merged.append(span)
    return sorted(merged, key=lambda span: (span.start, span.end))


def redact(segment: AudioSegment, spans: Sequence[AudioSpan],
           tone_hz: float = TONE_HZ, tone_dbfs: float = TONE_DBFS) -> AudioSegment:
    """``segment`` with every channel of each span replaced by a sine tone of ``tone_hz``."""
    if not spans:
        return segment
    channels, rate = segment.channels, segment.frame_rate
    frames = np.array(segment.get_array_of_samples()).reshape(-1, channels)
    peak = float(2 ** (8 * segment.sample_width - 1) - 1)
    amplitude = peak * 10 ** (tone_dbfs / 20)
    for span in spans:
        first = max(0, int(span.start * rate))
        last = min(len(frames), int(np.ceil(span.end * rate)))
        if last <= first:
            continue
        phase = 2 * np.pi * tone_hz * np.arange(first, last) / rate
        frames[first:last, :] = np.round(amplitude * np.sin(phase))[:, None]
    redacted: AudioSegment = segment._spawn(frames.tobytes())
    return redacted
