"""Screening throughput (issue 16): can one 2-core machine screen a 60-agent center's week?

    nice -n 10 .venv/bin/python benchmarks/screening_throughput.py [--calls 2] [--seconds 300]
        [--week-calls 2000]

1. builds ``--calls`` stereo calls of about ``--seconds`` each by joining the demo recordings
   (qa_app/demo/recordings, synthetic Indonesian calls, agent left / customer right) in a
   different order each, with the bundled ffmpeg;
2. *one worker*: one process with one CPU thread transcribes (the bundled faster-whisper
   model, the worker's own ``transcribe_file`` and settings) and pre-scores each call and
   derives its risk flags, one call after the other: seconds per call;
3. *two workers*: two such processes at once, each with the same calls: the wall clock for
   both, hence the calls per hour of two workers and the speed-up over one;
4. extrapolates to ``--week-calls`` calls (a 60-agent center's week: about 2,000 voice calls
   of ~5 minutes) and prints the hours one week takes with one and with two workers: from the
   wall clock measured (the machine as loaded while it ran), and from the CPU seconds per
   call (what two idle cores give: one worker per core).

The model load is timed apart (a worker loads it once). The machine's load average is printed
before and after: on a machine shared with other work the wall-clock figures are pessimistic
and the measured speed-up is lower than on idle cores; CPU seconds are disturbed far less
(only by caches and memory bandwidth shared with the other work).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RECORDINGS = Path(__file__).resolve().parent.parent / "qa_app" / "demo" / "recordings"
HOURS_IN_WEEK = 7 * 24


def build_calls(folder: Path, calls: int, seconds: float) -> list[Path]:
    """``calls`` WAV files of at least ``seconds``, each joining the demo calls from another
    starting point (so no two are the same audio)."""
    from qa_app.transcribe.audio import ffmpeg_exe, probe

    sources = sorted(RECORDINGS.glob("OC-REC-*.wav"))
    lengths = [probe(path).duration or 0.0 for path in sources]
    built = []
    for number in range(calls):
        order, total, index = [], 0.0, number * 5
        while total < seconds:
            order.append(sources[index % len(sources)])
            total += lengths[index % len(sources)]
            index += 1
        out = folder / f"call-{number + 1}.wav"
        inputs = [arg for path in order for arg in ("-i", str(path))]
        joined = "".join(f"[{i}:a]" for i in range(len(order))) + \
            f"concat=n={len(order)}:v=0:a=1[out]"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *inputs, "-filter_complex", joined,
                        "-map", "[out]", "-ar", "8000", "-ac", "2", "-c:a", "pcm_s16le",
                        str(out)], check=True)
        built.append(out)
    return built


def screen_calls(paths: list[str], results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One worker with one thread: load the model, then transcribe + pre-score + flag each
    call; puts (load seconds, [(audio seconds, wall seconds, cpu seconds, flags)])."""
    os.environ["OMP_NUM_THREADS"] = "1"
    from qa_app.config import get_settings
    from qa_app.scoring.conversation import from_transcribe_json
    from qa_app.scoring.loader import form_for
    from qa_app.scoring.prescore import prescore
    from qa_app.scoring.risk import derive_flags
    from qa_app.transcribe.engine import model_for, transcribe_file
    from qa_app.transcribe.options import TranscribeOptions

    options = replace(TranscribeOptions.from_settings(get_settings()), cpu_threads=1)
    started = time.perf_counter()
    model = model_for(options)
    loaded = time.perf_counter() - started
    form = form_for("voice", "inbound")
    timings = []
    for path in paths:
        wall, cpu = time.perf_counter(), time.process_time()
        document = transcribe_file(path, options, model=model).to_dict()
        conversation = from_transcribe_json(
            {**document, "started_at": "2026-11-23T10:00:00"}, "voice", "inbound", None)
        record = prescore(form, conversation).to_record()
        flags = derive_flags(record, form, low_score=60.0)
        timings.append((float(document["duration"]), time.perf_counter() - wall,
                        time.process_time() - cpu, len(flags)))
    results.put((loaded, timings))


def run_workers(workers: int, paths: list[Path]) -> tuple[float, list[tuple]]:  # type: ignore[type-arg]
    """Start ``workers`` processes, each screening every call in ``paths``; returns the wall
    clock from the first call's start to the last's end (model loads excluded) and the
    timings of each process."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=screen_calls, args=([str(p) for p in paths], results))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    reports = [results.get() for _ in processes]
    for process in processes:
        process.join()
    # the processes load their model at the same time; what is compared is the screening
    wall = max(sum(t[1] for t in timings) for _, timings in reports)
    return wall, reports


def _week(calls: int, rates: tuple[tuple[int, float], ...]) -> None:
    for workers, rate in rates:
        hours = calls / rate
        verdict = "keeps up" if hours <= HOURS_IN_WEEK else "falls behind"
        print(f"  a week of {calls:,} calls with {workers} worker(s): {hours:.1f} h of "
              f"{HOURS_IN_WEEK} h ({hours / HOURS_IN_WEEK:.0%}; {verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=2, help="calls per worker (default 2)")
    parser.add_argument("--seconds", type=float, default=300.0, help="length of each call")
    parser.add_argument("--week-calls", type=int, default=2000)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (other work on this machine slows both runs)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_calls(Path(tmp), args.calls, args.seconds)
        one_wall, (one,) = run_workers(1, paths)
        two_wall, two = run_workers(2, paths)
    audio = sum(t[0] for t in one[1])
    per_call = one_wall / len(paths)
    print(f"calls: {len(paths)} of {audio / len(paths):.0f} s audio each; model load "
          f"{one[0]:.1f} s (once per worker)")
    for audio_s, wall, cpu, flags in one[1]:
        print(f"  one worker: {audio_s:.0f} s audio in {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"(real-time factor {wall / audio_s:.3f}), {flags} risk flags")
    one_cpu = sum(t[2] for t in one[1]) / len(paths)
    two_cpu = sum(t[2] for _, timings in two for t in timings) / (2 * len(paths))
    one_rate = len(paths) / one_wall * 3600
    two_rate = 2 * len(paths) / two_wall * 3600
    print("measured (wall clock, this machine as loaded now):")
    print(f"  1 worker x 1 thread: {per_call:.1f} s per call, {one_rate:.0f} calls per hour")
    print(f"  2 workers x 1 thread: {2 * len(paths)} calls in {two_wall:.1f} s, "
          f"{two_rate:.0f} calls per hour, speed-up x{two_rate / one_rate:.2f}")
    _week(args.week_calls, ((1, one_rate), (2, two_rate)))
    # CPU seconds are what a call costs whatever else runs; on two idle cores each worker
    # has one to itself, so its rate is 3600 / CPU seconds per call
    print(f"CPU cost (what the machine's other load disturbs least): {one_cpu:.1f} s per call "
          f"alone, {two_cpu:.1f} s per call with two workers at once; on 2 idle cores:")
    idle_one, idle_two = 3600 / one_cpu, 2 * 3600 / two_cpu
    print(f"  1 worker: {idle_one:.0f} calls per hour; 2 workers: {idle_two:.0f} calls per "
          f"hour, speed-up x{idle_two / idle_one:.2f}")
    _week(args.week_calls, ((1, idle_one), (2, idle_two)))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
