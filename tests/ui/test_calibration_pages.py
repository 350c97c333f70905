"""The calibration loop in AppTest: the lead sets a session up on the Calibration page, a QCO
scores the item blind on the review screen, the lead closes it and reads the results, and
the manager reads grading the grader."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.calibration_models import CalibrationScore, CalibrationSession
from qa_app.db.models import Agent, Team
from qa_app.web import login as ui_auth
from tests.factories.review_samples import stage_review_sample
from tests.ui.conftest import APP_FILE


@pytest.fixture
def people(engine: Engine, make_user: Callable[..., int]) -> dict[str, int]:
    """A lead, two QCOs and a manager; OC-101 (agent Sari Wulandari) is sampled for dewi."""
    ids = {name: make_user(name, role) for name, role in (
        ("lead", "qco_lead"), ("dewi", "qco"), ("eko", "qco"), ("manager", "manager"))}
    with Session(engine) as session, session.begin():
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=Team(name="Tim Gadai"), row_hash=0)
        session.add(agent)
        session.flush()
        stage_review_sample(session, recording_id="OC-REC-002", source_id="OC-101",
                            agent_id=agent.id, reviewer_id=ids["dewi"],
                            recordings_dir=get_settings().recordings_dir)
    return ids


def as_user(user_id: int, page: str) -> AppTest:
    app = AppTest.from_file(APP_FILE, default_timeout=30)
    app.session_state[ui_auth.USER_KEY] = user_id
    app.run()
    return app.switch_page(page).run()


def set_up(people: dict[str, int]) -> AppTest:
    lead = as_user(people["lead"], "../pages/calibration.py")
    lead.text_input(key="calibration_title").input("Kalibrasi November")
    lead.multiselect(key="calibration_participants").set_value([people["dewi"], people["eko"]])
    lead.text_area(key="calibration_sources").input("OC-101")
    lead.selectbox(key="calibration_baseline").set_value(people["lead"])
    lead.checkbox(key="calibration_hide_agent").check()
    next(b for b in lead.button if b.label == "Buat sesi").click().run()
    assert not lead.exception and not lead.error
    assert [s.value for s in lead.success] == ["Sesi kalibrasi #1 dibuat."]
    return lead


def score_blind(app: AppTest, **changed: str) -> AppTest:
    next(b for b in app.button if b.label == "Nilai OC-101").click().run()
    app.switch_page("../pages/review.py").run()  # AppTest reruns the page it was pointed at
    assert not app.exception
    for item in [r.label.split(" · ")[0] for r in app.radio if " · jawaban" in r.label]:
        radio = next(r for r in app.radio if r.label.startswith(f"{item} ·"))
        radio.set_value(changed.get(item, "yes")).run()
    app.button(key="calibration_submit").click().run()
    return app


def test_a_participant_scores_blind_and_the_lead_reads_the_results(
        engine: Engine, people: dict[str, int]) -> None:
    set_up(people)
    eko = as_user(people["eko"], "../pages/calibration.py")
    next(b for b in eko.button if b.label == "Nilai OC-101").click().run()
    eko.switch_page("../pages/review.py").run()
    captions = " ".join(c.value for c in eko.caption)
    assert "disembunyikan sampai sesi ditutup" in captions
    assert "Sari Wulandari" not in captions  # the agent's name is hidden
    assert "Saran AI" not in captions and "Saran mesin" not in captions  # so is the AI
    assert any("Penilaian buta" in i.value for i in eko.info)

    eko = as_user(people["eko"], "../pages/calibration.py")
    eko = score_blind(eko, P1="no")
    assert not eko.exception and not eko.error
    for name in ("lead", "dewi"):
        score_blind(as_user(people[name], "../pages/calibration.py"))
    with Session(engine) as session:
        assert len(session.scalars(select(CalibrationScore)).all()) == 3
    after = as_user(people["eko"], "../pages/calibration.py")
    assert [i.value for i in after.info] == ["Tidak ada butir kalibrasi yang menunggu Anda."]

    lead = as_user(people["lead"], "../pages/calibration.py")
    lead.button(key="calibration_close").click().run()
    assert not lead.exception
    with Session(engine) as session:
        assert session.scalars(select(CalibrationSession.status)).one() == "closed"
    metrics = {m.label: m.value for m in lead.metric}
    assert metrics["Kesepakatan butir"] == "98%"  # 21 of 22 items per QCO: (1 + 21/22) / 2
    assert metrics["Total dalam ±5"] == "50%"  # dewi 100, eko 92 against the baseline 100
    per_item = next(d.value for d in lead.dataframe if "Formulir" in d.value.columns)
    assert set(per_item["Formulir"]) == {"Panggilan masuk"}  # the form in words, not its id
    per_qco = lead.dataframe[-1].value
    assert dict(zip(per_qco["QCO"], per_qco["Rata-rata selisih"], strict=True)) == {
        "Dewi": 0.0, "Eko": -8.0}

    manager = as_user(people["manager"], "../pages/grading.py")
    assert not manager.exception and not manager.error
    table = manager.dataframe[0].value
    assert dict(zip(table["QCO"], table["Keselarasan dengan baseline"], strict=True)) == {
        "Dewi": "100%", "Eko": "95%"}


def test_grading_the_grader_is_not_a_page_of_a_qco(people: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        as_user(people["eko"], "../pages/grading.py")
