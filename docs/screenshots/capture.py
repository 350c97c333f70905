"""Take the README's screenshots from a running app with the demo data (a developer tool).

    QA_HOME=/tmp/demo python -m qa_app demo        # then transcribe a few of qco1's samples
    QA_HOME=/tmp/demo streamlit run qa_app/web/server.py --server.port 8765 --server.headless true
    python docs/screenshots/capture.py http://localhost:8765

Logs in as the demo accounts (changing their first password to NEW_PASSWORD) in Debian's
chromium and saves one PNG per main screen next to this file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
DEMO_PASSWORD = "Demo-QA-2026"  # noqa: S105  (the README's documented demo password)
NEW_PASSWORD = "Layar-Demo-2026"  # noqa: S105


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()  # the session cookie would keep the previous account
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    for password in (NEW_PASSWORD, DEMO_PASSWORD):
        page.get_by_label("Kata sandi", exact=True).fill(password)
        page.get_by_role("button", name="Masuk").click()
        time.sleep(2)
        if page.get_by_text("Nama pengguna atau kata sandi salah.").count() == 0:
            break
    if page.get_by_role("heading", name="Ganti kata sandi").count():
        page.get_by_label("Kata sandi saat ini").fill(DEMO_PASSWORD)
        page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Ganti kata sandi").click()
    page.get_by_role("heading", name="Beranda").wait_for(timeout=120_000)


def shoot(page: Page, name: str, settle: float = 4.0) -> None:
    time.sleep(settle)
    page.screenshot(path=str(HERE / f"{name}.png"), full_page=False)


def open_page(page: Page, link: str) -> None:
    page.get_by_role("link", name=link).first.click()
    time.sleep(3)


def open_voice_review(page: Page) -> None:
    """The review of the oldest open voice sample of the QCO, scrolled to the form's end: the
    player stays in view."""
    channel = page.locator("[data-testid='stMultiSelect']").filter(has_text="Kanal")
    channel.locator("input").click()
    page.get_by_role("option", name="Telepon").first.click()
    page.keyboard.press("Escape")
    time.sleep(3)
    page.get_by_role("button", name="Buka penilaian").click()
    page.get_by_role("heading", name="Penilaian").first.wait_for(timeout=60_000)
    time.sleep(6)
    page.mouse.wheel(0, 900)


def main(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        shoot(page, "login", 3)

        sign_in(page, url, "qcolead")
        shoot(page, "home")
        open_page(page, "Sampling Tapping")
        shoot(page, "sampling", 6)
        open_page(page, "Antrean Proses")
        shoot(page, "jobs")
        open_page(page, "Tanda Risiko")
        shoot(page, "risk_flags", 6)
        open_page(page, "Kategori")
        shoot(page, "categories", 8)

        sign_in(page, url, "manager")
        open_page(page, "Ringkasan Kualitas")
        shoot(page, "overview", 8)

        sign_in(page, url, "qco1")
        open_page(page, "Antrean Penilaian")
        shoot(page, "review_queue")
        open_voice_review(page)
        shoot(page, "review", 4)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8765")
