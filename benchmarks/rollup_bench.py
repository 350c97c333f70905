"""Report rollups over 1,000 agents, 1,000,000 interactions and 100,000 finalized evaluations.

Times the service calls behind two pages, as a manager, on SQLite and on PostgreSQL:

* the manager overview of one month (every team; its figures, tables and the data of its
  trend charts over six months, rolling figures over the two months before), and
* the team page of one team's month (its agents).

Each call is what the page runs: the month list, ``load_quality`` + ``quality_view`` and the
item texts (plus the team list on the team page). Target (issue 8): ≤ 1 s each. Prints the
first (cold) and the best of the following runs, and the peak RSS of the timing process.

Usage: python benchmarks/rollup_bench.py [--databases sqlite,postgresql] [--agents N]
       [--interactions N] [--evaluations N] [--runs N] [--postgres-url URL] [--keep DIR]
Each database is built once, in a child process (building does not count in the RSS);
PostgreSQL gets a database of its own on the server, dropped at the end.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.rollup_data import MONTH, build  # noqa: E402
from qa_app.db.session import build_engine, session_scope  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEAM = "Tim 07"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def overview_call(url: str) -> object:
    """What pages/manager_overview.py computes before drawing."""
    from qa_app.reports.queries.quality import available_months

    def call() -> int:
        with session_scope(build_engine_cached(url)) as session:
            available_months(session, _today())
        return _page_data(url, "team", None)

    return call


def team_call(url: str) -> object:
    """What pages/team.py computes before drawing, for one team's month."""
    from qa_app.reports.queries.quality import available_months, visible_teams

    def call() -> int:
        with session_scope(build_engine_cached(url)) as session:
            teams = visible_teams(session, _manager())
            available_months(session, _today())
        assert TEAM in teams, f"{TEAM} missing from the bench data"
        return _page_data(url, "agent", TEAM)

    return call


def _page_data(url: str, level: str, team: str | None) -> int:
    from qa_app.pages.report_parts import TREND_MONTHS
    from qa_app.reports.queries.evaluation_rows import item_wording
    from qa_app.reports.queries.quality import load_quality, months_ending, quality_view
    from qa_app.reports.targets import load_targets

    targets = load_targets()
    with session_scope(build_engine_cached(url)) as session:
        data = load_quality(session, _manager(), months_ending(MONTH, TREND_MONTHS),
                            _zone(), targets, team=team, level=level)
        item_wording(session)
    view = quality_view(data, level, 95.0, targets)
    return int(view.qm_month.loc[view.qm_month["month"] == MONTH, "evaluations"].sum())


_ENGINES: dict[str, object] = {}


def build_engine_cached(url: str):  # noqa: ANN201 — one engine per URL, as the app has
    if url not in _ENGINES:
        _ENGINES[url] = build_engine(url)
    return _ENGINES[url]


def _manager() -> object:
    from qa_app.auth.principal import Principal

    return Principal(user_id=1, username="manager", display_name="Manager", role="manager")


def _zone() -> object:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Jakarta")


def _today() -> object:
    from datetime import date

    return date(2026, 11, 30)


def time_calls(name: str, url: str, runs: int) -> None:
    for label, call in (("manager overview", overview_call(url)),
                        (f"team month ({TEAM})", team_call(url))):
        timings, cpu, evaluations = [], [], 0
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            evaluations = call()  # type: ignore[operator]
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        best = min(range(1, runs), key=timings.__getitem__) if runs > 1 else 0
        print(f"{name:10s} {label:22s} cold {timings[0]:6.2f} s wall "
              f"({cpu[0]:.2f} s CPU); best of {runs - 1} more {timings[best]:6.2f} s wall "
              f"({cpu[best]:.2f} s CPU) — {evaluations:,} random evaluations in {MONTH} "
              f"(target <= 1 s)")
    print(f"{name:10s} peak RSS so far: {peak_rss_mb():.0f} MB")


def build_in_child(url: str, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--build-only", url, "--agents", str(args.agents),
                    "--interactions", str(args.interactions), "--evaluations",
                    str(args.evaluations)], check=True)
    print(f"built {args.agents:,} agents, {args.interactions:,} interactions, "
          f"{args.evaluations:,} finalized evaluations in {time.perf_counter() - started:.0f} s")


def run_sqlite(args: argparse.Namespace) -> None:
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rollup_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.sqlite"
    url = f"sqlite:///{path}"
    if not (args.keep and path.exists()):
        path.unlink(missing_ok=True)
        build_in_child(url, args)
    time_calls("sqlite", url, args.runs)


def run_postgres(args: argparse.Namespace) -> None:
    server = create_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
    name = f"rollup_bench_{uuid.uuid4().hex[:8]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres_url).set(database=name).render_as_string(False)
    try:
        build_in_child(url, args)
        time_calls("postgresql", url, args.runs)
    finally:
        engine = _ENGINES.pop(url, None)
        if engine is not None:
            engine.dispose()  # type: ignore[attr-defined]
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--agents", type=int, default=1_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the SQLite file here")
    parser.add_argument("--build-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only, args.agents, args.interactions, args.evaluations)
        return
    for database in args.databases.split(","):
        {"sqlite": run_sqlite, "postgresql": run_postgres}[database.strip()](args)


if __name__ == "__main__":
    main()
