"""Impor Data: uploading files, what the page says about them, and downloading rejected rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from qa_app.config import get_settings
from qa_app.db.models import Agent, ImportBatch, Interaction, Team
from qa_app.ingest.history import batch_rejections
from qa_app.ingest.report import rejections_csv
from qa_app.ingest.service import ImportReport

ImportBytes = Callable[[str, str, bytes], ImportReport]


@pytest.fixture
def app(app: AppTest, login: Callable[..., AppTest]) -> AppTest:
    """These pages as the QCO lead sees them: all the data, and the right to import."""
    return login(app, "qco_lead")
IMPORT_PAGE = "../pages/import_data.py"  # relative to qa_app/web/app.py

BAD_INTERACTIONS_CSV = b"""ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara
OC-10,PGD001,Voice,Inbound,05/11/2026 08:15:00,05/11/2026 08:20:05,280
OC-11,PGD999,Voice,Inbound,05/11/2026 09:00:00,05/11/2026 09:05:00,200
OC-12,PGD001,Chat,Inbound,31/02/2026 10:00:00,05/11/2026 10:05:00,150
OC-13,PGD002,Voice,Inbound,05/11/2026 11:00:00,05/11/2026 11:05:00,-20
OC-14,PGD002,Email,Inbound,05/11/2026 12:00:00,05/11/2026 13:00:00,
"""  # noqa: E501  (the export's header line, as the contact centre writes it)


def open_import_page(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(IMPORT_PAGE).run()


def upload_and_import(app: AppTest, kind: str, file_name: str, content: bytes) -> AppTest:
    app.selectbox(key="import_kind").set_value(kind)
    app.file_uploader(key="import_file").set_value((file_name, content, "text/csv"))
    app.run()
    return app.button(key="import_start").click().run()


def table_with(app: AppTest, column: str) -> Any:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def stored_source_ids(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.scalars(select(Interaction.source_id)))


def test_page_opens_in_indonesian_with_the_import_order_hint(app: AppTest) -> None:
    open_import_page(app)

    assert not app.exception
    assert app.title[0].value == "Impor Data"
    assert "roster agent dulu, lalu interaksi, lalu survei CSI" in app.info[0].value
    assert app.selectbox(key="import_kind").options == ["Roster agent", "Interaksi", "Survei CSI"]
    assert app.selectbox(key="import_mapping").value == "omni_channel"
    assert app.file_uploader(key="import_file").label == "Unggah file"
    assert app.button(key="import_start").disabled


def test_english_switch_changes_the_labels(app: AppTest) -> None:
    app.run()
    app.radio(key="language").set_value("en").run()
    app.switch_page(IMPORT_PAGE).run()

    assert not app.exception
    assert app.title[0].value == "Import Data"
    assert app.file_uploader(key="import_file").label == "Upload file"
    assert app.selectbox(key="import_kind").options == [
        "Agent roster", "Interactions", "CSI survey"]


def test_good_roster_then_interactions_are_stored(app: AppTest, engine: Engine,
                                                  roster_csv: bytes,
                                                  interactions_csv: bytes) -> None:
    open_import_page(app)

    upload_and_import(app, "roster", "roster.csv", roster_csv)
    assert not app.exception
    assert [s.value for s in app.success] == [
        "roster.csv: 3 baris dibaca — 3 baru, 0 diperbarui, 0 tidak berubah, 0 ditolak."]

    upload_and_import(app, "interactions", "interaksi.csv", interactions_csv)
    assert [s.value for s in app.success] == [
        "interaksi.csv: 3 baris dibaca — 3 baru, 0 diperbarui, 0 tidak berubah, 0 ditolak."]
    assert not app.warning and not app.error
    assert not app.download_button
    history = table_with(app, "Jenis")
    assert history["Jenis"].tolist() == ["Interaksi", "Roster agent"]

    with Session(engine) as session:
        assert sorted(session.scalars(select(Agent.employee_id))) == ["PGD001", "PGD002", "PGD003"]
        assert sorted(session.scalars(select(Team.name))) == ["Tim Digital", "Tim Gadai"]
    assert stored_source_ids(engine) == ["OC-1", "OC-2", "OC-3"]


def test_bad_rows_are_listed_and_downloadable_and_the_rest_is_stored(
        app: AppTest, engine: Engine, import_bytes: ImportBytes, roster_csv: bytes,
        downloads: dict[str, Callable[[], Any]]) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    open_import_page(app)

    upload_and_import(app, "interactions", "interaksi_buruk.csv", BAD_INTERACTIONS_CSV)

    assert not app.exception
    assert not app.success and not app.error
    assert [w.value for w in app.warning] == [
        "interaksi_buruk.csv: 5 baris dibaca — 2 baru, 0 diperbarui, 0 tidak berubah, 3 ditolak."]
    rejected = table_with(app, "Alasan")
    assert rejected[["Baris", "Kolom", "Nilai"]].values.tolist() == [
        [3, "ID Agent", "PGD999"],
        [4, "Waktu Mulai", "31/02/2026 10:00:00"],
        [5, "Durasi Bicara", "'-20"],  # shown like the CSV: formula-leading cells neutralized
    ]
    reasons = rejected["Alasan"].tolist()
    assert reasons[0].startswith("Agent 'PGD999' tidak ada di roster.")
    assert reasons[1].startswith("Tanggal/waktu '31/02/2026 10:00:00' tidak terbaca.")
    assert reasons[2] == "Durasi '-20' negatif. Durasi harus 0 atau lebih."

    download = app.download_button(key="download_last_rejections")
    assert download.label == "Unduh baris yang ditolak (CSV)"
    lines = csv_rows(downloads["interaksi_buruk_baris_ditolak.csv"]())
    assert lines[0][:4] == ["baris", "kolom", "nilai", "alasan"]
    assert [(row[0], row[1], row[2]) for row in lines[1:]] == [
        ("3", "ID Agent", "PGD999"), ("4", "Waktu Mulai", "31/02/2026 10:00:00"),
        ("5", "Durasi Bicara", "'-20")]  # a leading "-" would be a formula in Excel
    assert [row[4] for row in lines[1:]] == ["OC-11", "OC-12", "OC-13"]  # the original rows

    assert stored_source_ids(engine) == ["OC-10", "OC-14"]


def test_file_without_known_columns_gets_one_clear_error(app: AppTest, engine: Engine) -> None:
    open_import_page(app)

    upload_and_import(app, "interactions", "lain.csv", b"foo;bar\n1;2\n")

    assert not app.exception
    assert [e.value for e in app.error] == [
        "lain.csv: impor gagal, tidak ada data yang disimpan. Tidak ada kolom yang dikenali di "
        "lain.csv untuk jenis 'interactions'. Kolom yang diharapkan antara lain: ID Interaksi, "
        "ID Agent, Channel, Arah, Waktu Mulai, Waktu Selesai. Periksa jenis file atau pemetaan "
        "kolom."]
    assert not app.warning and not app.success
    assert not app.download_button
    assert stored_source_ids(engine) == []
    with Session(engine) as session:
        assert session.scalars(select(ImportBatch.status)).all() == ["failed"]


def test_file_over_the_upload_limit_is_refused(app: AppTest, engine: Engine,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_UPLOAD_MAX_MB", "1")
    get_settings.cache_clear()
    open_import_page(app)

    upload_and_import(app, "roster", "besar.csv", b"x" * (3 * 1024 * 1024 // 2))

    assert [e.value for e in app.error] == [
        "File besar.csv berukuran 1.5 MB, melebihi batas 1 MB. Bagi file menjadi beberapa "
        "bagian, atau minta admin menaikkan QA_UPLOAD_MAX_MB."]
    with Session(engine) as session:
        assert session.scalars(select(ImportBatch)).all() == []


def test_rejected_rows_of_a_past_import_can_be_downloaded_again(
        app: AppTest, engine: Engine, import_bytes: ImportBytes, roster_csv: bytes,
        downloads: dict[str, Callable[[], Any]]) -> None:
    import_bytes("roster", "roster.csv", roster_csv)
    report = import_bytes("interactions", "interaksi_buruk.csv", BAD_INTERACTIONS_CSV)

    open_import_page(app)

    assert not app.exception
    assert app.subheader[0].value == "Riwayat impor"
    picker = app.selectbox(key="history_batch")
    assert len(picker.options) == 1
    assert picker.options[0].startswith(f"#{report.batch_id} · ")
    assert picker.options[0].endswith(" · Interaksi · interaksi_buruk.csv (3 baris ditolak)")
    assert app.download_button(key="download_past_rejections").label == \
        "Unduh baris yang ditolak (CSV)"
    past = downloads[f"impor_{report.batch_id}_baris_ditolak.csv"]()
    assert past == rejections_csv(report.rejections, "id")
    assert [row[0] for row in csv_rows(past)[1:]] == ["3", "4", "5"]
    with Session(engine) as session:
        assert batch_rejections(session, report.batch_id) == report.rejections


def test_table_shows_the_first_thousand_problems_and_says_so(app: AppTest,
                                                             engine: Engine) -> None:
    header = "ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai\n"
    rows = "".join(f"OC-{n},PGD999,Voice,Inbound,05/11/2026 08:15:00,05/11/2026 08:20:00\n"
                   for n in range(1001))
    open_import_page(app)

    upload_and_import(app, "interactions", "banyak.csv", (header + rows).encode())

    assert len(table_with(app, "Alasan")) == 1000
    assert "Menampilkan 1000 dari 1001 masalah. Unduh CSV untuk daftar lengkap." in \
        [caption.value for caption in app.caption]
    assert stored_source_ids(engine) == []


def test_the_qco_lead_may_download_the_original_cells_and_it_is_audited(
        app: AppTest, engine: Engine, import_bytes: ImportBytes, roster_csv: bytes,
        downloads: dict[str, Callable[[], Any]]) -> None:
    from qa_app.db.auth_models import AuditEvent

    import_bytes("roster", "roster.csv", roster_csv)
    open_import_page(app)
    upload_and_import(app, "interactions", "interaksi_buruk.csv", BAD_INTERACTIONS_CSV)

    original = csv_rows(downloads["interaksi_buruk_asli_baris_ditolak.csv"]())
    assert [(row[0], row[2]) for row in original[1:]][:1] == [("3", "PGD999")]
    with Session(engine) as session:
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.target_kind == "import_rejections")).all()
    assert actions == ["unmasked_view", "export"]
