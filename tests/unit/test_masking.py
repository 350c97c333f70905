"""Masking of identifiers in Indonesian transcripts: what must be hidden and what must stay."""

from __future__ import annotations

import pytest

from qa_app.transcribe.redact import luhn_valid, mask_text

ASKED_DOB_AND_MOTHER = "Mohon sebutkan tanggal lahir dan nama ibu kandung Bapak."

MASKED = [
    # (text, context (the turn before), expected)
    ("NIK saya 3201234567890123", "", "NIK saya [NIK]"),
    ("nomor KTP 3174 0512 8501 0002", "", "nomor KTP [NIK]"),
    ("Nomor KK saya 3201020304050607", "", "Nomor KK saya [KK]"),
    ("kartu keluarga 3201020304050607 ya", "", "kartu keluarga [KK] ya"),
    ("NPWP 01.234.567.8-901.234", "", "NPWP [NPWP]"),
    ("nomornya 012345678901234", "", "nomornya [NPWP]"),
    ("hubungi saya di 081234567890", "", "hubungi saya di [PHONE]"),
    ("nomor saya +62 812-3456-7890 ya", "", "nomor saya [PHONE] ya"),
    ("WA 0812.3456.7890", "", "WA [PHONE]"),
    ("email saya budi.santoso@gmail.com ya", "", "email saya [EMAIL] ya"),
    ("kartunya 4111 1111 1111 1111", "", "kartunya [CARD]"),
    ("angkanya 4111111111111111", "", "angkanya [CARD]"),
    ("no rek 1234567890", "", "no rek [ACCOUNT]"),
    ("nomor rekening BRI 0021-01-123456-50-1", "", "nomor rekening BRI [ACCOUNT]"),
    ("SBG satu satu nol dua, sembilan delapan tujuh enam kapan?", "",
     "SBG [SBG] kapan?"),
    ("Nol delapan satu tiga, dua dua empat lima, enam tujuh delapan sembilan.", "",
     "[PHONE]."),
    ("kosong delapan satu satu dua dua tiga tiga", "", "[NUMBER]"),
    ("kodenya empat tujuh satu satu nol sembilan", "", "kodenya [NUMBER]"),
    ("nomor tabungan emas saya 1234 5678 9012", "", "nomor tabungan emas saya [ACCOUNT]"),
    ("Tujuh belas Agustus delapan puluh lima, Siti Aminah.", ASKED_DOB_AND_MOTHER,
     "[DOB], [NAME]."),
    ("Tanggal lahir saya 17-08-1985", "", "Tanggal lahir saya [DOB]"),
    ("lahir 5 Oktober 1982 di Bandung", "", "lahir [DOB] di Bandung"),
    ("tanggal 12/06/1992 lahirnya", "", "tanggal [DOB] lahirnya"),
    ("nama ibu kandung saya Siti Aminah", "", "nama ibu kandung saya [NAME]"),
    ("Lima Oktober delapan puluh dua, Suparmi.", ASKED_DOB_AND_MOTHER, "[DOB], [NAME]."),
    ("Marni", ASKED_DOB_AND_MOTHER, "[NAME]"),
]

KEPT = [
    "Total tebusannya dua juta tiga ratus ribu rupiah.",
    "Pinjaman Bapak Rp 3.000.000, dibayar Rp. 1.250.000,00 bulan ini.",
    "biaya 1.250.000 saja",
    "sebesar 500000 rupiah",
    "harga beli hari ini satu koma empat juta rupiah per gram.",
    "Outlet buka jam 08.00 sampai 16.00, Sabtu sampai jam dua belas.",
    "jam 08.00-16.00 setiap hari",
    "Hari ini tanggal 24 November 2026, jam 10:30.",
    "jatuh tempo 15-06-2026",
    "jatuh tempo lima belas Juni",
    "Nomor tiket ARIANA-851241, diproses dalam tiga hari kerja.",
    "nomor laporan ARIANA delapan lima satu dua empat satu",
    "kodenya 12345",
    "satu dua tiga empat lima",
    "Tahun 2026 ada promo.",
]


KEPT_AFTER = [
    # (text, context): replies and questions around the maiden-name question stay readable
    (ASKED_DOB_AND_MOTHER, ""),
    ("Siapa nama ibu kandung Ibu?", ""),
    ("Baik, terima kasih.", ASKED_DOB_AND_MOTHER),
    ("Sebentar ya, saya lupa.", ASKED_DOB_AND_MOTHER),
    ("Baik, terima kasih.", "nama ibu kandung saya Siti"),
]


@pytest.mark.parametrize(("text", "context"), KEPT_AFTER)
def test_questions_and_other_replies_keep_their_words(text: str, context: str) -> None:
    assert mask_text(text, context) == text


@pytest.mark.parametrize(("text", "context", "expected"), MASKED)
def test_identifiers_are_masked(text: str, context: str, expected: str) -> None:
    assert mask_text(text, context) == expected


@pytest.mark.parametrize("text", KEPT)
def test_amounts_times_dates_and_tickets_are_kept(text: str) -> None:
    assert mask_text(text) == text


def test_a_date_is_a_birth_date_only_near_the_word_lahir() -> None:
    answer = "Dua belas Juni sembilan puluh dua, Marni."
    assert mask_text(answer, "Mohon sebutkan tanggal lahir Ibu.") == "[DOB], Marni."
    assert mask_text(answer, "Kapan jatuh temponya?") == answer


@pytest.mark.parametrize(("digits", "valid"), [("4111111111111111", True),
                                                ("79927398713", True),
                                                ("4111111111111112", False)])
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid
