"""Identity and account items (issue 14, judging better): O2 the customer's name given and said
back, V1 data points asked before any account data is told, V2 credential requests told from
warnings, S2 a ticket with its number and time frame. Sentences written for these tests, each
with the look-alikes that must not count."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.loader import FormError, _condition_problems
from qa_app.scoring.prescore import DEFAULT_MIN_CONFIDENCE
from qa_app.scoring.schema import Form
from tests.unit.test_scoring_rule_kinds_v3 import INBOUND, item
from tests.unit.test_scoring_rules import answer, one_item_form, transcript


def call(*lines: str, probability: float | None = None) -> dict[str, Any]:
    """A call from "A: …" (agent) and "C: …" (customer) lines, four seconds each."""
    turns = []
    for n, line in enumerate(lines):
        who, text = line.split(": ", 1)
        turns.append(("agent" if who == "A" else "customer", 4.0 * n + 0.5, 4.0 * n + 4.0,
                      text))
    data = transcript(*turns)
    if probability is not None:
        for turn in data["turns"]:
            turn["words"] = [{"word": w, "start": turn["start"], "probability": probability}
                             for w in turn["text"].split()]
    return data


# ---- O2: the name asked or volunteered, then used ------------------------------------------

@pytest.mark.parametrize("lines", [
    # asked, then used
    ("A: Boleh tahu dengan Bapak siapa?", "C: Dengan Hendra, Mbak.",
     "A: Baik Pak Hendra, ada yang bisa dibantu?"),
    ("A: Namanya siapa, Bu?", "C: Lestari.", "A: Terima kasih, Ibu Lestari."),
    # volunteered, then used; the model's "papak", run together, split
    ("C: Halo Kak, saya Yohanes, mau tanya gadai.", "A: Baik papak Yohanes, silakan."),
    ("C: Nama saya Ratih Kusuma.", "A: Baik iburatih, saya bantu cek."),
    ("C: Selamat siang, saya Joko.", "A: Baik bapak jo ko, mohon ditunggu."),
    ("C: Atas nama Suryani, Mbak.", "A: Baik Bu Suryani, datanya saya cek."),
    # the honorific misheard ("dapat" for "Bapak"), a long name on its own
    ("C: Saya Gunawan, Kak.", "A: Baik, dapat Gunawan, ada yang bisa dibantu?"),
])
def test_o2_the_name_given_and_said_back_is_yes(lines: tuple[str, ...]) -> None:
    assert item(call(*lines), "O2").answer == "yes"


@pytest.mark.parametrize(("lines", "expected"), [
    # any word after the honorific is no name
    (("C: Saya mau tanya cicilan.", "A: Baik, Bapak. Cicilan Bapak jatuh tempo besok."), "no"),
    (("C: Mau buka rekening.", "A: Baik, Ibu. Saldo Ibu saat ini nol."), "no"),
    (("C: Mau tanya, Mbak.", "A: Perlu Bapak ketahui, kami tidak meminta PIN."), "no"),
    # words after "saya" that are not a name, said again by the agent
    (("C: Perlu saya sebutkan PIN aplikasinya?", "A: Tidak perlu, Pak. PIN itu rahasia."),
     "no"),
    (("C: Baik, saya catat nomornya.", "A: Sudah saya catat juga, Bu."), "no"),
    # asked, never used
    (("A: Dengan Ibu siapa saya berbicara?", "C: Saya Wulandari.", "A: Baik, Ibu."),
     "partial"),
    (("A: Siapa namanya, Pak?", "C: Darmawan.", "A: Baik, Pak, saya cek dulu."), "partial"),
    (("A: Boleh tahu nama lengkap Bapak?", "C: Saya Antonius.", "A: Terima kasih, Pak."),
     "partial"),
])
def test_o2_words_after_an_honorific_are_no_name(lines: tuple[str, ...],
                                                 expected: str) -> None:
    assert item(call(*lines), "O2").answer == expected


def test_o2_a_name_known_from_the_system_is_less_sure() -> None:
    """The agent greets by a name the customer did not say here: a capitalized word after the
    honorific is the transcriber's guess, so it is at most 0.8 sure."""
    result = item(call("A: Selamat pagi, apakah benar dengan Ibu Maryati?", "C: Iya, betul."),
                  "O2")
    assert result.answer == "yes" and result.confidence <= 0.8


