"""Speech for the synthetic calls, shared by the demo recordings (tools/demo) and the test
corpus (tools/corpus): espeak-ng with an MBROLA voice, brought down to the 8 kHz telephone
line by sox, and a faint deterministic line noise.

Needs ``espeak-ng``, ``sox``, ``mbrola`` and the MBROLA voices (Debian's *contrib*
component: ``apt-get install espeak-ng sox mbrola mbrola-id1``). Deterministic: the same
tool versions give the same samples (sox runs with ``-R -D``, the noise is a hash of the
sample index).
"""

from __future__ import annotations

import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 8000
ESPEAK = "espeak-ng"
SOX = "sox"
#: sox effects from the 16 kHz synthesis down to the 8 kHz line: a gentle high-pass for the
#: telephone feel and a treble lift that keeps the consonants audible after the low-pass
#: of the 8 kHz resampling (a hard 250-3400 Hz band-pass raised the word error rate).
TELEPHONE_EFFECTS: tuple[str, ...] = ("highpass", "120", "treble", "+6", "3000")
#: Peak level (fraction of full scale) per speaker; the customer line is a bit quieter.
PEAK = {"agent": 0.62, "customer": 0.50}
#: Faint line noise on both channels, in 16-bit units (about -70 dBFS).
NOISE_AMPLITUDE = 8

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: ``name`` like ``mb-id1``, words per minute, pitch 0-99."""

    name: str
    speed: int
    pitch: int = 50


def run_tool(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _read_mono16(path: Path) -> FloatArray:
    with wave.open(str(path), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getframerate() != SAMPLE_RATE:
            raise ValueError(f"unexpected format in {path}")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


def synthesize(text: str, voice: Voice, workdir: Path, key: str) -> FloatArray:
    """Speak ``text`` with espeak-ng, bring it down to the 8 kHz line, trim the silence
    around it and normalise its peak.  Returns float samples in [-1, 1]."""
    raw, tel = workdir / f"{key}.raw.wav", workdir / f"{key}.8k.wav"
    run_tool([ESPEAK, "-v", voice.name, "-s", str(voice.speed), "-p", str(voice.pitch),
          "-w", str(raw), text])
    run_tool([SOX, "-R", "-D", str(raw), "-b", "16", str(tel), *TELEPHONE_EFFECTS,
          "rate", "-h", str(SAMPLE_RATE), "gain", "-n", "-1"])
    x = _read_mono16(tel)
    frame = SAMPLE_RATE // 100  # 10 ms
    n = len(x) // frame
    rms = np.sqrt((x[: n * frame].reshape(n, frame) ** 2).mean(axis=1))
    active = np.flatnonzero(rms > 0.02 * rms.max())
    if active.size == 0:
        raise ValueError(f"espeak-ng produced silence for {text!r}")
    x = x[active[0] * frame: (active[-1] + 1) * frame]
    normalised: FloatArray = x / float(np.abs(x).max())
    return normalised


def line_noise(n: int, seed: int) -> FloatArray:
    """Faint deterministic line noise: a splitmix64 hash of the sample index (no RNG
    state, so identical across numpy versions), triangular in ±NOISE_AMPLITUDE."""
    with np.errstate(over="ignore"):
        z = np.arange(n, dtype=np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    a = (z & np.uint64(0xFFFF)).astype(np.float64) / 65535.0
    b = ((z >> np.uint64(16)) & np.uint64(0xFFFF)).astype(np.float64) / 65535.0
    return (a - b) * NOISE_AMPLITUDE / 32768.0


def quiet_gaps(spans: list[tuple[float, float]], duration: float,
               minimum: float) -> list[tuple[float, float]]:
    """The stretches longer than ``minimum`` seconds that no (start, end) span covers, up to
    ``duration``: where nobody speaks in a built call."""
    gaps: list[tuple[float, float]] = []
    covered = 0.0
    for start, end in sorted(spans):
        if start - covered > minimum:
            gaps.append((covered, start))
        covered = max(covered, end)
    if duration - covered > minimum:
        gaps.append((covered, duration))
    return gaps
