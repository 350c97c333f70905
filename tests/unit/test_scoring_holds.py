"""H1, H3 and K4 (issue 14, holds from the audio): a silence is a hold when the agent asked
the customer to wait or said what they would check just before it, or thanked or apologized
for the wait just after it, in the words agents use and as the speech model hears them; any
other long silence is dead air. H1 wants permission *and* reason (one alone: partial); H3
thanks for the wait (an apology alone: partial)."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.describe import describe_evidence
from qa_app.scoring.prescore import prescore
from qa_app.scoring.rules import ItemResult
from tests.unit.test_scoring_rule_kinds_v3 import INBOUND

Line = tuple[str, float, float, str]


def call(*lines: Line, probability: float = 0.95, holds: list[list[float]] | None = None,
         silences: list[list[float]] | None = None) -> dict[str, Any]:
    """A transcript as the transcriber writes it: words spread over each line, with times
    and one probability; holds and silences as given (else measured from the turns)."""
    turns = []
    for speaker, start, end, text in lines:
        tokens = text.split()
        step = (end - start) / len(tokens)
        turns.append({"speaker": speaker, "start": start, "end": end, "text": text,
                      "words": [{"start": round(start + i * step, 2),
                                 "end": round(start + (i + 1) * step, 2), "word": token,
                                 "probability": probability} for i, token in enumerate(tokens)]})
    metrics: dict[str, Any] = {}
    if holds is not None:
        metrics["holds"] = {"spans": holds}
    if silences is not None:
        metrics["silence"] = {"spans": silences}
    return {"duration": lines[-1][2] + 1, "speakers_separated": True, "turns": turns,
            "metrics": metrics}


def results(data: dict[str, Any]) -> dict[str, ItemResult]:
    score = prescore(INBOUND, from_transcribe_json(data, "voice", "inbound"))
    return {r.id: r for r in score.items}


def held(before: str, after: str, seconds: float = 18.0, **options: Any) -> dict[str, Any]:
    """The agent says ``before``, the line is silent for ``seconds``, the agent says
    ``after``, then talks on."""
    back = 10.0 + seconds
    return call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("customer", 4.5, 6.0, "Mau tanya saldo tabungan emas."),
                ("agent", 6.5, 10.0, before),
                ("agent", back, back + 3.0, after),
                ("agent", back + 3.5, back + 7.0, "Saldo Bapak saat ini dua gram."),
                ("customer", back + 7.5, back + 8.5, "Baik, terima kasih."), **options)


PERMISSION_AND_REASON = [
    "Mohon izin, saya cek dulu datanya ya, Pak.",
    "Boleh minta waktunya sebentar, Bu? Saya periksa dulu di sistem.",
    "Apakah Bapak bersedia menunggu? Saya perlu mengecek tagihannya.",
    "Saya konfirmasikan dulu ke bagian gudang, mohon ditunggu ya, Kak.",
    "Izin, saya lihat dulu riwayat transaksinya.",
    "Bole saya minta waktunya sebentar? Saya ced dulu ya.",  # d/t heard swapped
    "Mohon ditungu sedentar, kami periksa terlebih dahulu.",  # a letter dropped, d for b
    "Apakah Ibu bersediamenunggu, saya perlumengecek dulu.",  # words run together
    "Mohon jangan ditutup dulu teleponnya, saya carikan informasinya.",
    "Boleh saya hold sebentar? Kami tanyakan ke bagian terkait.",
    "Mohon izin, saya lihat ke sistem sebentar dulu ya.",
    "Boleh saya cek dulu pengajuannya, Bu?",  # asking leave to check
    "Apakah Bapak berkenan? Saya buka dulu data kontraknya.",
    "Izinkan saya memeriksa status pembayarannya.",
    # the work in hand (form v7)
    "Mohon ditunggu, sedang saya proses.",
    "Mohon ditunggu, saya sedang menghitung total tebusannya.",
    "Mohon ditunggu sebentar, saya sedang mengakses data Bapak.",
    "Mohon ditunggu, saya sedang menelusuri transaksinya.",
    "Mohon menunggu sebentar, sistem kami sedang lambat.",
]


@pytest.mark.parametrize("before", PERMISSION_AND_REASON)
def test_h1_permission_and_reason_before_the_hold(before: str) -> None:
    items = results(held(before, "Baik, Pak, terima kasih sudah menunggu."))
    assert items["H1"].answer == "yes", items["H1"]
    assert items["K4"].answer == "yes"  # the announced silence is no dead air


@pytest.mark.parametrize("before", [
    "Tunggu sebentar ya, Bu.",  # waiting asked, no reason
    "Mohon ditunggu sebentar.",
    "Bisa ditunggu dulu, Pak?",
    "Saya cek dulu ya, Pak.",  # a reason, no permission
    "Saya lihat dulu datanya di sistem.",
    "Baik, sebentar saya periksa.",
])
def test_h1_one_part_alone_is_partial(before: str) -> None:
    items = results(held(before, "Terima kasih atas kesabarannya, Pak."))
    assert items["H1"].answer == "partial", items["H1"]


@pytest.mark.parametrize("before", [
    "Baik, Pak.",
    "Jatuh temponya tanggal lima ya, Bu.",
    "Terima kasih sudah menunggu, Pak.",  # thanks for an earlier hold, no announcement
])
def test_h1_a_hold_without_announcement_is_no(before: str) -> None:
    # the thanks after it shows the hold
    items = results(held(before, "Terima kasih sudah menunggu lama, Bu."))
    assert items["H1"].answer == "no", items["H1"]
    assert items["H3"].answer == "yes"


@pytest.mark.parametrize("after", [
    "Terima kasih atas kesabarannya, Bu.",
    "Makasih ya Pak sudah menunggu.",
    "Baik Bu, terima kasih banyak atas waktunya.",
    "Terima kasih sudah bersedia menunggu, Bapak Joko.",
    "Terima kasih hatas kesaparannya, Pak.",  # b heard as p, a letter added
    "Terimakasih sudah menungu, Bu.",  # run together, a letter dropped
    "Mohon maaf menunggu lama, terima kasih, Pak.",  # the apology, then the thanks
])
def test_h3_thanks_for_the_wait(after: str) -> None:
    items = results(held("Mohon izin, saya cek dulu datanya.", after))
    assert items["H3"].answer == "yes", items["H3"]


@pytest.mark.parametrize("after", [
    "Maaf lama menunggu, Pak.",
    "Mohon maaf sudah membuat Ibu menunggu lama.",
    "Maaf ya Bu, agak lama.",
    "Maap menunggu, Pak.",
    "Mohon maaf atas lamanya, Bu.",
])
def test_h3_an_apology_alone_is_partial(after: str) -> None:
    items = results(held("Mohon izin, saya cek dulu datanya.", after))
    assert items["H3"].answer == "partial", items["H3"]


@pytest.mark.parametrize("after", [
    "Baik, Pak.",
    "Terima kasih, datanya sudah sesuai.",  # thanks for something else
    "Jadi begini Bu, saldonya aman.",
])
def test_h3_announced_hold_without_thanks_is_no(after: str) -> None:
    items = results(held("Mohon izin, saya cek dulu datanya.", after))
    assert (items["H1"].answer, items["H3"].answer) == ("yes", "no")


def test_h3_thanks_long_after_the_hold_does_not_count() -> None:
    data = call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("agent", 6.5, 10.0, "Mohon izin, saya cek dulu datanya."),
                ("agent", 28.0, 48.0, "Baik Pak saldo Bapak dua gram dan rekening masih aktif "
                 "top up bisa lewat aplikasi atau datang ke outlet terdekat kapan saja setiap "
                 "hari kerja terima kasih sudah menunggu"))
    assert results(data)["H3"].answer == "no"


@pytest.mark.parametrize("before", [
    "Jadi begini, Pak.",
    "Baik, Bu.",
    "Sebentar, Pak.",  # "a moment" is no announcement of a hold
    "Saya jelaskan dulu ya, Pak.",  # explaining first is no reason to hold
    "Boleh saya minta nomor kontraknya?",  # asking for data is no leave to hold
    "Saya verifikasi dulu ya, Bu, nama ibu kandungnya?",
    "Laporan Bapak akan kami proses secepatnya.",  # a promise, not a reason to hold
])
def test_k4_an_unannounced_silence_is_dead_air(before: str) -> None:
    items = results(held(before, "Untuk prosesnya bisa saya jelaskan.", seconds=16.0))
    assert items["K4"].answer == "no", items["K4"]
    assert items["H1"].answer == "na"
    evidence = items["K4"].evidence[0]
    assert describe_evidence(evidence.note, evidence.values, "", 0, "id") == \
        "hening 16 detik pada 00:10 di luar hold"


def test_k4_a_short_pause_after_sebentar_is_no_hold_and_no_dead_air() -> None:
    items = results(held("Sebentar, Pak.", "Baik, sudah saya lihat.", seconds=6.0))
    assert (items["H1"].answer, items["H3"].answer, items["K4"].answer) == ("na", "na", "yes")


def test_k4_dead_air_is_sure_when_the_customer_checks_the_line() -> None:
    # words barely heard around the silence, but "Halo? Masih di sana?" says nobody told
    # the customer to wait
    data = call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("agent", 6.5, 10.0, "Jadi datang tempat ngebaik sewindang."),
                ("customer", 25.0, 26.5, "Halo, Mas? Masih di sana?"),
                ("agent", 27.0, 28.0, "Iya Pak, masih."), probability=0.3)
    k4 = results(data)["K4"]
    assert k4.answer == "no" and k4.confidence >= 0.9


def test_k4_unclear_words_around_an_unannounced_silence_go_to_a_human() -> None:
    data = call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("agent", 6.5, 10.0, "Jadi datang tempat ngebaik sewindang."),
                ("agent", 26.0, 28.0, "Untuk prosesnya bisa saya jelaskan."), probability=0.3)
    assert results(data)["K4"].answer == "manual"


def test_k4_a_gap_the_model_made_by_losing_speech_is_no_dead_air() -> None:
    data = call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("customer", 4.5, 6.0, "Saya mau tanya saldo."),
                ("agent", 6.5, 9.0, "Ada bukti transfernya?"),
                ("agent", 25.0, 29.0, "yang layarnya saya simpan."))
    data["turns"][3]["words"][0].update(end=26.4, probability=0.05)  # stretched, barely heard
    data["turns"][3]["words"][1]["start"] = 26.4
    k4 = results(data)["K4"]
    assert k4.answer == "yes" and k4.confidence < 0.9


def test_thanks_for_the_first_hold_does_not_make_the_next_silence_a_hold() -> None:
    data = call(("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, ada yang bisa saya bantu?"),
                ("agent", 6.5, 10.0, "Mohon izin, saya cek dulu datanya."),
                ("agent", 28.0, 31.0, "Terima kasih sudah menunggu, Pak."),
                ("agent", 31.5, 34.0, "Jadi begini, Pak."),
                ("agent", 50.0, 53.0, "Untuk prosesnya bisa saya jelaskan."))
    items = results(data)
    assert (items["H1"].answer, items["H3"].answer, items["K4"].answer) == ("yes", "yes", "no")


def test_hold_evidence_quotes_the_words_at_their_second() -> None:
    h1 = results(held("Mohon izin, saya cek dulu datanya.", "Terima kasih sudah menunggu."))["H1"]
    quoted = {e.text: e.start for e in h1.evidence}
    assert any("cek dulu" in text for text in quoted)
    assert all(6.5 <= start <= 10.0 for start in quoted.values())


def test_a_short_unclear_pause_is_no_dead_air_either_way() -> None:
    # whether the 6 s were a hold the model did not hear announced or a pause, they are no
    # silence over 10 s: K4 is sure; whether there was a hold at all is not (H1 to a human)
    items = results(held("Jadi datang tempat ngebaik sewindang.",
                         "Pak, sudah ngasak saya lihat.", seconds=6.0, probability=0.3))
    assert items["K4"].answer == "yes" and items["K4"].confidence >= 0.9
    assert items["H1"].answer == "manual"


def test_a_word_stretched_over_lost_speech_leaves_the_announcement_unknown() -> None:
    # "Pak." lasting 4 s: the model skipped what was said there (an announcement, maybe)
    clear = held("Baik, Pak.", "Terima kasih sudah menunggu, Bu.")
    assert results(clear)["H1"].answer == "no"
    stretched = held("Baik, Pak.", "Terima kasih sudah menunggu, Bu.")
    before = stretched["turns"][2]
    before.update(start=5.5, end=10.0)
    before["words"] = [{"start": 5.5, "end": 6.0, "word": "Baik,", "probability": 0.95},
                       {"start": 6.0, "end": 10.0, "word": "Pak.", "probability": 0.95}]
    assert results(stretched)["H1"].answer == "manual"


def test_k4_a_long_silence_excused_only_by_the_agents_words_is_no_sure_yes() -> None:
    """Hold words are matched loosely and also come before a silence the agent simply left:
    a long silence they alone make a hold gives K4 "yes", but not with the confidence a
    reviewer may take on trust; music on the agent's channel does."""
    words_only = results(held("Mohon ditunggu, saya cek dulu datanya.",
                              "Terima kasih sudah menunggu, Pak.", seconds=18.0))["K4"]
    assert words_only.answer == "yes"
    assert 0.65 <= words_only.confidence < 0.9
    with_music = held("Mohon ditunggu, saya cek dulu datanya.",
                      "Terima kasih sudah menunggu, Pak.", seconds=18.0)
    with_music["metrics"]["music"] = {"spans": [[10.2, 27.8]]}
    assert results(with_music)["K4"].answer == "yes"
    assert results(with_music)["K4"].confidence >= 0.9
    # a short hold leaves no long silence either way: the doubt does not matter
    short = results(held("Mohon ditunggu, saya cek dulu datanya.",
                         "Terima kasih sudah menunggu, Pak.", seconds=8.0))["K4"]
    assert short.answer == "yes" and short.confidence >= 0.9


