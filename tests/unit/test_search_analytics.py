"""The pure parts of search: parsing, the FTS5 and tsquery texts, fuzzy widening,
highlighting, the turns indexed (masked) and the filters' checks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from qa_app.analytics.filters import FilterError, SearchFilters, day_bounds
from qa_app.analytics.fuzzy import expand, max_distance, variants
from qa_app.analytics.highlight import highlight
from qa_app.analytics.query import (
    FTS5_ALTERNATIVES,
    MatchPlan,
    QueryError,
    SearchQuery,
    fts5_match,
    parse_query,
    pg_tsquery,
    tokens,
)
from qa_app.analytics.turns import chat_turns, transcript_turns, vocabulary_of

VOCABULARY = ["kode", "kodi", "otp", "verifikasi", "ferifikasi", "tagihan", "tagihannya",
              "pinjaman", "pinjamam", "aplikasi", "ya", "yang"]


def test_quoted_parts_are_phrases_and_the_rest_words() -> None:
    query = parse_query('Mohon "kode OTP" dikirim, "kode otp"')
    assert query.phrases == (("kode", "otp"), ("mohon",), ("dikirim",))
    assert parse_query('pds_app e-mail').phrases == (("pds",), ("app",), ("e",), ("mail",))
    assert parse_query('"unclosed quote').phrases == (("unclosed",), ("quote",))


@pytest.mark.parametrize("text", ["", '""', " ?! -- "])
def test_a_query_without_words_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="no words"):
        parse_query(text)


def test_a_pasted_paragraph_is_refused() -> None:
    with pytest.raises(QueryError, match="13 words"):
        parse_query(" ".join(f"kata{n}" for n in range(13)))


def test_the_plan_is_rendered_for_fts5_and_postgres() -> None:
    exact = MatchPlan.exact(parse_query('"kode otp" nasabah'))
    assert fts5_match(exact) == '"kode otp" AND "nasabah"'
    assert pg_tsquery(exact) == "('kode' <-> 'otp') & ('nasabah')"
    fuzzy = MatchPlan(((("kode", "kodi"), ("otp",)),))
    assert fts5_match(fuzzy) == '("kode otp" OR "kodi otp")'
    assert pg_tsquery(fuzzy) == "(('kode' | 'kodi') <-> 'otp')"


def test_a_wide_fuzzy_phrase_is_trimmed_for_fts5_keeping_the_typed_words() -> None:
    positions = tuple(tuple(f"w{n}v{v}" for v in range(10)) for n in range(3))
    rendered = fts5_match(MatchPlan((positions,)))
    assert rendered.count(" OR ") + 1 <= FTS5_ALTERNATIVES
    assert '"w0v0 w1v0 w2v0"' in rendered


def test_fuzzy_widens_by_edits_and_prefix_but_not_short_words() -> None:
    assert max_distance("otp") == 0 and max_distance("kode") == 1
    assert max_distance("verifikasi") == 2
    assert variants("verifikasi", VOCABULARY) == ("verifikasi", "ferifikasi")
    assert variants("tagihan", VOCABULARY) == ("tagihan", "tagihannya")
    assert variants("otp", VOCABULARY) == ("otp",)
    assert variants("ya", VOCABULARY) == ("ya",)  # no prefix widening to "yang"
    plan = expand(SearchQuery((("kode", "otp"), ("pinjaman",))), VOCABULARY)
    assert plan.phrases == ((("kode", "kodi"), ("otp",)), (("pinjaman", "pinjamam"),))
    assert plan.terms == {"kode", "kodi", "otp", "pinjaman", "pinjamam"}


def test_a_misheard_word_not_in_the_vocabulary_still_finds_the_right_one() -> None:
    assert "pinjaman" in variants("pinjamen", VOCABULARY)


def test_highlight_marks_whole_words_and_keeps_the_text() -> None:
    text = "Kode OTP-nya, kodenya: jangan diberikan."
    pieces = highlight(text, {"kode", "otp"})
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, marked in pieces if marked] == ["Kode", "OTP"]
    assert highlight("", {"x"}) == []


def test_indexed_chat_turns_are_masked_and_timed_from_the_first_message() -> None:
    messages = [
        {"sender": "agent", "sent_at": "2026-11-16T03:00:00", "text": "Boleh nomor HP Kakak?"},
        {"sender": "customer", "sent_at": "2026-11-16T03:00:45", "text": "081234567890"},
        {"sender": "customer", "sent_at": "2026-11-16T03:01:00", "text": "   "},
    ]
    turns = chat_turns(messages)
    assert [(t.speaker, t.start) for t in turns] == [("agent", 0.0), ("customer", 45.0)]
    assert "081234567890" not in turns[1].text
    assert "081234567890" not in vocabulary_of(turns)


def test_indexed_transcript_turns_keep_speaker_and_start() -> None:
    document = {"turns": [{"speaker": "agent", "start": 1.5, "end": 3, "text": "Halo"},
                          {"speaker": "SPEAKER_1", "start": 4, "end": 5, "text": "ya"},
                          {"speaker": "customer", "start": 6, "end": 7, "text": ""}]}
    assert transcript_turns(document) == [("agent", 1.5, "Halo"), (None, 4.0, "ya")]
    assert tokens("Nomor [NUMBER] ya") == ["nomor", "number", "ya"]


def test_filters_name_the_field_that_cannot_hold() -> None:
    with pytest.raises(FilterError, match="speaker"):
        SearchFilters(speaker="supervisor")
    with pytest.raises(FilterError, match="pre-score range") as refused:
        SearchFilters(prescore_range=(80, 20))
    assert refused.value.text("id").startswith("Rentang pra-skor 80–20")
    with pytest.raises(FilterError, match="CSI"):
        SearchFilters(csi_scores=frozenset({0}))
    with pytest.raises(FilterError, match="date range"):
        SearchFilters(started_from=datetime(2026, 11, 2, tzinfo=UTC),
                      started_before=datetime(2026, 11, 1, tzinfo=UTC))


def test_local_days_become_utc_bounds() -> None:
    jakarta = ZoneInfo("Asia/Jakarta")
    start, end = day_bounds(date(2026, 11, 16), date(2026, 11, 16), jakarta)
    assert start == datetime(2026, 11, 15, 17, tzinfo=UTC)
    assert end == datetime(2026, 11, 16, 17, tzinfo=UTC)
    assert day_bounds(None, None, jakarta) == (None, None)
