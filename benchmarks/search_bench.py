"""Search over 100,000 transcripts: build time and query times, SQLite and PostgreSQL (issue 16).

    nice -n 10 .venv/bin/python benchmarks/search_bench.py [--transcripts 100000]
        [--turns 20] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--repeat 15]

Builds a fresh migrated database per backend with synthetic calls (12 agents in 3 teams,
``--turns`` turns per call, words drawn Zipf-like from an Indonesian-looking vocabulary plus
the contact center's own words), bulk-inserted (SQLite: executemany through the FTS5
triggers; PostgreSQL: COPY filling the generated tsvector column, then the GIN index
built once). Then times searches through
``search_transcripts`` as the app runs them (scope, filters, highlighting and the audit
entry included): a rare and a common word, a phrase, filters, a team lead's scope, and
fuzzy searches of misheard words. Prints p50/p95 per search; the target is ≤ 1 s.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from qa_app.analytics.filters import SearchFilters  # noqa: E402
from qa_app.analytics.query import tokens  # noqa: E402
from qa_app.auth.principal import Principal  # noqa: E402
from qa_app.db import migrate, search_store  # noqa: E402
from qa_app.db.session import build_engine  # noqa: E402
from qa_app.services.search import search_transcripts  # noqa: E402

DOMAIN_WORDS = (
    "pinjaman gadai emas aplikasi pds login error kode otp verifikasi nasabah tagihan "
    "tagihannya lelang jaminan cicilan angsuran bunga denda pelunasan tiket keluhan "
    "perpanjangan cabang saldo rekening transfer kartu identitas mohon maaf terima kasih "
    "selamat pagi siang sore bapak ibu baik silakan ditunggu sebentar").split()
START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
CHUNK = 20_000


def vocabulary(size: int, rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bcdghjklmnprstwy" for v in "aiueo"]
    words = set(DOMAIN_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    ordered = list(DOMAIN_WORDS) + sorted(words - set(DOMAIN_WORDS))
    return ordered


def turn_rows(transcripts: int, turns: int, words: list[str],
              rng: random.Random) -> Iterator[tuple[int, int, str, float, str]]:
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    for interaction in range(1, transcripts + 1):
        spoken = rng.choices(words, cum_weights=cumulative, k=turns * 10)
        for index in range(turns):
            said = " ".join(spoken[index * 10: index * 10 + rng.randint(4, 10)])
            yield (interaction, index, "agent" if index % 2 == 0 else "customer",
                   index * 12.5, said)


def seed_roster(session: Session, transcripts: int) -> None:
    session.execute(text("INSERT INTO team (id, name) VALUES (1, 'A'), (2, 'B'), (3, 'C')"))
    session.execute(text(
        "INSERT INTO agent (id, employee_id, name, hire_date, tier, team_id, active, row_hash) "
        "VALUES (:id, :code, :name, :hired, 1, :team, :active, 0)"),
        [{"id": n, "code": f"B{n:03d}", "name": f"Agent {n}", "hired": date(2025, 1, 6),
          "team": n % 3 + 1, "active": True} for n in range(1, 13)])
    rows = []
    for n in range(1, transcripts + 1):
        began = START + timedelta(minutes=5 * n)
        rows.append({"id": n, "source": f"OC-B-{n}", "agent": n % 12 + 1,
                     "channel": "voice" if n % 5 else "whatsapp", "began": began,
                     "ended": began + timedelta(minutes=5)})
    for start in range(0, len(rows), CHUNK):
        session.execute(text(
            "INSERT INTO interaction (id, source_id, agent_id, channel, direction, started_at, "
            "ended_at, consent, row_hash) VALUES (:id, :source, :agent, :channel, 'inbound', "
            ":began, :ended, 'given', 0)"), rows[start:start + CHUNK])


def build(engine: Engine, transcripts: int, turns: int, seed: int) -> tuple[float, int]:
    rng = random.Random(seed)
    words = vocabulary(6000, rng)
    began = time.perf_counter()
    with Session(engine) as session, session.begin():
        seed_roster(session, transcripts)
        session.flush()
        rows = turn_rows(transcripts, turns, words, rng)
        if engine.dialect.name == "postgresql":
            session.execute(text("DROP INDEX ix_search_turn_tsv"))
            cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy("COPY search_turn (interaction_id, turn_index, speaker, "
                             "start_second, text) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            session.execute(text("CREATE INDEX ix_search_turn_tsv ON search_turn "
                                 "USING gin (search_tsv)"))
        else:
            insert = text("INSERT INTO search_turn (interaction_id, turn_index, speaker, "
                          "start_second, text) VALUES (:i, :n, :s, :t, :x)")
            batch: list[dict[str, object]] = []
            for i, n, s, t, x in rows:
                batch.append({"i": i, "n": n, "s": s, "t": t, "x": x})
                if len(batch) == CHUNK:
                    session.execute(insert, batch)
                    batch = []
            if batch:
                session.execute(insert, batch)
        search_store.add_terms(session, {term for word in words for term in tokens(word)})
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return time.perf_counter() - began, transcripts * turns


def timed(run: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    times = []
    hits = 0
    for _ in range(repeat):
        began = time.perf_counter()
        hits = run()
        times.append(time.perf_counter() - began)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, hits


def searches(engine: Engine) -> list[tuple[str, Callable[[], int]]]:
    manager = Principal(user_id=1, username="bench-manager", display_name="m", role="manager")
    lead = Principal(user_id=2, username="bench-lead", display_name="l", role="team_lead",
                     team_ids=frozenset({1}))

    def run(who: Principal, query: str, fuzzy: bool = False,
            filters: SearchFilters | None = None) -> Callable[[], int]:
        def once() -> int:
            with Session(engine) as session, session.begin():
                result = search_transcripts(session, who, query, filters, fuzzy=fuzzy)
                return len(result.hits)
        return once

    agent_only = SearchFilters(speaker="agent", channels=frozenset({"voice"}))
    return [
        ("exact, rare word 'pelunasan'", run(manager, "pelunasan")),
        ("exact, common word 'pinjaman'", run(manager, "pinjaman")),
        ("exact, phrase '\"kode otp\"'", run(manager, '"kode otp"')),
        ("exact, 2 words + speaker/channel", run(manager, "tagihan denda", filters=agent_only)),
        ("exact, team lead scope 'lelang'", run(lead, "lelang")),
        ("fuzzy, 'ferifikasi'", run(manager, "ferifikasi", fuzzy=True)),
        ("fuzzy, phrase '\"kode otb\" tagihan'", run(manager, '"kade otp" tagihan',
                                                     fuzzy=True)),
        ("fuzzy, team lead 'pinjamam'", run(lead, "pinjamam", fuzzy=True)),
    ]


def bench(label: str, engine: Engine, args: argparse.Namespace) -> None:
    migrate.upgrade(engine)
    seconds, turns = build(engine, args.transcripts, args.turns, args.seed)
    print(f"\n{label}: built {args.transcripts:,} transcripts / {turns:,} turns in "
          f"{seconds:,.1f} s ({turns / seconds:,.0f} turns/s)")
    print(f"  {'search':40} {'p50 ms':>8} {'p95 ms':>8} {'hits':>5}")
    for name, run in searches(engine):
        run()  # warm the caches once
        p50, p95, hits = timed(run, args.repeat)
        verdict = "" if p95 <= 1.0 else "  > 1 s"
        print(f"  {name:40} {p50 * 1000:8.0f} {p95 * 1000:8.0f} {hits:5d}{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--postgres", default="", help="server URL; a scratch database is "
                        "created on it and dropped afterwards")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep-sqlite", help="build the SQLite database at this path (kept)")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            engine = build_engine(f"sqlite:///{args.keep_sqlite or folder + '/bench.sqlite'}")
            bench("SQLite (FTS5)", engine, args)
            engine.dispose()
    if args.postgres:
        name = f"qa_search_bench_{uuid.uuid4().hex[:8]}"
        server = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            engine = build_engine(make_url(args.postgres).set(database=name)
                                  .render_as_string(False))
            bench("PostgreSQL (tsvector + GIN)", engine, args)
            engine.dispose()
        finally:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    return 0


if __name__ == "__main__":
    sys.exit(main())
