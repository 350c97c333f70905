"""Call categories: the seed file's categories on realistic turns (found, not found, by
speaker and position, misheard), the loader's errors, adding a category, and the shares."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from qa_app.reports.rollups.categories import category_shares, week_start
from qa_app.scoring.categories import tag
from qa_app.scoring.category_set import (
    CategoryError,
    CategorySet,
    category_id_for,
    load_category_set,
    parse_category_set,
    split_phrases,
    with_category,
)
from qa_app.scoring.conversation import Conversation, Turn

SEED = load_category_set()


def _call(*turns: tuple[str | None, float, str]) -> Conversation:
    return Conversation(tuple(Turn(speaker, start, start + 4.0, text)
                              for speaker, start, text in turns), 180.0)


def _ids(conversation: Conversation, categories: CategorySet = SEED) -> list[str]:
    return [found.category_id for found in tag(categories, conversation)]


def test_the_seed_names_the_five_categories_of_the_issue() -> None:
    assert {"pds_app_problem", "auction", "complaint", "credential_request",
            "promised_callback"} <= set(SEED.by_id())
    assert SEED.version >= 1 and len(SEED.content_hash()) == 64


@pytest.mark.parametrize(("speaker", "said", "expected"), [
    # the app and a problem with it, the app as the model hears "PDS"
    ("customer", "aplikasi pe de es saya error terus tidak bisa login", "pds_app_problem"),
    ("customer", "di aplikasi pegadaian digital saldonya belum masuk", "pds_app_problem"),
    ("customer", "emas saya mau dilelang ya mbak", "auction"),
    ("agent", "jadwal lelang barang jaminan bapak tanggal dua puluh", "auction"),
    ("customer", "saya mau komplain, saya sangat kecewa", "complaint"),
    ("agent", "mohon sebutkan kode otp yang masuk ke ponsel bapak", "credential_request"),
    ("agent", "boleh diinfokan pin nya bu", "credential_request"),
    ("agent", "baik bapak nanti kami hubungi kembali setelah dicek", "promised_callback"),
    ("agent", "baik bu nanti kami telpon balik", "promised_callback"),
])
def test_a_category_is_found_with_its_evidence(speaker: str, said: str, expected: str) -> None:
    found = tag(SEED, _call(("agent", 0.0, "selamat pagi"), (speaker, 12.5, said)))
    match = next(f for f in found if f.category_id == expected)
    assert (match.turn, match.speaker, match.second) == (1, speaker, 12.5)
    assert match.words and match.words.split()[0] in said.lower()
    assert match.text == said  # the turn, for the reader to check


def test_a_long_turn_is_shortened_around_the_words_heard() -> None:
    said = "saya mau tanya " * 30 + "emas saya dilelang kemarin " + "terima kasih " * 30
    found = tag(SEED, _call(("customer", 3.0, said)))[0]
    assert found.category_id == "auction" and "emas saya dilelang" in found.text
    assert found.text.startswith("…") and found.text.endswith("…")
    assert len(found.text) <= 242


@pytest.mark.parametrize(("speaker", "said", "absent"), [
    # a warning is not a request
    ("agent", "jangan berikan kode otp kepada siapa pun ya bu", "credential_request"),
    ("agent", "kode otp akan dikirimkan ke nomor bapak", "credential_request"),
    # inviting the customer to call again is no promise to call them
    ("agent", "silakan menghubungi kembali pegadaian", "promised_callback"),
    ("agent", "silakan hubungi kami kembali", "promised_callback"),
    # a login problem that is not the app's; "pinjaman" is no "pin"
    ("customer", "saya tidak bisa login internet banking", "pds_app_problem"),
    ("agent", "pinjaman bapak sebutkan nomornya", "credential_request"),
    ("customer", "saya lelah sekali hari ini", "auction"),
])
def test_a_category_is_not_found_in_look_alike_words(speaker: str, said: str,
                                                     absent: str) -> None:
    assert absent not in _ids(_call((speaker, 5.0, said)))


def test_speaker_the_customer_repeating_the_agent_asking_is_no_request() -> None:
    assert "credential_request" not in _ids(_call(("customer", 5.0, "sebutkan kode otp nya?")))
    assert _ids(_call(("customer", 5.0, "kami hubungi kembali"))) == []


def test_position_within_the_first_30_seconds_only() -> None:
    said = "saya sudah telepon berkali kali soal ini"
    assert "repeat_contact" in _ids(_call(("customer", 20.0, said)))
    assert "repeat_contact" not in _ids(_call(("customer", 45.0, said)))


@pytest.mark.parametrize("misheard", [
    "nanti kami hubungi kempali ya pak",  # b heard as p
    "nanti kami hubungi kembaliya",  # words run together
    "nanti kamii hubungi kembali",  # a letter doubled
])
def test_misheard_phrases_are_found(misheard: str) -> None:
    assert "promised_callback" in _ids(_call(("agent", 3.0, misheard)))


def test_mono_audio_every_turn_counts_for_either_speaker() -> None:
    assert "auction" in _ids(_call((None, 1.0, "emas saya dilelang")))


def test_chat_threads_are_tagged_like_calls() -> None:
    chat = Conversation((Turn("customer", 0.0, 0.0, "Kak aplikasi PDS saya tidak bisa login"),
                         Turn("agent", 60.0, 60.0, "Baik Kak, akan kami kabari")), 60.0, "chat")
    assert _ids(chat) == ["pds_app_problem", "promised_callback"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "categories.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("id: categories\nversion: 1\ntitle: x\ncategories:\n  - {id: a, name: A, when: {}}\n",
     "category a: field when: Value error, a condition needs exactly one of"),
    ("id: categories\nversion: 1\ntitle: x\ncategories:\n"
     "  - {id: Bad Id, name: A, when: {phrases: [lelang]}}\n",
     "category Bad Id: field id: String should match pattern"),
    ("id: categories\nversion: 1\ntitle: x\ncategories:\n"
     "  - {id: a, name: A, when: {phrases: [lelang]}}\n"
     "  - {id: a, name: B, when: {phrases: [lelang]}}\n", "category a: field id: used twice"),
    ("id: categories\nversion: 1\ntitle: x\ncategories:\n"
     "  - {id: a, name: A, when: {metric: duration, gt: 5}}\n",
     "category a: field when: metric 'duration': categories are told from words only"),
    ("id: categories\nversion: 1\ntitle: x\ncategories:\n"
     "  - {id: a, name: A, when: {ref: nowhere}}\n",
     "category a: field when: ref 'nowhere' names no entry of conditions"),
    ("id: categories\nversion: 0\ntitle: x\ncategories: []\n", "set: field version"),
    ("- just a list\n", "a category set is a YAML mapping"),
    ("id: [unclosed\n", "not valid YAML"),
])
def test_errors_name_the_file_the_category_and_the_field(tmp_path: Path, text: str,
                                                        message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(CategoryError) as raised:
        load_category_set(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_a_missing_file_is_named() -> None:
    with pytest.raises(CategoryError, match="nowhere.yaml: cannot read"):
        load_category_set("/nowhere.yaml")


def test_comments_and_layout_do_not_change_the_hash() -> None:
    again = parse_category_set(SEED.document(), "stored")
    assert again.content_hash() == SEED.content_hash()
    assert parse_category_set(__import__("yaml").safe_load(SEED.to_yaml()), "x") \
        .content_hash() == SEED.content_hash()


def test_adding_a_category_makes_the_next_version_that_tags() -> None:
    added = with_category(SEED, "Tutup rekening tabungan emas",
                          split_phrases("mau tutup rekening\n, tutup tabungan emas"), "customer",
                          30.0)
    assert added.version == SEED.version + 1
    assert added.content_hash() != SEED.content_hash()
    new = added.categories[-1]
    assert (new.id, new.when.speaker, new.when.first_seconds) == (
        "tutup_rekening_tabungan_emas", "customer", 30.0)
    assert new.when.phrases == ("mau tutup rekening", "tutup tabungan emas")
    call = _call(("customer", 10.0, "saya mau tutup rekening"))
    assert "tutup_rekening_tabungan_emas" in _ids(call, added)
    assert "tutup_rekening_tabungan_emas" not in _ids(
        _call(("customer", 40.0, "saya mau tutup rekening")), added)
    assert "tutup_rekening_tabungan_emas" not in _ids(
        _call(("agent", 10.0, "bapak mau tutup rekening?")), added)


@pytest.mark.parametrize(("name", "phrases", "seconds", "field", "reason"), [
    ("  ", "lelang", None, "name", "name_missing"),
    ("lelang", "jadwal", None, "name", "name_taken"),  # the seed's "Lelang", any case
    ("Baru", " , \n", None, "phrases", "no_phrases"),
    ("Baru", "ok\nmau tutup", None, "phrases", "short_phrase"),
    ("Baru", "mau tutup", 0.0, "first_seconds", "bad_seconds"),
    ("x" * 81, "mau tutup", None, "name", "name_long"),
])
def test_a_new_category_is_refused_naming_the_field(name: str, phrases: str,
                                                    seconds: float | None, field: str,
                                                    reason: str) -> None:
    with pytest.raises(CategoryError) as raised:
        with_category(SEED, name, split_phrases(phrases), "any", seconds)
    assert (raised.value.field, raised.value.reason) == (field, reason)


def test_ids_from_names_are_plain_and_unique() -> None:
    assert category_id_for("Keluhan: Biaya Admin!") == "keluhan_biaya_admin"
    assert category_id_for("123 Promo") == "k_123_promo"
    twice = with_category(with_category(SEED, "Promo A", ("promo emas",), "any"),
                          "Promo-A!", ("promo lain",), "any")
    assert [c.id for c in twice.categories[-2:]] == ["promo_a", "promo_a_2"]


def test_week_starts_on_monday() -> None:
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday
    assert week_start(date(2026, 11, 16)) == date(2026, 11, 16)


def test_shares_per_week_and_team_count_every_category() -> None:
    calls = pd.DataFrame({"interaction_id": [1, 2, 3, 4],
                          "day": [date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 18),
                                  date(2026, 11, 23)],
                          "team_id": [1, 1, 2, 1], "team": ["Gadai", "Gadai", "Digital",
                                                             "Gadai"]})
    tags = pd.DataFrame({"interaction_id": [1, 1, 3, 9], "category_id": [
        "auction", "complaint", "auction", "auction"]})
    shares = category_shares(calls, tags, {"auction": "Lelang", "complaint": "Keluhan"})
    rows = {(r.week_start, r.team, r.category_id): (r.calls, r.tagged, r.share)
            for r in shares.itertuples()}
    assert rows[(date(2026, 11, 16), "Gadai", "auction")] == (2, 1, 50.0)
    assert rows[(date(2026, 11, 16), "Gadai", "complaint")] == (2, 1, 50.0)
    assert rows[(date(2026, 11, 16), "Digital", "auction")] == (1, 1, 100.0)
    assert rows[(date(2026, 11, 23), "Gadai", "auction")] == (1, 0, 0.0)  # a tag of no call
    assert len(rows) == 6
    assert category_shares(calls.iloc[:0], tags, {"auction": "Lelang"}).empty
