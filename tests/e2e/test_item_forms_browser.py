"""Items belong to their form, in a real browser (Debian's chromium): an agent's chat and
outbound evaluations both fail P1, and the team lead's scorecard words each P1 as its own
form does, with the form named in words (issue 17, point 4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.config import Settings
from qa_app.db.models import Agent, Team
from qa_app.db.session import build_engine
from tests.factories import report_rows

pytestmark = pytest.mark.e2e
PASSWORD = "Kopi-Tubruk-77"
CHAT_P1 = "Menggali kebutuhan dengan pertanyaan"
OUTBOUND_P1 = "Menggali kondisi dan kesanggupan nasabah dengan pertanyaan"


def stage(qa_home: Path) -> None:
    """Agent Sari of Tim Gadai, coached by "tono"; QCO "rina" finalized her chat OC-CHAT and
    her outbound call OC-OUT in 2026-W45, both with P1 "no"."""
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    settings = Settings(password_min_length=10)
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        made = {username: accounts.create_user(
            session, username=username, display_name=name, role=role, by="test",
            password=PASSWORD, settings=settings, **extra)[0]
            for username, name, role, extra in (
                ("rina", "Rina Marlina", "qco", {}),
                ("tono", "Tono Lead", "team_lead", {"team_codes": ["Tim Gadai"]}))}
        for account in made.values():
            account.must_change_password = False
        session.flush()
        report_rows.chat_and_outbound_failing_p1(session, agent.id, made["rina"].id)


def test_the_scorecard_shows_each_p1_in_its_own_form_s_words(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:  # noqa: ANN001
    stage(qa_home)
    url = start_app()
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_label("Nama pengguna").fill("tono")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Beranda").wait_for()
    page.get_by_role("link", name="Kartu Nilai Agent").click()
    page.get_by_role("heading", name="Butir yang gagal").wait_for()
    cells = page.locator("table.qa-light-table td")  # the report's read-only tables
    expect(cells.filter(has_text=CHAT_P1).first).to_be_attached(timeout=20_000)
    expect(cells.filter(has_text=OUTBOUND_P1).first).to_be_attached()
    shown = cells.all_text_contents()
    assert "Chat" in shown and "Panggilan keluar" in shown
    assert "voice_outbound" not in shown and "chat" not in shown  # no raw codes
    page.context.close()
