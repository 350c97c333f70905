"""Importers end to end on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.db.models import Agent, CsiResponse, ImportBatch, ImportRejection, Interaction, Team
from qa_app.ingest import reader, service
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import ImportReport, import_file

MAPPING = load_mapping()
ROSTER = """ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim;Team Leader;Status;Tanggal Keluar
PGD00001;Rina Wulandari;05/01/2026;Tier 1;Inbound Pagi;Agus Salim;Aktif;
PGD00002;Budi Santoso;2025-11-30;2;Helpdesk;Tono;Resign;15/10/2026
PGD00003;Siti Nurhaliza;31/02/2026;Tier 1;Inbound Pagi;Agus Salim;Aktif;
PGD00004;Dewi Lestari;01/09/2026;Tier 3;Inbound Pagi;Agus Salim;Aktif;
PGD00005;Andi Pratama;01/09/2026;Tier 1;Inbound Pagi;Agus Salim;Aktif;01/08/2026
PGD00001;Rina Duplikat;05/01/2026;Tier 1;Inbound Pagi;Agus Salim;Aktif;
"""
INTERACTIONS_HEADER = ("ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,"
                       "Durasi Bicara,Durasi Hold,Durasi ACW,ID Kasus,Nomor Tiket,Percakapan,"
                       "Persetujuan Data\n")
GOOD_INTERACTIONS = INTERACTIONS_HEADER + (
    "OC-1,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:10,280,20,00:00:30,"
    "CS-1,ARIANA-851241,,Setuju\n"
    "OC-2,PGD00002,WhatsApp,Inbound,2026-10-01T09:00:00+07:00,2026-10-01T09:12:00+07:00,,,,CS-2,,"
    '"[{""sender"": ""customer"", ""sent_at"": ""2026-10-01T09:00:00+07:00"", ""text"": ""min'
    ' mau tanya""}]",\n'
    "OC-3,PGD00001,Call,Outbound,02/10/2026 10:00,02/10/2026 10:03,180,0,15,CS-3,,,Menolak\n"
)
BAD_INTERACTIONS = INTERACTIONS_HEADER + (
    "OC-4,PGD00099,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,280,0,30,CS-4,,,\n"
    "OC-5,PGD00001,Voice,Inbound,kemarin,01/10/2026 08:05:00,280,0,30,CS-5,,,\n"
    "OC-6,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 07:05:00,280,0,30,CS-6,,,\n"
    "OC-7,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,-20,0,30,CS-7,,,\n"
    "OC-8,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,280,0,30,CS-8,,,\n"
    "OC-8,PGD00001,Voice,Inbound,01/10/2026 09:00:00,01/10/2026 09:05:00,280,0,30,CS-9,,,\n"
    ",PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,280,0,30,CS-10,,,\n"
    "OC-11,PGD00001,Fax,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,280,0,30,CS-11,,,\n"
)
CSI = """ID Survei,ID Kasus,ID Interaksi,Nilai,Waktu Jawab,Komentar
SV-1,,OC-1,5,01/10/2026 08:10:00,pelayanan ramah
SV-2,CS-2,,#2 Kurang Puas,01/10/2026 09:30:00,
SV-3,CS-3,OC-3,7,02/10/2026 10:10:00,
SV-4,CS-4,OC-404,4,02/10/2026 10:10:00,
SV-5,,,4,02/10/2026 10:10:00,
SV-1,,OC-1,4,01/10/2026 08:10:00,
"""


def run(engine: Engine, kind: str, name: str, content: str | bytes) -> ImportReport:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return import_file(engine, kind, TableSource(file_name=name, content=data), MAPPING, "test")


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def reasons(report: ImportReport) -> list[tuple[int, str | None, str]]:
    return [(r.line, r.column, r.reason) for r in report.rejections]


def test_roster_keeps_valid_rows_and_reports_each_bad_one(engine: Engine) -> None:
    report = run(engine, "roster", "roster.csv", ROSTER)
    assert report.status == "completed"
    assert report.counts.inserted == 2 and report.rows_total == 6
    assert reasons(report) == [
        (4, "Tanggal Masuk", "unparseable_date"),
        (5, "Tier", "unknown_value"),
        (6, "Tanggal Keluar", "left_before_hire"),
        (7, "ID Karyawan", "duplicate_id"),
    ]
    assert report.rejections[-1].params == {"first_line": 2}
    with Session(engine) as session:
        budi = session.scalars(select(Agent).where(Agent.employee_id == "PGD00002")).one()
        assert (budi.tier, budi.active, budi.left_date) == (2, False, date(2026, 10, 15))
        assert budi.hire_date == date(2025, 11, 30)
        assert sorted(session.scalars(select(Team.name))) == ["Helpdesk", "Inbound Pagi"]


def test_interactions_typed_and_timezone_aware(engine: Engine) -> None:
    run(engine, "roster", "roster.csv", ROSTER)
    report = run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    assert (report.status, report.counts.inserted, report.rejections) == ("completed", 3, [])
    with Session(engine) as session:
        call = session.scalars(select(Interaction).where(Interaction.source_id == "OC-1")).one()
        assert call.started_at == datetime(2026, 10, 1, 1, 0, tzinfo=timezone.utc)
        assert call.started_at.tzinfo is not None
        assert (call.talk_seconds, call.hold_seconds, call.acw_seconds) == (280, 20, 30)
        assert (call.channel, call.direction, call.consent) == ("voice", "inbound", "given")
        assert call.ticket_key == "ARIANA-851241" and call.chat_messages is None
        chat = session.scalars(select(Interaction).where(Interaction.source_id == "OC-2")).one()
        assert chat.channel == "whatsapp" and chat.consent == "unknown"
        assert chat.chat_messages == [{"sender": "customer", "sent_at": "2026-10-01T09:00:00+07:00",
                                       "text": "min mau tanya"}]
        outbound = session.scalars(select(Interaction).where(Interaction.source_id == "OC-3")).one()
        assert (outbound.direction, outbound.consent) == ("outbound", "refused")
        # Local time is kept as an instant: querying by a UTC bound finds the row.
        bound = datetime(2026, 10, 1, 1, 30, tzinfo=timezone.utc)
        assert session.scalars(select(Interaction.source_id)
                               .where(Interaction.started_at < bound)).all() == ["OC-1"]


def test_interactions_bad_rows(engine: Engine) -> None:
    run(engine, "roster", "roster.csv", ROSTER)
    report = run(engine, "interactions", "bad.csv", BAD_INTERACTIONS)
    assert reasons(report) == [
        (2, "ID Agent", "unknown_agent"),
        (3, "Waktu Mulai", "unparseable_datetime"),
        (4, "Waktu Selesai", "end_before_start"),
        (5, "Durasi Bicara", "negative_duration"),
        (7, "ID Interaksi", "duplicate_id"),
        (8, "ID Interaksi", "missing_value"),
        (9, "Channel", "unknown_value"),
    ]
    assert report.counts.inserted == 1  # OC-8, first occurrence
    assert count(engine, Interaction) == 1
    with Session(engine) as session:
        batch = session.get(ImportBatch, report.batch_id)
        assert batch is not None
        assert (batch.status, batch.rows_total, batch.rows_inserted, batch.rows_rejected) == \
            ("completed", 8, 1, 7)
        stored = session.scalars(select(ImportRejection).where(
            ImportRejection.batch_id == report.batch_id).order_by(ImportRejection.line)).all()
        assert [(r.line, r.reason) for r in stored] == [(line, r) for line, _, r in reasons(report)]
        assert stored[0].raw_row is not None and stored[0].raw_row["ID Agent"] == "PGD00099"


def test_reimport_changes_nothing_and_changed_rows_update(engine: Engine) -> None:
    run(engine, "roster", "roster.csv", ROSTER)
    first = run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    with Session(engine) as session:
        before = session.execute(select(Interaction.__table__)).all()
    again = run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    with Session(engine) as session:
        assert session.execute(select(Interaction.__table__)).all() == before
    changed = GOOD_INTERACTIONS.replace("280,20,00:00:30", "290,20,00:00:30")
    third = run(engine, "interactions", "omni.csv", changed)
    assert (third.counts.inserted, third.counts.updated, third.counts.unchanged) == (0, 1, 2)
    with Session(engine) as session:
        call = session.scalars(select(Interaction).where(Interaction.source_id == "OC-1")).one()
        assert call.talk_seconds == 290
        assert call.import_batch_id == first.batch_id  # the batch that first brought the row
    assert count(engine, Interaction) == 3


def test_csi_links_by_interaction_or_case(engine: Engine) -> None:
    run(engine, "roster", "roster.csv", ROSTER)
    run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    report = run(engine, "csi", "csi.csv", CSI)
    assert reasons(report) == [
        (4, "Nilai", "score_out_of_range"),
        (5, "ID Interaksi", "unknown_interaction"),
        (6, "ID Kasus", "missing_case_or_interaction"),
        (7, "ID Survei", "duplicate_id"),
    ]
    with Session(engine) as session:
        answers = {r.response_key: r for r in session.scalars(select(CsiResponse))}
        assert set(answers) == {"SV-1", "SV-2"}
        assert answers["SV-1"].score == 5 and answers["SV-1"].case_id == "CS-1"  # from OC-1
        assert answers["SV-1"].interaction_id is not None
        assert answers["SV-2"].score == 2 and answers["SV-2"].interaction_id is None


def test_csi_without_survey_id_keys_on_case_and_time(engine: Engine) -> None:
    run(engine, "roster", "roster.csv", ROSTER)
    run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    content = "ID Kasus,Nilai,Waktu Jawab\nCS-1,4,01/10/2026 08:10\nCS-1,4,01/10/2026 08:10\n"
    report = run(engine, "csi", "csi.csv", content)
    assert reasons(report) == [(3, "Waktu Jawab", "duplicate_id")]
    assert run(engine, "csi", "csi.csv", content).counts.unchanged == 1


def test_file_failing_midway_leaves_database_as_before(engine: Engine,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault after the first chunk was written: nothing of the file may remain."""
    run(engine, "roster", "roster.csv", ROSTER)
    run(engine, "interactions", "omni.csv", GOOD_INTERACTIONS)
    rows = "".join(
        f"OC-{n + 100},PGD00001,Voice,Inbound,03/10/2026 08:00:00,03/10/2026 08:05:00,"
        f"280,0,30,CS-{n + 100},,,\n" for n in range(10))
    calls = {"n": 0}
    importer = service.IMPORTERS["interactions"]

    def failing_write(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return importer.write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "read_chunks",
                        lambda source: reader.read_chunks(source, chunk_rows=4))
    monkeypatch.setitem(service.IMPORTERS, "interactions",
                        dataclasses.replace(importer, write=failing_write))
    with pytest.raises(OSError, match="disk full"):
        run(engine, "interactions", "big.csv", INTERACTIONS_HEADER + rows)
    assert calls["n"] == 2
    assert count(engine, Interaction) == 3
    with Session(engine) as session:
        failed = session.scalars(
            select(ImportBatch).where(ImportBatch.file_name == "big.csv")).one()
        assert failed.status == "failed" and failed.error == "unexpected_error"
        assert "disk full" in failed.details["params"]["detail"]
        assert session.scalar(select(func.count()).select_from(ImportRejection).where(
            ImportRejection.batch_id == failed.id)) == 0


@pytest.mark.parametrize("content, code", [
    (b"", "empty_file"),
    (b"Foo,Bar\n1,2\n", "no_recognized_columns"),
    (b"ID Interaksi,ID Agent\nOC-1,PGD00001\n", "missing_columns"),
    (b"PK\x03\x04not really a workbook", "xlsx_unreadable"),
])
def test_unusable_file_is_one_clear_error(engine: Engine, content: bytes, code: str) -> None:
    report = run(engine, "interactions", "export.csv", content)
    assert (report.status, report.error_code) == ("failed", code)
    assert count(engine, Interaction) == 0
    if code == "no_recognized_columns":
        assert "ID Interaksi" in report.error_params["expected"]
    if code == "missing_columns":
        assert report.error_params["missing"] == ["Channel", "Arah", "Waktu Mulai",
                                                  "Waktu Selesai"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_of_windows_exports(engine: Engine, encoding: str) -> None:
    content = ROSTER.replace("Rina Wulandari", "Rina Café – Medan").encode(encoding)
    report = run(engine, "roster", "roster.csv", content)
    assert report.counts.inserted == 2
    with Session(engine) as session:
        assert session.scalar(select(Agent.name).where(Agent.employee_id == "PGD00001")) == \
            "Rina Café – Medan"


def test_xlsx_roster(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ID Karyawan", "Nama Agent", "Tanggal Masuk", "Tier", "Tim"])
    sheet.append(["PGD00010", "Yusuf", datetime(2026, 1, 31), 1, "Inbound Siang"])
    sheet.append(["PGD00011", "Maria", "29/02/2024", "Tier 2", "CS Digital"])
    sheet.append(["PGD00012", "Rudi", "besok", "Tier 2", "CS Digital"])
    workbook.save(tmp_path / "roster.xlsx")
    report = import_file(engine, "roster", TableSource.from_path(tmp_path / "roster.xlsx"),
                         MAPPING, "test")
    assert report.counts.inserted == 2
    assert reasons(report) == [(4, "Tanggal Masuk", "unparseable_date")]
    with Session(engine) as session:
        assert session.scalar(select(Agent.hire_date).where(Agent.employee_id == "PGD00010")) \
            == date(2026, 1, 31)


def test_sqlite_foreign_keys_stay_enforced_after_an_import(sqlite_engine: Engine) -> None:
    run(sqlite_engine, "roster", "roster.csv", ROSTER)
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
