"""Speaker turns from words, masking applied to turns and words, and the JSON shape."""

from __future__ import annotations

import json

import pytest

from qa_app.transcribe.call_transcript import CallTranscript, Turn, Word
from qa_app.transcribe.engine import mask_turns
from qa_app.transcribe.turns import SpokenWord, build_turns


def spoken(speaker: str | None, start: float, text: str, length: float = 0.3) -> SpokenWord:
    return SpokenWord(speaker, Word(start, start + length, text, 0.9))  # type: ignore[arg-type]


def test_words_of_two_channels_interleave_into_turns_in_time_order() -> None:
    # One long agent segment would swallow the customer's short answer if segments were merged.
    words = [spoken("agent", 0.0, "Dengan"), spoken("agent", 0.4, "bapak"),
             spoken("agent", 0.8, "siapa?"), spoken("agent", 3.0, "Baik"),
             spoken("agent", 3.4, "Pak."), spoken("customer", 1.5, "Budi"),
             spoken("customer", 1.9, "Santoso.")]
    turns = build_turns(words)
    assert [(turn.speaker, turn.text) for turn in turns] == [
        ("agent", "Dengan bapak siapa?"), ("customer", "Budi Santoso."), ("agent", "Baik Pak.")]
    assert (turns[1].start, turns[1].end) == pytest.approx((1.5, 2.2))


def test_a_long_pause_starts_a_new_turn_of_the_same_speaker() -> None:
    turns = build_turns([spoken("agent", 0.0, "Mohon"), spoken("agent", 0.4, "ditunggu."),
                         spoken("agent", 20.0, "Terima"), spoken("agent", 20.4, "kasih.")])
    assert [turn.text for turn in turns] == ["Mohon ditunggu.", "Terima kasih."]


def test_masking_hides_the_number_in_the_text_and_in_every_word() -> None:
    digits = "nol delapan satu dua tiga empat lima enam".split()
    turn = build_turns([spoken("customer", 0.0, "Nomor"), spoken("customer", 0.4, "saya")]
                       + [spoken("customer", 1.0 + i * 0.4, d) for i, d in enumerate(digits)])[0]
    masked, = mask_turns([turn])
    assert masked.text == "Nomor saya [NUMBER]"
    assert [word.text for word in masked.words] == ["Nomor", "saya"] + ["[NUMBER]"] * 8
    assert masked.unmasked_text is None
    kept, = mask_turns([turn], keep_unmasked=True)
    assert kept.unmasked_text == "Nomor saya " + " ".join(digits)


def test_the_turn_before_tells_that_a_date_is_a_birth_date() -> None:
    question, answer = build_turns(
        [spoken("agent", 0.0, "Tanggal"), spoken("agent", 0.4, "lahir?"),
         spoken("customer", 1.0, "Lima"), spoken("customer", 1.4, "Oktober"),
         spoken("customer", 1.8, "delapan"), spoken("customer", 2.2, "puluh"),
         spoken("customer", 2.6, "dua.")])
    assert mask_turns([question, answer])[1].text == "[DOB]."


def test_json_has_the_agreed_shape_and_round_trips() -> None:
    turn = Turn("agent", 0.5, 1.25, "Selamat pagi", (Word(0.5, 0.9, "Selamat", 0.98765),
                                                    Word(0.9, 1.25, "pagi", 0.9)))
    transcript = CallTranscript(12.345, True, (turn,), {"duration": 12.35})
    data = json.loads(transcript.to_json())
    assert data == {"duration": 12.35, "speakers_separated": True, "metrics": {"duration": 12.35},
                    "turns": [{"speaker": "agent", "start": 0.5, "end": 1.25,
                               "text": "Selamat pagi",
                               "words": [{"start": 0.5, "end": 0.9, "text": "Selamat",
                                          "probability": 0.988},
                                         {"start": 0.9, "end": 1.25, "text": "pagi",
                                          "probability": 0.9}]}]}
    assert CallTranscript.from_json(transcript.to_json()).to_dict() == data
