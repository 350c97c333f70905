"""How long recomputing the pre-score accuracy snapshot takes (issue 14, point 6).

    .venv/bin/python benchmarks/accuracy_snapshot_bench.py [--evaluations 20000]
        [--window 200 2000] [--url postgresql+psycopg://...]

Builds the year of ``rollup_data.py`` (finalized voice-inbound evaluations, 22 answers each)
in a scratch SQLite file (or the empty database at ``--url``), gives every answer a machine
answer (mostly the QCO's, a seventh "manual", a fifth of the rest flipped to "no"), and
times ``services.prescore_accuracy.recompute`` per window: what the page's "Hitung ulang"
button waits for, since it runs inline rather than as a queued job.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.rollup_data import build  # noqa: E402
from qa_app.config import Settings  # noqa: E402
from qa_app.db.session import build_engine  # noqa: E402
from qa_app.scoring.loader import bundled_forms  # noqa: E402
from qa_app.services.prescore_accuracy import recompute  # noqa: E402

MACHINE = ("UPDATE evaluation_answer SET machine_answer = CASE WHEN id % 7 = 0 THEN 'manual' "
           "WHEN id % 5 = 0 THEN 'no' ELSE answer END")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--evaluations", type=int, default=20_000)
    parser.add_argument("--window", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--url", help="an empty database (default: a scratch SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accuracy-bench-") as scratch:
        url = args.url or f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        build(url, agents=200, interactions=args.evaluations * 2, evaluations=args.evaluations)
        engine = build_engine(url)
        with engine.begin() as connection:
            connection.execute(text(MACHINE))
        bundled_forms()  # loaded once per process: the app's is warm
        for window in args.window:
            started, cpu = time.perf_counter(), time.process_time()
            reports = recompute(engine, Settings(prescore_accuracy_window=window), "bench")
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
            compared = sum(report.compared for report in reports.values())
            print(f"window {window:>6}: {took:6.2f} s ({cpu:.2f} CPU s) for {compared} "
                  f"answers compared ({engine.dialect.name})")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