def test_o2_a_name_like_word_after_the_honorific_makes_no_unsure() -> None:
    """"Ibu Sari" heard as "ibu sali": maybe the name, misheard; the "no" goes to a human."""
    result = item(call("C: Saya Sari, Kak.", "A: Baik ibu sali, saya bantu."), "O2")
    assert result.answer == "no" and result.confidence < 0.65


@pytest.mark.parametrize(("ask", "answer", "then", "expected"), [
    ("Boleh dibantu dengan nama lengkapnya?", "Hendra Wijaya.", "Baik, saya cek dulu.",
     "partial"),
    ("Bisa disebutkan namanya, Kak?", "Ratna.", "Baik, saya cek dulu.", "partial"),
    ("Mohon diinformasikan nama sesuai KTP.", "Yusuf Maulana.", "Baik, saya cek dulu.",
     "partial"),
    ("Boleh dibantu dengan nama lengkapnya?", "Hendra Wijaya.",
     "Baik, Bapak Hendra, saya cek dulu.", "yes"),
    # the mother's name of a verification is not the customer's
    ("Boleh disebutkan nama ibu kandungnya?", "Siti.", "Baik, saya cek dulu.", "no"),
])
def test_o2_the_name_asked_for_with_a_request_word(ask: str, answer: str, then: str,
                                                    expected: str) -> None:
    """Form v6: "boleh dibantu / bisa disebutkan / mohon diinformasikan" + the name."""
    assert item(call("C: Saya mau tanya saldo.", f"A: {ask}", f"C: {answer}", f"A: {then}"),
                "O2").answer == expected


# ---- V1: two data points before any account data --------------------------------------------

DOB = "A: Boleh saya minta tanggal lahir Bapak?"
MOTHER = "A: Nama ibu kandungnya siapa, Pak?"


@pytest.mark.parametrize(("lines", "expected"), [
    # two, then account data
    ((DOB, "C: Tiga Mei.", MOTHER, "C: Sumirah.",
      "A: Sisa pinjaman Bapak satu juta lima ratus ribu rupiah."), "yes"),
    (("A: Mohon sebutkan NIK dan nomor handphone yang terdaftar.", "C: Sudah saya kirim.",
      "A: Baik, tagihan bulan ini tiga ratus ribu rupiah."), "yes"),
    (("A: Nomor SBG-nya berapa, Bu?", "C: [NUMBER].", "A: Alamat sesuai KTP di mana, Bu?",
      "C: Jalan Mawar.", "A: Saya lihat gadai Ibu jatuh tempo tanggal sembilan."), "yes"),
    # one, then account data: partial, not fatal
    ((DOB, "C: Tiga Mei.", "A: Saldo tabungan emasnya dua koma lima gram, Pak."), "partial"),
    # the date of birth given (masked), the question misheard
    (("A: Untuk tanggal lahirnya?", "C: [DOB].", MOTHER, "C: Sumirah.",
      "A: Sisa kreditnya dua juta rupiah."), "yes"),
    # account data first: fatal, even though verification follows
    (("A: Sisa pinjaman Bapak dua juta rupiah.", "C: Oh begitu.", DOB, "C: Tiga Mei.",
      MOTHER, "C: Sumirah."), "no"),
    (("A: Di sistem angsuran Bapak masih belum lunas.", "C: Masa?"), "no"),
    (("A: Jadwal lelangnya tanggal dua puluh, Pak.", "C: Waduh."), "no"),
    (("A: Total tebusannya empat juta dua ratus ribu rupiah.", "C: Baik."), "no"),
    # the due date with the loan named (form v6)
    (("A: Jatuh tempo gadai Bapak tanggal dua belas Desember.", "C: Oh begitu."), "no"),
    # no account data told: not applicable, whatever amounts are said in general
    (("A: Top up bisa mulai sepuluh ribu rupiah.", "C: Oke."), "na"),
    (("A: Pinjaman minimal lima puluh ribu rupiah, Bu.", "C: Oke."), "na"),
    (("A: Biasanya tercatat dalam satu kali dua puluh empat jam.", "C: Oke."), "na"),
    (("A: Jatuh temponya tanggal berapa, Pak?", "C: Tanggal lima."), "na"),
    # "bawa KTP" asks for the card, not its number; "namanya" is not "nama ibunya"
    (("A: Namanya siapa, Bu?", "C: Rina.", "A: Silakan bawa KTP ke outlet.",
      "A: Saldo Ibu saat ini tiga gram."), "no"),
])
def test_v1_data_points_before_account_data(lines: tuple[str, ...], expected: str) -> None:
    assert item(call(*lines), "V1").answer == expected


