"""The Kategori page in AppTest: the QCO lead sees the shares (chart and headed table, weeks
as DD/MM/YYYY), opens the calls behind one with the words heard and the review, and adds a
category (refused with the field named when incomplete); a team lead sees only their team
and cannot add; an agent and a QCO have no such page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.category_models import CategorySetVersion
from qa_app.db.models import Agent, Team
from qa_app.services.category_tagging import retag_pending
from qa_app.web import login as ui_auth
from tests.factories.review_samples import stage_review_sample

PAGE = "../pages/categories.py"
WHEN = datetime.now(UTC) - timedelta(days=1)


def _monday(day: date) -> str:
    return f"{day - timedelta(days=day.weekday()):%d/%m/%Y}"


@pytest.fixture
def staged(engine: Engine, make_user: Callable[..., int]) -> dict[str, int]:
    """Yesterday: Sari (Tim Gadai) asks for the OTP (OC-201, sampled to the lead); Budi (Tim
    Digital) hears of an auction (OC-202). Both tagged by the duty."""
    lead = make_user("lina", "qco_lead")
    with Session(engine) as session, session.begin():
        gadai, digital = Team(name="Tim Gadai"), Team(name="Tim Digital")
        sari = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                     tier=1, team=gadai, row_hash=0)
        budi = Agent(employee_id="PGD002", name="Budi Santoso", hire_date=date(2025, 1, 6),
                     tier=1, team=digital, row_hash=0)
        session.add_all([sari, budi])
        session.flush()
        sample = stage_review_sample(session, recording_id="OC-REC-006", source_id="OC-201",
                                     agent_id=sari.id, reviewer_id=lead, started_at=WHEN,
                                     recordings_dir=get_settings().recordings_dir)
        stage_review_sample(session, recording_id="OC-REC-010", source_id="OC-202",
                            agent_id=budi.id, reviewer_id=lead, started_at=WHEN,
                            recordings_dir=get_settings().recordings_dir)
        ids = {"sample": sample.id, "lead": lead}
    assert retag_pending(engine, get_settings()).tagged == 2
    return ids


def _open(app: AppTest, user: int) -> AppTest:
    app.session_state[ui_auth.USER_KEY] = user
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def test_the_lead_sees_the_shares_and_opens_the_calls_behind_one(
        app: AppTest, engine: Engine, staged: dict[str, int]) -> None:
    app = _open(app, staged["lead"])
    assert [s.value for s in app.subheader][:3] == [
        "Porsi panggilan per minggu", "Porsi per minggu, tim dan kategori",
        "Panggilan dalam kategori"]
    assert "Semua 2 panggilan sudah ditandai dengan kategori versi 1." in [
        c.value for c in app.caption]
    assert len(app.get("vega_lite_chart")) == 1
    table = app.dataframe[0].value
    assert list(table.columns) == ["Minggu mulai", "Tim", "Kategori", "Panggilan",
                                   "Panggilan berkategori", "Porsi (%)"]
    otp = table[(table["Kategori"] == "Agent meminta OTP / PIN")]
    assert set(zip(otp["Tim"], otp["Porsi (%)"], strict=True)) == {
        ("Tim Gadai", 100.0), ("Tim Digital", 0.0)}
    assert set(table["Minggu mulai"]) == {_monday(WHEN.astimezone(get_settings().tz).date())}

    app.selectbox(key="categories_category").set_value("credential_request")
    app = next(b for b in app.button if b.label == "Tampilkan panggilan").click().run()
    evidence = [m.value for m in app.markdown if "OTP" in m.value]
    assert len(evidence) == 1 and "disebutkan kode OTP" in evidence[0]
    assert any(c.value.startswith("OC-201 · Sari Wulandari (Tim Gadai)") for c in app.caption)
    assert [b.label for b in app.button if b.label.startswith("▶")] == ["▶ 00:23"]
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "transcript_view", AuditEvent.target_kind == "category")).one()
    assert (event.username, event.target_id, event.details["calls"]) == (
        "lina", "credential_request", 1)
    app = next(b for b in app.button if b.label == "Buka penilaian").click().run()
    assert app.session_state["review_sample_id"] == staged["sample"]


def test_the_lead_adds_a_category_as_a_new_version(app: AppTest, engine: Engine,
                                                   staged: dict[str, int]) -> None:
    app = _open(app, staged["lead"])
    app.text_input(key="categories_new_name").input("Perpanjangan gadai")
    add = next(b for b in app.button if b.label == "Simpan sebagai versi baru")
    app = add.click().run()
    assert [e.value for e in app.error] == ["Frasa: isi paling sedikit satu frasa."]

    app.text_area(key="categories_new_phrases").input("mau perpanjang\nperpanjangan gadai")
    app.selectbox(key="categories_new_speaker").set_value("customer")
    app.checkbox(key="categories_new_limited").check()
    app.number_input(key="categories_new_seconds").set_value(20)
    app = next(b for b in app.button if b.label == "Simpan sebagai versi baru").click().run()
    assert not app.error
    assert "kategori versi 2 kini berlaku" in app.success[0].value
    with Session(engine) as session:
        stored = session.scalars(select(CategorySetVersion).order_by(
            CategorySetVersion.version)).all()
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "category_change")).one()
    assert [(s.version, s.source, s.created_by) for s in stored] == [
        (1, "file", "seed"), (2, "page", "lina")]
    added = stored[1].document["categories"][-1]
    assert added == {"id": "perpanjangan_gadai", "name": "Perpanjangan gadai", "when": {
        "phrases": ["mau perpanjang", "perpanjangan gadai"], "speaker": "customer",
        "first_seconds": 20.0}}
    assert "perpanjangan_gadai" in stored[1].yaml_text
    assert event.details["name"] == "Perpanjangan gadai"
    app.run()
    progress = app.get("progress")
    assert progress and "0 dari 2 panggilan" in progress[0].proto.text


def test_a_team_lead_sees_their_team_only_and_cannot_add(
        app: AppTest, engine: Engine, staged: dict[str, int],
        make_user: Callable[..., int]) -> None:
    app = _open(app, make_user("tl", "team_lead", teams=("Tim Gadai",)))
    assert set(app.dataframe[0].value["Tim"]) == {"Tim Gadai"}
    assert app.selectbox(key="categories_team").options == ["Semua tim", "Tim Gadai"]
    assert not [b for b in app.button if b.label == "Simpan sebagai versi baru"]


@pytest.mark.parametrize("role", ["agent", "qco"])
def test_agents_and_qcos_have_no_categories_page(app: AppTest, role: str,
                                                 staged: dict[str, int],
                                                 make_user: Callable[..., int]) -> None:
    app.session_state[ui_auth.USER_KEY] = make_user(
        "someone", role, employee_id="PGD001" if role == "agent" else None)
    app.run()
    with pytest.raises(ValueError, match="navigation page"):
        app.switch_page(PAGE)
