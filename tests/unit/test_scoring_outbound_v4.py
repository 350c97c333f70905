"""The outbound form v4 reads holds, account data before verification, credential requests,
slang and offers of further help as the inbound form does (rubric/shared/voice.yaml), and
keeps what is its own: the agent's name, the call's purpose, commitments, the regulator's
conduct items."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import prescore
from qa_app.scoring.rules import ItemResult
from tests.unit.test_scoring_holds import call

OUTBOUND = load_form(RUBRIC_DIR / "voice_outbound.yaml")
INBOUND = load_form(RUBRIC_DIR / "voice_inbound.yaml")
OPENING = ("agent", 0.5, 4.0, "Selamat pagi, saya Rina dari Pegadaian.")


def results(data: dict[str, Any]) -> dict[str, ItemResult]:
    score = prescore(OUTBOUND, from_transcribe_json(data, "voice", "outbound"))
    return {r.id: r for r in score.items}


def test_the_outbound_form_is_version_4_and_shares_the_inbound_meaning() -> None:
    assert OUTBOUND.version == 4
    for name in ("account_told", "verified", "credential_request", "hold_asked",
                 "hold_reason", "hold_thanked", "slang_words", "further_help_offered",
                 "agent_name", "company_name"):
        assert OUTBOUND.conditions[name] == INBOUND.conditions[name]
    assert OUTBOUND.holds == INBOUND.holds
    # what is each form's own: the inbound offer of help, the outbound third party
    assert "offer_of_help" not in OUTBOUND.conditions
    assert "third_party" not in INBOUND.conditions


def test_a_six_second_hold_asked_for_with_its_reason_is_seen() -> None:
    found = results(call(
        OPENING, ("customer", 4.5, 6.0, "Iya, dengan saya sendiri."),
        ("agent", 6.5, 10.0, "Mohon ditunggu sebentar, saya cek dulu datanya."),
        ("agent", 16.0, 19.0, "Terima kasih sudah menunggu, Bu."),
        ("agent", 19.5, 23.0, "Tagihan Ibu bulan ini sudah kami catat."),
        ("customer", 23.5, 24.5, "Baik."), holds=[[10.0, 16.0]]))
    assert (found["H1"].answer, found["H3"].answer) == ("yes", "yes")


@pytest.mark.parametrize("told", [
    "Tagihan Ibu sebesar dua juta rupiah jatuh tempo besok.",
    "Saldo tabungan emas Ibu saat ini tinggal dua gram.",
    "Jatuh tempo gadai Ibu tanggal lima belas.",
])
def test_account_data_told_before_any_verification_is_the_fatal_no(told: str) -> None:
    data = call(OPENING, ("customer", 4.5, 6.0, "Iya, ada apa ya?"),
                ("agent", 6.5, 12.0, told), ("customer", 12.5, 14.0, "Oh begitu."))
    score = prescore(OUTBOUND, from_transcribe_json(data, "voice", "outbound"))
    v1 = next(r for r in score.items if r.id == "V1")
    assert v1.answer == "no" and score.fatal


def test_verification_before_the_account_data_is_yes() -> None:
    found = results(call(
        OPENING, ("customer", 4.5, 6.0, "Iya, betul."),
        ("agent", 6.5, 10.0, "Boleh disebutkan tanggal lahir dan nama ibu kandung?"),
        ("customer", 10.5, 13.0, "Lima Mei delapan puluh, ibu Sumarni."),
        ("agent", 13.5, 18.0, "Terima kasih. Tagihan Ibu sebesar dua juta rupiah."),
        ("customer", 18.5, 19.5, "Baik.")))
    assert found["V1"].answer == "yes"


@pytest.mark.parametrize(("closing", "expected"), [
    ("Ada yang ingin ditanyakan, Bu?", "yes"),
    ("Apakah ada lagi yang bisa saya bantu?", "yes"),
    ("Sudah jelas ya, Bu?", "no"),
])
def test_an_offer_of_further_help_at_the_close(closing: str, expected: str) -> None:
    found = results(call(OPENING, ("customer", 4.5, 6.0, "Iya."),
                         ("agent", 6.5, 10.0, closing), ("customer", 10.5, 11.5, "Tidak.")))
    assert found["C2"].answer == expected


def test_two_casual_forms_are_slang_and_a_credential_asked_in_two_clauses_is_fatal() -> None:
    data = call(OPENING, ("customer", 4.5, 6.0, "Iya."),
                ("agent", 6.5, 10.0, "Udah dibayar aja ya Bu, gampang kok."),
                ("agent", 10.5, 14.0, "Kodenya sudah masuk, Bu? Silakan disebutkan."),
                ("customer", 14.5, 16.0, "Sebentar."))
    score = prescore(OUTBOUND, from_transcribe_json(data, "voice", "outbound"))
    found = {r.id: r for r in score.items}
    assert found["K3"].answer == "no" and found["V2"].answer == "no" and score.fatal


@pytest.mark.parametrize(("opening", "expected"), [
    ("Selamat pagi, saya Rina dari Pegadaian.", "yes"),
    ("Selamat siang, dengan Budi dari Pegadaian, apakah benar dengan Ibu Sari?", "yes"),
    ("Selamat sore, perkenalkan saya Andi dari Pegadaian.", "yes"),
    ("Halo, selamat pagi, ini Dewi dari Pegadaian.", "yes"),
    # no name: "dari" and "menghubungi" are no agent's name
    ("Selamat pagi, saya dari Pegadaian.", "partial"),
    ("Selamat pagi, saya menghubungi dari Pegadaian.", "partial"),
])
def test_the_agent_names_themself_as_on_the_inbound_form(opening: str, expected: str) -> None:
    found = results(call(("agent", 0.5, 4.0, opening), ("customer", 4.5, 6.0, "Iya."),
                         ("agent", 6.5, 9.0, "Baik."), ("customer", 9.5, 10.0, "Ya.")))
    assert found["O1"].answer == expected
