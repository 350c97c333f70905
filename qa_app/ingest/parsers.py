"""Vectorized parsing of text columns into typed values, with a reason for each bad cell.

Every parser takes a pandas Series of text (pandas' Arrow-backed ``str`` dtype, '' when a cell
is empty) and returns a ``Parsed``: the typed values (missing where empty or bad) and, per
row, the catalog code of what is wrong with a non-empty cell (None where the cell is fine or
empty). The common forms go through Arrow compute kernels, so a million-row import parses in
seconds; rarer forms fall back to pandas' general parser for the rows still unparsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ISO_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
DAY_FIRST_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
                     "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")
MONTH_FIRST_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
# An offset counts only after a clock time: the "-2026" of "01-10-2026" is a year.
OFFSET_SUFFIX = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"
FIELDS_OF_TEXT = (r"^(?P<a>\d+)\D(?P<b>\d+)\D(?P<c>\d+)"
                  r"(?:[ T](?P<hour>\d+):(?P<minute>\d+)(?::(?P<second>\d+))?)?")
DECIMAL = r"^-?\d+(\.\d+)?$"
CLOCK = r"^-?(?:(?P<hours>\d+):)?(?P<minutes>\d{1,2}):(?P<seconds>\d{1,2}(?:\.\d+)?)$"
TICKET_KEY = r"^[A-Z][A-Z0-9_]*-\d+$"
CHAT_SENDERS = {"customer", "agent", "bot", "system"}
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
FORMAT_PARTS = {"%Y": (pc.year, 4), "%m": (pc.month, 2), "%d": (pc.day, 2),
                "%H": (pc.hour, 2), "%M": (pc.minute, 2), "%S": (pc.second, 2)}


@dataclass
class Parsed:
    values: pd.Series
    errors: pd.Series  # object: catalog code, or missing (None/NaN) where the cell is fine
    params: dict[Any, dict[str, Any]] = field(default_factory=dict)  # index label -> message

    @classmethod
    def ok(cls, values: pd.Series) -> Parsed:
        return cls(values, no_errors(values.index))


def no_errors(index: pd.Index) -> pd.Series:
    return pd.Series(None, index=index, dtype=object)


def _strip(raw: pd.Series) -> pd.Series:
    return raw.astype("str").str.strip()


def _mask(array: pa.Array | pa.ChunkedArray, index: pd.Index) -> pd.Series:
    return pd.Series(np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool), index=index)


def parse_text(raw: pd.Series) -> Parsed:
    text = _strip(raw)
    return Parsed.ok(text.where(text != "", None))


def parse_code(raw: pd.Series, words: dict[str, str]) -> Parsed:
    """Map a source system's words ('Setuju', 'WA', 'Tier 1') to the workbench's codes."""
    key = _strip(raw).str.lower()
    positions, uniques = pd.factorize(key)
    codes = np.array([words.get(word) for word in uniques] + [None], dtype=object)
    values = pd.Series(codes[positions], index=raw.index, dtype=object)
    errors = no_errors(raw.index)
    errors[values.isna() & (key != "")] = "unknown_value"
    return Parsed(values, errors)


def _to_float(text: pd.Series) -> pd.Series:
    """Plain decimal numbers as floats (NaN elsewhere), without Python-level loops."""
    numeric = _mask(pc.match_substring_regex(pa.array(text), DECIMAL), text.index)
    values = pd.Series(np.nan, index=text.index)
    if numeric.any():
        values[numeric] = pa.array(text[numeric]).cast(pa.float64()).to_numpy(zero_copy_only=False)
    return values


def _extract_numbers(text: pd.Series, pattern: str) -> pd.DataFrame:
    """The named groups of ``pattern`` as floats (NaN where a group is absent), via Arrow."""
    found = pc.extract_regex(pa.array(text), pattern)
    columns = {}
    for name in [f.name for f in found.type]:
        group = pc.struct_field(found, name)
        group = pc.if_else(pc.equal(group, ""), pa.scalar(None, group.type), group)
        columns[name] = pc.cast(group, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.DataFrame(columns, index=text.index)


def _fields_as_written(text: pd.Series, parsed: pd.Series, fmt: str) -> pd.Series:
    """True where the parsed value has the very day, month and clock written in the text.

    Arrow's strptime rolls impossible dates over (31/02 becomes 2 March); such a date is an
    error in an export, not a date to move."""
    groups = _extract_numbers(text, FIELDS_OF_TEXT)
    month_col, day_col = {"%d": ("b", "a"), "%m": ("a", "b"), "%Y": ("b", "c")}[fmt[:2]]
    same = (groups[month_col] == parsed.dt.month) & (groups[day_col] == parsed.dt.day)
    for column, part in (("hour", parsed.dt.hour), ("minute", parsed.dt.minute),
                         ("second", parsed.dt.second)):
        same &= groups[column].isna() | (groups[column] == part)
    return same


def _formatted(found: pa.Array, fmt: str) -> pa.Array:
    """``found`` written in ``fmt`` with zero-padded fields (Arrow's strftime is ten times
    slower and adds fractions of a second)."""
    pieces: list[Any] = []
    for token in re.split(r"(%[YmdHMS])", fmt):
        if token in FORMAT_PARTS:
            part, width = FORMAT_PARTS[token]
            pieces.append(pc.utf8_lpad(pc.cast(part(found), pa.string()), width, "0"))
        elif token:
            pieces.append(pa.scalar(token))
    return pc.binary_join_element_wise(*pieces, "")


def _as_written(text: pd.Series, found: pa.Array, fmt: str) -> pd.Series:
    """True where ``found`` (parsed from ``text`` with ``fmt``) is the very date and clock
    written: either it formats back to the same text, or (for unpadded forms such as
    '1/10/2026 8:05') its fields equal the numbers in the text."""
    same = _mask(pc.equal(_formatted(found, fmt), pa.array(text)), text.index)
    if not same.all():
        values = pd.Series(found.to_numpy(zero_copy_only=False), index=text.index)
        same[~same] = _fields_as_written(text[~same], values[~same], fmt)
    return same


def _strptime(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Naive timestamps (NaT where no format fits); the common forms via Arrow's strptime."""
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    todo = text != ""
    for fmt in formats:
        if not todo.any():
            return parsed
        candidates = text[todo]
        found = pc.strptime(pa.array(candidates), format=fmt, unit="us", error_is_null=True)
        hit = _mask(found.is_valid(), candidates.index)
        if not hit.any():
            continue
        if not hit.all():
            candidates, found = candidates[hit], found.filter(pa.array(hit.to_numpy()))
        written = _as_written(candidates, found, fmt).to_numpy()
        rows = candidates.index[written]
        parsed[rows] = found.filter(pa.array(written)).to_numpy(zero_copy_only=False)
        todo[rows] = False
    if todo.any():  # fractional seconds and other ISO 8601 variants; pandas is strict
        parsed[todo] = pd.to_datetime(text[todo], format="ISO8601", errors="coerce") \
            .astype("datetime64[us]")
    return parsed


