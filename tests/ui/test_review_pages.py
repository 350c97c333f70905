"""The review queue and the review screen in AppTest: pre-fill, override with a reason, live
score, finalize, lock — driven as a QCO would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.auth_models import AuditEvent
from qa_app.db.models import Agent, Interaction, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.web.login import USER_KEY
from tests.factories.review_samples import stage_review_sample
from tests.ui.conftest import APP_FILE
from tests.ui.light_tables import light_tables


@pytest.fixture
def qco(app: AppTest, engine: Engine, make_user: Callable[..., int]) -> AppTest:
    """A QCO with three samples: two ready (missing greeting, OTP asked), one waiting."""
    reviewer = make_user("dewi", "qco")
    app.session_state[USER_KEY] = reviewer
    with Session(engine) as session, session.begin():
        team = Team(name="Tim Gadai")
        agent = Agent(employee_id="PGD001", name="Sari Wulandari", hire_date=date(2025, 1, 6),
                      tier=1, team=team, row_hash=0)
        session.add(agent)
        session.flush()
        for recording, source_id, ready, hour in (("OC-REC-002", "OC-101", True, 3),
                                                  ("OC-REC-006", "OC-102", True, 2),
                                                  ("OC-REC-001", "OC-103", False, 1)):
            stage_review_sample(session, recording_id=recording, source_id=source_id,
                                agent_id=agent.id, reviewer_id=reviewer,
                                recordings_dir=get_settings().recordings_dir,
                                with_prescore=ready,
                                started_at=datetime(2026, 11, 16, hour, tzinfo=UTC))
    return app.run()


def radio(app: AppTest, item: str):  # noqa: ANN201
    return next(r for r in app.radio if r.label.startswith(f"{item} ·"))


def start_review(app: AppTest, source_id: str) -> AppTest:
    app.switch_page("../pages/review_queue.py").run()
    pick = app.selectbox(key="queue_pick")
    value = next(v for v in pick.options if v.startswith(source_id))
    pick.select(value).run()
    app.button(key="queue_open").click().run()
    assert app.title[0].value == "Penilaian" and not app.exception
    # AppTest reruns the page it was last pointed at, not the one st.switch_page went to
    return app.switch_page("../pages/review.py").run()


def score(app: AppTest) -> str:
    """The live score without its pending-weight note ("92.6 (31% belum dinilai)")."""
    return app.metric[0].value.split(" (")[0]


def test_the_queue_lists_my_samples_with_their_status_and_filters_them(qco: AppTest) -> None:
    qco.switch_page("../pages/review_queue.py").run()
    assert not qco.exception and not qco.error
    table = qco.dataframe[0].value
    assert sorted(zip(table["Interaksi"], table["Status"], strict=True)) == [
        ("OC-101", "Siap"), ("OC-102", "Siap"), ("OC-103", "Belum diantrekan")]
    assert set(table["Jenis"]) == {"Acak"}
    assert [o.split(" · ")[0] for o in qco.selectbox(key="queue_pick").options] == [
        "OC-102", "OC-101"]  # the oldest open sample first

    qco.multiselect(key="queue_statuses").select("not_queued").run()
    assert list(qco.dataframe[0].value["Interaksi"]) == ["OC-103"]


def sample_of(engine: Engine, source_id: str) -> int:
    from qa_app.db.sampling_models import Sample

    with Session(engine) as session:
        return session.scalars(select(Sample.id).join(Interaction)
                               .where(Interaction.source_id == source_id)).one()


def click_row(app: AppTest, row: int, on_cell: bool = True) -> AppTest:
    """What a click on a row of the queue sends: the cell, or the row by its checkbox."""
    cells, rows = ([[row, "Agent"]], []) if on_cell else ([], [row])
    app.session_state["queue_table"] = {"selection": {"rows": rows, "columns": [],
                                                      "cells": cells}}
    return app.run()


def test_the_queue_starts_at_the_oldest_open_sample_and_a_row_opens_in_one_click(
        qco: AppTest, engine: Engine) -> None:
    qco.switch_page("../pages/review_queue.py").run()
    # OC-103 is the oldest, but it cannot be opened yet: the open ones come first
    assert list(qco.dataframe[0].value["Interaksi"]) == ["OC-102", "OC-101", "OC-103"]
    assert qco.selectbox(key="queue_pick").value == sample_of(engine, "OC-102")

    click_row(qco, 2)  # not transcribed yet: says so, stays on the queue
    assert qco.title[0].value == "Antrean Penilaian" and not qco.exception
    assert "Sampel ini belum dapat dibuka: tunggu sampai statusnya Siap." in [
        i.value for i in qco.info]
    assert "review_sample_id" not in qco.session_state

    click_row(qco, 1, on_cell=False)
    assert not qco.exception
    assert qco.title[0].value == "Penilaian"
    assert qco.session_state["review_sample_id"] == sample_of(engine, "OC-101")
    app = qco.switch_page("../pages/review.py").run()
    assert "OC-101" in app.caption[0].value
    back = app.switch_page("../pages/review_queue.py").run()  # the click is not replayed
    assert back.title[0].value == "Antrean Penilaian" and not back.exception


def waiting_sample(engine: Engine) -> tuple[int, int]:
    """(sample id, interaction id) of the qco fixture's sample without a pre-score."""
    from qa_app.db.sampling_models import Sample

    with Session(engine) as session:
        sample_id, interaction_id = session.execute(
            select(Sample.id, Interaction.id).join(Interaction)
            .where(Interaction.source_id == "OC-103")).one()
    return sample_id, interaction_id


