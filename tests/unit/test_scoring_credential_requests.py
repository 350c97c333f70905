"""V2 of the inbound form v6: a credential asked for however it is named, told from warnings,
instructions and the other codes of a call. Sentences written for these tests from the form's
meaning (an OTP is the code the customer has just received), not from any corpus call."""

from __future__ import annotations

import pytest

from qa_app.scoring.asking import ClauseAct, asks_back, clause_act
from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import prescore
from qa_app.scoring.schema import Request
from tests.unit.test_scoring_identity import call
from tests.unit.test_scoring_rule_kinds_v3 import item


def v2(agent: str, customer: str = "C: Sebentar ya.") -> str:
    return item(call("C: Saya tidak bisa masuk aplikasi.", f"A: {agent}", customer),
                "V2").answer


@pytest.mark.parametrize("agent", [
    "Boleh saya minta kode yang baru masuk ke HP Bapak?",
    "Tolong bacakan enam angka yang kami kirim lewat SMS.",
    "Kata sandinya apa, Bu?",
    "Angka yang muncul di SMS itu berapa ya, Bu?",
    "Mohon disebutkan kode yang dikirim ke nomor Ibu.",
    "Sebutkan tiga angka di balik kartu Bapak.",
    "Kode keamanannya bisa disebutkan, Pak?",
    "Coba dibaca kode verifikasinya, Kak.",
    "PIN-nya berapa, Pak?",
    "Bisa diinfokan kode aktivasi yang masuk?",
    # as the model mishears it: voiced and voiceless stops swapped
    "Mohon seputkan kote otp yang masuk.",
])
def test_a_credential_asked_for_however_named_is_the_fatal_no(agent: str) -> None:
    assert v2(agent) == "no"


@pytest.mark.parametrize(("agent", "customer"), [
    ("Boleh dibantu kode OTP-nya?", "C: Empat lima enam satu dua tiga."),
    ("Kodenya sudah diterima, Bu?", "C: Dua tujuh satu delapan nol sembilan."),
])
def test_a_code_named_and_answered_with_digits_was_asked_for(agent: str, customer: str) -> None:
    assert v2(agent, customer) == "no"


@pytest.mark.parametrize(("agent", "customer"), [
    ("Kode OTP jangan diberikan kepada siapa pun, termasuk petugas kami.", "C: Baik."),
    ("Pegadaian tidak pernah menanyakan PIN ataupun kata sandi.", "C: Baik."),
    ("Apakah kode OTP-nya sudah masuk ke HP Ibu? Silakan dimasukkan sendiri di aplikasi.",
     "C: Sudah."),
    ("Silakan ganti kata sandi lewat menu profil.", "C: Baik."),
    ("Kodenya cukup Ibu masukkan sendiri di layar, tidak usah dibacakan ke saya.", "C: Baik."),
    ("Nanti akan ada SMS berisi kode, mohon dirahasiakan.", "C: Baik."),
    ("Kode OTP-nya bisa dicek di SMS, Bu, lalu dimasukkan di aplikasi.", "C: Baik."),
    ("Mohon dibantu masukkan kode OTP di aplikasi ya, Pak.", "C: Baik."),
    ("Kami perlu memastikan Bapak sudah menerima kode OTP.", "C: Sudah."),
    ("Saya kirimkan kode verifikasi ke nomor Bapak sekarang.", "C: Baik."),
    ("Nanti Ibu terima enam angka, silakan diketik sendiri di aplikasi.", "C: Baik."),
    ("Sandi harus enam angka, silakan buat sendiri.", "C: Baik."),
    # other numbers and other codes
    ("Boleh disebutkan nomor handphone yang terdaftar?", "C: Nol delapan satu dua tiga empat."),
    ("Boleh saya minta nomor SBG-nya?", "C: Satu dua tiga empat lima."),
    ("Berapa kode pos alamat Bapak?", "C: Satu dua tiga empat lima."),
    ("Untuk kode promonya berapa, Bu?", "C: Satu dua tiga empat."),
    ("Pinjamannya berapa, Pak?", "C: Lima juta."),
])
def test_warnings_instructions_and_other_codes_are_not_requests(agent: str, customer: str
                                                                ) -> None:
    assert v2(agent, customer) == "yes"


def test_the_request_clause_is_the_evidence_not_the_code_named_before_it() -> None:
    result = item(call("C: Kodenya belum masuk.",
                       "A: Saya kirim ulang kodenya. Boleh disebutkan kode OTP yang masuk?",
                       "C: Satu dua tiga empat lima enam."), "V2")
    assert result.answer == "no"
    assert result.evidence[0].text == "Boleh disebutkan kode OTP yang masuk"


