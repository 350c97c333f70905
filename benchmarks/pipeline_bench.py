"""How soon a QCO can start (issue 16): a week of the demo drawn, one real worker with the
real speech model, and the time until the first drawn call is reviewable (its pre-score
stored). Also printed: what was queued, the time to the first transcript, and how many
transcriptions had finished by then (with the priorities: one).

The demo is loaded into a fresh QA_HOME (SQLite database, SQLite queue); its load draws the
last full week and queues that draw's transcriptions as every draw does (transcribe_pending),
then one worker process (nice -n 10) starts and the clock runs. The worker is stopped once
the figure is in.

    .venv/bin/python benchmarks/pipeline_bench.py [--timeout SECONDS] [--home DIR]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="give up after this many seconds (default 1800)")
    parser.add_argument("--home", type=Path, help="QA_HOME to use (default: a temporary one)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="qa-pipeline-bench-"))
    os.environ["QA_HOME"] = str(home)
    for name in ("QA_DATABASE_URL", "QA_QUEUE_URL", "QA_DATA_DIR"):
        os.environ.pop(name, None)

    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from qa_app.config import get_settings
    from qa_app.db import migrate
    from qa_app.db.models import Interaction
    from qa_app.db.sampling_models import Sample
    from qa_app.db.session import get_engine
    from qa_app.db.work_models import Job, PreScoreRecord, Transcript
    from qa_app.demo.load import load_demo

    settings = get_settings()
    engine = get_engine()
    migrate.upgrade(engine)
    began = time.monotonic()
    loaded = load_demo(engine, settings)
    if loaded.draw is None or loaded.draw.draw_id is None:
        print("the demo drew no week", file=sys.stderr)
        return 1
    draw_id = loaded.draw.draw_id
    print(f"demo loaded in {time.monotonic() - began:.0f} s; draw #{draw_id} of "
          f"{loaded.draw.plan.week}: {len(loaded.draw.plan.picks())} samples, "
          f"{loaded.transcriptions_queued} transcriptions queued, "
          f"{loaded.chats_queued} chat pre-scores queued")

    drawn_voice = (select(Sample.interaction_id).join(Interaction)
                   .where(Sample.draw_id == draw_id, Interaction.channel == "voice"))

    def count(model: type) -> int:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(model).where(
                model.interaction_id.in_(drawn_voice))) or 0

    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    worker = subprocess.Popen(["nice", "-n", "10", sys.executable, "-m", "qa_app", "worker",
                               "--no-periodic"], env=env, cwd=PROJECT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    started = time.monotonic()
    first_transcript: float | None = None
    try:
        while time.monotonic() - started < args.timeout:
            if first_transcript is None and count(Transcript):
                first_transcript = time.monotonic() - started
            if count(PreScoreRecord):
                reviewable = time.monotonic() - started
                break
            if worker.poll() is not None:
                print("the worker stopped", file=sys.stderr)
                return 1
            time.sleep(0.5)
        else:
            print(f"no sample reviewable after {args.timeout:.0f} s", file=sys.stderr)
            return 1
        transcribed = count(Transcript)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=120)
    with Session(engine) as session:
        left = session.scalar(select(func.count()).select_from(Job).where(
            Job.kind == "transcribe", Job.status == "queued")) or 0
    print(f"first transcript stored after {first_transcript or reviewable:.1f} s "
          f"(worker start, model load included)")
    print(f"FIRST SAMPLE REVIEWABLE after {reviewable:.1f} s on one worker; "
          f"{transcribed} transcription(s) done by then, {left} still queued")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
