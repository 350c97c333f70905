"""`python -m qa_app user …` and `purge`, run as an administrator would."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CliRun = Callable[..., subprocess.CompletedProcess[str]]  # the qa_cli fixture
ENGLISH = {"QA_LANGUAGE": "en"}


def test_user_add_reset_disable_and_list(tmp_path: Path, qa_cli: CliRun) -> None:
    added = qa_cli(tmp_path, "user", "add", "dewi", "--role", "qco", "--name", "Dewi Anggraini",
                   **ENGLISH)
    assert added.returncode == 0, added.stderr
    initial = added.stdout.split("initial password: ")[1].split()[0]
    assert len(initial) == 14 and "must be changed at first login" in added.stdout

    reset = qa_cli(tmp_path, "user", "reset", "dewi", **ENGLISH)
    assert reset.returncode == 0 and initial not in reset.stdout
    assert qa_cli(tmp_path, "user", "disable", "dewi", **ENGLISH).returncode == 0
    listing = qa_cli(tmp_path, "user", "list", **ENGLISH).stdout
    assert "dewi\tqco\tdisabled\tDewi Anggraini" in listing

    duplicate = qa_cli(tmp_path, "user", "add", "dewi", "--role", "qco", **ENGLISH)
    assert duplicate.returncode == 2
    assert "The username 'dewi' is empty or already taken." in duplicate.stderr
    weak = qa_cli(tmp_path, "user", "add", "budi", "--role", "manager", "--password", "pendek",
                  **ENGLISH)
    assert weak.returncode == 2 and "too short" in weak.stderr


@pytest.mark.parametrize(("password", "reason"), [
    ("Password-2026", "common or leaked password"),
    ("Demo-QA-2026", "demo password published"),
    ("Pegadaian-Kopi-1", "company's or the application's name"),
])
def test_user_add_refuses_common_published_and_company_passwords(
        tmp_path: Path, qa_cli: CliRun, password: str, reason: str) -> None:
    refused = qa_cli(tmp_path, "user", "add", "budi", "--role", "qco", "--password", password,
                     **ENGLISH)
    assert refused.returncode == 2 and reason in refused.stderr
    assert "budi" not in qa_cli(tmp_path, "user", "list", **ENGLISH).stdout


def test_purge_dry_run_then_purge(tmp_path: Path, qa_cli: CliRun) -> None:
    preview = qa_cli(tmp_path, "purge", "--dry-run", **ENGLISH)
    assert preview.returncode == 0, preview.stderr
    assert "recordings: older than" in preview.stdout and "would delete 0" in preview.stdout
    done = qa_cli(tmp_path, "purge", **ENGLISH)
    assert done.returncode == 0 and "deleted 0" in done.stdout
