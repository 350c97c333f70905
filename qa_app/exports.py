"""Safe file exports and shown tables: cells that spreadsheet programs cannot run.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return) would be
taken as a formula by Excel or LibreOffice; such cells get a leading apostrophe, in the files
and in the tables the pages show (``guarded_frame``). A recording leaves redacted: the spans
of its masked words are a tone (``redacted_recording``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qa_app.transcribe.audio import load_segment
from qa_app.transcribe.redact import mask_text
from qa_app.transcribe.redact_audio import AudioSpan, masked_spans, redact

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so that Excel shows Indonesian text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else neutralize(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """An XLSX workbook with one sheet per entry (bold header, frozen first row, filters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutralize(cell) for cell in row])
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def guarded_frame(data: object, personal: Collection[str] = ()) -> pd.DataFrame:
    """``data`` as a table that is safe to show: the same rule as the files, for every cell.

    Formula-leading text gets the apostrophe, so that a copied cell cannot run in a
    spreadsheet either; the ``personal`` columns (cells that can hold a customer's
    identifiers, such as a rejected row's original value) are masked like transcripts. No
    table of the app shows them unmasked: the original cells leave only through the audited
    exports.
    """
    frame = data.copy() if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    unknown = set(personal) - set(frame.columns)
    if unknown:
        raise ValueError(f"personal columns {sorted(unknown)} are not in the table")
    for column in frame.columns:
        if frame[column].dtype.kind not in "OSU" and not pd.api.types.is_string_dtype(
                frame[column]):
            continue
        mask = column in personal
        frame[column] = frame[column].map(
            lambda cell, mask=mask: neutralize(mask_text(cell) if mask else cell)
            if isinstance(cell, str) else cell)
    return frame


@dataclass(frozen=True)
class RedactedRecording:
    data: bytes  # WAV, 16-bit PCM at the recording's own sample rate and channels
    spans: tuple[AudioSpan, ...]

    @property
    def seconds(self) -> float:
        return sum(span.end - span.start for span in self.spans)


def redacted_recording(path: Path, document: Mapping[str, Any],
                       stereo_speakers: Sequence[str]) -> RedactedRecording:
    """The recording at ``path`` as a WAV file with the words masked in its stored
    transcript ``document`` replaced by a tone (lossless: outside the spans every sample is
    the original's)."""
    spans = tuple(masked_spans(document, stereo_speakers))
    buffer = io.BytesIO()
    redact(load_segment(path), spans).export(buffer, format="wav")
    return RedactedRecording(buffer.getvalue(), spans)