@pytest.mark.parametrize(("told", "expected"), [
    # the state of the customer's loan or account told, without a figure (form v7)
    ("Rekening Ibu terblokir karena salah PIN tiga kali.", "no"),
    ("Akun Bapak diblokir sementara.", "no"),
    ("Barang jaminan Bapak sudah masuk jadwal lelang.", "no"),
    ("Pembayaran Bapak kemarin sudah kami terima.", "no"),
    ("Pembayaran Ibu sudah masuk, Bu.", "no"),
    ("Gadai Bapak sudah diperpanjang sampai Maret.", "no"),
    ("Status gadai Ibu saat ini aktif.", "no"),
    # asked, or said of accounts in general
    ("Apakah pembayaran Bapak sudah masuk?", "na"),
    ("Pembayaran Bapak sudah masuk belum", "na"),
    ("Kalau rekening terblokir, silakan datang ke outlet.", "na"),
    ("Barang jaminan yang sudah jatuh tempo akan masuk jadwal lelang.", "na"),
])
def test_v1_the_state_of_the_account_told_is_account_data(told: str, expected: str) -> None:
    assert item(call(f"A: {told}", "C: Oh begitu."), "V1").answer == expected


def test_v1_data_confirmed_but_questions_misheard_is_no_fatal() -> None:
    """"Terima kasih, datanya sesuai": a verification was done, whatever the model made of
    the questions; how many points were asked is a guess, left to a human."""
    result = item(call("A: Belakir dan namanya bukan dunia?", "C: Tiga Mei, Sumirah.",
                       "A: Terima kasih, datanya sesuai.",
                       "A: Sisa pinjaman Bapak dua juta rupiah."), "V1")
    assert result.answer == "partial" and result.confidence <= 0.6


@pytest.mark.parametrize(("answer_given", "guess"), [
    ("[DOB].", False),  # a date of birth given is a data point
    ("Dua belas Maret delapan puluh.", True),
    ("Lahirnya tahun tujuh puluh sembilan.", True),
])
def test_v1_data_given_to_questions_misheard_is_no_fatal(answer_given: str,
                                                          guess: bool) -> None:
    """The customer gave a date of birth or a number before the account data: the questions
    were asked, whatever the model made of them; how many is a guess left to a human."""
    result = item(call("A: Kalau boleh, belakir berapak?", f"C: {answer_given}",
                       "A: Sisa pinjaman Bapak dua juta rupiah."), "V1")
    assert result.answer == "partial"
    assert (result.confidence <= 0.6) is guess


def test_v1_a_number_the_customer_reads_out_unasked_is_no_verification() -> None:
    result = item(call("C: SBG saya satu satu nol dua sembilan delapan, jatuh temponya kapan?",
                       "A: Sisa pinjaman Bapak dua juta rupiah, jatuh tempo lima belas Juni."),
                  "V1")
    assert result.answer == "no"


