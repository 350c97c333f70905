"""Sampling Tapping: preview a week, run the same draw, see it stored, verify and export it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.db.auth_models import AuditEvent
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.ingest.service import ImportReport

ImportBytes = Callable[[str, str, bytes], ImportReport]


@pytest.fixture
def lead(app: AppTest, login: Callable[..., AppTest], make_user: Callable[..., int],
         import_bytes: ImportBytes, roster_csv: bytes, interactions_csv: bytes) -> AppTest:
    import_bytes("roster", "roster.csv", roster_csv)
    import_bytes("interactions", "interactions.csv", interactions_csv)
    make_user("dewi", "qco")
    make_user("fajar", "qco")
    login(app, "qco_lead")
    app.run()
    return app.switch_page("../pages/sampling.py").run()


def test_preview_then_run_stores_exactly_the_preview(lead: AppTest, engine: Engine) -> None:
    assert not lead.exception
    lead.selectbox(key="sampling_week").set_value("2026-W45").run()
    lead.text_input(key="sampling_seed").set_value("20261103")
    lead.button(key="sampling_preview_button").click().run()

    figures = {metric.label: metric.value for metric in lead.metric}
    assert figures["Kuota"] == "4"  # two active agents with over 3 months: 2 each
    assert figures["Sampel acak"] == "2"
    plan = lead.dataframe[0].value
    assert plan["ID Karyawan"].tolist() == ["PGD001", "PGD002", "PGD003"]
    assert plan["Kekurangan"].tolist()[:2] == [1, 1]
    excluded = lead.dataframe[1].value
    assert dict(zip(excluded["Alasan dikeluarkan"], excluded["Jumlah"], strict=True)) == {
        "suara tanpa rekaman": 1}  # OC-3, an outbound call without a recording

    assert lead.button(key="sampling_run").disabled
    lead.checkbox(key="sampling_confirm").check().run()
    lead.button(key="sampling_run").click().run()

    assert not lead.exception
    assert lead.success[0].value.startswith("Penarikan #")
    with Session(engine) as session:
        draw = session.scalars(select(SampleDraw)).one()
        samples = session.scalars(select(Sample)).all()
        audited = session.scalars(select(AuditEvent.action).where(
            AuditEvent.username == "qco_lead")).all()
    assert (draw.week, draw.seed, draw.created_by) == ("2026-W45", "20261103", "qco_lead")
    assert len(samples) == 2 and all(s.reviewer_id is not None for s in samples)
    assert {s.reviewer_id for s in samples}.__len__() == 2  # one each: balanced
    assert "draw" in audited

    lead.run()
    assert lead.success[0].value.startswith(f"Minggu ini sudah ditarik: penarikan #{draw.id}")
    lead.button(key="sampling_verify").click().run()
    assert any("cocok" in s.value for s in lead.success)


def test_a_qco_cannot_open_the_sampling_page(app: AppTest, login: Callable[..., AppTest]) -> None:
    login(app, "qco")
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("../pages/sampling.py")


def test_a_waiting_sample_moves_to_another_qco_only_with_a_reason(lead: AppTest,
                                                                   engine: Engine) -> None:
    from qa_app.db.auth_models import UserAccount
    from qa_app.db.sampling_models import SampleAssignmentLog

    lead.selectbox(key="sampling_week").set_value("2026-W45").run()
    lead.button(key="sampling_preview_button").click().run()
    lead.checkbox(key="sampling_confirm").check().run()
    lead.button(key="sampling_run").click().run()
    lead.run()
    with Session(engine) as session:
        sample = session.scalars(select(Sample).order_by(Sample.id)).first()
        assert sample is not None
        other = session.scalars(select(UserAccount.id).where(
            UserAccount.role == "qco", UserAccount.id != sample.reviewer_id)).first()

    def move(reason: str) -> None:
        form = lead.get("form")[0]
        form.selectbox[0].set_value(sample.id)
        form.selectbox[1].set_value(other)
        form.text_input[0].set_value(reason)
        form.button[0].click()
        lead.run()

    move("")
    assert [e.value for e in lead.error] == [
        f"Sampel #{sample.id}: isi alasan pemindahan."]
    move("Dewi cuti sakit")
    assert "1 sampel dipindahkan; tercatat di log penugasan dan log audit." in [
        m.value for m in lead.success]
    with Session(engine) as session:
        assert session.get_one(Sample, sample.id).reviewer_id == other
        log = session.scalars(select(SampleAssignmentLog).where(
            SampleAssignmentLog.sample_id == sample.id).order_by(SampleAssignmentLog.id)).all()
    assert [(entry.reason, entry.by) for entry in log] == [
        ("draw", "qco_lead"), ("Dewi cuti sakit", "qco_lead")]
