"""The QCO's whole path in a real browser (Debian's chromium): log in, open a sampled call,
play from an evidence, change an answer with a reason, finalize, see it locked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.config import Settings
from qa_app.db.models import Agent, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.session import build_engine
from qa_app.review.demo import stage_review_sample

pytestmark = pytest.mark.e2e
PASSWORD = "Kopi-Tubruk-77"
MANUAL_ITEMS = ("S1", "K2", "K5", "D1")


def stage(qa_home: Path) -> Callable[[], dict]:
    """A QCO "rina" with one sampled call (demo recording OC-REC-002, missing greeting)."""
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        user, _ = accounts.create_user(session, username="rina", display_name="Rina Marlina",
                                       role="qco", by="test", password=PASSWORD,
                                       settings=Settings(password_min_length=10))
        user.must_change_password = False
        session.flush()
        stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-201",
                            agent_id=agent.id, reviewer_id=user.id,
                            recordings_dir=qa_home / "recordings")

    def stored() -> dict:
        with Session(engine) as session:
            evaluation = session.scalars(select(Evaluation)).one()
            evidence = session.scalars(select(EvaluationAnswer.evidence).where(
                EvaluationAnswer.item_id == "O2")).one()
            return {"status": evaluation.status, "score": evaluation.score,
                    "evidence": evidence[0]}

    return stored


def choose(page, item: str, label: str) -> None:  # noqa: ANN001
    group = page.get_by_role("radiogroup", name=f"{item} · jawaban")
    group.get_by_text(label, exact=True).click()
    page.wait_for_function(
        """([name, label]) => [...document.querySelectorAll('[role=radiogroup]')]
             .filter(g => g.getAttribute('aria-label') === name)
             .some(g => [...g.querySelectorAll('label')].some(
                 l => l.innerText.trim() === label && l.querySelector('input').checked))""",
        arg=[f"{item} · jawaban", label])


def test_qco_reviews_a_call_from_login_to_locked(browser, qa_home: Path,
                                                 start_app: Callable[..., str]) -> None:
    stored = stage(qa_home)
    url = start_app()
    page = browser.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Antrean Penilaian").click()
    page.get_by_role("heading", name="Antrean Penilaian").wait_for()
    page.get_by_role("button", name="Buka penilaian").click()
    page.get_by_role("heading", name="Penilaian", exact=True).wait_for()
    page.locator("audio").wait_for(state="attached")

    evidence = stored()["evidence"]
    second = evidence["start"]
    page.get_by_role("button", name=f"▶ 00:{int(second):02d} «{evidence['text']}»").click()
    page.get_by_text(f"Diputar dari 00:{int(second):02d}").wait_for()
    page.wait_for_function("(s) => document.querySelector('audio').currentTime >= s",
                           arg=int(second))

    choose(page, "O1", "Ya")
    reason = page.get_by_label("Alasan mengubah saran mesin (O1)")
    reason.fill("Salam terdengar jelas di rekaman")
    reason.press("Enter")
    for item in MANUAL_ITEMS:
        choose(page, item, "Ya")
    page.get_by_role("button", name="Finalisasi").click()

    page.get_by_text("Penilaian difinalisasi dan dikunci.").wait_for()
    page.get_by_text("final dan terkunci (revisi 1)").wait_for()
    # Streamlit replaces the old elements as the rerun finishes: wait for it, not a snapshot.
    expect(page.get_by_role("button", name="Finalisasi")).to_have_count(0, timeout=20_000)
    o1 = page.get_by_role("radiogroup", name="O1 · jawaban")
    expect(o1.locator("input").first).to_be_disabled(timeout=20_000)
    assert stored()["status"] == "final"
    page.close()
