"""Synthesize the corpus calls: stereo audio (agent left, customer right) and a ground truth
JSON per call.

    python -m tools.corpus.build [--audio data/corpus] [--truth tests/data/corpus/truth] [IDS]

The audio is not committed (it is re-made from the grammar in a few minutes); the ground
truth is. Speech comes from espeak-ng with the MBROLA voices ``mb-id1`` (Indonesian, male)
and ``mb-ma1`` (Malay, female, Indonesian phonemes), each call with its own speeds and
pitches, through the same 8 kHz telephone chain as the demo recordings (tools/synthesis.py,
shared with tools/demo/build_recordings.py). On top: line noise of four kinds, holds with
music or silence, dead air, and one of three telephony codecs (8 kHz G.711 mu-law or A-law WAV, or
MP3). Everything is deterministic: noise and music are hashes of the sample index, sox runs
with ``-R -D`` and ffmpeg with ``-bitexact``. Tools: see tools/corpus/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tools.corpus.plan import CallPlan, HoldStep, Line, Silence, plan_corpus
from tools.synthesis import PEAK, SAMPLE_RATE, Voice, line_noise, quiet_gaps, synthesize

PROJECT = Path(__file__).resolve().parents[2]
AUDIO_DIR = PROJECT / "data" / "corpus"
TRUTH_DIR = PROJECT / "tests" / "data" / "corpus" / "truth"
EXTENSIONS = {"mulaw": "wav", "alaw": "wav", "mp3": "mp3"}
#: Pauses between turns are drawn in this range (seconds, on a 10 ms grid).
TURN_GAP = (0.3, 0.75)
LEAD_IN, LEAD_OUT = 0.6, 0.5
#: A gap longer than this where nobody speaks is listed in the ground truth's silences.
SILENCE_MIN_S = 3.0
#: Line noise levels (fraction of full scale): hiss about -42 dBFS, hum at 50 Hz.
HISS, HUM, CLICK = 0.008, 0.006, 0.25
MUSIC_LEVEL = 0.18
TOOLS = ("espeak-ng", "sox", "mbrola", "ffmpeg")

FloatArray = npt.NDArray[np.float64]


@dataclass
class Placed:
    speaker: str
    text: str
    start: float
    audio: FloatArray

    @property
    def end(self) -> float:
        return self.start + len(self.audio) / SAMPLE_RATE


@dataclass(frozen=True)
class HoldSpan:
    start: float
    end: float
    music: bool
    announced: bool


def _voice(plan: CallPlan, speaker: str) -> Voice:
    v = plan.agent_voice if speaker == "agent" else plan.customer_voice
    return Voice(v.name, v.speed, v.pitch)


def place(plan: CallPlan, workdir: Path) -> tuple[list[Placed], list[HoldSpan], float]:
    """Lay the plan's steps on a timeline; returns the utterances, the holds and the call's
    duration. Gaps between turns are hashed from the call id (deterministic)."""
    seed = zlib.crc32(plan.id.encode())
    placed: list[Placed] = []
    holds: list[HoldSpan] = []
    cursor, after_silence = LEAD_IN, True
    for index, step in enumerate(plan.steps):
        if isinstance(step, HoldStep):
            holds.append(HoldSpan(round(cursor, 2), round(cursor + step.seconds, 2),
                                  step.music, step.announced))
            cursor, after_silence = cursor + step.seconds, True
        elif isinstance(step, Silence):
            cursor, after_silence = cursor + step.seconds, True
        else:
            assert isinstance(step, Line)
            audio = synthesize(step.spoken, _voice(plan, step.speaker), workdir,
                               f"{plan.id}-{index:02d}")
            low, high = TURN_GAP
            fraction = zlib.crc32(f"{seed}:{index}".encode()) / 0xFFFFFFFF
            gap = 0.0 if after_silence else low + (high - low) * fraction
            start = round(cursor + gap, 2)
            placed.append(Placed(step.speaker, step.text, start, audio))
            cursor, after_silence = max(cursor, placed[-1].end), False
    return placed, holds, cursor + LEAD_OUT


def hold_music(n: int, seed: int) -> FloatArray:
    """A deterministic hold tune: notes of a pentatonic scale, 0.4 s each, with harmonics
    and a decay, picked by a hash of the note index."""
    scale = np.array([262.0, 294.0, 330.0, 392.0, 440.0, 523.0])
    note_len = int(0.4 * SAMPLE_RATE)
    t = np.arange(note_len) / SAMPLE_RATE
    envelope = np.exp(-3.0 * t)
    notes = []
    for index in range(n // note_len + 1):
        freq = scale[zlib.crc32(f"{seed}:{index}".encode()) % len(scale)]
        tone = sum(np.sin(2 * np.pi * freq * k * t) / k for k in (1, 2, 3))
        notes.append(tone * envelope)
    music = np.concatenate(notes)[:n]
    peak = float(np.abs(music).max()) or 1.0
    return music / peak * MUSIC_LEVEL


def noise(kind: str, n: int, seed: int) -> FloatArray:
    """Line noise of the call: ``faint`` (about -70 dBFS), ``hiss``, ``hum`` (50/150 Hz
    plus faint noise) or ``crackle`` (sparse clicks plus faint noise)."""
    faint = line_noise(n, seed)
    if kind == "faint":
        return faint
    if kind == "hiss":
        return faint / float(np.abs(faint).max() or 1.0) * HISS
    t = np.arange(n) / SAMPLE_RATE
    if kind == "hum":
        return faint + HUM * (np.sin(2 * np.pi * 50 * t) + 0.5 * np.sin(2 * np.pi * 150 * t))
    if kind == "crackle":
        spikes = line_noise(n, seed + 7) / (8 / 32768.0)  # uniform-ish in (-1, 1)
        clicks = np.where(np.abs(spikes) > 0.9985, np.sign(spikes) * CLICK, 0.0)
        return faint + clicks
    raise ValueError(f"unknown noise kind {kind!r}")


def mix(plan: CallPlan, placed: list[Placed], holds: list[HoldSpan],
        duration: float) -> npt.NDArray[np.int16]:
    n = round(duration * SAMPLE_RATE)
    out = np.zeros((n, 2), dtype=np.float64)
    for p in placed:
        channel = 0 if p.speaker == "agent" else 1
        i = round(p.start * SAMPLE_RATE)
        out[i: i + len(p.audio), channel] += p.audio * PEAK[p.speaker]  # type: ignore[index]
    seed = zlib.crc32(plan.id.encode())
    for number, hold in enumerate(holds):
        if hold.music:
            i, j = round(hold.start * SAMPLE_RATE), round(hold.end * SAMPLE_RATE)
            out[i:j, 0] += hold_music(j - i, seed + number)
    out[:, 0] += noise(plan.noise, n, seed * 2)
    out[:, 1] += noise(plan.noise, n, seed * 2 + 1)
    return np.clip(np.round(out * 32767.0), -32768, 32767).astype(np.int16)


def encode(samples: npt.NDArray[np.int16], codec: str, target: Path, workdir: Path) -> None:
    pcm = workdir / f"{target.stem}.pcm.wav"
    with wave.open(str(pcm), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.astype("<i2").tobytes())
    if codec in ("mulaw", "alaw"):
        command = ["sox", "-R", "-D", str(pcm), "-e", "mu-law" if codec == "mulaw" else "a-law",
                   "-b", "8", str(target)]
    else:
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(pcm),
                   "-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
                   "-c:a", "libmp3lame", "-b:a", "32k", str(target)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def silences_of(placed: list[Placed], holds: list[HoldSpan],
                duration: float) -> list[dict[str, object]]:
    """Every gap over :data:`SILENCE_MIN_S` where nobody speaks: ``hold`` inside a hold,
    ``dead_air`` when over 10 s outside one, else ``pause``."""
    gaps = quiet_gaps([(p.start, p.end) for p in placed], duration, SILENCE_MIN_S)
    out: list[dict[str, object]] = []
    for start, end in gaps:
        in_hold = any(h.start - 0.01 <= start and end <= h.end + 0.8 for h in holds)
        kind = "hold" if in_hold else "dead_air" if end - start > 10.0 else "pause"
        out.append({"start": round(start, 2), "end": round(end, 2), "kind": kind})
    return out


def truth_of(plan: CallPlan, placed: list[Placed], holds: list[HoldSpan],
             duration: float, audio_name: str) -> dict[str, object]:
    """The ground truth JSON: same shape as the demo recordings' JSON, plus the corpus facts."""
    return {
        "id": plan.id, "split": plan.split, "topic": plan.topic, "complaint": plan.complaint,
        "account_data_told": plan.account, "channel": "voice", "direction": "inbound",
        "agent_name": plan.agent.call, "customer_name": plan.customer.full,
        "customer_region": plan.customer.region, "time_of_day": plan.time_of_day,
        "casual_customer": plan.casual_customer,
        "families": plan.families, "expected": plan.expected,
        "must_be_fatal": plan.must_be_fatal,
        "audio": {"file": audio_name, "codec": plan.codec, "sample_rate": SAMPLE_RATE,
                  "noise": plan.noise, "agent_voice": vars(plan.agent_voice),
                  "customer_voice": vars(plan.customer_voice)},
        "duration": round(duration, 2),
        "channels": {"left": "agent", "right": "customer"},
        "script": [{"speaker": p.speaker, "start": p.start, "end": round(p.end, 2),
                    "text": p.text} for p in sorted(placed, key=lambda p: p.start)],
        "holds": [{"start": h.start, "end": h.end, "kind": "music" if h.music else "silence",
                   "announced": h.announced} for h in holds],
        "silences": silences_of(placed, holds, duration),
    }


