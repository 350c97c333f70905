"""Reading an exported file into chunks of text columns with their line numbers.

CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM or Windows-1252) is parsed by Arrow's CSV
reader, XLSX by openpyxl. Every cell is handed on as text, so both go through the same parsing
and validation. Line numbers are the file's physical lines (the header is line 1), counting the
line breaks inside quoted cells and the blank lines, which are skipped; a row with too few or
too many cells is set apart as malformed, with its line, instead of being guessed at.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
from openpyxl import load_workbook

from qa_app.ingest.errors import ImportFileError

CHUNK_ROWS = 50_000
XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (",", ";", "\t")


@dataclass
class MalformedRow:
    line: int
    cells: list[str]


@dataclass
class RawChunk:
    """Rows of one file as text columns; ``lines[i]`` is the file line where row ``i`` starts."""

    headers: list[str]
    columns: list[pa.Array]
    lines: np.ndarray
    malformed: list[MalformedRow] = field(default_factory=list)
    expected_rows: int = 0  # rows in the whole file, for progress (an estimate for XLSX)

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, i: int) -> dict[str, str]:
        return {h: column[i].as_py() for h, column in zip(self.headers, self.columns, strict=False)}


@dataclass
class TableSource:
    """A file to import: a path on disk or the bytes of an upload, with the name to report."""

    file_name: str
    path: Path | None = None
    content: bytes | None = None

    @classmethod
    def from_path(cls, path: Path) -> TableSource:
        return cls(file_name=path.name, path=path)

    def open_binary(self) -> IO[bytes]:
        if self.content is not None:
            return io.BytesIO(self.content)
        assert self.path is not None
        return self.path.open("rb")

    def head(self, size: int) -> bytes:
        with self.open_binary() as handle:
            return handle.read(size)


def _undecodable(source: TableSource, encoding: str) -> tuple[int, int] | None:
    """The offset and value of the first byte the whole file cannot be read at in
    ``encoding``, or None when it reads. A NUL byte counts as unreadable: no text export
    holds one, while UTF-16 and binary files are full of them and would otherwise pass as
    Windows-1252 and come out as mojibake."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with source.open_binary() as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            nul = block.find(b"\x00")
            if nul >= 0:
                return offset + nul, 0
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:  # error.object: bytes held back + this block
                held_back = len(error.object) - len(block)
                return offset - held_back + error.start, error.object[error.start]
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:  # a multi-byte character cut off at the end
            return offset - len(error.object) + error.start, error.object[error.start]
    return None


def detect_encoding(source: TableSource) -> str:
    """UTF-8 when the whole file decodes as such (a BOM is allowed), else Windows-1252.

    A file that is neither (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined) is
    refused with the position of the first unreadable byte, instead of being guessed at."""
    if _undecodable(source, "utf-8") is None:
        return "utf-8"
    problem = _undecodable(source, "cp1252")
    if problem is None:
        return "cp1252"
    position, byte = problem
    raise ImportFileError(source.file_name, "unknown_encoding", position=position,
                          byte=f"0x{byte:02X}")


def detect_delimiter(header_line: str) -> str:
    widths = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: widths[d])


def _header(source: TableSource, encoding: str) -> tuple[list[str], str]:
    text = source.head(64 * 1024).decode(encoding, errors="replace").lstrip("\ufeff")
    header_line = text.splitlines()[0] if text.strip() else ""
    if not header_line.strip():
        raise ImportFileError(source.file_name, "empty_file")
    delimiter = detect_delimiter(header_line)
    return [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter))], delimiter


def _physical_lines(good_records: np.ndarray, newlines_in_good: np.ndarray,
                    malformed: list[tuple[int, str]]) -> tuple[np.ndarray, list[int]]:
    """Record numbers (header = 1) → physical lines, adding the line breaks of earlier records."""
    numbers = np.concatenate([good_records, np.array([n for n, _ in malformed], dtype=np.int64)])
    extra = np.concatenate([newlines_in_good,
                            np.array([t.count("\n") for _, t in malformed], dtype=np.int64)])
    order = np.argsort(numbers, kind="stable")
    before = np.zeros(len(numbers), dtype=np.int64)
    before[order] = np.concatenate([[0], np.cumsum(extra[order])[:-1]]) if len(numbers) else []
    lines = numbers + before
    return lines[:len(good_records)], lines[len(good_records):].tolist()


