"""C2 "Menawarkan bantuan lain" (issue 14, judging better): an offer of further help in any
order of its words, as agents say it and as the speech model hears it, told from closings
that offer nothing and from sentences that only share its words ("tidak ada lagi …")."""

from __future__ import annotations

import pytest

from tests.unit.test_scoring_rule_kinds_v3 import item
from tests.unit.test_scoring_rule_kinds_v4 import closing


@pytest.mark.parametrize("agent", [
    "Ada yang bisa saya bantu lagi, Pak?",  # "lagi" after the help word
    "Apa ada yang ingin Ibu tanyakan lagi?",
    "Selain itu, ada yang bisa dibantu lagi?",
    "Kalau ada yang perlu dibantu lagi, silakan hubungi kami kembali ya, Bu.",
    "Ada lagi, Pak?",  # asked on its own
    "Ada yang lain, Bu?",
    "Apakah masih ada pertanyaan?",
    "Apakah ada informasi lain yang Bapak butuhkan?",
    "Ada tambahan pertanyaan, Bu?",
    "Ada yang bisa saya pantu lagi?",  # "bantu" heard with a p
    "Masih ada yang bisa kami mantu, Pak?",  # … and with an m
])
def test_an_offer_in_any_order_of_its_words(agent: str) -> None:
    assert item(closing(agent), "C2").answer == "yes"


@pytest.mark.parametrize("agent", [
    "Tidak ada lagi yang perlu Bapak bayar.",  # the words of an offer, negated
    "Jadi tidak ada biaya lain ya, Pak.",
    "Bapak tidak perlu datang lagi ke cabang.",
    "Nanti petugas kami hubungi lagi.",
    "Sudah cukup ya, Bu?",
    "Baik, sudah saya catat.",
])
def test_words_of_an_offer_that_offer_nothing(agent: str) -> None:
    assert item(closing(agent), "C2").answer == "no"


def test_the_evidence_of_an_offer_quotes_it_at_its_second() -> None:
    result = item(closing("Ada yang bisa saya bantu lagi, Pak?"), "C2")
    assert result.evidence and result.evidence[0].start == pytest.approx(41.0, abs=0.5)
    assert "bantu lagi" in result.evidence[0].text
