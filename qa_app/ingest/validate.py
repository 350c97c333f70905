"""Turning a chunk of text rows into typed columns plus the list of rejected rows.

The importer of each kind says which fields it has and how each is parsed (``FieldSpec``);
this module parses the columns, marks empty required cells and collects, for each bad row,
one ``Rejection`` per problem with the line, the file's column header, the value and a
catalog code for the reason. The same checks run before anything reaches the database, so a
file is judged alike on SQLite and PostgreSQL: a text longer than its column is rejected
here, not truncated by one database and refused with the whole file by the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

from qa_app.ingest import parsers
from qa_app.ingest.mapping import KindMapping, Mapping
from qa_app.ingest.reader import RawChunk

#: How much of an over-long cell a rejection keeps as its value (the row keeps it all).
LONG_VALUE_SHOWN = 80


def length_of(column: InstrumentedAttribute[Any]) -> int:
    """The length of a model's String column: the one source of an import field's limit."""
    column_type = column.property.columns[0].type
    if not isinstance(column_type, String) or column_type.length is None:
        raise TypeError(f"{column} has no declared length")
    return column_type.length


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | code | datetime | date | duration | score | ticket | chat
    required: bool = False
    max_length: int | None = None  # characters, from the model column (``length_of``)
    happened: bool = False  # an event that has taken place: not after ``ImportLimits.latest``


@dataclass(frozen=True)
class ImportLimits:
    """What an export can truthfully hold at the time it is imported: nothing that happens
    later than ``latest`` (now plus a margin for clocks and time zones)."""

    latest: datetime

    @classmethod
    def from_margin(cls, margin_days: float, now: datetime | None = None) -> ImportLimits:
        return cls((now or datetime.now(UTC)) + timedelta(days=margin_days))


@dataclass
class Rejection:
    line: int
    column: str | None
    value: str | None
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    raw_row: dict[str, str] = field(default_factory=dict)


@dataclass
class CheckedChunk:
    """Typed values of every row (``frame``, indexed like the chunk, with a ``line`` column),
    the per-cell problem codes (``problems``: field -> Series) and their extra parameters."""

    frame: pd.DataFrame
    problems: dict[str, pd.Series]
    params: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    _bad: np.ndarray | None = field(default=None, repr=False)  # kept up to date by ``flag``

    def flag(self, name: str, mask: pd.Series, code: str) -> None:
        """Mark the rows in ``mask`` as bad in field ``name`` (keeping an earlier problem)."""
        current = self.problems.setdefault(
            name, pd.Series(None, index=self.frame.index, dtype=object))
        current[mask & current.isna()] = code
        if self._bad is not None:
            self._bad |= mask.to_numpy(dtype=bool)

    def bad_rows(self) -> pd.Series:
        if self._bad is None:
            self._bad = np.zeros(len(self.frame), dtype=bool)
            for codes in self.problems.values():
                self._bad |= codes.notna().to_numpy()
        return pd.Series(self._bad.copy(), index=self.frame.index)


def _parser(spec: FieldSpec, kind_mapping: KindMapping, mapping: Mapping, timezone: str
            ) -> Callable[[pd.Series], parsers.Parsed]:
    match spec.kind:
        case "text":
            return parsers.parse_text
        case "code":
            words = kind_mapping.values.get(spec.name, {})
            return lambda raw: parsers.parse_code(raw, words)
        case "datetime":
            return lambda raw: parsers.parse_datetime(raw, timezone, mapping.day_first)
        case "date":
            return lambda raw: parsers.parse_date(raw, mapping.day_first)
        case "duration":
            return parsers.parse_duration
        case "score":
            return parsers.parse_score
        case "ticket":
            return parsers.parse_ticket_key
        case "chat":
            return parsers.parse_chat_messages
    raise ValueError(f"unknown field kind {spec.kind!r} for {spec.name}")


def row_hash(columns: list[pd.Series]) -> pd.Series:
    """A signed 64-bit hash of each row's cells as written (equal text, equal hash)."""
    index = columns[0].index
    cells = [pa.array(c).cast(pa.large_string()) for c in columns]
    joined = pc.binary_join_element_wise(*cells, pa.scalar("\x1f", pa.large_string()))
    # categorize=False: the same hashes, without factorizing cells that are nearly all unique
    hashes = pd.util.hash_array(joined.to_numpy(zero_copy_only=False), categorize=False)
    return pd.Series(hashes.view(np.int64), index=index)


def _too_long(text: pd.Series, limit: int, name: str, open_cells: pd.Series,
              params: dict[tuple[int, str], dict[str, Any]]) -> pd.Series:
    """Rows among ``open_cells`` whose text is longer than ``limit`` characters; their
    lengths go into ``params``."""
    lengths = text.str.len()
    over = (lengths > limit).fillna(False).astype(bool) & open_cells
    for row_index, length in lengths[over].items():
        params[(int(row_index), name)] = {"length": int(length), "max_length": limit}
    return over


