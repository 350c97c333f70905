"""Rejection reasons carry no personal data: they are masked exactly as the cells are.

An agent id typed as a NIK, a phone number in the channel column, an e-mail address as the
start time: the reason quotes the value ("Agent '…' is not in the roster"), so the masked
rejected-rows CSV, the page's rejection list and a past import's CSV mask it in the reason
too; the unmasked export for the QCO lead keeps the original. SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.ingest.history import batch_rejections, rejections_table
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.report import rejection_message, rejections_csv
from qa_app.ingest.service import ImportReport, import_file
from qa_app.ingest.validate import Rejection
from qa_app.services.imports import export_rejected_rows
from qa_app.services.requester import Requester

HEADER = ("ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,Durasi Bicara,"
          "Durasi Hold,Durasi ACW,ID Kasus,Nomor Tiket,Percakapan,Persetujuan Data\n")
TIMES = "01/10/2026 08:00:00,01/10/2026 08:05:00"
#: (line, column, the personal value, its label)
PERSONAL = [
    (2, "ID Agent", "3201234567890001", "[NIK]"),
    (3, "ID Agent", "+62 812-3456-7890", "[PHONE]"),
    (4, "ID Agent", "budi.santoso@gmail.com", "[EMAIL]"),
    (5, "Channel", "081234567890", "[PHONE]"),
    (6, "Waktu Mulai", "siti.aminah@yahoo.co.id", "[EMAIL]"),
]
INTERACTIONS = HEADER + (
    f"OC-21,3201234567890001,Voice,Inbound,{TIMES},280,0,30,CS-21,,,\n"
    f'OC-22,"+62 812-3456-7890",Voice,Inbound,{TIMES},280,0,30,CS-22,,,\n'
    f"OC-23,budi.santoso@gmail.com,Voice,Inbound,{TIMES},280,0,30,CS-23,,,\n"
    f"OC-24,PGD00001,081234567890,Inbound,{TIMES},280,0,30,CS-24,,,\n"
    "OC-25,PGD00001,Voice,Inbound,siti.aminah@yahoo.co.id,01/10/2026 08:05:00,280,0,30,"
    "CS-25,,,\n"
)


def imported(engine: Engine) -> ImportReport:
    source = TableSource(file_name="interaksi.csv", content=INTERACTIONS.encode("utf-8"))
    return import_file(engine, "interactions", source, load_mapping(), "test")


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def personal_rejections(rejections: list[Rejection]) -> list[Rejection]:
    wanted = {(line, column) for line, column, _value, _label in PERSONAL}
    found = [r for r in rejections if (r.line, r.column) in wanted]
    assert {(r.line, r.column) for r in found} == wanted
    return found


def test_reasons_in_the_masked_csv_are_masked_as_the_cells_are(engine: Engine) -> None:
    report = imported(engine)
    personal_rejections(report.rejections)
    masked = rows(rejections_csv(report.rejections, "en"))
    for line, column, value, label in PERSONAL:
        row = next(r for r in masked if r["line"] == str(line) and r["column"] == column)
        assert row["value"] == label and label in row["reason"]
        assert value not in row["reason"]
    assert all(value not in line for line in rejections_csv(report.rejections, "en")
               .decode("utf-8-sig").splitlines() for _l, _c, value, _label in PERSONAL)


def test_the_unmasked_export_keeps_the_original_reason(engine: Engine) -> None:
    report = imported(engine)
    plain = rows(rejections_csv(report.rejections, "en", masked=False))
    for line, column, value, _label in PERSONAL:
        row = next(r for r in plain if r["line"] == str(line) and r["column"] == column)
        assert row["value"].lstrip("'") == value and value in row["reason"]


def test_a_past_imports_csv_and_the_pages_list_are_masked_too(engine: Engine) -> None:
    report = imported(engine)
    with Session(engine) as session:
        stored = batch_rejections(session, report.batch_id)
    past = export_rejected_rows(engine, Requester.command_line(), report.batch_id, "id")
    assert past == rejections_csv(stored, "id")
    text = past.decode("utf-8-sig")
    assert all(value not in text for _line, _column, value, _label in PERSONAL)
    table = rejections_table(personal_rejections(stored), "id")
    shown = table.to_csv()
    assert all(value not in shown for _line, _column, value, _label in PERSONAL)
    assert {label for *_rest, label in PERSONAL} <= set(table.iloc[:, 2])


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Agent '[NIK]' is not in the roster."),
    ("id", "[NIK]"),
])
def test_the_reason_alone_is_masked_by_default(language: str, expected: str) -> None:
    rejection = Rejection(line=2, column="ID Agent", value="3201234567890001",
                          reason="unknown_agent", params={}, raw_row={})
    assert expected in rejection_message(rejection, language)
    assert "3201234567890001" in rejection_message(rejection, language, masked=False)