def test_a_request_in_two_clauses_is_shown_with_both() -> None:
    result = item(call("C: Sudah ada SMS-nya.", "A: Kodenya sudah masuk, Pak? Silakan disebutkan.",
                       "C: Sebentar ya."), "V2")
    assert result.answer == "no"
    assert result.evidence[0].text == "Kodenya sudah masuk, Pak? Silakan disebutkan"


@pytest.mark.parametrize("agent", [
    # the request in two clauses: the code named, then only asked for
    "Kodenya sudah masuk, Pak? Silakan disebutkan.",
    "Sudah terima kode verifikasinya, Bu? Boleh dibacakan satu per satu?",
    "Kode OTP-nya sudah ada? Berapa, Pak?",
    # the agent's own need of it
    "Saya perlu kode dari SMS tadi, Pak.",
    "Untuk prosesnya kami memerlukan kode OTP-nya, Bu.",
])
def test_a_request_in_two_clauses_or_as_the_agents_need_is_the_fatal_no(agent: str) -> None:
    assert v2(agent) == "no"


@pytest.mark.parametrize("agent", [
    "Kodenya sudah masuk, Pak? Jangan disebutkan ke siapa pun, ya.",
    "Kode OTP-nya sudah masuk? Silakan dimasukkan di aplikasi.",
    "Kode verifikasi sudah saya kirim. Boleh disebutkan nomor SBG-nya?",
    "Kode OTP-nya sudah masuk ya, Bu? Berapa lama lagi prosesnya saya cek dulu.",
    "Bapak perlu kode OTP untuk masuk aplikasi, silakan cek SMS.",
    "Kami perlu memastikan kode OTP sudah Bapak terima.",
    "Silakan disebutkan tanggal lahirnya. Kode OTP akan dikirim setelah itu.",
])
def test_an_ask_for_something_else_or_a_warning_after_the_code_is_no_request(agent: str
                                                                            ) -> None:
    assert v2(agent) == "yes"


REQUEST = Request(what=("kode", "pin"), asks=("sebutkan",), warnings=("jangan",),
                  not_what=("kode pos",), asks_after=("berapa",))


@pytest.mark.parametrize(("clause", "act"), [
    ("mohon sebutkan kodenya", ClauseAct.ASKS),
    ("mohon seputkan kotenya", ClauseAct.ASKS),  # by sound
    ("pin nya berapa", ClauseAct.ASKS),
    ("jangan sebutkan pin", ClauseAct.WARNS),
    ("kodenya sudah masuk", ClauseAct.NAMES),
    ("sebutkan kode pos", None),
    ("sebutkan kode posnya", None),
    ("sebutkan jumlah pinjaman", None),  # "pin" is a whole word, not in "pinjaman"
])
def test_clause_act(clause: str, act: ClauseAct | None) -> None:
    assert clause_act(clause, REQUEST) is act


BACK = Request(what=("kode",), asks=("sebutkan", "disebutkan", "berapa"), warnings=("jangan",),
               asks_back_with=("silakan", "pak", "ya"))


@pytest.mark.parametrize(("clause", "asks"), [
    ("Silakan disebutkan, Pak.", True),
    ("Silakan disepudkan ya", True),  # by sound
    ("Berapa?", True),
    ("Silakan disebutkan nomor SBG-nya", False),  # something else asked for
    ("Jangan disebutkan, Pak", False),  # a warning
    ("Silakan, Pak", False),  # no asking word
])
def test_a_clause_that_only_asks(clause: str, asks: bool) -> None:
    assert asks_back(clause, BACK) is asks


def test_without_asks_back_with_no_clause_asks_back() -> None:
    assert not asks_back("Silakan disebutkan.", Request(what=("kode",), asks=("disebutkan",)))


OUTBOUND = load_form(RUBRIC_DIR / "voice_outbound.yaml")


@pytest.mark.parametrize(("agent", "expected"), [
    ("Tolong bacakan enam angka yang kami kirim lewat SMS.", "no"),
    ("Kata sandinya apa, Bu?", "no"),
    ("Berapa kode pos alamat Bapak?", "yes"),
    ("Jangan berikan kode yang masuk kepada siapa pun.", "yes"),
    ("Kodenya sudah masuk, Pak? Silakan disebutkan.", "no"),
    ("Kodenya sudah masuk, Pak? Jangan disebutkan ke siapa pun, ya.", "yes"),
])
def test_the_outbound_form_tells_requests_the_same_way(agent: str, expected: str) -> None:
    data = call("A: Selamat pagi, saya dari Pegadaian.", f"A: {agent}", "C: Sebentar ya.")
    result = prescore(OUTBOUND, from_transcribe_json(data, "voice", "outbound"),
                      min_confidence=0.0)
    assert next(i for i in result.items if i.id == "V2").answer == expected