def set_job(engine: Engine, interaction_id: int, kind: str, status: str,
            **values: object) -> None:
    from datetime import UTC, datetime, timedelta

    from qa_app.db.work_models import Job

    with Session(engine) as session, session.begin():
        job = session.scalar(select(Job).where(Job.kind == kind,
                                               Job.interaction_id == interaction_id))
        if job is None:
            job = Job(kind=kind, interaction_id=interaction_id, requested_by="test",
                      created_at=datetime.now(UTC) - timedelta(minutes=1))
            session.add(job)
        job.status = status
        for name, value in values.items():
            setattr(job, name, value)


def status_of_oc_103(app: AppTest) -> tuple[str, str]:
    app.switch_page("../pages/review_queue.py").run()
    table = app.dataframe[0].value
    row = table[table["Interaksi"] == "OC-103"].iloc[0]
    return row["Status"], row["Keterangan"]


def test_the_queue_and_the_screen_tell_each_sample_s_true_state(qco: AppTest,
                                                               engine: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    from qa_app.db.work_models import Transcript

    sample_id, interaction_id = waiting_sample(engine)
    set_job(engine, interaction_id, "transcribe", "queued")
    assert status_of_oc_103(qco) == ("Menunggu transkripsi", "")
    set_job(engine, interaction_id, "transcribe", "running", progress=0.4,
            started_at=datetime.now(UTC) - timedelta(seconds=90))
    state, detail = status_of_oc_103(qco)
    assert state == "Sedang ditranskripsi" and detail.startswith("40% · mulai ")
    assert " dtk berjalan" in detail

    set_job(engine, interaction_id, "transcribe", "done")  # the transcript is stored …
    with Session(engine) as session, session.begin():
        session.add(Transcript(interaction_id=interaction_id, model="test", duration=1.0,
                               speakers_separated=False, document={"turns": []},
                               created_at=datetime.now(UTC)))
    set_job(engine, interaction_id, "prescore", "queued")  # … and its pre-score waits
    assert status_of_oc_103(qco) == ("Pra-skor berjalan", "")  # not "waiting for transcript"
    set_job(engine, interaction_id, "prescore", "failed", error="no form applies")
    assert status_of_oc_103(qco) == ("Gagal", "no form applies")
    assert all(not option.startswith("OC-103")
               for option in qco.selectbox(key="queue_pick").options)

    qco.session_state["review_sample_id"] = sample_id
    qco.switch_page("../pages/review.py").run()
    assert not qco.exception
    assert "Gagal · no form applies" in [caption.value for caption in qco.caption]


def test_review_form_prefill_override_reason_live_score_finalize_and_lock(
        qco: AppTest, engine: Engine) -> None:
    app = start_review(qco, "OC-101")
    assert app.title[0].value == "Penilaian"
    assert not app.error
    # pre-filled from the pre-score, each suggestion marked with its confidence
    assert radio(app, "O1").value == "no"
    assert radio(app, "S1").value is None  # a manual item starts unanswered
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Saran mesin: Tidak (keyakinan") for c in captions)
    with Session(engine) as session:
        assert score(app) == f"{session.scalars(select(Evaluation.score)).one():.1f}"
    # manual items still open: the score says how much weight is not judged yet
    assert app.metric[0].value.endswith("% belum dinilai)")

    # the transcript shows the evidence highlighted
    assert any("orange-background" in m.value and "Bapak Ahmad" in m.value
               for m in app.markdown)

    # override a suggestion: a reason field appears, the score changes at once
    before = score(app)
    radio(app, "O1").set_value("yes").run()
    assert float(score(app)) > float(before)  # "no" → "yes" on a weighted item
    reason = keyed(app.text_input, "_O1_reason")
    # finalizing now is refused: manual items unanswered, the reason missing
    app.button(key="review_finalize").click().run()
    warnings = [w.value for w in app.warning]
    assert "Butir O1: tulis alasan mengubah saran mesin." in warnings
    assert "Butir S1 belum dijawab." in warnings

    reason.input("Salam ada, tapi transkrip memotongnya").run()
    for item in ("S1", "K2", "K5", "D1"):
        radio(app, item).set_value("yes").run()
    radio(app, "K3").set_value("partial").run()
    reason_k3 = keyed(app.text_input, "_K3_reason")
    reason_k3.input("Ada kata tidak baku").run()
    live = score(app)
    assert app.metric[0].value == live  # every item answered: nothing pending
    app.button(key="review_finalize").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert [s.value for s in app.toast] == ["Penilaian difinalisasi dan dikunci."]
    assert radio(app, "O1").disabled and radio(app, "O1").value == "yes"
    assert any("final dan terkunci (revisi 1)" in i.value for i in app.info)
    assert not [b for b in app.button if b.key in ("review_draft", "review_finalize")]
    history = light_tables(app)[0]
    assert list(history["Jenis"]) == ["Finalisasi"]
    assert "O1: Tidak → Ya (mesin: Tidak) — alasan: Salam ada, tapi transkrip memotongnya" \
        in history["Perubahan"][0]

    with Session(engine) as session:
        evaluation = session.scalars(select(Evaluation)).one()
        actions = [e.action for e in session.scalars(select(AuditEvent))]
    assert evaluation.status == "final" and f"{evaluation.score:.1f}" == live
    assert {"transcript_view", "score_change"} <= set(actions)
    assert "recording_play" not in actions  # logged when the browser fetches the audio


def test_a_failed_fatal_item_needs_confirmation_and_a_comment(qco: AppTest,
                                                              engine: Engine) -> None:
    app = start_review(qco, "OC-102")
    assert radio(app, "V2").value == "no"
    for item in (r.label.split(" ·")[0] for r in app.radio if r.value is None):
        radio(app, item).set_value("yes").run()
    assert score(app) == "0.0"
    app.button(key="review_finalize").click().run()
    warnings = [w.value for w in app.warning]
    assert "Ada butir fatal yang gagal: centang konfirmasi sebelum finalisasi." in warnings

    keyed(app.checkbox, "_confirm_fatal").check().run()
    app.button(key="review_finalize").click().run()
    assert "Butir fatal V2 gagal: tulis komentarnya." in [w.value for w in app.warning]

    keyed(app.text_input, "_V2_comment") \
        .input("Agen meminta kode OTP nasabah").run()
    app.button(key="review_finalize").click().run()
    assert [s.value for s in app.toast] == ["Penilaian difinalisasi dan dikunci."]
    with Session(engine) as session:
        evaluation = session.scalars(select(Evaluation)).one()
        revision = session.scalars(select(EvaluationRevision)).one()
    assert (evaluation.score, evaluation.fatal) == (0.0, True)
    assert revision.answers["V2"]["comment"] == "Agen meminta kode OTP nasabah"


def test_clicking_an_evidence_points_the_player_at_its_second(qco: AppTest,
                                                               engine: Engine) -> None:
    """The player's source is the session-guarded recording route, never the audio bytes;
    the fetch of that URL is what the route audits (tests/integration/test_web_routes.py)."""
    app = start_review(qco, "OC-101")
    audio = app.get("audio")[0].proto
    assert audio.start_time == 0
    with Session(engine) as session:
        interaction_id = session.scalars(select(Interaction.id).where(
            Interaction.source_id == "OC-101")).one()
        assert urlsplit(audio.url).path == f"/api/recording/{interaction_id}"
        (evidence,) = session.scalars(select(EvaluationAnswer.evidence).where(
            EvaluationAnswer.item_id == "O2")).one()
    second = evidence["start"]
    label = f"▶ 00:{int(second):02d} «{evidence['text']}»"
    next(b for b in app.button if b.label == label).click().run()
    audio = app.get("audio")[0].proto
    assert audio.start_time == int(second)
    assert parse_qs(urlsplit(audio.url).query) == {"from": [str(round(second, 2))]}
    assert f"Diputar dari 00:{int(second):02d}" in [c.value for c in app.caption]
    with Session(engine) as session:
        plays = list(session.scalars(
            select(AuditEvent).where(AuditEvent.action == "recording_play")))
    assert plays == []


def second_session(first: AppTest, user_id: int) -> AppTest:
    """Another browser session (its own session state) on the sample ``first`` has open."""
    other = AppTest.from_file(APP_FILE, default_timeout=30)
    other.session_state[USER_KEY] = user_id
    other.session_state["review_sample_id"] = first.session_state["review_sample_id"]
    return other.switch_page("../pages/review.py").run()


def reload_latest(app: AppTest) -> AppTest:
    return next(b for b in app.button if b.label == "Muat ulang versi terbaru").click().run()


def test_a_refused_save_reloads_the_latest_version_keeps_my_answers_and_saves_again(
        qco: AppTest, engine: Engine, make_user: Callable[..., int]) -> None:
    """Two sessions on one evaluation: a QCO lead saves first, so the QCO's save is refused;
    the reload shows the lead's version with the QCO's unsaved answers beside it, one click
    puts them back on top of it, and the save goes through."""
    mine = start_review(qco, "OC-101")
    lead = second_session(mine, make_user("sinta", "qco_lead"))
    radio(lead, "K3").set_value("partial").run()
    keyed(lead.text_input, "_K3_reason").input("Ada kata tidak baku").run()
    lead.button(key="review_draft").click().run()
    assert [s.value for s in lead.toast] == ["Draf disimpan."]

    radio(mine, "O1").set_value("yes").run()
    keyed(mine.text_input, "_O1_reason").input("Salam ada di awal").run()
    keyed(mine.text_input, "_K2_comment").input("Nada ramah").run()
    mine.button(key="review_draft").click().run()
    (refusal,) = [e.value for e in mine.error]
    assert refusal.startswith("Penilaian ini telah disimpan oleh sinta pada ")
    assert "Tekan «Muat ulang versi terbaru»" in refusal
    assert radio(mine, "O1").value == "yes"  # my edits stay on screen until the reload

    reload_latest(mine)
    assert not mine.exception and not mine.error
    assert (radio(mine, "K3").value, radio(mine, "O1").value) == ("partial", "no")
    unsaved = mine.table[0].value
    assert unsaved.to_dict("records") == [
        {"Butir": "O1", "Pertanyaan": unsaved["Pertanyaan"][0], "Versi terbaru": "Tidak",
         "Jawaban Anda": "Ya", "Alasan Anda": "Salam ada di awal", "Komentar Anda": ""},
        {"Butir": "K2", "Pertanyaan": unsaved["Pertanyaan"][1], "Versi terbaru": "—",
         "Jawaban Anda": "—", "Alasan Anda": "", "Komentar Anda": "Nada ramah"}]
    assert unsaved["Pertanyaan"][0]  # the item's question, to recognise it by

    next(b for b in mine.button if b.label == "Terapkan lagi jawaban saya").click().run()
    assert (radio(mine, "O1").value, radio(mine, "K3").value) == ("yes", "partial")
    assert keyed(mine.text_input, "_O1_reason").value == "Salam ada di awal"
    assert keyed(mine.text_input, "_K2_comment").value == "Nada ramah"
    assert not mine.table
    mine.button(key="review_draft").click().run()
    assert not mine.exception and not mine.error, [e.value for e in mine.error]
    assert [s.value for s in mine.toast] == ["Draf disimpan."]
    assert not mine.info and not mine.button(key="review_draft").disabled

    with Session(engine) as session:
        rows = {row.item_id: row for row in session.scalars(select(EvaluationAnswer))}
        by = session.scalars(select(EvaluationRevision.by_username)
                             .order_by(EvaluationRevision.number)).all()
    assert (rows["O1"].answer, rows["O1"].reason) == ("yes", "Salam ada di awal")
    assert (rows["K3"].answer, rows["K3"].reason) == ("partial", "Ada kata tidak baku")
    assert rows["K2"].comment == "Nada ramah"
    assert by == ["sinta", "dewi"]


def test_a_refused_save_can_be_reloaded_and_my_answers_discarded(
        qco: AppTest, engine: Engine, make_user: Callable[..., int]) -> None:
    mine = start_review(qco, "OC-101")
    lead = second_session(mine, make_user("sinta", "qco_lead"))
    radio(lead, "O1").set_value("partial").run()
    keyed(lead.text_input, "_O1_reason").input("Salam setengah").run()
    lead.button(key="review_draft").click().run()

    radio(mine, "O1").set_value("yes").run()
    mine.button(key="review_finalize").click().run()
    reload_latest(mine)
    assert radio(mine, "O1").value == "partial"
    assert list(mine.table[0].value["Versi terbaru"]) == ["Sebagian"]
    next(b for b in mine.button if b.label == "Buang jawaban saya").click().run()
    assert not mine.table and not mine.error and radio(mine, "O1").value == "partial"
    keyed(mine.text_input, "_O1_comment").input("Setuju").run()
    mine.button(key="review_draft").click().run()
    assert [s.value for s in mine.toast] == ["Draf disimpan."]
    with Session(engine) as session:
        o1 = session.scalars(select(EvaluationAnswer).where(
            EvaluationAnswer.item_id == "O1")).one()
    assert (o1.answer, o1.reason, o1.comment) == ("partial", "Salam setengah", "Setuju")


def test_unsaved_answers_not_applied_yet_survive_a_second_refusal(
        qco: AppTest, make_user: Callable[..., int]) -> None:
    mine = start_review(qco, "OC-101")
    lead = second_session(mine, make_user("sinta", "qco_lead"))
    for answer in ("yes", "na"):  # the lead saves before each of the QCO's saves
        radio(lead, "S1").set_value(answer).run()
        lead.button(key="review_draft").click().run()
        if answer == "yes":
            radio(mine, "O1").set_value("yes").run()
        else:
            keyed(mine.text_input, "_K2_comment").input("Nada ramah").run()
        mine.button(key="review_draft").click().run()
        assert mine.error and reload_latest(mine).table
    assert radio(mine, "S1").value == "na"
    assert list(mine.table[0].value["Butir"]) == ["O1", "K2"]
    assert "2 perubahan Anda yang belum disimpan" in mine.warning[0].value


def keyed(widgets, suffix: str):  # noqa: ANN001, ANN201
    """The one widget whose key ends with ``suffix`` (keys carry the evaluation's version)."""
    (widget,) = [w for w in widgets if str(w.key).endswith(suffix)]
    return widget
