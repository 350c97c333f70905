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
from tests.ui.conftest import user_id

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


W47_CSV = b"""ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara,File Rekaman
OC-7,PGD001,Voice,Outbound,17/11/2026 10:00:00,17/11/2026 10:05:00,300,
"""  # noqa: E501  (an outbound call without a recording: nothing in week 47 is eligible)
W48_CSV = b"""ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara,File Rekaman
OC-8,PGD001,Voice,Inbound,24/11/2026 10:00:00,24/11/2026 10:05:00,280,2026/11/OC-8.wav
OC-9,PGD002,WhatsApp,Inbound,25/11/2026 09:00:00,25/11/2026 09:12:00,,
"""  # noqa: E501


def preview(lead: AppTest, week: str, seed: str = "") -> AppTest:
    lead.selectbox(key="sampling_week").set_value(week).run()
    lead.text_input(key="sampling_seed").set_value(seed)
    return lead.button(key="sampling_preview_button").click().run()


def run_it(lead: AppTest) -> AppTest:
    lead.checkbox(key="sampling_confirm").check().run()
    lead.button(key="sampling_run").click().run()
    assert not lead.exception and not lead.error, [e.value for e in lead.error]
    return lead.run()


def test_only_weeks_with_interactions_are_offered_and_an_empty_pool_is_announced(
        lead: AppTest, import_bytes: ImportBytes) -> None:
    assert lead.selectbox(key="sampling_week").options == ["2026-W45"]
    import_bytes("interactions", "w47.csv", W47_CSV)
    lead.run()
    # not W46, nor the current week: they hold no interaction
    assert lead.selectbox(key="sampling_week").options == ["2026-W47", "2026-W45"]

    preview(lead, "2026-W47")
    assert "Pool minggu ini kosong" in " ".join(w.value for w in lead.warning)
    preview(lead, "2026-W45")
    assert not [w for w in lead.warning if "Pool minggu ini kosong" in w.value]


def test_the_seed_reads_in_groups_and_typed_back_reproduces_the_draw(
        lead: AppTest, engine: Engine) -> None:
    from qa_app.sampling.seed_text import parse_seed
    from qa_app.sampling.service import plan_week

    preview(lead, "2026-W45")  # no seed typed: a new one from the cryptographic source
    shown = next(c.value for c in lead.caption if c.value.startswith("Seed "))
    seed_text = shown.removeprefix("Seed ").split(" · ")[0]
    assert 1 < len(seed_text.split(" ")) <= 5
    assert all(len(group) <= 3 and group.isdigit() for group in seed_text.split(" "))
    with Session(engine) as session:  # what anyone typing the seed on screen would draw
        typed = plan_week(session, "2026-W45", parse_seed(seed_text))
    run_it(lead)
    with Session(engine) as session:
        draw = session.scalars(select(SampleDraw)).one()
        stored = sorted(session.scalars(select(Sample.interaction_id)))
    assert parse_seed(seed_text) == int(draw.seed)
    assert sorted(p.candidate.interaction_id for p in typed.picks()) == stored
    assert typed.pool_hash == draw.pool_hash
    assert f"(seed {seed_text}, aturan" in lead.success[0].value


def test_typing_a_grouped_seed_stores_that_seed_and_a_bad_one_is_refused(
        lead: AppTest, engine: Engine) -> None:
    preview(lead, "2026-W45", "20.261.10x")
    assert [e.value for e in lead.error] == [
        "Seed «20.261.10x» tidak dapat dibaca: ketik angka saja, boleh dikelompokkan dengan "
        "spasi (mis. 123 456 789)."]
    assert not lead.metric  # no preview from a seed that was not understood
    preview(lead, "2026-W45", "20 261.103")  # spaces or dots, as a report or sheet writes it
    assert any(c.value.startswith("Seed 20 261 103 · versi aturan") for c in lead.caption)
    run_it(lead)
    with Session(engine) as session:
        assert session.scalars(select(SampleDraw.seed)).one() == "20261103"


def test_the_lead_chooses_the_qcos_and_a_new_account_joins_only_when_added(
        lead: AppTest, engine: Engine, import_bytes: ImportBytes,
        make_user: Callable[..., int]) -> None:
    from qa_app.config import get_settings
    from qa_app.services.draws import draw_week
    from tests.factories.report_rows import evaluation, rubric_version

    dewi, fajar = user_id(engine, "dewi"), user_id(engine, "fajar")
    preview(lead, "2026-W45")
    pool = lead.multiselect(key="sampling_reviewers")
    assert pool.options == ["Dewi", "Fajar"]
    assert pool.value == [dewi, fajar]  # a first draw: every QCO on duty is proposed
    pool.set_value([]).run()
    assert lead.button(key="sampling_run").disabled
    lead.multiselect(key="sampling_reviewers").set_value([dewi]).run()
    run_it(lead)
    with Session(engine) as session:
        draw = session.scalars(select(SampleDraw)).one()
        samples = session.scalars(select(Sample).order_by(Sample.id)).all()
    assert draw.parameters["reviewers"] == [dewi]
    assert {s.reviewer_id for s in samples} == {dewi}

    # the stored draw lists its samples and each QCO's progress
    with Session(engine) as session, session.begin():
        evaluation(session, samples[0].interaction_id, dewi, rubric_version(session),
                   "2026-W45", 90.0, {}, status="final")
    lead.run()
    progress = lead.dataframe[0].value
    assert progress.to_dict("records") == [{"QCO": "Dewi", "Sampel": 2, "Belum dibuka": 1,
                                           "Draf": 0, "Final": 1}]
    listed = lead.dataframe[1].value
    assert sorted(listed["Interaksi"]) == ["OC-1", "OC-2"]
    assert sorted(listed["Progres"]) == ["Ditugaskan", "Final"]

    make_user("gita", "qco")  # a new QCO account
    import_bytes("interactions", "w48.csv", W48_CSV)
    preview(lead.run(), "2026-W48")
    pool = lead.multiselect(key="sampling_reviewers")
    assert pool.options == ["Dewi", "Fajar", "Gita"]
    assert pool.value == [dewi]  # proposed: the last pool, not Fajar nor the new account
    # the Monday task and the CLI, without a choice, share among the last pool too
    outcome = draw_week(engine, get_settings(), "2026-W48", by="scheduler")
    assert outcome.result.reviewers == 1
    with Session(engine) as session:
        assert set(session.scalars(select(Sample.reviewer_id).where(
            Sample.week == "2026-W48"))) == {dewi}