def _csv_chunks(source: TableSource, chunk_rows: int) -> Iterator[RawChunk]:
    encoding = detect_encoding(source)
    headers, delimiter = _header(source, encoding)
    names = [f"c{i}" for i in range(len(headers))]  # positional: headers may repeat or be blank
    malformed: list[tuple[int, str]] = []

    def set_apart(row: Any) -> str:
        malformed.append((row.number, row.text))
        return "skip"

    try:
        with source.open_binary() as handle:
            table = pv.read_csv(
                handle,
                read_options=pv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding,
                                            use_threads=False, block_size=1 << 24),
                parse_options=pv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                              ignore_empty_lines=False,
                                              invalid_row_handler=set_apart),
                convert_options=pv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                  strings_can_be_null=False,
                                                  quoted_strings_can_be_null=False),
            )
    except pa.ArrowInvalid as error:
        if "skip initial" not in str(error):
            raise ImportFileError(source.file_name, "csv_syntax", detail=str(error)) from error
        table = pa.table({n: pa.array([], pa.string()) for n in names})  # a header, no rows
    except UnicodeDecodeError as error:
        raise ImportFileError(source.file_name, "csv_syntax", detail=str(error)) from error
    columns = [table.column(i).combine_chunks() for i in range(len(names))]
    # Arrow numbers records counting the skipped header as record 1.
    bad_records = {number for number, _ in malformed}
    count = len(table) + len(bad_records)
    good_records = np.array([n for n in range(2, count + 2) if n not in bad_records],
                            dtype=np.int64) \
        if bad_records else np.arange(2, count + 2, dtype=np.int64)
    newlines = np.zeros(len(table), dtype=np.int64)
    for column in columns:
        newlines += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
    lines, bad_lines = _physical_lines(good_records, newlines, malformed)
    blank = np.ones(len(table), dtype=bool)
    for column in columns:
        if not blank.any():
            break
        blank &= pc.equal(pc.utf8_trim_whitespace(column), "").to_numpy(zero_copy_only=False)
    if blank.any():  # blank lines count for the numbering but are no rows
        keep = pa.array(~blank)
        columns = [column.filter(keep) for column in columns]
        lines = lines[~blank]
    set_apart_rows = [MalformedRow(line, next(csv.reader([text], delimiter=delimiter), []))
                      for line, (_, text) in zip(bad_lines, malformed, strict=False)
                      if text.strip()]
    for start in range(0, max(len(lines), 1), chunk_rows):
        yield RawChunk(headers, [c.slice(start, chunk_rows) for c in columns],
                       lines[start:start + chunk_rows],
                       set_apart_rows if start == 0 else [], count)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_chunks(source: TableSource, chunk_rows: int) -> Iterator[RawChunk]:
    try:
        workbook = load_workbook(source.open_binary(), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(source.file_name, "xlsx_unreadable", detail=str(error)) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header_line = 0
        headers: list[str] = []
        for header_line, values in enumerate(rows, start=1):  # noqa: B007  (read after it)
            headers = [_cell_text(v) for v in values]
            if any(headers):
                break
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise ImportFileError(source.file_name, "empty_file")
        width = len(headers)
        expected = max((workbook.worksheets[0].max_row or 0) - header_line, 0)
        lines: list[int] = []
        cells: list[list[str]] = []
        yielded = False
        malformed: list[MalformedRow] = []
        for line, values in enumerate(rows, start=header_line + 1):
            texts = [_cell_text(v) for v in values]
            if not any(texts):
                continue
            if any(texts[width:]):
                malformed.append(MalformedRow(line, texts))
                continue
            cells.append(texts[:width] + [""] * (width - len(texts)))
            lines.append(line)
            if len(cells) >= chunk_rows:
                yield _from_rows(headers, cells, lines, malformed, expected)
                cells, lines, malformed = [], [], []
                yielded = True
        if cells or malformed or not yielded:
            yield _from_rows(headers, cells, lines, malformed, expected)
    finally:
        workbook.close()


def _from_rows(headers: list[str], rows: list[list[str]], lines: list[int],
               malformed: list[MalformedRow], expected_rows: int) -> RawChunk:
    by_column = list(zip(*rows, strict=False)) if rows else [()] * len(headers)
    return RawChunk(headers, [pa.array(column, type=pa.string()) for column in by_column],
                    np.array(lines, dtype=np.int64), malformed, expected_rows)


def read_chunks(source: TableSource, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawChunk]:
    """Chunks of rows; raises ImportFileError for a file that cannot be read at all."""
    if not source.head(1):
        raise ImportFileError(source.file_name, "empty_file")
    if source.head(4) == XLSX_MAGIC:
        yield from _xlsx_chunks(source, chunk_rows)
    else:
        yield from _csv_chunks(source, chunk_rows)
