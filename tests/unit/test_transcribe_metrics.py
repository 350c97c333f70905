"""Audio metrics from word timings: talk time, silences, dead air, holds, overtalk, pace."""

from __future__ import annotations

import pytest

from qa_app.transcribe.call_transcript import Turn, Word
from qa_app.transcribe.metrics import call_metrics


def turn(speaker: str | None, start: float, end: float, words: int = 4) -> Turn:
    step = (end - start) / words
    return Turn(speaker, start, end, "x", tuple(  # type: ignore[arg-type]
        Word(start + i * step, start + (i + 1) * step, "x", 0.9) for i in range(words)))


def test_talk_time_silence_and_speaking_rate() -> None:
    turns = [turn("agent", 1.0, 5.0, 10), turn("customer", 5.5, 7.5, 5),
             turn("agent", 12.0, 16.0, 10)]
    metrics = call_metrics(turns, 20.0, speakers_separated=True)
    assert metrics["talk_time"] == {"agent": 8.0, "customer": 2.0}
    assert metrics["speaking_rate_wpm"] == {"agent": 150.0, "customer": 150.0}
    assert metrics["silence"] == {"count": 1, "total": 4.5, "longest": 4.5,
                                  "spans": [[7.5, 12.0]]}
    assert metrics["dead_air"]["count"] == 0
    # the agent's 7 s without words, the customer speaking 2 s of it: a hold candidate from
    # 5 s (the scorer confirms it only when announced, thanked for, or with music)
    assert metrics["holds"]["spans"] == [[5.0, 12.0]]


def test_a_customer_asking_halo_during_a_hold_keeps_it_one_hold() -> None:
    turns = [turn("agent", 0.0, 3.0), turn("customer", 40.0, 41.5), turn("agent", 83.0, 86.0)]
    metrics = call_metrics(turns, 90.0, speakers_separated=True)
    assert metrics["holds"]["spans"] == [[3.0, 83.0]]
    assert metrics["dead_air"]["spans"] == [[3.0, 40.0], [41.5, 83.0]]
    assert metrics["silence"]["longest"] == 41.5


def test_customer_talking_during_an_agent_gap_is_not_a_hold() -> None:
    turns = [turn("agent", 0.0, 3.0), turn("customer", 3.5, 12.0), turn("agent", 15.0, 17.0)]
    assert call_metrics(turns, 20.0, speakers_separated=True)["holds"]["count"] == 0


def test_dead_air_is_a_silence_over_ten_seconds() -> None:
    turns = [turn("agent", 0.0, 2.0), turn("customer", 12.5, 14.0), turn("agent", 24.0, 25.0)]
    metrics = call_metrics(turns, 30.0, speakers_separated=True)
    assert metrics["dead_air"]["spans"] == [[2.0, 12.5]]  # 10.5 s; the 10.0 s gap is not


def test_overtalk_counts_overlaps_of_half_a_second_or_more() -> None:
    turns = [turn("agent", 0.0, 4.0), turn("customer", 3.0, 6.0), turn("agent", 5.8, 8.0)]
    metrics = call_metrics(turns, 10.0, speakers_separated=True)
    assert metrics["overtalk"]["spans"] == [[3.0, 4.0]]
    assert metrics["overtalk"]["total"] == pytest.approx(1.0)


def test_mono_has_no_overtalk_and_holds_are_the_dead_air() -> None:
    turns = [turn(None, 0.0, 3.0), turn(None, 15.0, 18.0)]
    metrics = call_metrics(turns, 20.0, speakers_separated=False)
    assert metrics["talk_time"] == {"unknown": 6.0}
    assert metrics["holds"] == metrics["dead_air"] and metrics["holds"]["count"] == 1
    assert metrics["overtalk"]["count"] == 0


def test_silence_only_gives_zero_metrics() -> None:
    metrics = call_metrics([], 60.0, speakers_separated=True)
    assert metrics["talk_time"] == {} and metrics["silence"]["count"] == 0
    assert metrics["duration"] == 60.0


def test_music_on_the_agent_channel_is_a_hold_candidate_whatever_the_words() -> None:
    turns = [turn("agent", 0.0, 3.0), turn("agent", 5.0, 6.0), turn("agent", 12.0, 14.0)]
    metrics = call_metrics(turns, 20.0, speakers_separated=True, music=[(3.2, 11.8)])
    assert metrics["music"]["spans"] == [[3.2, 11.8]]
    # a word heard in the music does not split it: one hold, to the agent's next words
    assert metrics["holds"]["spans"] == [[3.2, 12.0]]
