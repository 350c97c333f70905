"""The web server's guards in a real browser (Debian's chromium): the recording URL serves
only a live session, a reload keeps the user signed in (and in their language), an expired
session takes the self-refreshing page down, and the security headers let the app run."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qa_app.db.auth_models import AuditEvent
from qa_app.db.session import build_engine
from qa_app.db.web_session_models import WebSession

from .conftest import wait_for_session_cookie
from .test_review_browser import PASSWORD, stage

pytestmark = pytest.mark.e2e
SIGNED_IN = "Masuk sebagai Rina Marlina (QCO)"


def status_without_cookies(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (local server)
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(page: Page, url: str) -> dict:
    page.goto(url)
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text(SIGNED_IN).wait_for()
    return wait_for_session_cookie(page.context)


def open_review(page: Page, queue: str = "Antrean Penilaian", button: str = "Buka penilaian",
                title: str = "Penilaian") -> None:
    page.get_by_role("link", name=queue).click()
    page.get_by_role("heading", name=queue).wait_for()
    page.get_by_role("button", name=button).click()
    page.get_by_role("heading", name=title, exact=True).wait_for()


def csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    return errors


def test_the_recording_url_serves_only_a_live_session(browser, qa_home: Path,
                                                      start_app: Callable[..., str]) -> None:
    stage(qa_home)
    url = start_app()
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    blocked = csp_errors(page)
    cookie = sign_in(page, url)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    headers = context.request.get(url).headers
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)

    page.reload()  # F5: still signed in, no login form
    page.get_by_text(SIGNED_IN).wait_for()
    expect(page.get_by_label("Nama pengguna")).to_have_count(0)

    open_review(page)
    audio = page.locator("audio")
    audio.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    src = str(audio.get_attribute("src"))
    assert urlsplit(src).path.startswith("/api/recording/") and "/media/" not in src

    assert status_without_cookies(src) == 401
    fetched = context.request.get(src, headers={"Range": "bytes=0-1023"})
    assert fetched.status == 206 and len(fetched.body()) == 1024
    assert fetched.headers["cache-control"] == "no-store"
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session:
        ranges = [e.details.get("range") for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "recording_play"))]
    assert "bytes=0-1023" in ranges and len(ranges) >= 2  # the player's fetch and ours

    other = start_app()  # a second server process on the same data
    path = urlsplit(src)._replace(netloc=urlsplit(other).netloc).geturl()
    assert status_without_cookies(path) == 401
    assert status_without_cookies(f"{other}/media/{urlsplit(src).path.rsplit('/')[-1]}") \
        == 401

    page.get_by_role("button", name="Keluar").click()
    page.get_by_label("Nama pengguna").wait_for()
    assert context.request.get(src).status == 401  # the same cookie, now revoked
    page.reload()
    page.get_by_label("Nama pengguna").wait_for()
    assert blocked == [], blocked
    context.close()


def test_english_stays_through_open_review_and_a_reload(browser, qa_home: Path,
                                                        start_app: Callable[..., str]) -> None:
    stage(qa_home)
    url = start_app()
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, url)
    page.get_by_text("English", exact=True).click()
    page.get_by_text("Signed in as Rina Marlina (QCO)").wait_for()

    open_review(page, "Review queue", "Open review", "Review")
    page.locator("audio").wait_for(state="attached")
    page.reload()
    page.get_by_text("Signed in as Rina Marlina (QCO)").wait_for()
    context.close()


def test_an_expired_session_takes_the_refreshing_page_down(browser, qa_home: Path,
                                                           start_app: Callable[..., str]) -> None:
    stage(qa_home)
    url = start_app()
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, url)
    page.get_by_role("link", name="Antrean Proses").click()
    page.get_by_role("heading", name="Antrean Proses").wait_for()

    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session, session.begin():  # the clock moves on 31 minutes
        session.execute(update(WebSession).values(
            last_activity_at=datetime.now(UTC) - timedelta(minutes=31)))
    # no click: the panel refreshing itself finds the session over and leaves the page
    page.get_by_text("Sesi berakhir karena tidak ada aktivitas. Silakan masuk kembali.") \
        .wait_for()
    expect(page.get_by_role("heading", name="Antrean Proses")).to_have_count(0)
    page.reload()
    page.get_by_label("Nama pengguna").wait_for()
    context.close()
