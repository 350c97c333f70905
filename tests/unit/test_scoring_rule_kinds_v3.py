"""The rule kinds of issue 14: matching by sound, credential requests told from warnings,
account data before verification, speaker_sure, hold music and the export's hold time, and
evidence for every answer, "no" included."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.describe import describe_evidence, score_with_pending
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.matching import match_phrase, normalize
from qa_app.scoring.prescore import prescore
from tests.unit.test_scoring_rules import answer, one_item_form, transcript

INBOUND = load_form(RUBRIC_DIR / "voice_inbound.yaml")


def item(data: dict[str, Any], item_id: str, reported_hold: float | None = None) -> Any:
    result = prescore(INBOUND, from_transcribe_json(data, "voice", "inbound", reported_hold),
                      min_confidence=0.0)
    return next(i for i in result.items if i.id == item_id)


def score(phrase: str, heard: str) -> float:
    return match_phrase(normalize(phrase), normalize(heard)).score


@pytest.mark.parametrize(("phrase", "heard"), [
    ("bapak", "baik papak"),  # b/p
    ("ibu kandung", "nama ibu kantung"),  # d/t
    ("bapak", "terima kasih bapakk"),  # a doubled letter
    ("nama ibu kandung", "sebutkan namahibukan dong"),  # run together and cut short
    ("dengan saya", "dengansaya Rina"),
])
def test_misheard_indonesian_still_matches(phrase: str, heard: str) -> None:
    assert score(phrase, heard) >= 82


@pytest.mark.parametrize(("phrase", "heard"), [
    ("pin", "pinjaman bapak"), ("selamat pagi", "selamat malam"),
    ("otp", "kita top up dulu"), ("bapak", "bapaknya sudah pulang"),
])
def test_sound_matching_keeps_different_words_apart(phrase: str, heard: str) -> None:
    assert score(phrase, heard) < 82


def agent_then_customer(agent: str, customer: str = "Baik.") -> dict[str, Any]:
    return transcript(("agent", 0.5, 5.0, agent), ("customer", 5.5, 9.0, customer))


@pytest.mark.parametrize(("agent", "customer"), [
    ("Boleh disebutkan kode OTP yang masuk, Bu?", "Sebentar."),
    ("Mohon bacakan PIN-nya ya Pak.", "Oke."),
    ("Kode OTP-nya berapa, Pak?", "Sebentar saya lihat."),
    ("Kode OTP yang masuk ke HP Ibu.", "Empat tujuh dua sembilan satu lima."),  # answered
    ("Tiga angka di belakang kartu.", "1 2 3 4"),
])
def test_credential_requests_fail_v2(agent: str, customer: str) -> None:
    result = item(agent_then_customer(agent, customer), "V2")
    assert result.answer == "no"
    assert result.evidence[0].speaker == "agent"


@pytest.mark.parametrize(("agent", "customer"), [
    ("Pegadaian tidak pernah meminta kode OTP.", "Baik."),
    ("Jangan berikan PIN kepada siapa pun, termasuk petugas kami.", "Baik."),
    ("Mohon rahasiakan kode OTP Bapak.", "Satu dua tiga empat lima enam."),  # a warning
    ("Kode OTP akan dikirimkan ke nomor Bapak.", "Baik, terima kasih."),  # informs
    ("Silakan ganti PIN di aplikasi PDS.", "Oke."),
    ("Pinjaman Bapak sudah lunas.", "Dua juta."),  # "pin" inside "pinjaman"
])
def test_warnings_and_information_about_credentials_pass_v2(agent: str, customer: str) -> None:
    result = item(agent_then_customer(agent, customer), "V2")
    assert result.answer == "yes"
    assert result.evidence, "a yes shows what was heard instead of a request"


def test_a_warning_is_the_evidence_of_a_yes() -> None:
    result = item(agent_then_customer("Ingat Bu, jangan berikan PIN kepada siapa pun."), "V2")
    assert result.evidence[0].text == "Ingat Bu, jangan berikan PIN kepada siapa pun"


VERIFY = "Mohon sebutkan tanggal lahir dan nama ibu kandung."
ACCOUNT = "Sisa pinjaman Bapak dua juta rupiah."


@pytest.mark.parametrize(("agent_turns", "expected"), [
    ((VERIFY, ACCOUNT), "yes"),  # verified, then account data
    ((ACCOUNT, VERIFY), "no"),  # account data first: fatal, even if verification follows
    # one data point before the account data: partial (v4; v3 made it a fatal "no")
    (("Boleh sebutkan nomor SBG?", ACCOUNT), "partial"),
    (("Ada yang bisa dibantu?", "Baik, sampai jumpa."), "na"),  # no account data at all
])
def test_account_data_before_verification_fails_v1(agent_turns: tuple[str, str],
                                                   expected: str) -> None:
    data = transcript(("agent", 0.5, 4.0, agent_turns[0]), ("customer", 4.5, 6.0, "Ya."),
                      ("agent", 6.5, 10.0, agent_turns[1]))
    assert item(data, "V1").answer == expected


@pytest.mark.parametrize(("customer", "heard", "expected"), [
    ("Saya Budi.", "Baik Bapak Budi, panggilan ini direkam.", "yes"),
    ("Saya Budi.", "Baik papak Budi, panggilan ini direkam.", "yes"),
    ("Saya Budi.", "Baik bapak -bapak budi, panggilan ini direkam.", "yes"),
    ("Nama saya Sari.", "Baik ibusari, panggilan ini direkam.", "yes"),
    ("Saya Rina, Kak.", "Baik Kak Rina, panggilan ini direkam.", "yes"),
    ("Saya Rudi.", "Baik bapak ru di panggilan ini direkam.", "yes"),
    ("Saya Budi.", "Baik Bapak, panggilan ini direkam.", "no"),
    ("Saya Budi.", "Baik, bapaknya sudah mendaftar.", "no"),
    ("Saya Budi.", "Bisa, Pak, lewat aplikasi.", "no"),  # no name follows the honorific
])
def test_o2_hears_the_name_after_the_honorific_as_misheard(customer: str, heard: str,
                                                           expected: str) -> None:
    data = transcript(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian."),
                      ("customer", 4.5, 6.0, customer), ("agent", 6.5, 10.0, heard))
    assert item(data, "O2").answer == expected


def test_customer_slang_over_the_agent_is_not_the_agents() -> None:
    data = transcript(("agent", 0.5, 6.0, "Baik Bu, nggak apa-apa saya bantu cek."),
                      ("customer", 1.0, 6.0, "Nggak bisa masuk, gue udah coba."),
                      ("agent", 7.0, 9.0, "Baik, Bu."))
    assert item(data, "K3").answer == "yes"  # the agent turn is mostly spoken over
    alone = transcript(("agent", 0.5, 3.0, "Gue cek dulu ya."), ("customer", 4.0, 6.0, "Ya."))
    assert item(alone, "K3").answer == "no"


def test_on_unlabelled_audio_slang_goes_to_a_human() -> None:
    data = transcript((None, 0.5, 3.0, "Nggak bisa, gue udah coba."))  # type: ignore[arg-type]
    assert item(data, "K3").answer == "manual"


MUSIC_CALL = transcript(("agent", 0.5, 4.0, "Baik, Bu, begitu ya."),
                        ("agent", 11.5, 14.0, "Jadi saldo Ibu aman."),
                        metrics={"holds": {"spans": []}, "music": {"spans": [[4.2, 11.3]]}})


def test_seven_seconds_of_music_unannounced_is_a_hold_without_permission() -> None:
    h1, h2 = item(MUSIC_CALL, "H1"), item(MUSIC_CALL, "H2")
    assert (h1.answer, h2.answer) == ("no", "yes")
    assert describe_evidence(h2.evidence[0].note, h2.evidence[0].values, "", 0, "en") == \
        "1 hold(s), the first 7 s at 00:04"
    told = [describe_evidence(e.note, e.values, e.text, e.start, "en") for e in h1.evidence]
    assert told == ["1 hold(s), the first 7 s at 00:04",
                    "not heard: izin / permintaan menunggu (before the hold): "
                    "«Baik, Bu, begitu ya.»",
                    "not heard: alasan hold (before the hold): «Baik, Bu, begitu ya.»"]


def test_announced_six_second_silence_is_a_hold() -> None:
    # v5 (issue 14): permission *and* reason for H1 yes; "Mohon ditunggu sebentar." alone is
    # partial (tests/unit/test_scoring_holds.py)
    data = transcript(("agent", 0.5, 4.0, "Mohon ditunggu sebentar, saya cek dulu."),
                      ("agent", 10.5, 13.0, "Terima kasih telah menunggu, Bu."),
                      metrics={"holds": {"spans": [[4.0, 10.5]]}})
    assert [item(data, i).answer for i in ("H1", "H2", "H3")] == ["yes", "yes", "yes"]


def test_export_hold_time_without_a_hold_found_leaves_hold_items_to_a_human() -> None:
    data = transcript(("agent", 0.5, 4.0, "Baik."), ("agent", 5.0, 8.0, "Sudah, Bu."))
    assert item(data, "H1").answer == "na"
    result = prescore(INBOUND, from_transcribe_json(data, "voice", "inbound", 20.0))
    assert {i.id: i.answer for i in result.items}["H1"] == "manual"


def test_every_answer_has_evidence_written_for_a_person() -> None:
    data = transcript(("agent", 0.3, 2.0, "Ya, halo?"), ("customer", 2.5, 4.0, "Halo."),
                      ("agent", 20.0, 24.0, "Baik, ada lagi?"))
    result = prescore(INBOUND, from_transcribe_json(data, "voice", "inbound"),
                      min_confidence=0.0)
    for entry in result.items:
        if entry.answer in ("yes", "no", "partial") or entry.id in ("H1", "V1"):
            assert entry.evidence, entry.id
            for evidence in entry.evidence:
                line = describe_evidence(evidence.note, evidence.values, evidence.text,
                                         evidence.start, "en")
                assert line and "_" not in line and "=" not in line, (entry.id, line)
    o1 = next(i for i in result.items if i.id == "O1")
    first = o1.evidence[0]
    assert describe_evidence(first.note, first.values, first.text, first.start, "en") == \
        "not heard: salam sesuai waktu (in the agent's first turn): «Ya, halo?»"
    k4 = next(i for i in result.items if i.id == "K4")
    assert describe_evidence(k4.evidence[0].note, k4.evidence[0].values, "", 0, "en") == \
        "silence 16 s at 00:04 outside holds"


@pytest.mark.parametrize(("score", "pending", "shown"), [
    (100.0, 0.87, "100.0 (87% not judged yet)"),
    (87.5, 0.0, "87.5"),
    (None, 1.0, "N/A (100% not judged yet)"),
])
def test_a_total_shows_its_pending_share(score: float | None, pending: float, shown: str) -> None:
    assert score_with_pending(score, pending, "en") == shown


def test_new_kinds_validate_where_they_are_written() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        one_item_form([{"answer": "no", "when": {"request": {"what": [], "asks": ["x"]}}}])
    from qa_app.scoring.loader import _condition_problems

    form = one_item_form([{"answer": "no", "when": {"before": "nowhere", "phrases": ["x"]}}])
    assert any("before 'nowhere'" in p for p in _condition_problems(
        form, form.items()[0].decide[0].when))


def test_request_kind_in_a_small_form() -> None:
    form = one_item_form([{"answer": "no", "when": {"request": {
        "what": ["pin"], "asks": ["sebutkan"], "warnings": ["jangan"]}}}], otherwise="yes")
    assert answer(form, agent_then_customer("Tolong sebutkan PIN Anda."))[0] == "no"
    assert answer(form, agent_then_customer("Jangan sebutkan PIN Anda."))[0] == "yes"
