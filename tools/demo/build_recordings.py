"""Build the synthetic demo call recordings in ``qa_app/demo/recordings/`` from the
scenarios in ``tools/demo/scenarios.yaml`` (speech: tools/synthesis.py).

Twelve Indonesian inbound calls to the Pegadaian contact center, each written to
exercise the draft voice-inbound assessment form (items O1..D1) in a known way: one
model call, one correctly handled complaint with a ticket, and ten calls that each
fail one item (plus a related ``partial`` in two of them).  Every
recording comes with a ground-truth JSON file beside it (who said what and when,
holds, silences and the expected answer per form item), so that transcription,
diarisation and auto-scoring can be tested against known answers.

Audio format: WAV, 8 kHz, 8-bit G.711 mu-law, stereo (16 KB/s) -- the agent on
the LEFT channel, the customer on the RIGHT channel, the other channel silent
(apart from a very faint, deterministic line noise) while one party speaks.
Both parties speak with the MBROLA Indonesian diphone voice (``mb-id1``, through
espeak-ng), synthesized at 16 kHz and brought down to the 8 kHz line; agents at
155 and customers at 150 words per minute, each call with its own pitch per party
(higher for the women).  espeak-ng's own Indonesian voice (the first version of
these files) was so robotic that Whisper base misheard three words in four (WER
75%); with MBROLA it is about 34% (``benchmarks/prescore_accuracy.py``), within
what real telephone audio gives.  The directory stays under 10 MB.

Requirements (Debian packages): ``espeak-ng``, ``sox``, ``mbrola`` and
``mbrola-id1`` (both in Debian's *contrib* component: add ``contrib`` to the APT
sources, ``apt-get update``, then ``apt-get install espeak-ng sox mbrola
mbrola-id1``); Python needs ``numpy``.

This is a developer tool, run once; its output is committed, so nothing else in
the project (tests included) needs espeak-ng, MBROLA or sox::

    python -m tools.demo.build_recordings            # (re)writes all 12 calls
    python -m tools.demo.build_recordings OC-REC-003 # just one

The build is deterministic and idempotent: the same script, espeak-ng, MBROLA and
sox versions give byte-identical files (no randomness: the line noise is a hash of
the sample index, and sox runs with ``-R -D``, repeatable and no dither).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tools.demo.scenarios import Hold, Pause, Scenario, Speaker, load_scenarios
from tools.synthesis import (
    ESPEAK,
    PEAK,
    SAMPLE_RATE,
    SOX,
    FloatArray,
    line_noise,
    quiet_gaps,
    run_tool,
    synthesize,
)

RECORDINGS_DIR = Path(__file__).resolve().parents[2] / "qa_app" / "demo" / "recordings"

#: Pauses between turns, cycled by utterance index (deterministic, "natural" 0.35-0.6 s).
TURN_GAPS: tuple[float, ...] = (0.4, 0.55, 0.35, 0.45, 0.6, 0.35, 0.5, 0.4, 0.45)
#: A gap longer than this where nobody speaks is listed in ``silences``.
SILENCE_MIN_S = 3.0
LEAD_OUT_S = 0.5


# ------------------------------------------------------------------ mix

Int16Array = npt.NDArray[np.int16]


@dataclass
class Placed:
    """An utterance placed on the timeline (seconds) with its audio."""

    speaker: Speaker
    text: str
    start: float
    audio: FloatArray

    @property
    def end(self) -> float:
        return self.start + len(self.audio) / SAMPLE_RATE


@dataclass
class HoldSpan:
    """A hold on the timeline: from the end of the last speech before it to the moment
    the agent speaks again (``end`` is ``None`` while the hold is still open)."""

    start: float
    announced: bool
    end: float | None = None


def place(sc: Scenario, workdir: Path) -> tuple[list[Placed], list[HoldSpan], float]:
    """Lay the scenario's turns on a timeline: the one placement function for every
    scenario.  Returns the placed utterances, the holds and the call duration."""
    placed: list[Placed] = []
    holds: list[HoldSpan] = []
    open_hold: HoldSpan | None = None
    cursor = sc.lead_in
    after_pause = True  # the lead-in acts as a pause: first utterance starts at lead_in
    n_said = 0
    for i, turn in enumerate(sc.turns):
        if isinstance(turn, Hold):
            open_hold = HoldSpan(start=cursor, announced=turn.announced)
            holds.append(open_hold)
            cursor += turn.seconds
            after_pause = True
        elif isinstance(turn, Pause):
            cursor += turn.seconds
            after_pause = True
        else:
            voice = sc.agent_voice if turn.speaker == "agent" else sc.customer_voice
            audio = synthesize(turn.spoken or turn.text, voice, workdir, f"{sc.id}-{i:02d}")
            if turn.gap is not None:
                gap = turn.gap
            else:
                gap = 0.0 if after_pause else TURN_GAPS[n_said % len(TURN_GAPS)]
            start = round(cursor + gap, 2)  # on a 10 ms grid so the JSON times are exact
            utt = Placed(turn.speaker, turn.text, start, audio)
            placed.append(utt)
            if turn.speaker == "agent" and open_hold is not None:
                open_hold.end = start
                open_hold = None
            cursor = max(cursor, utt.end)
            after_pause = False
            n_said += 1
    if open_hold is not None:
        raise ValueError(f"{sc.id}: hold never ended by the agent")
    return placed, holds, cursor + LEAD_OUT_S


def find_silences(placed: list[Placed], holds: list[HoldSpan],
                  duration: float) -> list[dict[str, object]]:
    """Every gap longer than :data:`SILENCE_MIN_S` where nobody speaks."""
    gaps = quiet_gaps([(p.start, p.end) for p in placed], duration, SILENCE_MIN_S)
    out: list[dict[str, object]] = []
    for s, e in gaps:
        in_hold = any(h.end is not None and h.start <= s + 0.01 and e <= h.end + 0.01
                      for h in holds)
        out.append({"start": round(s, 2), "end": round(e, 2),
                    "kind": "hold" if in_hold else "dead_air"})
    return out


def mix(placed: list[Placed], duration: float, seed: int) -> Int16Array:
    """Mix to an (n, 2) int16 array: agent left, customer right, plus line noise."""
    n = round(duration * SAMPLE_RATE)
    out = np.zeros((n, 2), dtype=np.float64)
    for p in placed:
        ch = 0 if p.speaker == "agent" else 1
        i = round(p.start * SAMPLE_RATE)
        out[i: i + len(p.audio), ch] += p.audio * PEAK[p.speaker]
    out[:, 0] += line_noise(n, seed * 2)
    out[:, 1] += line_noise(n, seed * 2 + 1)
    return np.clip(np.round(out * 32767.0), -32768, 32767).astype(np.int16)


def write_mulaw(samples: Int16Array, path: Path, workdir: Path) -> None:
    """Write stereo 16-bit PCM, then let sox encode it as 8-bit mu-law WAV."""
    pcm = workdir / f"{path.stem}.pcm.wav"
    with wave.open(str(pcm), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.astype("<i2").tobytes())
    run_tool([SOX, "-R", "-D", str(pcm), "-e", "mu-law", "-b", "8", str(path)])


def build(sc: Scenario, outdir: Path) -> dict[str, object]:
    """Render one scenario to ``<id>.wav`` and ``<id>.json`` in ``outdir``."""
    with tempfile.TemporaryDirectory(prefix=f"{sc.id}-") as tmp:
        workdir = Path(tmp)
        placed, holds, duration = place(sc, workdir)
        samples = mix(placed, duration, seed=zlib.crc32(sc.id.encode()))
        write_mulaw(samples, outdir / f"{sc.id}.wav", workdir)
    truth: dict[str, object] = {
        "id": sc.id,
        "scenario": sc.scenario,
        "title": sc.title,
        "channel": "voice",
        "direction": "inbound",
        "agent_name": sc.agent_name,
        "customer_name": sc.customer_name,
        "sample_rate": SAMPLE_RATE,
        "encoding": "mu-law",
        "duration": round(len(samples) / SAMPLE_RATE, 2),
        "channels": {"left": "agent", "right": "customer"},
        "script": [{"speaker": p.speaker, "start": round(p.start, 2), "end": round(p.end, 2),
                    "text": p.text} for p in sorted(placed, key=lambda p: p.start)],
        "holds": [{"start": round(h.start, 2), "end": round(h.end or h.start, 2),
                   "announced": h.announced} for h in holds],
        "silences": find_silences(placed, holds, duration),
        "expected": sc.expected,
        "notes": sc.notes,
    }
    (outdir / f"{sc.id}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return truth


def write_readme(truths: list[dict[str, object]], outdir: Path) -> None:
    """A short index of the recordings."""
    lines = [
        "# Demo call recordings (synthetic)",
        "",
        "Generated by `python -m tools.demo.build_recordings` (needs `espeak-ng`, `sox`,",
        "`mbrola` and `mbrola-id1`; run once, output committed). Synthetic Indonesian inbound",
        "calls to the Pegadaian contact center, spoken by the MBROLA Indonesian voice. WAV,",
        "8 kHz, 8-bit mu-law, "
        "stereo: **agent = left channel, customer = right channel**. All names, dates of",
        "birth, phone and contract numbers are invented.",
        "",
        "Beside each `OC-REC-nnn.wav` is `OC-REC-nnn.json`, the ground truth: each utterance",
        "with its start/end in seconds, the holds, every silence over 3 s (`hold` or",
        "`dead_air`) and the expected answer per assessment-form item (`yes`/`no`/`partial`/",
        "`na`; V2 `no` means the agent *did* ask for the OTP).",
        "",
        "| id | scenario | duration (s) | items not passed | what it tests |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for t in truths:
        expected = t["expected"]
        assert isinstance(expected, dict)
        failing = [f"{k}={v}" for k, v in expected.items() if v in ("no", "partial")]
        what = str(t["notes"]).split(". ")[0].rstrip(".") + "."
        lines.append(f"| {t['id']} | {t['scenario']} | {t['duration']} | "
                     f"{', '.join(failing) or '-'} | {what} |")
    (outdir / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("ids", nargs="*", help="only these recording ids (default: all)")
    parser.add_argument("--out", type=Path, default=RECORDINGS_DIR, help="output directory")
    args = parser.parse_args(argv)
    for tool in (ESPEAK, SOX, "mbrola"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} not found: apt-get install espeak-ng sox mbrola mbrola-id1 "
                         "(mbrola is in Debian's contrib component)")
    scenarios = load_scenarios()
    unknown = set(args.ids) - {s.id for s in scenarios}
    if unknown:
        parser.error(f"unknown ids: {sorted(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for sc in scenarios:
        if not args.ids or sc.id in args.ids:
            t = build(sc, args.out)
            print(f"{sc.id} {sc.scenario:<26} {t['duration']:>6.2f} s", file=sys.stderr)
    truths = [json.loads((args.out / f"{s.id}.json").read_text(encoding="utf-8"))
              for s in scenarios if (args.out / f"{s.id}.json").exists()]
    write_readme(truths, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
