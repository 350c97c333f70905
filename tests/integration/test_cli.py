"""The command line, run as a user would: `python -m qa_app …` in a fresh process."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CliRun = Callable[..., subprocess.CompletedProcess[str]]  # the qa_cli fixture


def test_config_masks_secrets(tmp_path: Path, qa_cli: CliRun) -> None:
    result = qa_cli(tmp_path, "config", QA_DATABASE_URL="postgresql+psycopg://qa:s3cret@db/qa",
                    QA_SECRET_KEY="hush")
    assert result.returncode == 0
    assert "QA_DATABASE_URL=postgresql+psycopg://qa:***@db/qa" in result.stdout
    assert "s3cret" not in result.stdout and "hush" not in result.stdout
    assert f"QA_DATA_DIR={tmp_path / 'recordings'}" in result.stdout


def test_import_reports_rejections_and_exit_codes(tmp_path: Path, qa_cli: CliRun) -> None:
    assert qa_cli(tmp_path, "db", "upgrade").returncode == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim\n"
                      "PGD00001;Rina;05/01/2026;Tier 1;Pagi\n"
                      "PGD00002;Budi;31/02/2026;Tier 1;Pagi\n")
    result = qa_cli(tmp_path, "import", "roster", str(roster), "--rejections-csv",
                    str(tmp_path / "rejected.csv"), QA_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    assert "roster.csv: 2 rows read — 1 new, 0 updated, 0 unchanged, 1 rejected." in result.stdout
    assert "line 3, column Tanggal Masuk: Cannot read date '31/02/2026'" in result.stdout
    rejected = (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0].startswith("line,column,value,reason,ID Karyawan")
    assert rejected[1].startswith("3,Tanggal Masuk,31/02/2026,")
    unusable = tmp_path / "other.csv"
    unusable.write_text("Foo,Bar\n1,2\n")
    failed = qa_cli(tmp_path, "import", "interactions", str(unusable))
    assert failed.returncode == 1
    assert "Tidak ada kolom yang dikenali di other.csv" in failed.stdout
    assert qa_cli(tmp_path, "import", "csi", str(tmp_path / "absent.csv")).returncode == 2


@pytest.mark.slow
def test_demo_loads_once_and_links_recordings(tmp_path: Path, qa_cli: CliRun) -> None:
    first = qa_cli(tmp_path, "demo")
    assert first.returncode == 0, first.stderr + first.stdout
    assert "0 ditolak" in first.stdout and "gagal" not in first.stdout
    assert "12 file rekaman ditemukan — 12 ditautkan" in first.stdout
    assert len(list((tmp_path / "recordings" / "demo").glob("OC-REC-*.wav"))) == 12
    assert "drawn calls queued for transcription" in first.stdout  # as every draw does
    assert "screening every call is on" in first.stdout  # the demo screens every call
    second = qa_cli(tmp_path, "demo", "--if-empty")
    assert "nothing loaded" in second.stdout
