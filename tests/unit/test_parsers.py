"""Unit tests of the vectorized cell parsers (qa_app.ingest.parsers).

Every parser gets the text column as the reader hands it on: pandas' ``str`` dtype, '' for an
empty cell. A parser returns the typed values (missing where empty or bad) and, per row, the
catalog code of what is wrong (missing where the cell is fine or empty).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
import pytest

from qa_app.ingest import parsers
from qa_app.ingest.mapping import load_mapping

JAKARTA = "Asia/Jakarta"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def text_series(values: list[str], index: list[int] | None = None) -> pd.Series:
    return pd.Series(values, index=index, dtype="str")


def parse_one(parser: Any, text: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    parsed = parser(text_series([text]), *args, **kwargs)
    assert len(parsed.values) == len(parsed.errors) == 1
    return parsed.values.iloc[0], parsed.errors.iloc[0]


def assert_no_error(error: Any) -> None:
    assert error is None or pd.isna(error), f"unexpected error code {error!r}"


# --------------------------------------------------------------------------- parse_datetime

GOOD_DATETIMES = [
    # ISO 8601, local time of Jakarta (UTC+7) unless an offset is written
    pytest.param("2026-10-01 08:00:00", utc("2026-10-01 01:00:00"), id="iso-space-seconds"),
    pytest.param("2026-10-01T08:00:00", utc("2026-10-01 01:00:00"), id="iso-T-seconds"),
    pytest.param("2026-10-01 08:00", utc("2026-10-01 01:00:00"), id="iso-space-minutes"),
    pytest.param("2026-10-01T08:00", utc("2026-10-01 01:00:00"), id="iso-T-minutes"),
    pytest.param("2026-10-01", utc("2026-09-30 17:00:00"), id="iso-date-only-is-local-midnight"),
    pytest.param("2026-10-01 08:00:00.250", utc("2026-10-01 01:00:00.250"),
                 id="iso-fractional-millis"),
    pytest.param("2026-10-01T08:00:00.5", utc("2026-10-01 01:00:00.500"),
                 id="iso-fractional-tenths"),
    pytest.param("2026-10-01T08:00:00.123456", utc("2026-10-01 01:00:00.123456"),
                 id="iso-fractional-micros"),
    pytest.param("2026-10-01T08:00:00+07:00", utc("2026-10-01 01:00:00"), id="offset-plus-7"),
    pytest.param("2026-10-01 08:00:00+0700", utc("2026-10-01 01:00:00"),
                 id="offset-plus-7-no-colon"),
    pytest.param("2026-10-01T10:00:00+09:00", utc("2026-10-01 01:00:00"),
                 id="offset-other-zone-wins-over-jakarta"),
    pytest.param("2026-10-01T01:00:00Z", utc("2026-10-01 01:00:00"), id="offset-Z"),
    pytest.param("2026-10-01T01:00:00.5Z", utc("2026-10-01 01:00:00.500"),
                 id="offset-Z-fractional"),
    # Indonesian day-first forms
    pytest.param("01/10/2026 08:00:00", utc("2026-10-01 01:00:00"), id="dmy-slash-seconds"),
    pytest.param("01/10/2026 08:00", utc("2026-10-01 01:00:00"), id="dmy-slash-minutes"),
    pytest.param("01/10/2026", utc("2026-09-30 17:00:00"), id="dmy-slash-date-only"),
    pytest.param("1/10/2026", utc("2026-09-30 17:00:00"), id="d-m-single-digit-day"),
    pytest.param("5/3/2026", utc("2026-03-04 17:00:00"), id="d-m-single-digits-is-5-march"),
    pytest.param("1/10/2026 8:05", utc("2026-10-01 01:05:00"), id="d-m-single-digit-hour"),
    pytest.param("01-10-2026 08:00:00", utc("2026-10-01 01:00:00"), id="dmy-dash-seconds"),
    pytest.param("01-10-2026 08:00", utc("2026-10-01 01:00:00"), id="dmy-dash-minutes"),
    pytest.param("01-10-2026", utc("2026-09-30 17:00:00"), id="dmy-dash-date-only"),
    pytest.param("29/02/2024 10:00:00", utc("2024-02-29 03:00:00"), id="leap-day-2024-dmy"),
    pytest.param("2024-02-29", utc("2024-02-28 17:00:00"), id="leap-day-2024-iso"),
    pytest.param("31/01/2026 23:59:59", utc("2026-01-31 16:59:59"), id="month-end"),
    pytest.param("  01/10/2026 08:00  ", utc("2026-10-01 01:00:00"), id="surrounding-spaces"),
]

BAD_DATETIMES = [
    pytest.param("31/02/2026 10:00:00", id="31-february-not-rolled-over"),
    pytest.param("31/04/2026", id="31-april"),
    pytest.param("2026-02-29", id="iso-29-february-non-leap"),
    pytest.param("2026-02-29 08:00:00", id="iso-29-february-non-leap-with-time"),
    pytest.param("2026-02-29T08:00:00+07:00", id="iso-29-february-with-offset"),
    pytest.param("29/02/2026", id="dmy-29-february-non-leap"),
    pytest.param("01/10/2026 25:00:00", id="hour-25"),
    pytest.param("01/10/2026 08:61:00", id="minute-61"),
    pytest.param("01/10/2026 08:00:61", id="second-61"),
    pytest.param("kemarin", id="word-kemarin"),
    pytest.param("13/13/2026", id="month-13"),
    pytest.param("00/10/2026", id="day-0"),
    pytest.param("01/01/1850 08:00:00", id="year-1850-dmy"),
    pytest.param("1850-01-01", id="year-1850-iso"),
    pytest.param("1850-01-01T08:00:00+07:00", id="year-1850-with-offset"),
    pytest.param("2026-10-01 08:00 pagi", id="trailing-words"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD_DATETIMES)
def test_parse_datetime_accepts(text: str, expected: pd.Timestamp) -> None:
    value, error = parse_one(parsers.parse_datetime, text, JAKARTA)
    assert_no_error(error)
    assert value == expected


@pytest.mark.parametrize("text", BAD_DATETIMES)
def test_parse_datetime_rejects(text: str) -> None:
    value, error = parse_one(parsers.parse_datetime, text, JAKARTA)
    assert pd.isna(value)
    assert error == "unparseable_datetime"


@pytest.mark.parametrize("text", [pytest.param("", id="empty"),
                                  pytest.param("   ", id="only-spaces")])
def test_parse_datetime_empty_cell_is_missing_without_error(text: str) -> None:
    value, error = parse_one(parsers.parse_datetime, text, JAKARTA)
    assert pd.isna(value)
    assert_no_error(error)


def test_parse_datetime_values_are_utc_aware() -> None:
    parsed = parsers.parse_datetime(text_series(["01/10/2026 08:00", "kemarin", ""]), JAKARTA)
    assert str(parsed.values.dtype.tz) == "UTC"


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("03/04/2026", utc("2026-03-03 17:00:00"), id="03-04-is-4-march"),
    pytest.param("03/04/2026 08:00", utc("2026-03-04 01:00:00"), id="with-time"),
    pytest.param("12/31/2026 08:00:00", utc("2026-12-31 01:00:00"), id="31-december"),
    pytest.param("2026-04-03 08:00", utc("2026-04-03 01:00:00"), id="iso-unaffected"),
])
def test_parse_datetime_month_first(text: str, expected: pd.Timestamp) -> None:
    value, error = parse_one(parsers.parse_datetime, text, JAKARTA, day_first=False)
    assert_no_error(error)
    assert value == expected


@pytest.mark.parametrize("text", [pytest.param("13/04/2026", id="month-13"),
                                  pytest.param("02/30/2026", id="30-february")])
def test_parse_datetime_month_first_rejects(text: str) -> None:
    value, error = parse_one(parsers.parse_datetime, text, JAKARTA, day_first=False)
    assert pd.isna(value)
    assert error == "unparseable_datetime"


def test_parse_datetime_mixed_column_matches_cell_by_cell() -> None:
    """Vectorized over a column of every form, each row comes out as when parsed alone."""
    texts = [p.values[0] for p in GOOD_DATETIMES + BAD_DATETIMES] + ["", "01/10/2026 08:00"]
    index = list(range(100, 100 + len(texts)))
    together = parsers.parse_datetime(text_series(texts, index), JAKARTA)
    assert list(together.values.index) == index and list(together.errors.index) == index
    for label, text in zip(index, texts, strict=False):
        alone_value, alone_error = parse_one(parsers.parse_datetime, text, JAKARTA)
        value, error = together.values.loc[label], together.errors.loc[label]
        assert (pd.isna(value) and pd.isna(alone_value)) or value == alone_value, text
        assert (pd.isna(error) and pd.isna(alone_error)) or error == alone_error, text


# ------------------------------------------------------------------------------- parse_date

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("2026-10-01", date(2026, 10, 1), id="iso"),
    pytest.param("01/10/2026", date(2026, 10, 1), id="dmy-slash"),
    pytest.param("1/10/2026", date(2026, 10, 1), id="d-m-single-digit"),
    pytest.param("01-10-2026", date(2026, 10, 1), id="dmy-dash"),
    pytest.param("31/01/2026", date(2026, 1, 31), id="month-end-january"),
    pytest.param("30/04/2026", date(2026, 4, 30), id="month-end-april"),
    pytest.param("29/02/2024", date(2024, 2, 29), id="leap-day-2024-dmy"),
    pytest.param("2024-02-29", date(2024, 2, 29), id="leap-day-2024-iso"),
    pytest.param("2026-10-01 00:00:00", date(2026, 10, 1), id="iso-with-midnight-time"),
    pytest.param("01/10/2026 08:00", date(2026, 10, 1), id="dmy-with-time"),
    pytest.param(" 01/10/2026 ", date(2026, 10, 1), id="surrounding-spaces"),
])
def test_parse_date_accepts(text: str, expected: date) -> None:
    value, error = parse_one(parsers.parse_date, text)
    assert_no_error(error)
    assert value == expected
    assert type(value) is date


@pytest.mark.parametrize("text", [
    pytest.param("2026-02-30", id="iso-30-february"),
    pytest.param("2026-02-29", id="iso-29-february-non-leap"),
    pytest.param("29/02/2026", id="dmy-29-february-non-leap"),
    pytest.param("31/04/2026", id="31-april"),
    pytest.param("13/13/2026", id="month-13"),
    pytest.param("kemarin", id="word"),
    pytest.param("01/01/1850", id="year-1850"),
])
def test_parse_date_rejects(text: str) -> None:
    value, error = parse_one(parsers.parse_date, text)
    assert pd.isna(value)
    assert error == "unparseable_date"


def test_parse_date_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_date, "")
    assert pd.isna(value)
    assert_no_error(error)


@pytest.mark.parametrize(("day_first", "expected"), [
    pytest.param(True, date(2026, 4, 3), id="day-first-3-april"),
    pytest.param(False, date(2026, 3, 4), id="month-first-4-march"),
])
def test_parse_date_day_first_switch(day_first: bool, expected: date) -> None:
    value, error = parse_one(parsers.parse_date, "03/04/2026", day_first=day_first)
    assert_no_error(error)
    assert value == expected


# --------------------------------------------------------------------------- parse_duration

@pytest.mark.parametrize(("text", "seconds"), [
    pytest.param("305", 305.0, id="integer-seconds"),
    pytest.param("305.5", 305.5, id="decimal-point"),
    pytest.param("305,5", 305.5, id="decimal-comma"),
    pytest.param("00:05:05", 305.0, id="hh-mm-ss"),
    pytest.param("5:05", 305.0, id="m-ss"),
    pytest.param("1:02:03", 3723.0, id="h-mm-ss"),
    pytest.param("0", 0.0, id="zero"),
    pytest.param("0:00", 0.0, id="zero-clock"),
    pytest.param("05:05.5", 305.5, id="clock-fractional-seconds"),
    pytest.param(" 305 ", 305.0, id="surrounding-spaces"),
])
def test_parse_duration_accepts(text: str, seconds: float) -> None:
    value, error = parse_one(parsers.parse_duration, text)
    assert_no_error(error)
    assert value == seconds


@pytest.mark.parametrize(("text", "code"), [
    pytest.param("-5", "negative_duration", id="negative-seconds"),
    pytest.param("-00:01:00", "negative_duration", id="negative-clock"),
    pytest.param("-5:00", "negative_duration", id="negative-m-ss"),
    pytest.param("abc", "unparseable_duration", id="word"),
    pytest.param("1:75", "unparseable_duration", id="75-seconds"),
    pytest.param("1:75:00", "unparseable_duration", id="75-minutes"),
    pytest.param("5:5:5:5", "unparseable_duration", id="four-parts"),
    pytest.param("5 menit", "unparseable_duration", id="with-unit"),
])
def test_parse_duration_rejects(text: str, code: str) -> None:
    value, error = parse_one(parsers.parse_duration, text)
    assert pd.isna(value)
    assert error == code


def test_parse_duration_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_duration, "")
    assert pd.isna(value)
    assert_no_error(error)


# ------------------------------------------------------------------------------ parse_score

@pytest.mark.parametrize(("text", "score"), [
    pytest.param("4", 4.0, id="digit"),
    pytest.param("#4", 4.0, id="hash-digit"),
    pytest.param("# 3", 3.0, id="hash-space-digit"),
    pytest.param("4 - Puas", 4.0, id="digit-dash-label"),
    pytest.param("3: Netral", 3.0, id="digit-colon-label"),
    pytest.param("#5 Sangat Puas", 5.0, id="hash-digit-label"),
    pytest.param("1", 1.0, id="lowest"),
    pytest.param("5", 5.0, id="highest"),
    pytest.param("4.0", 4.0, id="whole-decimal"),
])
def test_parse_score_accepts(text: str, score: float) -> None:
    value, error = parse_one(parsers.parse_score, text)
    assert_no_error(error)
    assert value == score


@pytest.mark.parametrize(("text", "code"), [
    pytest.param("0", "score_out_of_range", id="zero"),
    pytest.param("6", "score_out_of_range", id="six"),
    pytest.param("2.5", "score_out_of_range", id="fraction"),
    pytest.param("-1", "score_out_of_range", id="negative"),
    pytest.param("abc", "not_a_number", id="word"),
    pytest.param("Puas", "not_a_number", id="label-only"),
])
def test_parse_score_rejects(text: str, code: str) -> None:
    value, error = parse_one(parsers.parse_score, text)
    assert pd.isna(value)
    assert error == code


def test_parse_score_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_score, "")
    assert pd.isna(value)
    assert_no_error(error)


# ------------------------------------------------------------------------------- parse_code

CHANNEL_WORDS = load_mapping().for_kind("interactions").values["channel"]


@pytest.mark.parametrize(("text", "code"), [
    pytest.param("Voice", "voice", id="Voice"),
    pytest.param("VOICE", "voice", id="VOICE-upper"),
    pytest.param("WA", "whatsapp", id="WA"),
    pytest.param("  wa  ", "whatsapp", id="wa-padded"),
    pytest.param("Live Chat", "chat", id="Live-Chat"),
    pytest.param("LIVE CHAT", "chat", id="LIVE-CHAT-upper"),
    pytest.param("sosmed", "social", id="sosmed"),
    pytest.param("SosMed", "social", id="SosMed-mixed-case"),
    pytest.param("E-Mail", "email", id="E-Mail"),
])
def test_parse_code_maps_channel_words(text: str, code: str) -> None:
    value, error = parse_one(parsers.parse_code, text, CHANNEL_WORDS)
    assert_no_error(error)
    assert value == code


@pytest.mark.parametrize("text", [pytest.param("Telex", id="Telex"),
                                  pytest.param("fax", id="fax")])
def test_parse_code_rejects_unknown_word(text: str) -> None:
    value, error = parse_one(parsers.parse_code, text, CHANNEL_WORDS)
    assert pd.isna(value)
    assert error == "unknown_value"


def test_parse_code_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_code, "", CHANNEL_WORDS)
    assert pd.isna(value)
    assert_no_error(error)


def test_parse_code_column_keeps_row_order_and_index() -> None:
    parsed = parsers.parse_code(text_series(["WA", "Telex", "", "voice", "wa"], [5, 6, 7, 8, 9]),
                                CHANNEL_WORDS)
    assert list(parsed.values.index) == [5, 6, 7, 8, 9]
    assert [None if pd.isna(v) else v for v in parsed.values] == \
        ["whatsapp", None, None, "voice", "whatsapp"]
    assert [None if pd.isna(e) else e for e in parsed.errors] == \
        [None, "unknown_value", None, None, None]


# ------------------------------------------------------------------------- parse_ticket_key

@pytest.mark.parametrize(("text", "key"), [
    pytest.param("ARIANA-851241", "ARIANA-851241", id="upper"),
    pytest.param("ariana-851241", "ARIANA-851241", id="lower-normalized-to-upper"),
    pytest.param(" ARIANA-1 ", "ARIANA-1", id="padded"),
    pytest.param("A_B2-7", "A_B2-7", id="project-with-digit-and-underscore"),
])
def test_parse_ticket_key_accepts(text: str, key: str) -> None:
    value, error = parse_one(parsers.parse_ticket_key, text)
    assert_no_error(error)
    assert value == key


@pytest.mark.parametrize("text", [
    pytest.param("ARIANA851241", id="no-dash"),
    pytest.param("851241", id="number-only"),
    pytest.param("-851241", id="no-project"),
    pytest.param("ARIANA-", id="no-number"),
    pytest.param("1ARIANA-5", id="project-starts-with-digit"),
])
def test_parse_ticket_key_rejects(text: str) -> None:
    value, error = parse_one(parsers.parse_ticket_key, text)
    assert pd.isna(value)
    assert error == "bad_ticket_key"


def test_parse_ticket_key_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_ticket_key, "")
    assert pd.isna(value)
    assert_no_error(error)


# ---------------------------------------------------------------------- parse_chat_messages

THREAD = [
    {"sender": "customer", "sent_at": "2026-10-01 08:00:00", "text": "Halo, saya mau tanya"},
    {"sender": "agent", "sent_at": "2026-10-01 08:00:30", "text": "Selamat pagi, Kak"},
    {"sender": "bot", "sent_at": "2026-10-01 08:00:01", "text": "Mohon tunggu"},
    {"sender": "system", "sent_at": "2026-10-01 08:10:00", "text": "Chat ditutup"},
]


@pytest.mark.parametrize("thread", [
    pytest.param(THREAD, id="all-senders"),
    pytest.param(THREAD[:1], id="one-message"),
])
def test_parse_chat_messages_accepts(thread: list[dict[str, str]]) -> None:
    value, error = parse_one(parsers.parse_chat_messages, json.dumps(thread, ensure_ascii=False))
    assert_no_error(error)
    assert list(value) == thread


@pytest.mark.parametrize("column", [
    pytest.param([json.dumps(THREAD[:1])], id="one-cell"),
    pytest.param([json.dumps(THREAD[:2]), json.dumps(THREAD[2:])], id="threads-of-equal-length"),
    pytest.param([json.dumps(THREAD[:2]), ""], id="with-an-empty-cell"),
    pytest.param([json.dumps(THREAD[:1]), json.dumps(THREAD)], id="threads-of-unequal-length"),
    pytest.param([json.dumps(THREAD[:2]), "bad"], id="with-a-bad-cell"),
])
def test_parse_chat_messages_threads_are_lists_whatever_the_other_rows(column: list[str]) -> None:
    """A thread is a list of message dicts (as _chat_thread returns and the model declares),
    not a tuple that depends on whether the other threads of the chunk have its length."""
    parsed = parsers.parse_chat_messages(text_series(column))
    for text, value in zip(column, parsed.values, strict=False):
        if text not in ("", "bad"):
            assert type(value) is list, f"{type(value).__name__} for {text[:40]}…"
            assert value == json.loads(text)


@pytest.mark.parametrize("text", [
    pytest.param("Halo, saya mau tanya", id="not-json"),
    pytest.param('[{"sender": "customer"', id="truncated-json"),
    pytest.param(json.dumps(THREAD[0]), id="a-dict-not-a-list"),
    pytest.param(json.dumps([{"sender": "customer", "sent_at": "2026-10-01 08:00:00"}]),
                 id="missing-text"),
    pytest.param(json.dumps([{"sender": "customer", "text": "Halo"}]), id="missing-sent_at"),
    pytest.param(json.dumps([{"sender": "robot", "sent_at": "2026-10-01 08:00:00",
                              "text": "Halo"}]), id="sender-robot"),
    pytest.param(json.dumps([{"sender": "agent", "sent_at": "2026-10-01 08:00:00",
                              "text": 5}]), id="text-not-a-string"),
    pytest.param(json.dumps(["Halo"]), id="list-of-strings"),
])
def test_parse_chat_messages_rejects(text: str) -> None:
    value, error = parse_one(parsers.parse_chat_messages, text)
    assert pd.isna(value)
    assert error == "bad_chat_thread"


def test_parse_chat_messages_empty_cell_is_missing_without_error() -> None:
    value, error = parse_one(parsers.parse_chat_messages, "")
    assert pd.isna(value)
    assert_no_error(error)


# ------------------------------------------------------------------------------- parse_text

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Budi Santoso", "Budi Santoso", id="plain"),
    pytest.param("  Budi  ", "Budi", id="padded"),
    pytest.param("\tBudi\n", "Budi", id="tab-and-newline"),
    pytest.param("café", "café", id="non-ascii"),
    pytest.param("", None, id="empty-is-missing"),
    pytest.param("   ", None, id="spaces-are-missing"),
])
def test_parse_text(text: str, expected: str | None) -> None:
    value, error = parse_one(parsers.parse_text, text)
    assert_no_error(error)
    if expected is None:
        assert pd.isna(value)
    else:
        assert value == expected


# ------------------------------------------------------------------ common to every parser

ALL_PARSERS = [
    pytest.param(parsers.parse_text, (), id="text"),
    pytest.param(parsers.parse_code, (CHANNEL_WORDS,), id="code"),
    pytest.param(parsers.parse_datetime, (JAKARTA,), id="datetime"),
    pytest.param(parsers.parse_date, (), id="date"),
    pytest.param(parsers.parse_duration, (), id="duration"),
    pytest.param(parsers.parse_score, (), id="score"),
    pytest.param(parsers.parse_ticket_key, (), id="ticket"),
    pytest.param(parsers.parse_chat_messages, (), id="chat"),
]


@pytest.mark.parametrize(("parser", "args"), ALL_PARSERS)
def test_parser_keeps_the_index_of_its_input(parser: Any, args: tuple[Any, ...]) -> None:
    raw = text_series(["", "x", "  "], index=[7, 3, 42])
    parsed = parser(raw, *args)
    assert list(parsed.values.index) == [7, 3, 42]
    assert list(parsed.errors.index) == [7, 3, 42]
    assert pd.isna(parsed.values.loc[7]) and pd.isna(parsed.errors.loc[7])


@pytest.mark.parametrize(("parser", "args"), ALL_PARSERS)
def test_parser_handles_an_empty_column(parser: Any, args: tuple[Any, ...]) -> None:
    parsed = parser(text_series([]), *args)
    assert len(parsed.values) == 0 and len(parsed.errors) == 0
