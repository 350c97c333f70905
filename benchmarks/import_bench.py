"""Import 1,000,000 interaction rows from CSV into a fresh SQLite database.

Prints rows per second and the peak resident memory of the process. Targets (issue 2):
>= 50,000 rows/s and <= 2 GB. Only the import of the interactions file is timed, not the
writing of the CSV nor the roster import. The machine's load is printed beside the time: the
import runs on one core, so other busy processes slow it down.

Usage: python benchmarks/import_bench.py [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa_app.db import migrate  # noqa: E402
from qa_app.db.session import build_engine  # noqa: E402
from qa_app.ingest.mapping import load_mapping  # noqa: E402
from qa_app.ingest.reader import TableSource  # noqa: E402
from qa_app.ingest.service import import_file  # noqa: E402

AGENTS = 1_000
CHANNELS = ("Voice", "Voice", "Voice", "Chat", "WhatsApp")
HEADER = ["ID Interaksi", "ID Agent", "Channel", "Arah", "Waktu Mulai", "Waktu Selesai",
          "Durasi Bicara", "Durasi Hold", "Durasi ACW", "Antrian", "Kode Wrap Up", "ID Kasus",
          "Nomor Tiket", "File Rekaman", "Waktu Respons Pertama", "Persetujuan Data"]


def write_roster(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID Karyawan", "Nama Agent", "Tanggal Masuk", "Tier", "Tim"])
        for n in range(AGENTS):
            writer.writerow([f"PGD{n:05d}", f"Agent {n}", "05/01/2025", "Tier 1", f"Tim {n % 20}"])


def write_interactions(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic export, streamed so that writing it costs no memory."""
    rng = random.Random(seed)
    start = datetime(2026, 10, 1, 7, 0, 0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            began = start + timedelta(seconds=n * 2.5)
            talk = rng.randint(60, 600)
            hold = rng.choice((0, 0, 0, rng.randint(10, 120)))
            channel = rng.choice(CHANNELS)
            voice = channel == "Voice"
            writer.writerow([
                f"OC-{n:08d}", f"PGD{rng.randrange(AGENTS):05d}", channel, "Inbound",
                began.strftime("%d/%m/%Y %H:%M:%S"),
                (began + timedelta(seconds=talk + hold)).strftime("%d/%m/%Y %H:%M:%S"),
                talk if voice else "", hold if voice else "", f"00:00:{rng.randint(10, 59)}",
                "Gadai Emas", "INFO-GADAI", f"CS-{n:09d}",
                f"ARIANA-{rng.randint(100000, 999999)}" if rng.random() < 0.08 else "",
                f"OC-{n:08d}.wav" if voice else "", "" if voice else rng.randint(5, 600),
                rng.choice(("Setuju", "Setuju", "Setuju", "", "Menolak")),
            ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_roster(work / "roster.csv")
        write_interactions(work / "interactions.csv", args.rows)
        size_mb = (work / "interactions.csv").stat().st_size / 1e6
        engine = build_engine(f"sqlite:///{work / 'bench.sqlite'}")
        migrate.upgrade(engine)
        mapping = load_mapping()
        import_file(engine, "roster", TableSource.from_path(work / "roster.csv"), mapping, "bench")
        load_before = os.getloadavg()[0]
        began, cpu_began = time.perf_counter(), time.process_time()
        report = import_file(engine, "interactions",
                             TableSource.from_path(work / "interactions.csv"), mapping, "bench")
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rate = report.rows_total / elapsed
        print(f"file: {args.rows:,} rows, {size_mb:.0f} MB CSV; status {report.status}; "
              f"inserted {report.counts.inserted:,}, rejected {report.rows_rejected:,}")
        print(f"import time: {elapsed:.1f} s (CPU {cpu:.1f} s; 1-minute load average "
              f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, "
              f"on {os.cpu_count()} cores)")
        print(f"rows per second: {rate:,.0f} "
              f"(target >= 50,000: {'met' if rate >= 50_000 else 'MISSED'})")
        print(f"peak RSS: {peak_mb:,.0f} MB (target <= 2,048 MB: "
              f"{'met' if peak_mb <= 2048 else 'MISSED'})")


if __name__ == "__main__":
    main()
