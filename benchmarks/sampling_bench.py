"""Weekly tapping draws over 1,000 agents and 1,000,000 interactions in a month, on SQLite.

Prints the time (wall clock and CPU) of one weekly draw (plan, store, assign) and of the
month's four draws, the peak resident memory of the draws, and the ratio against a naive
pandas baseline (read the week, ``groupby("agent_id").sample(n)``) run in the same process,
and the machine's load average (other work on the cores stretches wall time, not CPU time).
Targets (issue 4): a weekly draw <= 2 s, peak RSS <= 1 GB.

Usage: python benchmarks/sampling_bench.py [--interactions N] [--agents N] [--keep DIR]
The database is built in a child process, so that building it does not count in the RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa_app.db import migrate  # noqa: E402
from qa_app.db.session import build_engine, session_scope  # noqa: E402

ZONE = ZoneInfo("Asia/Jakarta")
WEEKS = ("2026-W45", "2026-W46", "2026-W47", "2026-W48")  # the four weeks of November 2026
MONTH_START = datetime(2026, 11, 2, tzinfo=ZONE)  # Monday of 2026-W45
DAYS = 28
CHANNELS = np.array(["voice", "voice", "voice", "chat", "whatsapp", "email"])
REVIEWERS = 12


def build(path: Path, agents: int, interactions: int, seed: int = 7) -> None:
    engine = build_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    rng = np.random.default_rng(seed)
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO team (id, name) VALUES (?, ?)",
                   [(n + 1, f"Tim {n}") for n in range(20)])
    hire = [date(2026, 11, 2) - timedelta(days=int(d)) for d in rng.integers(10, 900, agents)]
    db.executemany(
        "INSERT INTO agent (id, employee_id, name, hire_date, tier, team_id, active, row_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, 1, 0)",
        [(n + 1, f"PGD{n:05d}", f"Agent {n}", hire[n].isoformat(), 1 + (n % 10 == 0),
          n % 20 + 1) for n in range(agents)])
    db.executemany(
        "INSERT INTO user_account (id, username, display_name, role, must_change_password,"
        " failed_logins, active, created_at) VALUES (?, ?, ?, 'qco', 0, 0, 1, ?)",
        [(n + 1, f"qco{n}", f"QCO {n}", "2026-01-01 00:00:00.000000") for n in range(REVIEWERS)])
    start = MONTH_START.astimezone(UTC).replace(tzinfo=None)
    offsets = np.sort(rng.integers(0, DAYS * 86400, interactions))
    agent_ids = rng.integers(1, agents + 1, interactions)
    channels = CHANNELS[rng.integers(0, len(CHANNELS), interactions)]
    talk = rng.lognormal(5.4, 0.5, interactions).round()
    consent = np.where(rng.random(interactions) < 0.02, "refused", "given")
    ticketed = rng.random(interactions) < 0.01
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    rows = ((n + 1, f"OC-{n:08d}", int(agent_ids[n]), str(channels[n]),
             (start + timedelta(seconds=int(offsets[n]))).strftime(fmt),
             (start + timedelta(seconds=int(offsets[n] + talk[n] + 20))).strftime(fmt),
             float(talk[n]), f"rec/OC-{n:08d}.wav" if channels[n] == "voice" else None,
             str(consent[n]), f"CS-{n:09d}", f"ARIANA-{n}" if ticketed[n] else None)
            for n in range(interactions))
    db.executemany(
        "INSERT INTO interaction (id, source_id, agent_id, channel, direction, started_at,"
        " ended_at, talk_seconds, recording_path, consent, case_id, ticket_key, row_hash)"
        " VALUES (?, ?, ?, ?, 'inbound', ?, ?, ?, ?, ?, ?, ?, 0)", rows)
    surveyed = rng.choice(interactions, interactions // 10, replace=False)
    db.executemany(
        "INSERT INTO csi_response (response_key, case_id, interaction_id, score, answered_at,"
        " row_hash) VALUES (?, ?, ?, ?, ?, 0)",
        [(f"S-{n}", f"CS-{n:09d}", int(n) + 1, int(rng.integers(1, 6)),
          "2026-12-01 00:00:00.000000") for n in surveyed])
    db.commit()
    db.close()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(path: Path) -> None:
    from qa_app.sampling.service import run_draw

    engine = build_engine(f"sqlite:///{path}")
    timings, cpu = [], []
    for week in WEEKS:
        started, started_cpu = time.perf_counter(), time.process_time()
        with session_scope(engine) as session:
            result = run_draw(session, week, by="bench", seed=12345, zone=ZONE)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        print(f"{week}: {timings[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU — {result.plan.drawn} "
              f"random + {result.plan.targeted} targeted picks, shortfall {result.plan.shortfall}, "
              f"{len(result.plan.agents)} agents")
    draws_rss = peak_rss_mb()
    baseline = pandas_baseline(path)
    print(f"weekly draw: {timings[0]:.2f} s wall, {cpu[0]:.2f} s CPU (target <= 2 s); "
          f"slowest week {max(timings):.2f} s wall")
    print(f"month's four draws: {sum(timings):.2f} s wall, {sum(cpu):.2f} s CPU")
    print(f"peak RSS of the draws: {draws_rss:.0f} MB (target <= 1024 MB)")
    print(f"naive pandas baseline (read week + groupby().sample(2)): {baseline:.2f} s CPU; "
          f"weekly draw / baseline = {cpu[0] / baseline:.2f} (CPU time: robust to a busy host)")
    print(f"peak RSS after the baseline too: {peak_rss_mb():.0f} MB")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f} on {} CPUs: wall time above CPU "
          "time means the draws waited for a core".format(*os.getloadavg(), os.cpu_count()))


def pandas_baseline(path: Path) -> float:
    import pandas as pd

    start, end = (MONTH_START.astimezone(UTC), (MONTH_START + timedelta(days=7)).astimezone(UTC))
    fmt = "%Y-%m-%d %H:%M:%S"
    started = time.process_time()
    with sqlite3.connect(path) as db:
        frame = pd.read_sql("SELECT id, agent_id, channel, started_at FROM interaction "
                            "WHERE started_at >= ? AND started_at < ?", db,
                            params=(start.strftime(fmt), end.strftime(fmt)))
    frame.groupby("agent_id").sample(n=2, random_state=12345)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=1_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database in this folder")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only, args.agents, args.interactions)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sampling_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.sqlite"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--build-only", str(path), "--agents",
                    str(args.agents), "--interactions", str(args.interactions)], check=True)
    print(f"built {args.agents:,} agents, {args.interactions:,} interactions in "
          f"{time.perf_counter() - started:.0f} s: {path}")
    run(path)


if __name__ == "__main__":
    main()
