"""Audio in: probe with PyAV (the container header), then stream 16 kHz PCM in bounded chunks.

ffmpeg comes from ``imageio-ffmpeg``, so no system install is needed; it reads WAV (PCM,
µ-law, A-law), MP3, OGG/Opus and M4A at any sample rate. Files are decoded by piping ffmpeg's
raw output rather than through ``pydub.AudioSegment.from_file``, which needs ``ffprobe`` (not
shipped by imageio-ffmpeg) and holds a whole file in memory; pydub is pointed at the same
binary for the rest of the app. A two-hour call therefore costs one chunk of memory, not two
hours of samples.
"""

from __future__ import annotations

import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import av
import numpy as np
import numpy.typing as npt

from qa_app.transcribe.errors import AudioInputError

if TYPE_CHECKING:
    from pydub import AudioSegment

SAMPLE_RATE = 16_000


def ffmpeg_exe() -> str:
    """The bundled ffmpeg binary; pydub (used by the app to cut and play clips) is pointed at it."""
    import imageio_ffmpeg

    with warnings.catch_warnings():  # pydub warns on import when no system ffmpeg is on PATH
        warnings.simplefilter("ignore", RuntimeWarning)  # and of audioop's deprecation
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment

    exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    AudioSegment.converter = exe
    return exe


@dataclass(frozen=True)
class AudioInfo:
    path: Path
    codec: str
    sample_rate: int
    channels: int
    duration: float | None


@dataclass(frozen=True)
class AudioChunk:
    """Samples (frames × channels, float32 in [-1, 1]) starting ``offset`` seconds into the file."""

    offset: float
    samples: npt.NDArray[np.float32]

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def probe(path: Path) -> AudioInfo:
    """Read the container header (PyAV); raise AudioInputError for anything ffmpeg cannot
    decode."""
    if not path.is_file():
        raise AudioInputError(path, "no such file")
    if path.stat().st_size == 0:
        raise AudioInputError(path, "the file is empty (0 bytes); export the recording again")
    try:
        with av.open(str(path)) as container:
            streams = container.streams.audio
            if not streams:
                raise AudioInputError(path, "the file holds no audio stream")
            stream = streams[0]
            if stream.codec_context is None:
                raise AudioInputError(path, "the audio codec is not supported; convert the "
                                            "recording to WAV (PCM, µ-law or A-law), MP3, "
                                            "OGG/Opus or M4A")
            seconds = (container.duration / av.time_base
                       if container.duration is not None else None)
            return AudioInfo(path, stream.codec_context.name, stream.rate,
                             stream.layout.nb_channels, seconds)
    except av.FFmpegError as error:
        raise AudioInputError(path, "not a readable audio file (damaged or truncated header, "
                                    "or not audio at all); export the recording again"
                              ) from error


def _quietest_cut(samples: npt.NDArray[np.float32], search_seconds: float) -> int:
    """Frame index of the quietest 0.1 s window in the last ``search_seconds`` of ``samples``."""
    window = SAMPLE_RATE // 10
    tail_start = max(0, len(samples) - int(search_seconds * SAMPLE_RATE))
    tail = np.abs(samples[tail_start:]).sum(axis=1)
    usable = len(tail) // window * window
    if usable == 0:
        return len(samples)
    energy = tail[:usable].reshape(-1, window).sum(axis=1)
    return tail_start + int(np.argmin(energy)) * window + window // 2


def iter_chunks(info: AudioInfo, chunk_seconds: float = 600.0,
                cut_search_seconds: float = 20.0) -> Iterator[AudioChunk]:
    """Decode ``info.path`` to 16 kHz float32 in chunks of at most ``chunk_seconds``.

    Chunks end at the quietest moment near their end, so no word is cut in two. More than
    two channels are mixed down to one.
    """
    channels = info.channels if info.channels <= 2 else 1
    frame_bytes = 2 * channels
    chunk_frames = int(chunk_seconds * SAMPLE_RATE)
    command = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(info.path), "-vn",
               "-f", "s16le", "-ac", str(channels), "-ar", str(SAMPLE_RATE), "-"]
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors) as ffmpeg:
        assert ffmpeg.stdout is not None
        carry = np.zeros((0, channels), dtype=np.float32)
        offset_frames = 0
        while True:
            read_bytes = (chunk_frames - len(carry)) * frame_bytes
            raw = ffmpeg.stdout.read(read_bytes)
            usable = len(raw) // frame_bytes * frame_bytes
            ended = len(raw) < read_bytes
            buffer = np.empty((len(carry) + usable // frame_bytes, channels), np.float32)
            buffer[:len(carry)] = carry
            buffer[len(carry):] = np.frombuffer(memoryview(raw)[:usable], "<i2").reshape(
                -1, channels)
            buffer[len(carry):] *= 1 / 32768
            del raw
            if ended:
                if len(buffer):
                    yield AudioChunk(offset_frames / SAMPLE_RATE, buffer)
                    offset_frames += len(buffer)
                break
            cut = _quietest_cut(buffer, cut_search_seconds)
            yield AudioChunk(offset_frames / SAMPLE_RATE, buffer[:cut])
            offset_frames += cut
            carry = buffer[cut:].copy()
        returncode = ffmpeg.wait()
        if returncode != 0:
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip().splitlines()
            raise AudioInputError(info.path, "decoding failed: "
                                  + (detail[-1] if detail else f"ffmpeg exit {returncode}"))
    if offset_frames == 0:
        raise AudioInputError(info.path, "the file contains no audio (0 s)")


def load_segment(path: Path) -> AudioSegment:
    """The whole recording as a pydub segment of 16-bit samples at its own rate and channels
    (more than two mixed down to one), for cutting or redacting it: ffmpeg decodes any
    format, so pydub needs no ``ffprobe``. Holds the whole call in memory (a two-hour 8 kHz
    stereo call is 230 MB), which is why transcription streams chunks instead."""
    info = probe(path)
    channels = info.channels if info.channels <= 2 else 1
    exe = ffmpeg_exe()
    from pydub import AudioSegment

    command = [exe, "-nostdin", "-v", "error", "-i", str(path), "-vn", "-f", "s16le",
               "-ac", str(channels), "-ar", str(info.sample_rate), "-"]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise AudioInputError(path, "decoding failed: " + (
            detail[-1] if detail else "the file contains no audio (0 s)"))
    return AudioSegment(data=done.stdout, sample_width=2, frame_rate=info.sample_rate,
                        channels=channels)
