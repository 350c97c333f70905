"""The QCO's whole path in a real browser (Debian's chromium): log in, open a sampled call,
play from an evidence, change an answer with a reason, finalize, see it locked; and a save
refused after a QCO lead's, recovered in the browser without losing what was typed."""

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
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.db.session import build_engine
from tests.factories.review_samples import stage_review_sample

pytestmark = pytest.mark.e2e
PASSWORD = "Kopi-Tubruk-77"
MANUAL_ITEMS = ("S1", "K2", "K5", "D1")


def stage(qa_home: Path) -> Callable[[], dict]:
    """A QCO "rina" with one sampled call (demo recording OC-REC-002, missing greeting), and
    a QCO lead "sinta"."""
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        made = {username: accounts.create_user(
            session, username=username, display_name=name, role=role, by="test",
            password=PASSWORD, settings=Settings(password_min_length=10))[0]
            for username, name, role in (("rina", "Rina Marlina", "qco"),
                                         ("sinta", "Sinta Dewi", "qco_lead"))}
        for account in made.values():
            account.must_change_password = False
        session.flush()
        stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-201",
                            agent_id=agent.id, reviewer_id=made["rina"].id,
                            recordings_dir=qa_home / "recordings")

    def stored() -> dict:
        with Session(engine) as session:
            evaluation = session.scalars(select(Evaluation)).one()
            rows = {row.item_id: row for row in session.scalars(select(EvaluationAnswer))}
            return {"status": evaluation.status, "score": evaluation.score,
                    "evidence": rows["O2"].evidence[0],
                    "answers": {item_id: (row.answer, row.reason)
                                for item_id, row in rows.items()},
                    "saved_by": session.scalars(select(EvaluationRevision.by_username).order_by(
                        EvaluationRevision.number)).all()}

    return stored


def open_review(browser, url: str, username: str,  # noqa: ANN001, ANN201
                every_qco: bool = False):
    """A new browser context (its own cookies: its own session) on the review screen."""
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Antrean Penilaian").click()
    page.get_by_role("heading", name="Antrean Penilaian").wait_for()
    if every_qco:
        page.get_by_text("Tampilkan sampel semua QCO").click()
    page.get_by_role("button", name="Buka penilaian").click()
    page.get_by_role("heading", name="Penilaian", exact=True).wait_for()
    return page


def choose(page, item: str, label: str) -> None:  # noqa: ANN001
    group = page.get_by_role("radiogroup", name=f"{item} · jawaban")
    group.get_by_text(label, exact=True).click()
    wait_checked(page, item, label)


def wait_checked(page, item: str, label: str) -> None:  # noqa: ANN001
    page.wait_for_function(
        """([name, label]) => [...document.querySelectorAll('[role=radiogroup]')]
             .filter(g => g.getAttribute('aria-label') === name)
             .some(g => [...g.querySelectorAll('label')].some(
                 l => l.innerText.trim() === label && l.querySelector('input').checked))""",
        arg=[f"{item} · jawaban", label])


def test_qco_reviews_a_call_from_login_to_locked(browser, qa_home: Path,
                                                 start_app: Callable[..., str]) -> None:
    stored = stage(qa_home)
    page = open_review(browser, start_app(), "rina")
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
    page.context.close()


def test_a_save_refused_after_a_leads_is_reloaded_with_my_answers_kept_and_saved(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    stored = stage(qa_home)
    url = start_app()
    mine = open_review(browser, url, "rina")
    lead = open_review(browser, url, "sinta", every_qco=True)

    choose(lead, "S1", "Sebagian")  # a manual item: no reason needed
    lead.get_by_role("button", name="Simpan draf").click()
    lead.get_by_text("Draf disimpan.").wait_for()

    choose(mine, "O1", "Ya")
    reason = mine.get_by_label("Alasan mengubah saran mesin (O1)")
    reason.fill("Salam terdengar jelas di rekaman")
    reason.press("Enter")
    mine.get_by_role("button", name="Simpan draf").click()
    mine.get_by_text("Penilaian ini telah disimpan oleh sinta pada").wait_for()
    mine.get_by_role("button", name="Muat ulang versi terbaru").click()

    # the lead's version is in the form, my unsaved answer is listed beside it
    mine.get_by_text("Jawaban Anda yang belum disimpan").wait_for()
    wait_checked(mine, "S1", "Sebagian")
    wait_checked(mine, "O1", "Tidak")
    unsaved = mine.locator("table").filter(has_text="Salam terdengar jelas di rekaman")
    expect(unsaved.get_by_role("row").filter(has_text="O1")).to_contain_text("Ya")

    mine.get_by_role("button", name="Terapkan lagi jawaban saya").click()
    mine.get_by_text("Jawaban Anda sudah kembali di formulir").wait_for()
    wait_checked(mine, "O1", "Ya")
    wait_checked(mine, "S1", "Sebagian")
    mine.get_by_role("button", name="Simpan draf").click()
    mine.get_by_text("Draf disimpan.").wait_for()
    expect(mine.get_by_text("Penilaian ini telah disimpan oleh")).to_have_count(0)
    saved = stored()
    assert saved["answers"]["O1"] == ("yes", "Salam terdengar jelas di rekaman")
    assert saved["answers"]["S1"] == ("partial", None)
    assert saved["saved_by"] == ["sinta", "rina"]
    for page in (mine, lead):
        page.context.close()