def parse_datetime(raw: pd.Series, timezone: str, day_first: bool = True) -> Parsed:
    """Timestamps in ISO 8601 or DD/MM/YYYY [HH:MM[:SS]]; local time of ``timezone`` unless
    the text carries an offset. Values come back timezone-aware in UTC."""
    text = _strip(raw)
    formats = ISO_FORMATS + (DAY_FIRST_FORMATS if day_first else MONTH_FIRST_FORMATS)
    with_offset = _mask(pc.match_substring_regex(pa.array(text), OFFSET_SUFFIX), text.index)
    values = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    if with_offset.any():
        values[with_offset] = pd.to_datetime(text[with_offset], format="ISO8601", utc=True,
                                             errors="coerce")
    local = ~with_offset
    if local.any():
        naive = _strptime(text[local], formats)
        values[local] = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT") \
                             .dt.tz_convert("UTC")
    values[values.notna() & ~values.dt.year.between(EARLIEST_YEAR, LATEST_YEAR)] = pd.NaT
    errors = no_errors(raw.index)
    errors[values.isna() & (text != "")] = "unparseable_datetime"
    return Parsed(values, errors)


def parse_date(raw: pd.Series, day_first: bool = True) -> Parsed:
    text = _strip(raw)
    formats = ISO_FORMATS + (DAY_FIRST_FORMATS if day_first else MONTH_FIRST_FORMATS)
    parsed = _strptime(text, formats)
    parsed[parsed.notna() & ~parsed.dt.year.between(EARLIEST_YEAR, LATEST_YEAR)] = pd.NaT
    errors = no_errors(raw.index)
    errors[parsed.isna() & (text != "")] = "unparseable_date"
    values = pd.Series(None, index=parsed.index, dtype=object)
    present = parsed.notna()
    values[present] = parsed[present].dt.date
    return Parsed(values, errors)


