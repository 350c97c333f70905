"""O1 "Salam pembuka" (issue 14, judging better): the offer of help as agents also say it
("bisa saya bantu?", "ada keperluan apa?"), and the company or the desk after "dengan"/"saya"
is not the agent's name."""

from __future__ import annotations

import pytest

from tests.unit.test_scoring_rule_kinds_v3 import item
from tests.unit.test_scoring_rule_kinds_v4 import opening


@pytest.mark.parametrize("agent", [
    "Selamat pagi, Pegadaian, saya Lestari, bisa saya bantu?",
    "Selamat sore, Pegadaian dengan Bayu, boleh saya bantu, Pak?",
    "Selamat siang, Pegadaian, saya Hendra, ada keperluan apa, Bu?",
    "Selamat malam, Pegadaian, bersama Nanda, ada yang perlu saya bantu?",
    "Selamat pagi, Pegadaian, saya Rini, ada kebutuhan yang bisa kami layani?",
    "Selamat sore, Pegadaian, dengan Yogi, bisa saya pantu?",  # "bantu" heard with a p
])
def test_o1_an_offer_of_help_in_other_words(agent: str) -> None:
    assert item(opening(agent), "O1").answer == "yes"


@pytest.mark.parametrize("agent", [
    # time greeting, company and offer, but the word after "dengan"/"saya" is the desk
    "Selamat pagi, terhubung dengan Pegadaian, ada yang bisa saya bantu?",
    "Selamat siang, Anda terhubung dengan contact center Pegadaian, ada yang bisa dibantu?",
    "Selamat sore, dengan kantor cabang Pegadaian, apa yang bisa saya bantu?",
])
def test_o1_the_company_after_dengan_is_no_name(agent: str) -> None:
    assert item(opening(agent), "O1").answer == "partial"


@pytest.mark.parametrize("agent", [
    "Ya, bisa saya cek dulu.",  # "bisa saya" without help
    "Halo, ada apa?",
    "Ya, saya dengar, Pak.",
])
def test_o1_words_of_an_offer_that_offer_nothing(agent: str) -> None:
    assert item(opening(agent), "O1").answer == "no"


@pytest.mark.parametrize("agent", [
    "Selamat pagi, Rina dari Pegadaian, ada yang bisa dibantu?",
    "Selamat siang, Pegadaian, Bayu berbicara, ada yang bisa saya bantu?",
    "Selamat sore, Pegadaian, Hendra yang bertugas, ada yang bisa dibantu?",
    "Selamat malam, Pegadaian, ini Sinta, ada yang bisa dibantu?",
    # the offer in other words
    "Selamat pagi, Pegadaian, dengan Rina, bagaimana saya bisa membantu?",
    "Selamat siang, Pegadaian, saya Bayu, siap membantu Bapak.",
    "Selamat sore, Pegadaian, dengan Hendra, ada yang ingin ditanyakan?",
    "Selamat malam, Pegadaian, saya Sinta, silakan disampaikan keperluannya.",
])
def test_o1_the_name_and_the_offer_in_other_words(agent: str) -> None:
    assert item(opening(agent), "O1").answer == "yes"


@pytest.mark.parametrize("agent", [
    # no name: the word before "dari"/after "ini" is not one
    "Selamat pagi, layanan dari Pegadaian, ada yang bisa dibantu?",
    "Selamat siang, ini Pegadaian, ada yang bisa saya bantu?",
    "Selamat sore, ini benar Pegadaian, silakan disampaikan.",
])
def test_o1_words_around_the_company_that_name_nobody(agent: str) -> None:
    assert item(opening(agent), "O1").answer == "partial"
