"""The review loop in a real browser (Debian's chromium): the agent disputes an item of their
finalized evaluation, the QCO lead rules it "accepted" from the Home inbox and the Disputes
queue, and the agent's QM (scorecard) and the team page change accordingly."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.config import Settings
from qa_app.db.models import Agent, Team
from qa_app.db.review_models import Evaluation
from qa_app.db.session import build_engine
from qa_app.review import revisions, service
from tests.factories.review_samples import stage_review_sample

pytestmark = pytest.mark.e2e
PASSWORD = "Kopi-Tubruk-77"


def stage(qa_home: Path) -> Callable[[], tuple[float, int]]:
    """Agent Sari (account "sari") of Tim Gadai, coached by "tono"; QCO "rina" finalized her
    call OC-301 with O1 (greeting) "no"; "sinta" is the QCO lead."""
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    settings = Settings(password_min_length=10)
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        made = {username: accounts.create_user(
            session, username=username, display_name=name, role=role, by="test",
            password=PASSWORD, settings=settings, **extra)[0]
            for username, name, role, extra in (
                ("rina", "Rina Marlina", "qco", {}), ("sinta", "Sinta Dewi", "qco_lead", {}),
                ("sari", "Sari Wulandari", "agent", {"agent_employee_id": "PGD001"}),
                ("tono", "Tono Lead", "team_lead", {"team_codes": ["Tim Gadai"]}))}
        for account in made.values():
            account.must_change_password = False
        session.flush()
        sample_id = stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-301",
                                        agent_id=agent.id, reviewer_id=made["rina"].id,
                                        recordings_dir=qa_home / "recordings").id
        qco = accounts.principal_of(session, made["rina"])
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        screen = service.open_review(session, qco, sample_id, now)
    answers = {item: given if given.answer else replace(given, answer="yes")
               for item, given in screen.answers.items()}
    answers["O1"] = replace(answers["O1"], answer="no", reason="tanpa salam", comment="kurang")
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           revisions.Submission(answers, "Perbaiki salam"), now=now,
                           sitting_started_at=now)

    def stored() -> tuple[float, int]:
        with Session(engine) as session:
            evaluation = session.scalars(select(Evaluation)).one()
            return float(evaluation.score or 0), evaluation.revision

    return stored


def sign_in(browser, url: str, username: str):  # noqa: ANN001, ANN201
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Beranda").wait_for()
    return page


def qm_on_scorecard(page) -> float:  # noqa: ANN001
    page.get_by_role("link", name="Kartu Nilai Agent").click()
    metric = page.get_by_test_id("stMetric").filter(has_text="QM").first
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"\d"),
                                                                timeout=20_000)
    text = metric.get_by_test_id("stMetricValue").inner_text()
    return float(re.search(r"\d+(?:[.,]\d+)?", text).group().replace(",", "."))


def team_page_text(page) -> str:  # noqa: ANN001
    page.get_by_role("link", name="Kualitas Tim").click()
    page.get_by_role("heading", name="Kualitas Tim").wait_for()
    table = page.locator("table.qa-light-table").first  # the report's read-only tables
    table.wait_for()
    cells = table.locator("td")
    expect(cells.filter(has_text="Sari").first).to_be_attached(timeout=20_000)
    return " ".join(cells.all_text_contents())


def shown(score: float, text: str) -> bool:
    """The score among the table's cells, as the table formats it (96,2 / 96.2 / 100)."""
    one_place = f"{score:.1f}"
    forms = {one_place, one_place.replace(".", ",")} | ({f"{score:.0f}"} if score.is_integer()
                                                         else set())
    return bool(forms & set(text.split()))


def test_agent_disputes_the_lead_accepts_and_qm_and_team_page_follow(
        browser, qa_home: Path, start_app: Callable[..., str]) -> None:
    stored = stage(qa_home)
    score_before, _ = stored()
    url = start_app()
    agent = sign_in(browser, url, "sari")
    qm_before = qm_on_scorecard(agent)
    assert qm_before == pytest.approx(score_before, abs=0.1)
    lead_of_team = sign_in(browser, url, "tono")
    team_before = team_page_text(lead_of_team)
    assert shown(score_before, team_before)

    agent.get_by_role("link", name="Penilaian saya").click()
    agent.get_by_role("heading", name="Penilaian saya").wait_for()
    agent.get_by_text("kurang").first.wait_for()  # the QCO's comment on O1
    items = agent.get_by_role("combobox", name="Butir yang disengketakan")
    items.click()
    items.press_sequentially("O1")
    items.press("Enter")
    agent.keyboard.press("Escape")
    reason = agent.get_by_label("Alasan untuk butir O1")
    reason.fill("Saya menyebut salam dan nama di awal")
    reason.press("Enter")
    agent.get_by_role("button", name="Kirim sengketa").click()
    agent.get_by_text("Sengketa dikirim ke QCO lead.").wait_for()

    lead = sign_in(browser, url, "sinta")
    lead.get_by_text("Kotak masuk (1 belum dibaca)").wait_for()
    lead.get_by_role("link", name=re.compile("Sengketa #1 diajukan")).click()
    lead.get_by_role("heading", name="Sengketa", exact=True).wait_for()
    lead.get_by_role("radiogroup", name="Putusan untuk O1").get_by_text(
        "Diterima", exact=True).click()
    ruling = lead.get_by_label("Alasan putusan untuk O1")
    ruling.fill("Salam dan nama terdengar di detik pertama")
    ruling.press("Enter")
    lead.get_by_role("button", name="Simpan putusan").click()
    lead.get_by_text("Putusan disimpan").wait_for()
    score_after, revision = stored()
    assert revision == 2 and score_after > score_before

    agent.goto(url)
    agent.get_by_role("heading", name="Beranda").wait_for()
    agent.get_by_text(re.compile("Sengketa #1 sudah diputus")).wait_for()
    qm_after = qm_on_scorecard(agent)
    assert qm_after == pytest.approx(score_after, abs=0.1) and qm_after > qm_before
    lead_of_team.goto(url)
    lead_of_team.get_by_role("heading", name="Beranda").wait_for()
    team_after = team_page_text(lead_of_team)
    assert shown(score_after, team_after) and not shown(score_before, team_after)
    assert team_after != team_before
    for page in (agent, lead, lead_of_team):
        page.context.close()
