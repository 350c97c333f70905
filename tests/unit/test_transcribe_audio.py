"""Audio input: formats, channel counts and every kind of bad file named in issue 5 point 8.

These tests run the bundled ffmpeg but not the speech model.
"""

from __future__ import annotations

import json
import struct
import subprocess
import wave
from pathlib import Path

import pytest

from qa_app.transcribe.audio import SAMPLE_RATE, ffmpeg_exe, iter_chunks, probe
from qa_app.transcribe.errors import AudioInputError

DEMO_CALL = Path(__file__).resolve().parents[2] / "qa_app/demo/recordings/OC-REC-001.wav"


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def wav_with_format_tag(path: Path, tag: int, data: bytes) -> Path:
    fmt = struct.pack("<HHIIHH", tag, 1, 8000, 8000, 1, 8)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data))
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body) + len(data)) + body + data)
    return path


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    empty = folder / "empty.wav"
    empty.write_bytes(b"")
    truncated = folder / "truncated.wav"
    truncated.write_bytes(DEMO_CALL.read_bytes()[:30])
    text = folder / "notes.wav"
    text.write_text("Ini bukan rekaman, hanya catatan.\n" * 20, encoding="utf-8")
    zero = folder / "zero.wav"
    with wave.open(str(zero), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
    unknown = wav_with_format_tag(folder / "codec.wav", 0x1234, bytes(8000))
    return {"empty": (empty, "empty"), "truncated header": (truncated, "not a readable audio"),
            "text named .wav": (text, "not a readable audio"),
            "unsupported codec": (unknown, "codec is not supported"),
            "zero-length audio": (zero, "no audio (0 s)")}


@pytest.mark.parametrize("case", ["empty", "truncated header", "text named .wav",
                                  "unsupported codec", "zero-length audio"])
def test_bad_files_raise_an_error_naming_the_file_and_the_problem(tmp_path: Path,
                                                                   case: str) -> None:
    path, problem = bad_files(tmp_path)[case]
    with pytest.raises(AudioInputError) as raised:
        list(iter_chunks(probe(path)))
    assert str(path) in str(raised.value) and problem in str(raised.value)
    assert raised.value.path == path


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(AudioInputError, match="no such file"):
        probe(tmp_path / "absent.wav")


def test_8khz_mulaw_stereo_is_decoded_to_16khz_per_channel() -> None:
    info = probe(DEMO_CALL)
    assert (info.codec, info.sample_rate, info.channels) == ("pcm_mulaw", 8000, 2)
    chunk, = iter_chunks(info)
    truth = json.loads(DEMO_CALL.with_suffix(".json").read_text(encoding="utf-8"))
    assert chunk.duration == pytest.approx(truth["duration"], abs=0.01)
    assert chunk.samples.shape[1] == 2
    # The agent speaks first, on the left: in the first 4 s the left channel is far louder.
    opening = chunk.samples[: 4 * SAMPLE_RATE]
    left, right = (opening ** 2).sum(axis=0)
    assert left > 20 * right


@pytest.mark.parametrize(("suffix", "codec_args", "channels"), [
    (".mp3", ["-c:a", "libmp3lame"], 2), (".ogg", ["-c:a", "libopus"], 2),
    (".m4a", ["-c:a", "aac"], 2), (".wav", ["-c:a", "pcm_alaw", "-ac", "1"], 1),
    (".wav", ["-c:a", "pcm_s16le", "-ar", "44100"], 2)])
def test_compressed_formats_and_any_sample_rate(tmp_path: Path, suffix: str,
                                                codec_args: list[str], channels: int) -> None:
    path = tmp_path / f"clip{suffix}"
    ffmpeg("-i", str(DEMO_CALL), "-t", "5", *codec_args, str(path))
    info = probe(path)
    assert info.channels == channels
    total = sum(chunk.duration for chunk in iter_chunks(info))
    assert total == pytest.approx(5.0, abs=0.1)