def _later_than(values: pd.Series, spec: FieldSpec, limits: ImportLimits, timezone: str,
                open_cells: pd.Series, params: dict[tuple[int, str], dict[str, Any]]
                ) -> pd.Series:
    """Rows among ``open_cells`` of a ``happened`` field whose date or time lies after
    ``limits.latest``."""
    latest = limits.latest.astimezone(ZoneInfo(timezone))
    if spec.kind == "date":
        bound: object = latest.date()
        later = values.map(lambda day: isinstance(day, date) and day > bound).astype(bool)
        shown = latest.strftime("%d/%m/%Y")
    else:
        later = (values > pd.Timestamp(limits.latest)).fillna(False).astype(bool)
        shown = latest.strftime("%d/%m/%Y %H:%M")
    later &= open_cells
    for row_index in later[later].index:
        params[(int(row_index), spec.name)] = {"latest": shown}
    return later


def parse_chunk(chunk: RawChunk, fields: tuple[FieldSpec, ...], header_of: dict[str, str],
                kind_mapping: KindMapping, mapping: Mapping,
                limits: ImportLimits) -> CheckedChunk:
    index = pd.RangeIndex(len(chunk))
    position = {header: i for i, header in enumerate(chunk.headers)}
    columns: dict[str, Any] = {"line": chunk.lines}
    problems: dict[str, pd.Series] = {}
    params: dict[tuple[int, str], dict[str, Any]] = {}
    raw_cells: list[pd.Series] = []
    for spec in fields:
        header = header_of.get(spec.name)
        if header is None:
            columns[spec.name] = pd.Series(None, index=index, dtype=object)
            continue
        raw = pd.Series(chunk.columns[position[header]], index=index, dtype="str")
        raw_cells.append(raw)
        parsed = _parser(spec, kind_mapping, mapping, mapping.timezone)(raw)
        errors = parsed.errors.astype(object)
        params.update({(int(row), spec.name): extra for row, extra in parsed.params.items()})
        if spec.max_length is not None:
            errors[_too_long(raw.str.strip(), spec.max_length, spec.name, errors.isna(),
                             params)] = "too_long"
        if spec.happened:
            errors[_later_than(parsed.values, spec, limits, mapping.timezone, errors.isna(),
                               params)] = "in_future"
        if spec.required:
            errors[raw.str.strip() == ""] = "missing_value"
        columns[spec.name] = parsed.values
        problems[spec.name] = errors
    columns["row_hash"] = row_hash(raw_cells)
    return CheckedChunk(pd.DataFrame(columns, index=index), problems, params)


def rejections_of(checked: CheckedChunk, chunk: RawChunk, header_of: dict[str, str],
                  kind_mapping: KindMapping) -> list[Rejection]:
    """One Rejection per problem, for every bad row of the chunk (plus malformed rows)."""
    rejections: list[Rejection] = []
    width = len(chunk.headers)
    for malformed in chunk.malformed:
        found = len(malformed.cells)
        rejections.append(Rejection(
            line=malformed.line, column=chunk.headers[found] if found < width else None,
            value=None, reason="wrong_field_count", params={"found": found, "expected": width},
            raw_row={h: (malformed.cells[i] if i < found else "")
                     for i, h in enumerate(chunk.headers)},
        ))
    bad = checked.bad_rows()
    if not bad.any():
        return rejections
    for row_index in bad[bad].index:
        raw_row = chunk.row(row_index)
        for name, codes in checked.problems.items():
            code = codes.iat[row_index]
            if code is None or code != code:  # None or NaN: no problem in this cell
                continue
            header = header_of.get(name)
            params = dict(checked.params.get((row_index, name), {}))
            if code == "unknown_value":
                params["accepted"] = sorted(set(kind_mapping.values.get(name, {})) - {""})
            value = raw_row.get(header) if header else None
            if code == "too_long" and value is not None:
                value = value.strip()[:LONG_VALUE_SHOWN] + "…"
            rejections.append(Rejection(
                line=int(chunk.lines[row_index]), column=header, value=value,
                reason=code, params=params, raw_row=raw_row,
            ))
    return rejections


def flag_duplicates(checked: CheckedChunk, key_field: str, seen: dict[str, int],
                    report_field: str | None = None) -> None:
    """Reject a natural key met before in the same file; ``seen`` carries keys across chunks.

    The problem is reported on ``report_field`` (default: the key field itself), for keys that
    are not a column of the file."""
    report_field = report_field or key_field
    keys = checked.frame[key_field]
    usable = np.flatnonzero((~checked.bad_rows() & keys.notna()).to_numpy())
    lines = checked.frame["line"].to_numpy()[usable].tolist()
    # setdefault through map: the first line of every key, in one pass at C speed
    first_lines = np.fromiter(map(seen.setdefault, keys.to_numpy()[usable].tolist(), lines),
                              dtype=np.int64, count=len(usable))
    again = first_lines != np.asarray(lines, dtype=np.int64)
    duplicate = np.zeros(len(keys), dtype=bool)
    duplicate[usable[again]] = True
    for row_index, first in zip(usable[again].tolist(), first_lines[again].tolist(), strict=False):
        checked.params[(row_index, report_field)] = {"first_line": first}
    checked.flag(report_field, pd.Series(duplicate, index=keys.index), "duplicate_id")
