"""Call-category tagging speed, and a full re-tag of stored calls.

Prints (1) transcripts tagged per CPU second on one core with rubric/categories.yaml, over
the 12 demo calls (built from their scripts), and (2) the wall time of ``retag_pending`` on
an SQLite database of N demo transcripts (default 2,000), i.e. what the re-tagging duty needs
after a category is added (it runs 40 s a minute, so 15,000 calls take that many minutes).
Usage: python benchmarks/categories_bench.py [--seconds S] [--calls N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session  # noqa: E402

from qa_app.config import Settings  # noqa: E402
from qa_app.db import migrate  # noqa: E402
from qa_app.db.models import Agent, Interaction, Team  # noqa: E402
from qa_app.db.session import build_engine  # noqa: E402
from qa_app.db.work_models import Transcript  # noqa: E402
from qa_app.scoring.categories import tag  # noqa: E402
from qa_app.scoring.category_set import load_category_set  # noqa: E402
from qa_app.scoring.conversation import from_transcribe_json  # noqa: E402
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, script_to_transcribe_json  # noqa: E402
from qa_app.services.category_tagging import retag_pending  # noqa: E402


def _documents() -> list[dict[str, object]]:
    return [script_to_transcribe_json(json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(DEMO_RECORDINGS.glob("OC-REC-*.json"))]


def tags_per_cpu_second(seconds: float) -> tuple[float, int]:
    categories = load_category_set()
    calls = [from_transcribe_json(document, "voice") for document in _documents()]
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for call in calls:
            tag(categories, call)
        done += len(calls)
    return done / (time.process_time() - started), done


def full_retag(count: int) -> tuple[float, int]:
    documents = _documents()
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        migrate.upgrade(engine)
        start = datetime(2026, 11, 16, 2, tzinfo=UTC)
        with Session(engine) as session, session.begin():
            agent = Agent(employee_id="B1", name="Bench", hire_date=date(2025, 1, 6), tier=1,
                          team=Team(name="Tim Bench"), row_hash=0)
            session.add(agent)
            session.flush()
            for n in range(count):
                began = start + timedelta(minutes=n)
                row = Interaction(source_id=f"B-{n}", agent_id=agent.id, channel="voice",
                                  direction="inbound", started_at=began,
                                  ended_at=began + timedelta(minutes=4), talk_seconds=200,
                                  consent="given", row_hash=0)
                session.add(row)
                session.flush()
                document = documents[n % len(documents)]
                session.add(Transcript(interaction_id=row.id, model="bench", duration=60.0,
                                       speakers_separated=True, document=document,
                                       unmasked_document=None, created_at=began))
        started = time.perf_counter()
        report = retag_pending(engine, Settings(), budget_seconds=3600)
        elapsed = time.perf_counter() - started
        engine.dispose()
    return elapsed, report.tagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--calls", type=int, default=2000)
    options = parser.parse_args()
    rate, done = tags_per_cpu_second(options.seconds)
    print(f"tagging: {rate:,.0f} transcripts per CPU second ({done:,} tagged, "
          f"{len(load_category_set().categories)} categories)")
    elapsed, tagged = full_retag(options.calls)
    print(f"re-tag of {tagged:,} stored calls (SQLite, with storing): {elapsed:.1f} s, "
          f"{tagged / elapsed:,.0f} calls/s")


if __name__ == "__main__":
    main()
