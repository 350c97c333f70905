"""Rubric v4 (issue 14, robustness): O1's four parts as agents say them and as the speech model
hears them, V1 partial and its fatal "no" only as sure as verification's absence, a due date
asked is not one told, C2 any offer of further help."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.test_scoring_rule_kinds_v3 import INBOUND, item
from tests.unit.test_scoring_rules import answer, one_item_form, transcript


def test_the_inbound_form_is_version_7() -> None:
    assert INBOUND.version == 7


def opening(agent: str) -> dict[str, Any]:
    return transcript(("agent", 0.5, 5.0, agent), ("customer", 5.5, 9.0, "Mau tanya, Mbak."))


@pytest.mark.parametrize(("agent", "expected"), [
    ("Pegadaian, selamat malam, bersama Wulan, ada yang bisa dibantu?", "yes"),
    ("Selamat siang, Pegadaian, Dimas di sini, ada yang dapat kami bantu?", "yes"),
    ("Selamat pagi, contact center Pegadaian, saya Ratna, apa yang bisa saya bantu?", "yes"),
    # as the model hears it: the company and the part of the day cut or voiced
    ("Begadaian selamat kore, saya Ratna, apa yang bisa saya bantu?", "yes"),
    ("Selamat soral, tegadai, dengan Anton, ada yang bisa saya bandu?", "yes"),
    # the company's first letters lost (form v6); the verb "menggadaikan" is no company
    ("Selamat pagi, kegadaan, saya Ratna, ada yang bisa dibantu?", "yes"),
    ("Selamat pagi, saya Ratna, mau menggadaikan apa hari ini?", "partial"),
    # two or three of the four parts
    ("Halo, saya Yuni, ada yang bisa dibantu?", "partial"),
    ("Selamat pagi, Pegadaian, silakan, ada yang bisa saya bantu?", "partial"),
    ("Selamat sore, Pegadaian.", "partial"),
    # one or none: "dengan siapa" and "saya bantu" name nobody
    ("Halo, dengan siapa ini?", "no"),
    ("Ya, halo?", "no"),
    ("Iya, saya bantu cek dulu.", "no"),
])
def test_o1_parts_as_agents_say_them(agent: str, expected: str) -> None:
    assert item(opening(agent), "O1").answer == expected


def closing(agent: str) -> dict[str, Any]:
    return transcript(("customer", 0.5, 20.0, "Saya mau tanya soal cicilan emas."),
                      ("agent", 20.5, 40.0, "Cicilan emas bisa lewat aplikasi."),
                      ("agent", 41.0, 45.0, agent), ("customer", 45.5, 48.0, "Tidak, cukup."))


@pytest.mark.parametrize("agent", [
    "Apakah ada pertanyaan lain, Bu?",
    "Masih ada yang mau ditanyakan, Pak?",
    "Ada lagi yang perlu saya bantu, Kak?",
    "Mungkin ada kebutuhan lain yang bisa kami bantu?",
    "Ada hal lain yang ingin Bapak sampaikan?",
])
def test_c2_any_offer_of_further_help(agent: str) -> None:
    assert item(closing(agent), "C2").answer == "yes"


@pytest.mark.parametrize("agent", [
    "Sudah jelas ya, Pak?",
    "Baik, itu saja dari saya.",
    "Lainnya bisa dicek sendiri di aplikasi.",
])
def test_c2_no_offer_is_no(agent: str) -> None:
    assert item(closing(agent), "C2").answer == "no"


def two_agent_turns(first: str, second: str, words: list[dict[str, Any]] | None = None
                    ) -> dict[str, Any]:
    data = transcript(("agent", 0.5, 4.0, first), ("customer", 4.5, 6.0, "Ya."),
                      ("agent", 6.5, 10.0, second))
    if words is not None:  # spread over the turn: no word lasts longer than a word can
        for turn in data["turns"]:
            count = len(turn["text"].split())
            step = (turn["end"] - turn["start"]) / count
            turn["words"] = [dict(w, start=turn["start"] + n * step)
                             for n, w in enumerate(words[:count])]
    return data


@pytest.mark.parametrize(("first", "second", "expected"), [
    # one data point, no account data told: partial, not fatal
    ("Boleh saya tahu tanggal lahir Ibu?", "Baik, pengajuannya kami proses.", "partial"),
    # a due date asked is not one told
    ("Jatuh temponya tanggal berapa, Bu?", "Yang lewat jatuh tempo masih bisa diperpanjang.",
     "na"),
    # a due date told without verification is
    ("Ada yang bisa dibantu?", "Jatuh temponya tanggal dua belas, Pak.", "no"),
])
def test_v1_partial_and_due_dates(first: str, second: str, expected: str) -> None:
    assert item(two_agent_turns(first, second), "V1").answer == expected


def test_v1_fatal_no_is_no_surer_than_verification_was_heard() -> None:
    """Account data and no verification heard, in a transcript the model barely made out:
    the verification may have been said, so the fatal "no" goes to a human."""
    murky = [{"word": "x", "probability": 0.3}] * 12
    data = two_agent_turns("Ada yang bisa dibantu?", "Sisa pinjaman Bapak dua juta.", murky)
    clear = two_agent_turns("Ada yang bisa dibantu?", "Sisa pinjaman Bapak dua juta.",
                            [{"word": "x", "probability": 0.95}] * 12)
    assert item(data, "V1").answer == "no"
    assert item(data, "V1").confidence < 0.65
    assert item(clear, "V1").confidence >= 0.65


def worded(agent: str, probability: float) -> dict[str, Any]:
    data = transcript(("agent", 0.5, 5.0, agent), ("customer", 5.5, 9.0, "Iya."))
    for turn in data["turns"]:
        turn["words"] = [{"word": w, "start": turn["start"], "probability": probability}
                         for w in turn["text"].split()]
    return data


LOOSE_NAME = one_item_form([{"answer": "yes", "when": {
    "loose": True, "regex": [r"(?i)\b(?:bapak|ibu)\s+[a-z]{3,}"]}}])


@pytest.mark.parametrize(("probability", "sure"), [(0.95, True), (0.7, False), (0.3, False)])
def test_a_loose_pattern_is_as_sure_as_the_turn_it_was_found_in(probability: float,
                                                                 sure: bool) -> None:
    """A "honorific + any word" pattern: in a garbled turn the word may be noise, not a name."""
    result = answer(LOOSE_NAME, worded("Baik Ibu Laksmi, saya bantu cek.", probability))[1]
    assert result.answer == "yes"
    assert (result.confidence >= 0.9) is sure
    assert (result.confidence >= 0.65) is (probability > 0.6)


def test_a_loose_flag_leaves_exact_patterns_alone() -> None:
    form = one_item_form([{"answer": "yes", "when": {"regex": [r"\bARIANA\b"]}}])
    data = worded("Nomor tiketnya ARIANA dua satu.", 0.3)
    assert answer(form, data)[1].confidence == 0.95


def goodbye(agent: str) -> dict[str, Any]:
    return transcript(("agent", 0.5, 30.0, "Selamat pagi, ada yang bisa dibantu?"),
                      ("customer", 31.0, 60.0, "Tidak ada, sudah cukup."),
                      ("agent", 61.0, 66.0, agent))


@pytest.mark.parametrize(("agent", "expected"), [
    ("Terima kasih atas waktunya bersama Pegadaian, selamat beraktivitas.", "yes"),
    ("Pegadaian berterima kasih atas telepon Ibu, selamat siang.", "yes"),
    ("Makasih sudah menelepon Pegadaian, mengatasi masalah tanpa masalah.", "yes"),
    # thanks without the company, or without a greeting or tagline
    ("Terima kasih, Bu, selamat malam.", "partial"),
    ("Terima kasih atas teleponnya ke Pegadaian.", "partial"),
    # no thanks
    ("Baik, sampai jumpa.", "no"),
])
def test_c3_closing_parts_heard_on_their_own(agent: str, expected: str) -> None:
    assert item(goodbye(agent), "C3").answer == expected
