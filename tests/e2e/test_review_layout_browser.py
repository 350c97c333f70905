"""The review screen at arm's length, in a real browser (Debian's chromium): a queue row
opens its review with one click, and the player stays in view with the form scrolled to its
end, where a click on an evidence plays the same player."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_review_browser import PASSWORD, stage

pytestmark = pytest.mark.e2e
IN_VIEW = """() => { const box = document.querySelector('.st-key-review_player audio')
                                    .getBoundingClientRect();
                    return box.top >= 0 && box.bottom <= window.innerHeight; }"""


def sign_in_to_the_queue(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Antrean Penilaian").click()
    page.get_by_role("heading", name="Antrean Penilaian").wait_for()


def click_first_row(page: Page) -> None:
    """One click on a cell of the table's first row (the grid draws on a canvas)."""
    grid = page.get_by_test_id("stDataFrame")
    # the grid's cells drawn (their accessible copy sits inside the canvas): it takes clicks
    grid.locator('[data-testid="glide-cell-1-0"]').wait_for(state="attached")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 35 + 17)


def test_a_row_opens_the_review_and_the_player_stays_in_view(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    stage(qa_home)
    page = browser.new_context(viewport={"width": 1400, "height": 800}).new_page()
    page.set_default_timeout(30_000)
    sign_in_to_the_queue(page, start_app())

    click_first_row(page)
    page.get_by_role("heading", name="Penilaian", exact=True).wait_for()
    assert "OC-201" not in page.url and "?" not in page.url  # the sample went by the session
    page.locator(".st-key-review_player audio").wait_for(state="attached")
    page.wait_for_function(IN_VIEW)

    finalize = page.get_by_role("button", name="Finalisasi")
    finalize.scroll_into_view_if_needed()
    page.mouse.wheel(0, 5000)  # to the very end of the page
    expect(page.get_by_role("heading", name="Riwayat", exact=True)).to_be_in_viewport()
    assert page.evaluate(IN_VIEW), "the player left the window when the form was scrolled"

    evidence = page.get_by_role("button", name="«").last  # the form's last evidence
    evidence.scroll_into_view_if_needed()
    label = evidence.inner_text()
    second = int(label.split()[1].split(":")[1])
    evidence.click()
    page.get_by_text(f"Diputar dari 00:{second:02d}").wait_for()
    page.wait_for_function("(s) => document.querySelector('audio').currentTime >= s",
                           arg=second)
    assert page.evaluate(IN_VIEW), "the player is out of view after playing an evidence"
    expect(page.get_by_role("button", name="«").last).to_be_in_viewport()  # no jump away
    assert page.locator("audio").count() == 1  # the same one player, not a second

    page.get_by_role("link", name="Antrean Penilaian").click()  # back: the click is not replayed
    page.get_by_text("Klik sebuah baris untuk membuka penilaiannya.").wait_for()
    page.wait_for_timeout(2000)
    expect(page.get_by_role("heading", name="Antrean Penilaian")).to_be_visible()
    page.context.close()