def test_v1_one_point_counts_once_however_it_is_said() -> None:
    """"Nomor SBG" and "SBG-nya" are one data point, not two."""
    result = item(call("A: Nomor SBG, SBG-nya berapa, Pak?", "C: [NUMBER].",
                       "A: Sisa pinjaman Bapak dua juta rupiah."), "V1")
    assert result.answer == "partial"


# ---- V2: credentials asked for, not warned about --------------------------------------------

@pytest.mark.parametrize(("agent", "expected"), [
    ("Boleh disampaikan kode OTP yang baru masuk, Pak?", "no"),
    ("Tolong dieja PIN aplikasinya, Bu.", "no"),
    ("Mohon diberikan password akunnya untuk pengecekan.", "no"),
    ("Boleh tahu PIN-nya, Kak?", "no"),
    # warnings and instructions are not requests
    ("Bapak tidak perlu menyebutkan PIN kepada kami.", "yes"),
    ("Tidak usah disebutkan kode OTP-nya, Bu.", "yes"),
    ("Kode OTP akan dikirimkan ke nomor Bapak, silakan masukkan di aplikasi.", "yes"),
    ("Pegadaian tidak pernah meminta PIN lewat telepon.", "yes"),
])
def test_v2_requests_told_from_warnings(agent: str, expected: str) -> None:
    assert item(call("C: Saya tidak bisa masuk aplikasi.", f"A: {agent}", "C: Oh begitu."),
                "V2").answer == expected


def test_v2_a_warning_heard_makes_not_asked_surer_in_a_murky_call() -> None:
    murky = item(call("C: Halo.", "A: Baik, saya cek dulu.", probability=0.5), "V2")
    warned = item(call("C: Halo.", "A: Jangan berikan kode OTP kepada siapa pun ya.",
                       probability=0.5), "V2")
    assert murky.answer == warned.answer == "yes"
    assert murky.confidence < 0.65 <= warned.confidence < 0.9


# ---- S2: a ticket, its number and time frame ------------------------------------------------

@pytest.mark.parametrize(("lines", "expected"), [
    (("C: Saya mau komplain, saldo saya berkurang.",
      "A: Sudah saya buat laporannya dengan nomor tiket ARIANA-55120, paling lambat tiga hari "
      "kerja."), "yes"),
    # the system's name as the model hears it, the number masked
    (("C: Saya kecewa, transfer saya belum masuk.",
      "A: Nomor laporannya haryana [NUMBER], dalam lima hari kerja ada kabar."), "yes"),
    # a ticket made, no number: partial, even without a complaint word
    (("C: Uang saya terpotong dua kali.",
      "A: Sudah saya buatkan tiketnya, nanti diproses dalam tujuh hari kerja."), "partial"),
    # a number, no time frame
    (("C: Saya mau komplain.", "A: Nomor tiketnya ARIANA-11872 ya, Bu."), "partial"),
    # a complaint, no ticket: a time frame alone is not one
    (("C: Saya mau komplain, cicilan belum tercatat.",
      "A: Biasanya tercatat dalam satu kali dua puluh empat jam, Bu."), "no"),
    (("C: Keluhan saya belum ditanggapi.", "A: Keluhannya saya sampaikan ke bagian terkait."),
     "no"),
    # an enquiry answered; a number read out is no ticket
    (("C: Cara top up emas bagaimana?", "A: Lewat aplikasi, Bu, nomor SBG 12345 tidak perlu."),
     "yes"),
])
def test_s2_ticket_number_and_time_frame(lines: tuple[str, ...], expected: str) -> None:
    assert item(call(*lines), "S2").answer == expected


# ---- the engine ----------------------------------------------------------------------------

