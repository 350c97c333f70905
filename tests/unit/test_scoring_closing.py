"""C3 "Salam penutup" and O1's company (issue 14, judging better): "Pegadaian" run together
with the word before it ("terapagada"), heard as "kebedaan" right after the thanks, or before
"mengucapkan terima kasih"; the tagline as the model hears it; the same words elsewhere are
no company and no tagline."""

from __future__ import annotations

import pytest

from tests.unit.test_scoring_rule_kinds_v3 import item
from tests.unit.test_scoring_rule_kinds_v4 import goodbye, opening


@pytest.mark.parametrize("agent", [
    "Terima kasih sudah menghubungi terpegadaian, selamat sore.",  # "ke Pegadaian" run together
    "Terima kasih atas teleponnya kepada kebedaan, selamat malam.",  # … and misheard
    "Terima kasih telepon Bapak ke keadaan, selamat pagi.",
    "Terima kasih atas waktunya, terpegapan, selamat siang.",
    "Terimakasih atas teleponnya kebedaan, selamat siang.",  # thanks run together
    # "Pegadaian mengucapkan terima kasih …": the word before it is the company, however heard
    "Bagaiman mengucapkan terima kasih atas panggilan Bapak, selamat sore.",
    # the tagline as the model hears it
    "Pegadaian mengucapkan terima kasih, menakasi masalah dan pemasalah.",
    "Terima kasih, Pegadaian, menatasi masalahkan pama masalah.",
    # other closing greetings (form v7)
    "Terima kasih sudah menghubungi Pegadaian, wassalamualaikum.",
    "Terima kasih telah menghubungi layanan Pegadaian. Semoga hari Ibu menyenangkan.",
    "Terima kasih sudah menelepon Pegadaian, semoga harinya lancar.",
    "Terima kasih sudah menghubungi Pegadaian, selamat beristirahat.",
])
def test_c3_the_company_as_the_model_hears_it(agent: str) -> None:
    assert item(goodbye(agent), "C3").answer == "yes"


@pytest.mark.parametrize("agent", [
    "Keadaan rekeningnya aman ya, Bu. Terima kasih, selamat malam.",  # "keadaan" before thanks
    "Terima kasih sudah menghubungi Pegadaian, semoga masalahnya cepat beres.",  # no tagline
    "Saya mengucapkan terima kasih, selamat siang.",  # the agent, not the company
    "Terima kasih sudah menghubungi Pegadaian, semoga membantu.",  # a wish, no greeting
])
def test_c3_the_same_words_elsewhere_are_no_company(agent: str) -> None:
    assert item(goodbye(agent), "C3").answer == "partial"


@pytest.mark.parametrize(("agent", "expected"), [
    ("Selamat pagi, selamat datang terapagada, saya Wulan, ada yang bisa dibantu?", "yes"),
    ("Selamat siang, kepegapan, saya Dodi, ada yang bisa saya bantu?", "yes"),
    ("Selamat sore, saya Wulan, bergabung sejak lama, ada yang bisa dibantu?", "partial"),
])
def test_o1_the_company_run_together_with_the_word_before_it(agent: str, expected: str) -> None:
    assert item(opening(agent), "O1").answer == expected
