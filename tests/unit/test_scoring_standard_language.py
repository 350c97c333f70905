"""K3 "Bahasa baku" (issue 14, judging better): the casual forms an agent lets slip, told from
the standard words they shorten and from the customer's own slang."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.test_scoring_rule_kinds_v3 import item
from tests.unit.test_scoring_rule_kinds_v4 import worded
from tests.unit.test_scoring_rules import transcript

OPENING = "Selamat pagi, Pegadaian, dengan Rina, ada yang bisa dibantu?"


def conversation(agent: str, customer: str = "Oh begitu, baik.") -> dict[str, Any]:
    return transcript(("agent", 0.5, 5.0, OPENING),
                      ("customer", 6.0, 9.0, "Saya mau tanya soal cicilan."),
                      ("agent", 10.0, 16.0, agent), ("customer", 17.0, 20.0, customer))


@pytest.mark.parametrize("agent", [
    "Udah saya cek, Bu, cicilannya aman.",
    "Bayarnya lewat aplikasi aja, Pak.",
    "Gimana kalau Ibu datang ke cabang?",
    "Kalo telat, ada dendanya, Bu.",
    "Prosesnya memang agak lama banget, Pak.",
    "Emang begitu aturannya, Bu.",
    "Ntar saya kirim nomornya ya, Pak.",
    "Ibu cuma perlu bawa KTP doang.",
])
def test_k3_casual_forms_from_the_agent(agent: str) -> None:
    assert item(conversation(agent), "K3").answer == "no"


@pytest.mark.parametrize(("agent", "customer"), [
    ("Sudah saya periksa, Bu, cicilannya aman.", "Oh udah aman ya, makasih banget."),
    ("Bagaimana kalau Ibu datang ke cabang terdekat?", "Gimana ya, jauh sih."),
    ("Baik, saya jelaskan pelan-pelan supaya lebih jelas.", "Iya deh."),
])
def test_k3_standard_words_and_the_customers_slang(agent: str, customer: str) -> None:
    assert item(conversation(agent, customer), "K3").answer == "yes"


@pytest.mark.parametrize(("agent", "sure"), [
    ("Udah, santai aja, Bu, nanti saya bantu.", True),  # two casual forms: surely slang
    ("Mohon banget diingat, Bu, nanti saya bantu.", False),  # one, in a garbled turn: maybe noise
])
def test_k3_one_casual_word_in_a_garbled_turn_is_not_sure(agent: str, sure: bool) -> None:
    result = item(worded(agent, 0.4), "K3")
    assert result.answer == "no"
    assert (result.confidence >= 0.9) is sure
