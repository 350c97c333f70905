"""Unit tests of reading exported CSV and XLSX files into text chunks (qa_app.ingest.reader)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import Workbook

from qa_app.ingest import parsers
from qa_app.ingest.errors import ImportFileError
from qa_app.ingest.reader import MalformedRow, RawChunk, TableSource, read_chunks


@dataclass
class ReadBack:
    """Every chunk of a file, concatenated."""

    chunks: list[RawChunk]

    @property
    def headers(self) -> list[str]:
        return self.chunks[0].headers

    @property
    def rows(self) -> list[list[str]]:
        return [[column[i].as_py() for column in chunk.columns]
                for chunk in self.chunks for i in range(len(chunk))]

    @property
    def lines(self) -> list[int]:
        return [int(line) for chunk in self.chunks for line in chunk.lines]

    @property
    def malformed(self) -> list[MalformedRow]:
        return [row for chunk in self.chunks for row in chunk.malformed]


def source_of(tmp_path: Path, how: str, name: str, content: bytes) -> TableSource:
    """The file on disk (``from_path``) or as the bytes of an upload."""
    if how == "path":
        path = tmp_path / name
        path.write_bytes(content)
        return TableSource.from_path(path)
    return TableSource(file_name=name, content=content)


def read_all(source: TableSource, chunk_rows: int | None = None) -> ReadBack:
    chunks = list(read_chunks(source) if chunk_rows is None else read_chunks(source, chunk_rows))
    assert chunks, "read_chunks yields at least one chunk for a readable file"
    for chunk in chunks:
        assert isinstance(chunk, RawChunk)
        assert len(chunk.columns) == len(chunk.headers)
        assert all(isinstance(column, pa.Array) for column in chunk.columns)
        assert all(column.type == pa.string() for column in chunk.columns)
        assert all(len(column) == len(chunk) for column in chunk.columns)
        assert isinstance(chunk.lines, np.ndarray)
        assert np.issubdtype(chunk.lines.dtype, np.integer)
    return ReadBack(chunks)


HOW = pytest.mark.parametrize("how", ["path", "upload"])


# --------------------------------------------------------------------------------- CSV basics

@HOW
@pytest.mark.parametrize("delimiter", [
    pytest.param(",", id="comma"),
    pytest.param(";", id="semicolon"),
    pytest.param("\t", id="tab"),
])
def test_csv_delimiters(tmp_path: Path, how: str, delimiter: str) -> None:
    other = ";" if delimiter == "," else ","  # the other separator is just text in a cell
    text = delimiter.join(["ID Interaksi", "Nama Agent", "Catatan"]) + "\n" \
        + delimiter.join(["INT-1", "Budi", f"a{other}b"]) + "\n" \
        + delimiter.join(["INT-2", "Sari", ""]) + "\n"
    read = read_all(source_of(tmp_path, how, "interaksi.csv", text.encode()))
    assert read.headers == ["ID Interaksi", "Nama Agent", "Catatan"]
    assert read.rows == [["INT-1", "Budi", f"a{other}b"], ["INT-2", "Sari", ""]]
    assert read.lines == [2, 3]
    assert read.malformed == []
    assert read.chunks[0].expected_rows == 2


@HOW
@pytest.mark.parametrize("newline", [pytest.param("\n", id="LF"), pytest.param("\r\n", id="CRLF")])
def test_csv_line_endings(tmp_path: Path, how: str, newline: str) -> None:
    text = newline.join(["ID;Nama", "1;Budi", "2;Sari"]) + newline
    read = read_all(source_of(tmp_path, how, "a.csv", text.encode()))
    assert read.headers == ["ID", "Nama"]
    assert read.rows == [["1", "Budi"], ["2", "Sari"]]
    assert read.lines == [2, 3]


def test_csv_last_row_without_newline(tmp_path: Path) -> None:
    read = read_all(source_of(tmp_path, "upload", "a.csv", b"ID,Nama\n1,Budi\n2,Sari"))
    assert read.rows == [["1", "Budi"], ["2", "Sari"]]
    assert read.lines == [2, 3]


def test_csv_cells_are_text_as_written(tmp_path: Path) -> None:
    """Nothing is converted: leading zeros, decimals and dates stay as the file wrote them."""
    text = 'NIP,Durasi,Waktu,Kosong\n007,"305,5",01/10/2026 08:00,""\n'
    read = read_all(source_of(tmp_path, "upload", "a.csv", text.encode()))
    assert read.rows == [["007", "305,5", "01/10/2026 08:00", ""]]


def test_csv_header_cells_are_stripped_and_may_repeat(tmp_path: Path) -> None:
    read = read_all(source_of(tmp_path, "upload", "a.csv", b" ID , Nama ,Nama\n1,Budi,B\n"))
    assert read.headers == ["ID", "Nama", "Nama"]
    assert read.rows == [["1", "Budi", "B"]]


def test_chunk_row_gives_a_dict_by_header(tmp_path: Path) -> None:
    read = read_all(source_of(tmp_path, "upload", "a.csv", b"ID,Nama\n1,Budi\n2,Sari\n"))
    assert read.chunks[0].row(1) == {"ID": "2", "Nama": "Sari"}


# ---------------------------------------------------------------------------------- encodings

ENCODED = "ID;Nama;Kota\n1;café;Sumatera Utara – Medan\n2;Dédé;Jakarta\n"


@HOW
@pytest.mark.parametrize("content", [
    pytest.param(ENCODED.encode("utf-8"), id="utf-8"),
    pytest.param(b"\xef\xbb\xbf" + ENCODED.encode("utf-8"), id="utf-8-bom"),
    pytest.param(ENCODED.encode("cp1252"), id="windows-1252"),
])
def test_csv_encodings(tmp_path: Path, how: str, content: bytes) -> None:
    read = read_all(source_of(tmp_path, how, "roster.csv", content))
    assert read.headers == ["ID", "Nama", "Kota"]
    assert not any("\ufeff" in h for h in read.headers)
    assert read.rows == [["1", "café", "Sumatera Utara – Medan"], ["2", "Dédé", "Jakarta"]]
    assert read.lines == [2, 3]


def test_windows_1252_fixture_really_is_not_utf8() -> None:
    content = ENCODED.encode("cp1252")
    assert b"\x96" in content and b"\xe9" in content  # en dash and é as single cp1252 bytes
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")


@pytest.mark.parametrize("content", [
    pytest.param(b'\xef\xbb\xbf"ID";"Nama"\n"1";"Budi"\n', id="bom-quoted-header"),
    pytest.param(b"\xef\xbb\xbfID,Nama\n1,Budi\n", id="bom-comma"),
])
def test_bom_does_not_leak_into_first_header(content: bytes) -> None:
    read = read_all(TableSource(file_name="a.csv", content=content))
    assert read.headers == ["ID", "Nama"]
    assert read.rows == [["1", "Budi"]]


def test_windows_1252_only_late_in_the_file(tmp_path: Path) -> None:
    """The encoding is decided on the whole file, not on its first block."""
    body = "ID,Nama\n" + "".join(f"{i},Agent {i}\n" for i in range(1, 20_001))
    content = body.encode("ascii") + "20001,José – Medan\n".encode("cp1252")
    assert len(content) > 64 * 1024
    read = read_all(source_of(tmp_path, "path", "big.csv", content))
    assert read.rows[-1] == ["20001", "José – Medan"]
    assert read.lines[-1] == 20_002


# ---------------------------------------------------------------------- lines and malformed

@pytest.mark.parametrize(("text", "rows", "lines"), [
    pytest.param('ID,Catatan\n1,"baris satu\nbaris dua"\n2,biasa\n',
                 [["1", "baris satu\nbaris dua"], ["2", "biasa"]], [2, 4],
                 id="one-newline-in-a-cell"),
    pytest.param('ID,Catatan\n1,"a\nb\nc"\n2,x\n3,"d\ne"\n4,y\n',
                 [["1", "a\nb\nc"], ["2", "x"], ["3", "d\ne"], ["4", "y"]], [2, 5, 6, 8],
                 id="several-newlines"),
    pytest.param('ID,Catatan\r\n1,"a\r\nb"\r\n2,x\r\n',
                 [["1", "a\r\nb"], ["2", "x"]], [2, 4], id="crlf-inside-a-cell"),
    pytest.param('ID;Catatan;Kota\n1;"Pelanggan bilang:\n""tolong cepat""\n";Medan\n2;x;Solo\n',
                 [["1", 'Pelanggan bilang:\n"tolong cepat"\n', "Medan"], ["2", "x", "Solo"]],
                 [2, 5], id="escaped-quotes-and-trailing-newline"),
])
def test_line_numbers_count_newlines_inside_quoted_cells(
        tmp_path: Path, text: str, rows: list[list[str]], lines: list[int]) -> None:
    read = read_all(source_of(tmp_path, "upload", "a.csv", text.encode()))
    assert read.rows == rows
    assert read.lines == lines
    assert read.malformed == []


@HOW
def test_rows_with_too_few_or_too_many_fields_are_set_apart(tmp_path: Path, how: str) -> None:
    text = ("ID,Nama,Kota\n"
            "1,Budi,Medan\n"
            "2,Sari\n"                    # too few
            "3,Ani,Bogor,extra\n"         # too many
            "4,Dedi,Solo\n")
    read = read_all(source_of(tmp_path, how, "a.csv", text.encode()))
    assert read.rows == [["1", "Budi", "Medan"], ["4", "Dedi", "Solo"]]
    assert read.lines == [2, 5]
    assert read.malformed == [MalformedRow(3, ["2", "Sari"]),
                              MalformedRow(4, ["3", "Ani", "Bogor", "extra"])]
    assert read.chunks[0].expected_rows == 4  # every record, good or not


@pytest.mark.parametrize(("text", "lines", "malformed"), [
    pytest.param('ID,Catatan\n1,"a\nb"\n2\n3,x\n', [2, 5], [MalformedRow(4, ["2"])],
                 id="malformed-after-a-multiline-cell"),
    pytest.param('ID,Catatan,X\n1,"a\nb"\n2,c,d\n', [4], [MalformedRow(2, ["1", "a\nb"])],
                 id="malformed-row-with-a-multiline-cell"),
    pytest.param('ID,Catatan\n1,"a\nb",z\n2,c\n', [4], [MalformedRow(2, ["1", "a\nb", "z"])],
                 id="too-many-with-a-multiline-cell"),
])
def test_malformed_rows_and_multiline_cells(text: str, lines: list[int],
                                            malformed: list[MalformedRow]) -> None:
    read = read_all(TableSource(file_name="a.csv", content=text.encode()))
    assert read.lines == lines
    assert read.malformed == malformed


@pytest.mark.parametrize("text", [
    pytest.param("ID,Nama\n1,Budi\n\n2,Sari\n\n\n3,Ani\n", id="LF"),
    pytest.param("ID,Nama\r\n1,Budi\r\n\r\n2,Sari\r\n\r\n\r\n3,Ani\r\n", id="CRLF"),
    pytest.param("ID,Nama\n1,Budi\n\n2,Sari\n\n\n3,Ani\n\n\n", id="trailing-blank-lines"),
])
def test_blank_lines_are_skipped(text: str) -> None:
    read = read_all(TableSource(file_name="a.csv", content=text.encode()))
    assert read.rows == [["1", "Budi"], ["2", "Sari"], ["3", "Ani"]]
    assert read.malformed == []


@pytest.mark.parametrize(("text", "lines", "malformed"), [
    pytest.param("ID,Nama\n1,Budi\n\n2,Sari\n\n\n3,Ani\n", [2, 4, 7], [], id="LF"),
    pytest.param("ID,Nama\r\n\r\n1,Budi\r\n", [3], [], id="CRLF-blank-before-first-row"),
    pytest.param('ID,Catatan\n1,"a\nb"\n2\n\n3,x,y\n4,z\n', [2, 7],
                 [MalformedRow(4, ["2"]), MalformedRow(6, ["3", "x", "y"])],
                 id="with-multiline-and-malformed-rows"),
])
def test_line_numbers_after_blank_lines_are_physical_lines(
        text: str, lines: list[int], malformed: list[MalformedRow]) -> None:
    """A blank line is skipped but still a line of the file: a rejection must point at the
    line the user sees in an editor."""
    read = read_all(TableSource(file_name="a.csv", content=text.encode()))
    assert read.lines == lines
    assert read.malformed == malformed


# ------------------------------------------------------------------- empty and header-only

@HOW
@pytest.mark.parametrize("content", [
    pytest.param(b"", id="zero-bytes"),
    pytest.param(b"\n\n", id="only-newlines"),
    pytest.param(b"\r\n   \r\n", id="only-blank-lines"),
])
def test_empty_csv_is_an_empty_file_error(tmp_path: Path, how: str, content: bytes) -> None:
    source = source_of(tmp_path, how, "kosong.csv", content)
    with pytest.raises(ImportFileError) as raised:
        list(read_chunks(source))
    assert raised.value.code == "empty_file"
    assert raised.value.file_name == "kosong.csv"


@HOW
@pytest.mark.parametrize("content", [
    pytest.param(b"ID,Nama\n", id="LF"),
    pytest.param(b"ID;Nama\r\n", id="CRLF"),
    pytest.param(b"\xef\xbb\xbfID,Nama\n", id="bom"),
    pytest.param(b"ID,Nama", id="no-final-newline"),
])
def test_header_only_csv_has_no_rows_and_no_error(tmp_path: Path, how: str,
                                                  content: bytes) -> None:
    read = read_all(source_of(tmp_path, how, "header.csv", content))
    assert len(read.chunks) == 1
    assert read.headers == ["ID", "Nama"]
    assert read.rows == [] and read.lines == [] and read.malformed == []
    assert read.chunks[0].expected_rows == 0


# ---------------------------------------------------------------------------------- chunking

def numbered_csv(rows: int) -> bytes:
    return ("ID,Nama\n" + "".join(f"{i},Agent {i}\n" for i in range(1, rows + 1))).encode()


def numbered_xlsx(rows: int) -> bytes:
    return xlsx_bytes([["ID", "Nama"]] + [[f"{i}", f"Agent {i}"] for i in range(1, rows + 1)])


@HOW
@pytest.mark.parametrize(("name", "make"), [
    pytest.param("a.csv", numbered_csv, id="csv"),
    pytest.param("a.xlsx", numbered_xlsx, id="xlsx"),
])
def test_chunking_ten_rows_by_three(tmp_path: Path, how: str, name: str, make: Any) -> None:
    read = read_all(source_of(tmp_path, how, name, make(10)), chunk_rows=3)
    assert [len(chunk) for chunk in read.chunks] == [3, 3, 3, 1]
    assert read.lines == list(range(2, 12))
    assert [row[0] for row in read.rows] == [str(i) for i in range(1, 11)]
    assert all(chunk.headers == ["ID", "Nama"] for chunk in read.chunks)
    assert all(chunk.expected_rows == 10 for chunk in read.chunks)


@pytest.mark.parametrize("chunk_rows", [1, 2, 4, 100])
def test_chunking_keeps_malformed_rows_once(chunk_rows: int) -> None:
    text = "ID,Nama\n1,a\n2\n3,c\n4,d,x\n5,e\n6,f\n"
    read = read_all(TableSource(file_name="a.csv", content=text.encode()), chunk_rows)
    assert read.lines == [2, 4, 6, 7]
    assert read.malformed == [MalformedRow(3, ["2"]), MalformedRow(5, ["4", "d", "x"])]


# ---------------------------------------------------------------------------------------- XLSX

def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def interactions_xlsx() -> bytes:
    return xlsx_bytes([
        ["ID Interaksi", "Waktu Mulai", "Tanggal", "Durasi Bicara", "Catatan"],   # row 1
        ["INT-1", datetime(2026, 10, 1, 8, 0, 0), date(2026, 10, 1), 305.0, None],  # row 2
        [None, None, None, None, None],                                           # row 3
        ["INT-2", datetime(2026, 10, 1, 9, 30, 15), date(2026, 10, 2), 12, "ok"],   # row 4
        ["INT-3", "01/10/2026 08:00", "x", 305.5, "", "extra"],                   # row 5
        ["INT-4", "01/10/2026 09:00", None, "00:05:05"],                          # row 6
    ])


@HOW
def test_xlsx_is_read_as_text_with_sheet_rows_as_lines(tmp_path: Path, how: str) -> None:
    read = read_all(source_of(tmp_path, how, "interaksi.xlsx", interactions_xlsx()))
    assert read.headers == ["ID Interaksi", "Waktu Mulai", "Tanggal", "Durasi Bicara", "Catatan"]
    assert read.lines == [2, 4, 6]  # the empty row 3 is skipped, row 5 is malformed
    first, second, fourth = read.rows
    assert first[0] == "INT-1"
    assert first[1] == "2026-10-01 08:00:00"   # a datetime cell
    assert first[3] == "305"                   # 305.0 stored as a float
    assert first[4] == ""                      # an empty cell
    assert second == ["INT-2", "2026-10-01 09:30:15", second[2], "12", "ok"]
    assert fourth == ["INT-4", "01/10/2026 09:00", "", "00:05:05", ""]  # short row is padded
    assert read.malformed == [
        MalformedRow(5, ["INT-3", "01/10/2026 08:00", "x", "305.5", "", "extra"])]


def test_xlsx_date_cells_parse_back_to_their_dates() -> None:
    """A date cell comes out as ISO text that the date and datetime parsers read back."""
    read = read_all(TableSource(file_name="a.xlsx", content=interactions_xlsx()))
    dates = pd.Series([row[2] for row in read.rows], dtype="str")
    assert all(text == "" or text.startswith("2026-10-0") for text in dates)
    parsed = parsers.parse_date(dates)
    assert list(parsed.values[:2]) == [date(2026, 10, 1), date(2026, 10, 2)]
    assert parsed.errors.isna().all()
    times = parsers.parse_datetime(pd.Series([row[1] for row in read.rows], dtype="str"),
                                   "Asia/Jakarta")
    assert list(times.values) == [pd.Timestamp("2026-10-01 01:00:00", tz="UTC"),
                                  pd.Timestamp("2026-10-01 02:30:15", tz="UTC"),
                                  pd.Timestamp("2026-10-01 02:00:00", tz="UTC")]


def test_xlsx_header_below_blank_rows() -> None:
    content = xlsx_bytes([[None], ["ID", "Nama"], ["1", "Budi"]])
    read = read_all(TableSource(file_name="a.xlsx", content=content))
    assert read.headers == ["ID", "Nama"]
    assert read.rows == [["1", "Budi"]]
    assert read.lines == [3]


def test_xlsx_header_only_has_no_rows_and_no_error() -> None:
    read = read_all(TableSource(file_name="a.xlsx", content=xlsx_bytes([["ID", "Nama"]])))
    assert read.headers == ["ID", "Nama"]
    assert read.rows == [] and read.lines == [] and read.malformed == []


def test_xlsx_without_any_cell_is_an_empty_file_error() -> None:
    with pytest.raises(ImportFileError) as raised:
        list(read_chunks(TableSource(file_name="kosong.xlsx", content=xlsx_bytes([]))))
    assert raised.value.code == "empty_file"


@HOW
@pytest.mark.parametrize("content", [
    pytest.param(b"PK\x03\x04garbage", id="garbage-after-zip-magic"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 200, id="zeros-after-zip-magic"),
])
def test_damaged_xlsx_is_an_xlsx_unreadable_error(tmp_path: Path, how: str,
                                                  content: bytes) -> None:
    with pytest.raises(ImportFileError) as raised:
        list(read_chunks(source_of(tmp_path, how, "rusak.xlsx", content)))
    assert raised.value.code == "xlsx_unreadable"
    assert raised.value.file_name == "rusak.xlsx"
    assert raised.value.params.get("detail")


def test_xlsx_detected_by_content_not_by_name(tmp_path: Path) -> None:
    source = source_of(tmp_path, "path", "export.csv", numbered_xlsx(2))
    assert read_all(source).rows == [["1", "Agent 1"], ["2", "Agent 2"]]


def test_from_path_reports_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "roster_oktober.csv"
    path.parent.mkdir()
    path.write_bytes(b"ID\n1\n")
    source = TableSource.from_path(path)
    assert source.file_name == "roster_oktober.csv"
    assert source.path == path and source.content is None
