"""Transcription speed, memory and speaker attribution on the 12 demo stereo calls (issue 5).

For each call, in one process with the model loaded once:

- *bare*: one ``BatchedInferencePipeline.transcribe`` over the file (faster-whisper decodes it
  to its mono mix), same decoding settings, nothing else;
- *channels*: our full pipeline, each channel transcribed on its own;
- *louder*: our full pipeline, one pass over the mono mix, each word given to the louder channel.

Printed: real-time factor (processing ÷ audio duration, wall clock; also CPU seconds, which
other processes on a shared machine disturb less) of each, the ratio of each pipeline to the
bare pass, peak RSS of the process, word-level speaker attribution accuracy against the
ground-truth script (a word counts when its midpoint falls inside a scripted utterance) and the
word error rate against the script. Targets on 2 cores: RTF ≤ 0.07, ratio ≤ 1.15, RSS ≤ 1 GB.

    .venv/bin/python benchmarks/transcribe_bench.py [--beam-size N] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from word_errors import word_error_rate  # noqa: E402  (beside this script)

from qa_app.config import get_settings  # noqa: E402
from qa_app.transcribe.call_transcript import CallTranscript as Transcript  # noqa: E402
from qa_app.transcribe.engine import model_for, transcribe_file  # noqa: E402
from qa_app.transcribe.options import Attribution, TranscribeOptions  # noqa: E402

RECORDINGS = Path(__file__).resolve().parent.parent / "qa_app" / "demo" / "recordings"


def _normal_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def attribution(transcript: Transcript, script: list[dict]) -> tuple[int, int]:
    """(words whose speaker matches the scripted utterance at their midpoint, words matched)."""
    right = matched = 0
    for turn in transcript.turns:
        for word in turn.words:
            middle = (word.start + word.end) / 2
            truth = next((line["speaker"] for line in script
                          if line["start"] - 0.2 <= middle <= line["end"] + 0.2), None)
            if truth is not None:
                matched += 1
                right += truth == turn.speaker
    return right, matched


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children (ffmpeg)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beam-size", type=int, default=get_settings().whisper_beam_size)
    parser.add_argument("--limit", type=int, default=12)
    args = parser.parse_args()
    base = replace(TranscribeOptions.from_settings(get_settings()), beam_size=args.beam_size,
                   models_dir=get_settings().home / "models", keep_unmasked=True)
    model = model_for(base)
    decoding = base.decoding()
    calls = sorted(RECORDINGS.glob("OC-REC-*.wav"))[: args.limit]
    list(model.batched.transcribe(str(calls[0]), **decoding)[0])  # warm-up, not counted
    totals = {"audio": 0.0, "bare": 0.0, "channels": 0.0, "louder": 0.0}
    cpu = {"bare": 0.0, "channels": 0.0, "louder": 0.0}
    accuracy = {"channels": [0, 0], "louder": [0, 0]}
    errors: dict[str, list[float]] = {"bare": [], "channels": [], "louder": []}
    print(f"{'call':<12}{'audio s':>8}{'bare s':>8}{'chan s':>8}{'loud s':>8}"
          f"{'WER bare/chan/loud':>20}")
    for index, path in enumerate(calls):
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        reference = _normal_words(" ".join(line["text"] for line in truth["script"]))
        timings: dict[str, float] = {}
        texts: dict[str, str] = {}
        order = ["bare", "channels", "louder"] if index % 2 == 0 else ["louder", "channels", "bare"]
        for name in order:
            started, cpu_started = time.perf_counter(), cpu_seconds()
            if name == "bare":
                segments, _ = model.batched.transcribe(str(path), **decoding)
                texts[name] = " ".join(segment.text for segment in segments)
            else:
                strategy: Attribution = "channels" if name == "channels" else "louder"
                transcript = transcribe_file(path, replace(base, attribution=strategy))
                texts[name] = " ".join(turn.unmasked_text or turn.text for turn in transcript.turns)
                right, matched = attribution(transcript, truth["script"])
                accuracy[name][0] += right
                accuracy[name][1] += matched
            timings[name] = time.perf_counter() - started
            cpu[name] += cpu_seconds() - cpu_started
        for name, text in texts.items():
            errors[name].append(word_error_rate(reference, _normal_words(text)))
        totals["audio"] += truth["duration"]
        for name, seconds in timings.items():
            totals[name] += seconds
        print(f"{path.stem:<12}{truth['duration']:>8.1f}{timings['bare']:>8.2f}"
              f"{timings['channels']:>8.2f}{timings['louder']:>8.2f}"
              f"{'':>6}" + "/".join(f"{errors[n][-1]:.2f}" for n in ("bare", "channels", "louder")))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbeam size {args.beam_size}, {len(calls)} calls, {totals['audio']:.1f} s of audio")
    for name in ("bare", "channels", "louder"):
        line = (f"{name:<9} RTF {totals[name] / totals['audio']:.4f}"
                f"  ratio to bare {totals[name] / totals['bare']:.3f}"
                f"  (CPU s per audio s {cpu[name] / totals['audio']:.4f},"
                f" CPU ratio {cpu[name] / cpu['bare']:.3f})"
                f"  mean WER {sum(errors[name]) / len(errors[name]):.3f}")
        if name in accuracy:
            right, matched = accuracy[name]
            line += f"  attribution {right / max(matched, 1):.3f} ({right}/{matched} words)"
        print(line)
    print(f"peak RSS {peak_mb:.0f} MB; load average at the end {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores (above the core count, wall times are inflated)")


if __name__ == "__main__":
    main()