def build(plan: CallPlan, audio_dir: Path, truth_dir: Path) -> dict[str, object]:
    audio_name = f"{plan.id}.{EXTENSIONS[plan.codec]}"
    with tempfile.TemporaryDirectory(prefix=f"{plan.id}-") as tmp:
        workdir = Path(tmp)
        placed, holds, duration = place(plan, workdir)
        samples = mix(plan, placed, holds, duration)
        encode(samples, plan.codec, audio_dir / audio_name, workdir)
    truth = truth_of(plan, placed, holds, len(samples) / SAMPLE_RATE, audio_name)
    (truth_dir / f"{plan.id}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("ids", nargs="*", help="only these call ids (default: all)")
    parser.add_argument("--audio", type=Path, default=AUDIO_DIR, help="audio output folder")
    parser.add_argument("--truth", type=Path, default=TRUTH_DIR, help="ground truth folder")
    args = parser.parse_args(argv)
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        parser.error(f"missing {', '.join(missing)}: see tools/corpus/README.md")
    plans = plan_corpus()
    unknown = set(args.ids) - {p.id for p in plans}
    if unknown:
        parser.error(f"unknown ids: {sorted(unknown)}")
    args.audio.mkdir(parents=True, exist_ok=True)
    args.truth.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        if not args.ids or plan.id in args.ids:
            truth = build(plan, args.audio, args.truth)
            print(f"{plan.id} {plan.codec:<5} {plan.noise:<7} {truth['duration']:>7.2f} s",
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
