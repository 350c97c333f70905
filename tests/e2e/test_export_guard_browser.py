"""In a real browser: tables offer no download of their own, the app's export of the audit
log neutralizes a formula typed into the login form, and a forbidden page URL is audited."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PROJECT

pytestmark = pytest.mark.e2e
FIRST_PASSWORD = "Awal-Sandi-2026"
NEW_PASSWORD = "Kopi-Tubruk-77"
FORMULA = '=HYPERLINK("http://x","y")'


def add_user(qa_home: Path, username: str, role: str) -> None:
    env = {**os.environ, "QA_HOME": str(qa_home)}
    env.pop("QA_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "qa_app", "user", "add", username, "--role", role,
                    "--password", FIRST_PASSWORD], env=env, check=True, capture_output=True,
                   cwd=PROJECT)


def sign_in_first_time(page, username: str) -> None:  # noqa: ANN001  (a Playwright page)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_label("Kata sandi saat ini").fill(FIRST_PASSWORD)
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ganti kata sandi").click()
    page.get_by_role("heading", name="Beranda").wait_for()


def test_audit_log_table_has_no_download_and_its_export_is_neutralized(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    add_user(qa_home, "admin", "admin")
    page = browser.new_page(accept_downloads=True)
    page.goto(start_app())
    page.get_by_label("Nama pengguna").fill(FORMULA)
    page.get_by_label("Kata sandi", exact=True).fill("salah-sandi-1")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Nama pengguna atau kata sandi salah.").wait_for()
    sign_in_first_time(page, "admin")

    page.get_by_role("link", name="Log Audit").click()
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("button", name="Ekspor log (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    failures = [row for row in rows if row["Aktivitas"] == "Login gagal"]  # the screen's words
    assert failures, text
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in rows for cell in row.values() if cell)
    assert all(FORMULA not in row["Pengguna"] or row["Pengguna"] == "'" + FORMULA
               for row in failures)
    page.close()


def test_a_forbidden_page_url_is_audited_with_its_path(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    add_user(qa_home, "sari", "qco")
    page = browser.new_page()
    page.goto(start_app() + "/audit_log")
    sign_in_first_time(page, "sari")
    expect(page.get_by_role("link", name="Log Audit")).to_have_count(0)

    with sqlite3.connect(qa_home / "qa.sqlite") as database:
        denied = database.execute(
            "SELECT username, target_id, details FROM audit_event "
            "WHERE action = 'access_denied'").fetchall()
    assert [(user, target) for user, target, _ in denied] == [("sari", "audit")]
    assert "/audit_log" in denied[0][2]
    page.close()
