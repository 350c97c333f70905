"""Akurasi Pra-skor (issue 14, point 6): the QCO lead recomputes the snapshot from the page and
reads agreement, kappa and the weekly trend per item; the note says when and over how many."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.models import Agent, Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from tests.factories import report_rows
from tests.factories.report_rows import DEMO_FORM

PAGE = "../pages/prescore_accuracy.py"
# (finalized at, human, machine) of three voice inbound evaluations over two weeks
CASES = [
    (datetime(2026, 11, 17, 3, 0, tzinfo=UTC), {"O1": "yes", "V2": "yes", "C2": "yes"},
     {"O1": "yes", "V2": "yes", "C2": "manual"}),
    (datetime(2026, 11, 24, 3, 0, tzinfo=UTC), {"O1": "no", "V2": "yes", "C2": "no"},
     {"O1": "yes", "V2": "yes", "C2": "no"}),
    (datetime(2026, 11, 25, 3, 0, tzinfo=UTC), {"O1": "no", "V2": "yes", "C2": "yes"},
     {"O1": "no", "V2": "yes", "C2": "yes"}),
]


def finalized(engine: Engine, import_bytes, roster_csv: bytes,  # noqa: ANN001
              make_user: Callable[..., int]) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    qco = make_user("qco1", "qco")
    with Session(engine) as session, session.begin():
        agent = session.scalars(select(Agent).where(Agent.employee_id == "PGD001")).one()
        rubric = report_rows.rubric_version(session, {**DEMO_FORM, "id": "voice_inbound"})
        for n, (at, human, machine) in enumerate(CASES):
            row = Interaction(source_id=f"OC-{n}", agent_id=agent.id, channel="voice",
                              direction="inbound", started_at=at - timedelta(days=1),
                              ended_at=at - timedelta(days=1) + timedelta(minutes=5),
                              talk_seconds=240, case_id=f"CASE-{n}", row_hash=0)
            session.add(row)
            session.flush()
            evaluation = report_rows.evaluation(session, row.id, qco, rubric, "2026-W47", 90,
                                                human)
            session.execute(update(Evaluation).where(Evaluation.id == evaluation)
                            .values(finalized_at=at))
            for item, answer in machine.items():
                session.execute(update(EvaluationAnswer).where(
                    EvaluationAnswer.evaluation_id == evaluation,
                    EvaluationAnswer.item_id == item).values(machine_answer=answer))


def test_the_lead_recomputes_and_reads_the_agreement_per_item(
        app: AppTest, login: Callable[..., AppTest], engine: Engine, import_bytes,  # noqa: ANN001
        roster_csv: bytes, make_user: Callable[..., int]) -> None:
    finalized(engine, import_bytes, roster_csv, make_user)
    login(app, "qco_lead", "lead")
    app.run()
    app.switch_page(PAGE).run()
    assert app.title[0].value == "Akurasi Pra-skor"
    assert [i.value for i in app.info] == [
        "Belum pernah dihitung. Tekan Hitung ulang; setelah itu perhitungan juga berjalan "
        "otomatis setiap malam."]

    app.button(key="accuracy_refresh").click().run()

    assert not app.exception
    assert [s.value for s in app.success] == [
        "Dihitung ulang: 1 formulir punya evaluasi final dengan pra-skor."]
    note = next(c.value for c in app.main.caption if c.value.startswith("Terakhir dihitung"))
    assert "oleh lead, atas 3 evaluasi final (difinalisasi 17/11/2026 – 25/11/2026; paling " \
        "banyak 200 terakhir per formulir)" in note
    assert app.header[0].value == "Form Penilaian Panggilan Masuk (Voice Inbound)"
    metrics = {m.label: m.value for m in app.metric}  # kappa: (7/8 - 36/64) / (1 - 36/64)
    assert metrics == {"Evaluasi": "3", "Kesepakatan": "88%", "Kappa": "0.71",
                       "Dijawab mesin": "89%"}
    table = app.dataframe[0].value
    assert table["Butir"].tolist() == ["O1", "V2", "C2"]  # the form's order
    assert table["Kesepakatan"].tolist() == ["67%", "100%", "100%"]
    assert table["Dijawab mesin"].tolist() == ["100%", "100%", "67%"]
    assert table["n"].tolist() == [3, 3, 3]
    assert table["Kappa"].tolist()[0] == 0.4
    assert app.subheader[0].value == "Tren mingguan"
    [chart] = app.get("vega_lite_chart")
    assert '"format": "%d/%m/%Y"' in chart.proto.spec  # weeks on screen as DD/MM/YYYY
    assert '"strokeDash"' in chart.proto.spec  # kappa, dashed beside the agreement

    app.selectbox(key="trend_voice_inbound").set_value("O1").run()
    assert not app.exception


def test_the_manager_reads_the_last_snapshot(app: AppTest, login: Callable[..., AppTest],
                                             engine: Engine, import_bytes,  # noqa: ANN001
                                             roster_csv: bytes,
                                             make_user: Callable[..., int]) -> None:
    from qa_app.config import get_settings
    from qa_app.services.prescore_accuracy import SCHEDULER, recompute

    finalized(engine, import_bytes, roster_csv, make_user)
    recompute(engine, get_settings(), SCHEDULER, now=datetime(2026, 12, 1, 20, 15, tzinfo=UTC))
    login(app, "manager")
    app.run()
    app.switch_page(PAGE).run()

    note = next(c.value for c in app.main.caption if c.value.startswith("Terakhir dihitung"))
    assert note.startswith("Terakhir dihitung 02/12/2026 03:15 oleh jadwal malam, atas 3 "
                           "evaluasi final")
    assert app.dataframe[0].value["Butir"].tolist() == ["O1", "V2", "C2"]
