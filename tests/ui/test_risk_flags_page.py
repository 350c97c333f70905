"""The risk-flag page (Tanda Risiko) in AppTest: the QCO lead sees a screened call's
suspected OTP request with its words and second, plays it from there, sends it to a targeted
review for the QCO they pick, or dismisses a flag (a reason required); a manager reads only;
agents and team leads have no such page."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.sampling_models import Sample
from qa_app.db.screening_models import RiskFlag
from qa_app.db.work_models import Transcript
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, script_to_transcribe_json
from qa_app.web import login as ui_auth
from qa_app.worker.tasks import prescore

PAGE = "../pages/risk_flags.py"


@pytest.fixture
def screening_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("QA_SCREENING", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _screened_call(engine: Engine, agent_id: int, source_id: str, recording: str) -> int:
    truth = json.loads((DEMO_RECORDINGS / f"{recording}.json").read_text("utf-8"))
    relative = f"screening/{source_id}.wav"
    target = get_settings().recordings_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_RECORDINGS / f"{recording}.wav", target)
    began = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    document = script_to_transcribe_json(truth)
    with Session(engine) as session, session.begin():
        row = Interaction(source_id=source_id, agent_id=agent_id, channel="voice",
                          direction="inbound", started_at=began,
                          ended_at=began + timedelta(seconds=float(truth["duration"])),
                          talk_seconds=float(truth["duration"]), recording_path=relative,
                          consent="given", case_id=f"CASE-{source_id}", row_hash=0)
        session.add(row)
        session.flush()
        session.add(Transcript(interaction_id=row.id, model="demo-script",
                               duration=float(document["duration"]), speakers_separated=True,
                               document=document, unmasked_document=None, created_at=began))
        interaction_id = row.id
    outcome = prescore(engine, get_settings(), interaction_id, lambda _done: None)
    with Session(engine) as session, session.begin():
        outcome.store(session)
    return interaction_id


@pytest.fixture
def flagged(engine: Engine, make_user: Callable[..., int], screening_on: None) -> dict[str, int]:
    """Two screened calls of one agent: an OTP request (OC-REC-006) and account data read
    out before verification (OC-REC-012); the QCO "dewi" and the lead "lina"."""
    ids = {"dewi": make_user("dewi", "qco"), "lina": make_user("lina", "qco_lead")}
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        agent_id = agent.id
    ids["otp"] = _screened_call(engine, agent_id, "OC-201", "OC-REC-006")
    ids["unverified"] = _screened_call(engine, agent_id, "OC-202", "OC-REC-012")
    return ids


def open_page(app: AppTest, user: int) -> AppTest:
    app.session_state[ui_auth.USER_KEY] = user
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def _flag(engine: Engine, interaction_id: int) -> RiskFlag:
    with Session(engine) as session:
        return session.scalars(select(RiskFlag).where(
            RiskFlag.interaction_id == interaction_id)).one()


def test_the_lead_sees_the_evidence_plays_it_and_sends_the_call_to_a_qco(
        app: AppTest, engine: Engine, flagged: dict[str, int]) -> None:
    app = open_page(app, flagged["lina"])
    reasons = [m.value for m in app.markdown if "butir fatal" in m.value]
    assert any("V2" in reason and "OTP" in reason for reason in reasons), reasons
    assert any("V1" in reason for reason in reasons)
    otp_words = [c.value for c in app.caption if "otp" in c.value.lower() and "Agent" in c.value]
    assert otp_words, [c.value for c in app.caption]
    assert not app.info or "nonaktif" not in app.info[0].value  # screening is on

    flag_id = _flag(engine, flagged["otp"]).id
    play = next(b for b in app.button if b.key.startswith(f"risk_play_{flag_id}_0_0"))
    play.click().run()
    audio = app.get("audio")[0].proto
    assert audio.start_time == int(float(play.label.removeprefix("▶ ").split(":")[1]))
    with Session(engine) as session:  # the excerpts shown: audited once, not on each rerun
        views = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "transcript_view",
            AuditEvent.target_kind == "risk_flags")).all()
        assert [(v.username, sorted(v.details["calls"])) for v in views] == [
            ("lina", ["OC-201", "OC-202"])]

    app.selectbox(key=f"risk_reviewer_{flag_id}").select(flagged["dewi"])
    app.text_input(key=f"risk_note_{flag_id}").input("dengar bagian OTP")
    app.button(key=f"risk_send_{flag_id}").click().run()
    assert not app.exception
    assert "OC-201" in app.success[0].value and "Dewi" in app.success[0].value
    with Session(engine) as session:
        sample = session.scalars(select(Sample).where(
            Sample.interaction_id == flagged["otp"])).one()
        assert (sample.kind, sample.reviewer_id) == ("targeted", flagged["dewi"])
        assert session.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "risk_flag")).all() == ["risk_flag"]
    assert _flag(engine, flagged["otp"]).status == "sent"
    assert not [b for b in app.button if b.key == f"risk_send_{flag_id}"]  # gone from "open"

    app.segmented_control(key="risk_flags_status").set_value("sent").run()
    opened = next(b for b in app.button if b.label == "Buka penilaian")
    opened.click().run()
    assert app.session_state["review_sample_id"] == sample.id


def test_a_flag_is_dismissed_only_with_a_reason(app: AppTest, engine: Engine,
                                               flagged: dict[str, int]) -> None:
    app = open_page(app, flagged["lina"])
    flag_id = _flag(engine, flagged["unverified"]).id
    app.button(key=f"risk_do_dismiss_{flag_id}").click().run()
    assert "alasan" in app.warning[0].value.lower()
    assert _flag(engine, flagged["unverified"]).status == "open"
    app.text_input(key=f"risk_dismiss_{flag_id}").input("verifikasi lewat aplikasi")
    app.button(key=f"risk_do_dismiss_{flag_id}").click().run()
    assert "OC-202" in app.success[0].value
    flag = _flag(engine, flagged["unverified"])
    assert (flag.status, flag.decision_note) == ("dismissed", "verifikasi lewat aplikasi")


def test_a_manager_reads_the_flags_without_deciding(app: AppTest, engine: Engine,
                                                   flagged: dict[str, int],
                                                   make_user: Callable[..., int]) -> None:
    app = open_page(app, make_user("maya", "manager"))
    assert [m.value for m in app.markdown if "OC-201" in m.value]
    assert not [b for b in app.button if b.key and b.key.startswith("risk_send_")]
    assert any("QCO lead" in c.value for c in app.caption)


@pytest.mark.parametrize(("role", "options"), [
    ("agent", {"employee_id": "PGD001"}), ("team_lead", {"teams": ("Tim Gadai",)}),
    ("qco", {})])
def test_agents_team_leads_and_qcos_have_no_risk_flag_page(
        app: AppTest, flagged: dict[str, int], make_user: Callable[..., int], role: str,
        options: dict[str, object]) -> None:
    app.session_state[ui_auth.USER_KEY] = make_user(f"user_{role}", role, **options)
    app.run()
    with pytest.raises(ValueError, match="navigation page"):
        app.switch_page(PAGE)
