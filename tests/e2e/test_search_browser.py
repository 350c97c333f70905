"""Search → play from the second, in a real browser (Debian's chromium): a QCO searches a
phrase, sees the turn, clicks its time and the recording plays from that second; the fetch
is audited with that second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.auth import accounts
from qa_app.config import Settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Team
from qa_app.db.session import build_engine
from qa_app.services.search_index import reindex
from tests.factories.review_samples import stage_review_sample

pytestmark = pytest.mark.e2e
PASSWORD = "Kopi-Tubruk-77"


def stage(qa_home: Path) -> Callable[[], list[dict]]:
    """A QCO "rina" with one sampled call (demo recording OC-REC-002), indexed."""
    engine = build_engine(f"sqlite:///{qa_home / 'qa.sqlite'}")
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        rina, _ = accounts.create_user(session, username="rina", display_name="Rina Marlina",
                                       role="qco", by="test", password=PASSWORD,
                                       settings=Settings(password_min_length=10))
        rina.must_change_password = False
        session.flush()
        stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-301",
                            agent_id=agent.id, reviewer_id=rina.id,
                            recordings_dir=qa_home / "recordings")
    reindex(engine)

    def plays() -> list[dict]:
        with Session(engine) as session:
            return [event.details or {} for event in session.scalars(
                select(AuditEvent).where(AuditEvent.action == "recording_play"))]

    return plays


def test_search_then_play_from_the_turns_second(browser, qa_home: Path,  # noqa: ANN001
                                                start_app: Callable[..., str]) -> None:
    plays = stage(qa_home)
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.goto(start_app())
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Pencarian").click()
    page.get_by_role("heading", name="Pencarian").wait_for()
    page.get_by_label("Kata atau frasa").fill('"Pegadaian Digital"')
    page.get_by_role("button", name="Cari").click()
    page.get_by_text("1 giliran bicara ditemukan").wait_for()
    page.get_by_role("button", name="▶ 00:12").click()
    page.get_by_text("Diputar dari 00:12").wait_for()
    # the rerun after the click replaces the player: ask for it afresh on every poll
    page.wait_for_function("() => { const audio = document.querySelector('audio');"
                           " return audio !== null && audio.currentTime >= 12; }")
    assert any(play.get("from_second") == 12.46 for play in plays())