@pytest.mark.parametrize("before", [
    "Izin saya tempatkan panggilan dalam posisi menunggu, karena saya harus menghubungi "
    "bagian terkait.",
    "Mohon menunggu sebentar ya Pak, sistem kami sedang memuat data Bapak.",
    "Untuk memastikannya, saya konfirmasikan ke tim terkait. Mohon tetap di line ya, Pak.",
    "Agar lebih jelas, saya telusuri catatannya. Mohon tetap tersambung ya, Bu.",
    "Bisa ditunggu sebentar, Kak? Saya mau buka data transaksinya.",
    "Saya pelajari dulu kasusnya, tidak apa-apa menunggu sebentar, Bu?",
])
def test_h1_more_ways_to_ask_leave_and_give_the_reason(before: str) -> None:
    """Form v6: staying on the line asked for, whom the agent will ask, what the system does."""
    items = results(held(before, "Terima kasih sudah menunggu, Pak.", seconds=18.0))
    assert items["H1"].answer == "yes", items["H1"]


@pytest.mark.parametrize("before", [
    "Sudah saya cek, Pak.",
    "Sudah saya periksa datanya, Bu.",
    "Baik, sudah dicek.",
    "Datanya telah kami periksa.",
])
def test_a_check_already_done_makes_no_hold_of_the_silence_after_it(before: str) -> None:
    """Form v7: "sudah saya cek" says the check is over; a long silence after it, with no
    thanks for waiting, is dead air, not a hold."""
    items = results(held(before, "Jadi begini, Pak.", seconds=15))
    assert items["K4"].answer == "no", items["K4"]
    assert items["H1"].answer == "na"