def test_before_may_name_a_regex_condition() -> None:
    form = one_item_form(
        [{"answer": "yes", "when": {"before": "told", "phrases": ["tanggal lahir"]}}],
        conditions={"told": {"regex": [r"(?i)\bsaldo\b"]}})
    early = call("A: Tanggal lahir Bapak?", "A: Saldo Bapak tiga gram.")
    late = call("A: Saldo Bapak tiga gram.", "A: Tanggal lahir Bapak?")
    assert answer(form, early)[0] == "yes"
    assert answer(form, late)[0] == "no"
    assert not list(_condition_problems(form, form.items()[0].decide[0].when))


def test_a_rule_may_cap_its_confidence() -> None:
    form = one_item_form([{"answer": "yes", "at_most": 0.5,
                           "when": {"phrases": ["datanya sesuai"]}}])
    result = answer(form, call("A: Terima kasih, datanya sesuai."))[1]
    assert result.answer == "yes" and result.confidence == 0.5


def test_at_most_is_a_confidence() -> None:
    with pytest.raises(ValueError):
        one_item_form([{"answer": "yes", "at_most": 1.5, "when": {"phrases": ["x"]}}])


def test_the_missing_phrase_decides_how_sure_min_distinct_is_absent() -> None:
    """Two phrases needed, one found exactly: the other's absence is what counts, not the
    found one's score of 100 (which made every such absence look like a near miss)."""
    form = one_item_form([{"answer": "yes", "when": {
        "min_distinct": 2, "phrases": ["tanggal lahir", "nama ibu kandung"]}}])
    result = answer(form, call("A: Tanggal lahir Bapak berapa?"))[1]
    assert result.answer == "no" and result.confidence >= 0.9


@pytest.mark.parametrize("spec", [
    {"intros": ["saya"], "honorific": "(bapak"},  # does not compile
    {"intros": [], "honorific": "bapak"},  # nothing introduces a name
])
def test_name_used_is_validated(spec: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        one_item_form([{"answer": "yes", "when": {"name_used": spec}}])


def test_the_bundled_form_loads_with_the_new_kinds() -> None:
    assert isinstance(INBOUND, Form)
    assert FormError  # the loader's error type stays importable for the form checks


def test_equal_conditions_are_worked_out_once_and_kept_apart_from_others() -> None:
    from qa_app.scoring import conditions

    first = Form.model_validate(INBOUND.model_dump(by_alias=True)).conditions["verified"]
    again = INBOUND.conditions["verified"]
    other = INBOUND.conditions["verified_once"]
    assert first is not again
    assert conditions._canonical(first) == conditions._canonical(again)
    assert conditions._canonical(other) != conditions._canonical(again)


def _timed(data: dict[str, Any], stretched_turn: int | None) -> dict[str, Any]:
    """Words spread over each turn, clearly heard; in ``stretched_turn`` the last word lasts
    8 s: the model's timestamp stretched over speech it lost."""
    for n, turn in enumerate(data["turns"]):
        said = turn["text"].split()
        step = (turn["end"] - turn["start"]) / len(said)
        turn["words"] = [{"word": w, "start": turn["start"] + k * step, "probability": 0.95}
                         for k, w in enumerate(said)]
        if n == stretched_turn:
            turn["end"] = turn["words"][-1]["start"] + 8.0
    return data


def test_v1_no_fatal_no_where_the_model_lost_speech_before_the_account_data() -> None:
    """The verification may have been in the speech the model lost before the account data
    (the agent's word stretched over it): its absence is unknown, and the fatal "no" goes to
    a human; heard throughout, the same call is the fatal "no"."""
    def lines() -> dict[str, Any]:
        data = call("A: Ada bukti transfernya?", "C: Ada, saya simpan.", "A: Terima kasih banyak.")
        data["turns"].append({"speaker": "agent", "start": 22.0, "end": 26.0,
                              "text": "Sisa pinjaman Bapak dua juta rupiah."})
        return data

    heard = item(_timed(lines(), None), "V1")
    lost = item(_timed(lines(), 2), "V1")
    assert heard.answer == "no" and heard.confidence >= DEFAULT_MIN_CONFIDENCE
    assert lost.answer == "no" and lost.confidence < DEFAULT_MIN_CONFIDENCE  # left to a human