def parse_duration(raw: pd.Series) -> Parsed:
    """Seconds ('305', '305.5', '305,5') or clock form ('00:05:05', '5:05'); never negative."""
    text = _strip(raw).str.replace(",", ".", regex=False)
    seconds = _to_float(text)
    clock = seconds.isna() & text.str.contains(":", regex=False)
    if clock.any():
        parts = _extract_numbers(text[clock], CLOCK)
        negative = text[clock].str.startswith("-")
        minutes, secs = parts["minutes"], parts["seconds"]
        valid = minutes.notna() & secs.notna() & (secs < 60) & \
            ((minutes < 60) | parts["hours"].isna())
        total = (parts["hours"].fillna(0) * 3600 + minutes * 60 + secs).where(valid)
        seconds[clock] = total.where(~negative, -total)
    errors = no_errors(raw.index)
    errors[seconds.isna() & (text != "")] = "unparseable_duration"
    negative = seconds < 0
    errors[negative] = "negative_duration"
    seconds[negative] = np.nan
    return Parsed(seconds, errors)


def parse_score(raw: pd.Series, low: int = 1, high: int = 5) -> Parsed:
    """A survey answer: '4', '#4', '4 - Puas' or '#4 Puas'."""
    text = _strip(raw)
    leading = text.str.extract(r"^#?\s*(-?\d+(?:[.,]\d+)?)(?:\s*[-–:]?\s*\D.*)?$")[0]
    number = _to_float(leading.fillna("").str.replace(",", ".", regex=False))
    errors = no_errors(raw.index)
    errors[number.isna() & (text != "")] = "not_a_number"
    outside = number.notna() & ((number < low) | (number > high) | (number % 1 != 0))
    errors[outside] = "score_out_of_range"
    return Parsed(number.where(~outside), errors)


def parse_ticket_key(raw: pd.Series) -> Parsed:
    text = _strip(raw).str.upper()
    errors = no_errors(raw.index)
    errors[(text != "") & ~text.str.match(TICKET_KEY)] = "bad_ticket_key"
    return Parsed(text.where((text != "") & errors.isna(), None), errors)


def _chat_thread(text: str) -> list[dict[str, str]] | None:
    try:
        thread: Any = json.loads(text)
    except ValueError:
        return None
    if not isinstance(thread, list) or not thread:
        return None
    for message in thread:
        if not (isinstance(message, dict) and message.get("sender") in CHAT_SENDERS
                and isinstance(message.get("text"), str)
                and isinstance(message.get("sent_at"), str)):
            return None
    return thread


def _unreadable_time(thread: list[dict[str, str]]) -> dict[str, Any] | None:
    """The first message whose ``sent_at`` is no ISO 8601 time, or that has an offset while
    the first message has none (or the other way round): the thread is shown and pre-scored
    from the times between its messages, which such a time cannot give."""
    with_offset: bool | None = None
    for number, message in enumerate(thread, start=1):
        try:
            sent_at = datetime.fromisoformat(message["sent_at"])
        except ValueError:
            return {"message": number, "sent_at": message["sent_at"]}
        if with_offset is None:
            with_offset = sent_at.tzinfo is not None
        elif with_offset != (sent_at.tzinfo is not None):
            return {"message": number, "sent_at": message["sent_at"]}
    return None


def parse_chat_messages(raw: pd.Series) -> Parsed:
    """A chat thread as a non-empty JSON array of {"sender", "sent_at", "text"} objects, each
    ``sent_at`` an ISO 8601 time."""
    text = _strip(raw)
    values = pd.Series(None, index=raw.index, dtype=object)
    errors = no_errors(raw.index)
    params: dict[Any, dict[str, Any]] = {}
    present = text != ""
    if present.any():
        threads = [_chat_thread(t) for t in text[present].tolist()]
        values[present] = pd.Series(threads, index=text.index[present], dtype=object)
        errors[present & values.isna()] = "bad_chat_thread"
        for label, thread in zip(text.index[present], threads, strict=False):
            problem = _unreadable_time(thread) if thread is not None else None
            if problem is not None:
                errors[label] = "bad_chat_time"
                params[label] = problem
                values[label] = None
    return Parsed(values, errors, params)
