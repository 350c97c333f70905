"""Fuzzy phrase matching: tolerant of speech-recognition errors, strict on whole words."""

from __future__ import annotations

import pytest

from qa_app.scoring.calibration import score_samples
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.matching import TurnMatcher, match_phrase, normalize

#: The form's own match threshold, not a copy: retuning the rubric retests these phrases.
THRESHOLD = load_form(RUBRIC_DIR / "voice_inbound.yaml").match_threshold


def score(phrase: str, text: str) -> float:
    return match_phrase(normalize(phrase), normalize(text)).score


@pytest.mark.parametrize(("phrase", "heard"), [
    ("terima kasih sudah menghubungi pegadaian", "Terima kasih telah menghubungi Pegadaian."),
    ("terima kasih telah menghubungi pegadaian", "terima kasih telah menghubungin pegadaian"),
    ("terima kasih telah menunggu", "Baik, terima kasi telah menunggu ya Pak"),
    ("mohon ditunggu", "Mohon izin, mohon di tunggu sebentar"),
    ("ada yang bisa saya bantu", "dengan saya Rina, ada yang bisa saya bantuk?"),
    ("selamat pagi", "Selamat pag, Pegadaian"),
    ("nama ibu kandung", "mohon sebutkan nama ibu kandungnya"),
    ("mengatasi masalah tanpa masalah", "mengatasi masalah tampa masalah"),
])
def test_misheard_phrases_still_match(phrase: str, heard: str) -> None:
    assert score(phrase, heard) >= THRESHOLD


@pytest.mark.parametrize(("phrase", "text"), [
    ("pin", "Pinjaman Bapak tiga juta rupiah"),  # a short phrase inside a longer word
    ("otp", "Kita top up dulu saldonya"),
    ("terima kasih telah menunggu", "Terima kasih. Boleh dijelaskan kendalanya?"),
    ("ada lagi yang bisa kami bantu", "Silakan pilih menu lupa kata sandi."),
    ("selamat pagi", "Selamat malam, Pegadaian"),
])
def test_different_words_do_not_match(phrase: str, text: str) -> None:
    assert score(phrase, text) < THRESHOLD


def test_no_stop_words_dropped_and_evidence_is_the_matched_words() -> None:
    found = match_phrase(normalize("terima kasih telah menunggu"),
                         normalize("Baik Bapak, terima kasih telah menunggu. Gadai Bapak aman."))
    assert found.text == "terima kasih telah menunggu"
    assert found.score == 100


def test_form_thresholds_separate_present_from_absent_phrases() -> None:
    """The figures documented in qa_app.scoring.matching, recomputed."""
    present, absent = score_samples()
    assert len(present) > 1000 and len(absent) > 10000
    assert sum(margin < 0 for margin in present) / len(present) < 0.01
    assert sum(margin >= 0 for margin in absent) / len(absent) < 0.005


def test_the_best_match_over_turns_is_the_first_of_the_highest() -> None:
    matcher = TurnMatcher(["Selamat pagi", "ada yang bisa dibantu", "ada yang bisa dibantu",
                           "terima kasih"])
    found = matcher.best("ada yang bisa dibantu", [0, 1, 2, 3])
    assert found is not None and found[1] == 1 and found[0].score == 100
    near = matcher.best("mohon ditunggu", [0, 3])
    assert near is not None and near[0].score == max(
        matcher.match("mohon ditunggu", i).score for i in (0, 3))
    assert matcher.best("ada yang bisa dibantu", []) is None
