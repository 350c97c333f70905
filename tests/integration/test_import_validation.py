"""Implausible and unreadable input is rejected alike on SQLite and PostgreSQL, with line and
column, and the good rows of the same file are kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Agent, ImportBatch, ImportRejection, Interaction
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.report import file_error_message, rejection_message
from qa_app.ingest.service import ImportReport, import_file
from qa_app.ingest.validate import ImportLimits
from qa_app.services import imports
from qa_app.services.requester import Requester

MAPPING = load_mapping()
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # "now" of these imports: one day of margin
LIMITS = ImportLimits.from_margin(1, now=NOW)
ROSTER_HEADER = "ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim\n"
GOOD_AGENT = "PGD00001;Rina Wulandari;05/01/2026;Tier 1;Inbound Pagi\n"
INTERACTIONS_HEADER = ("ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,"
                       "Durasi Bicara,Durasi Hold,Durasi ACW,Percakapan\n")


def run(engine: Engine, kind: str, content: str | bytes, name: str = "file.csv") -> ImportReport:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return import_file(engine, kind, TableSource(file_name=name, content=data), MAPPING, "test",
                       limits=LIMITS)


def problems(report: ImportReport) -> list[tuple[int, str | None, str]]:
    return [(r.line, r.column, r.reason) for r in report.rejections]


def stored(engine: Engine, column: object) -> list[object]:
    with Session(engine) as session:
        return sorted(session.scalars(select(column)))


def with_roster(engine: Engine) -> None:
    assert run(engine, "roster", ROSTER_HEADER + GOOD_AGENT).rows_rejected == 0


def test_over_long_cells_are_rejected_with_line_and_column(engine: Engine) -> None:
    report = run(engine, "roster", ROSTER_HEADER + GOOD_AGENT
                 + f"PGD00002;{'A' * 1_000_000};05/01/2026;Tier 1;Inbound Pagi\n"
                 + f"PGD00003;Budi;05/01/2026;Tier 1;{'T' * 129}\n"
                 + f"{'9' * 65};Siti;05/01/2026;Tier 1;Inbound Pagi\n")

    assert report.status == "completed"
    assert problems(report) == [(3, "Nama Agent", "too_long"), (4, "Tim", "too_long"),
                                (5, "ID Karyawan", "too_long")]
    assert rejection_message(report.rejections[0], "en") == \
        "Text too long: 1000000 characters, at most 255."
    assert rejection_message(report.rejections[1], "id") == \
        "Teks terlalu panjang: 129 karakter, paling banyak 128."
    assert len(report.rejections[0].value or "") < 100  # the row keeps the whole cell
    assert stored(engine, Agent.employee_id) == ["PGD00001"]
    with Session(engine) as session:
        kept = session.scalars(select(ImportRejection).order_by(ImportRejection.line)).first()
    assert kept is not None and len(kept.raw_row["Nama Agent"]) == 1_000_000


def test_dates_and_times_beyond_the_margin_are_rejected(engine: Engine) -> None:
    roster = run(engine, "roster", ROSTER_HEADER + GOOD_AGENT
                 + "PGD00002;Budi;02/11/2026;Tier 1;Pagi\n"  # within the day of margin
                 + "PGD00003;Siti;05/11/2026;Tier 1;Pagi\n")
    assert problems(roster) == [(4, "Tanggal Masuk", "in_future")]
    assert rejection_message(roster.rejections[0], "en") == \
        "'05/11/2026' lies in the future (after 02/11/2026). Check the dates in the file."

    calls = run(engine, "interactions", INTERACTIONS_HEADER
                + "OC-1,PGD00001,Voice,Inbound,01/11/2026 20:00:00,01/11/2026 20:05:00,280,,,\n"
                + "OC-2,PGD00001,Voice,Inbound,03/11/2026 08:00:00,03/11/2026 08:05:00,280,,,\n")
    assert problems(calls) == [(3, "Waktu Mulai", "in_future"), (3, "Waktu Selesai", "in_future")]
    assert stored(engine, Interaction.source_id) == ["OC-1"]


def test_the_margin_is_a_setting(engine: Engine, tmp_path: Path) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(hours=30)).strftime("%d/%m/%Y")
    content = (ROSTER_HEADER + f"PGD00009;Budi;{tomorrow};Tier 1;Pagi\n").encode()
    for margin, rejected in ((0, 1), (3, 0)):
        outcome = imports.import_file(
            engine, Settings(home=tmp_path, import_future_margin_days=margin), Requester("cli"),
            "roster", TableSource(file_name="roster.csv", content=content), MAPPING)
        assert outcome.report.rows_rejected == rejected


def test_implausible_durations_are_rejected(engine: Engine) -> None:
    with_roster(engine)
    report = run(engine, "interactions", INTERACTIONS_HEADER
                 + "OC-1,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,300,0,30,\n"
                 + "OC-2,PGD00001,Voice,Inbound,01/10/2025 08:00:00,01/10/2026 08:05:00,280,,,\n"
                 + "OC-3,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,900,,,\n"
                 + "OC-4,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,60,"
                   "00:06:00,,\n"
                 + "OC-5,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,280,0,"
                   "30:00:00,\n"
                 + "OC-6,PGD00001,Voice,Inbound,01/10/2026 08:00:00,01/10/2026 08:05:00,"
                   "300.6,0,600,\n")

    assert problems(report) == [(3, "Waktu Selesai", "interaction_too_long"),
                                (4, "Durasi Bicara", "longer_than_interaction"),
                                (5, "Durasi Hold", "longer_than_interaction"),
                                (6, "Durasi ACW", "duration_too_long")]
    assert rejection_message(report.rejections[1], "en") == \
        "Duration '900' is longer than the interaction (300 seconds from start to end)."
    assert rejection_message(report.rejections[0], "id") == \
        "Interaksi berlangsung lebih dari 24 jam. Periksa waktu mulai dan selesai."
    # rounding of a second is tolerated, and after-call work may outlast a short call
    assert stored(engine, Interaction.source_id) == ["OC-1", "OC-6"]


def test_chat_threads_with_unreadable_times_are_rejected_at_import(engine: Engine) -> None:
    with_roster(engine)

    def thread(*times: str) -> str:
        messages = [{"sender": "customer", "sent_at": at, "text": "halo"} for at in times]
        return '"' + json.dumps(messages).replace('"', '""') + '"'

    start = "Chat,Inbound,01/10/2026 09:00:00,01/10/2026 09:10:00,,,,"
    report = run(engine, "interactions", INTERACTIONS_HEADER
                 + f"OC-1,PGD00001,{start}{thread('2026-10-01T09:00:00+07:00')}\n"
                 + f"OC-2,PGD00001,{start}{thread('2026-10-01T09:00:00', 'kemarin sore')}\n"
                 + f"OC-3,PGD00001,{start}"
                 + f"{thread('2026-10-01T09:00:00+07:00', '2026-10-01 09:01')}\n"
                 + f"OC-4,PGD00001,{start}\"[]\"\n")

    assert problems(report) == [(3, "Percakapan", "bad_chat_time"),
                                (4, "Percakapan", "bad_chat_time"),
                                (5, "Percakapan", "bad_chat_thread")]
    assert rejection_message(report.rejections[0], "en").startswith(
        "The time of message 2 ('kemarin sore') cannot be read.")
    assert stored(engine, Interaction.source_id) == ["OC-1"]


def test_a_file_in_no_known_encoding_fails_with_a_clear_message(engine: Engine) -> None:
    undefined = (ROSTER_HEADER + "PGD00001;Rina ").encode("cp1252") + b"\x81" + \
        ";05/01/2026;Tier 1;Pagi\n".encode()
    utf16 = (ROSTER_HEADER + GOOD_AGENT).encode("utf-16")
    for name, content in (("roster.csv", undefined), ("roster16.csv", utf16)):
        report = run(engine, "roster", content, name=name)
        assert (report.status, report.error_code) == ("failed", "unknown_encoding")
        message = file_error_message(report, "en")
        assert message.startswith(f"File {name} is neither UTF-8 nor Windows-1252 text (byte ")
        assert "Save it again as 'CSV UTF-8'" in message
    assert report.error_params["byte"] == "0x00"
    assert run(engine, "roster", undefined, name="x.csv").error_params == {
        "position": len((ROSTER_HEADER + "PGD00001;Rina ").encode()), "byte": "0x81"}
    assert stored(engine, Agent.employee_id) == []


def test_long_file_names_and_headers_do_not_break_the_import(engine: Engine) -> None:
    long_header = "Catatan " + "x" * 200
    report = run(engine, "roster", f"ID Karyawan;Nama Agent;Tanggal Masuk;Tier;Tim;{long_header}\n"
                 + "PGD00001;Rina;05/01/2026;Tier 1;Pagi;ok\n"
                 + "PGD00002;Budi;05/01/2026;Tier 1;Pagi\n", name="r" * 300 + ".csv")

    assert report.status == "completed"
    assert problems(report) == [(3, long_header, "wrong_field_count")]
    with Session(engine) as session:
        batch = session.scalars(select(ImportBatch)).one()
        rejection = session.scalars(select(ImportRejection)).one()
        assert session.scalar(select(func.count()).select_from(Agent)) == 1
    assert len(batch.file_name) == 255
    assert rejection.column == long_header[:128]
