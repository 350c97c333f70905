"""`python -m qa_app user …` and `purge`, run as an administrator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def qa(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    environment = {**inherited, "QA_HOME": str(home), "QA_LANGUAGE": "en",
                   "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "qa_app", *args], capture_output=True,
                          text=True, env=environment, cwd=home, timeout=300)


def test_user_add_reset_disable_and_list(tmp_path: Path) -> None:
    added = qa(tmp_path, "user", "add", "dewi", "--role", "qco", "--name", "Dewi Anggraini")
    assert added.returncode == 0, added.stderr
    initial = added.stdout.split("initial password: ")[1].split()[0]
    assert len(initial) == 14 and "must be changed at first login" in added.stdout

    reset = qa(tmp_path, "user", "reset", "dewi")
    assert reset.returncode == 0 and initial not in reset.stdout
    assert qa(tmp_path, "user", "disable", "dewi").returncode == 0
    listing = qa(tmp_path, "user", "list").stdout
    assert "dewi\tqco\tdisabled\tDewi Anggraini" in listing

    duplicate = qa(tmp_path, "user", "add", "dewi", "--role", "qco")
    assert duplicate.returncode == 2
    assert "The username 'dewi' is empty or already taken." in duplicate.stderr
    weak = qa(tmp_path, "user", "add", "budi", "--role", "manager", "--password", "pendek")
    assert weak.returncode == 2 and "too short" in weak.stderr


def test_purge_dry_run_then_purge(tmp_path: Path) -> None:
    preview = qa(tmp_path, "purge", "--dry-run")
    assert preview.returncode == 0, preview.stderr
    assert "recordings: older than" in preview.stdout and "would delete 0" in preview.stdout
    done = qa(tmp_path, "purge")
    assert done.returncode == 0 and "deleted 0" in done.stdout
