"""Masking of what the speech model mis-hears, and of answers to the agent's questions.

The forms come from the bundled model's transcripts of the demo calls
(qa_app/demo/recordings/transcripts) and from the issue that reported them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_app.review.access import _chat_turns
from qa_app.transcribe.dialogue import mask_dialogue
from qa_app.transcribe.heard import digits_in, heard
from qa_app.transcribe.redact import find_redactions, mask_text

ASKS_DOB_AND_MOTHER = "Mohon sebutkan tanggal lahir dan namahibukan dong bapar,"

READ_AS = [
    # (as heard, as the masking rules read it)
    ("satu satu noloh dua", "satu satu nol dua"),
    ("tiga dempat lima", "tiga empat lima"),
    ("belapan puluh lima", "delapan puluh lima"),
    ("tuju delapan", "tujuh delapan"),
    ("satusatu nol dua", "satu satu nol dua"),
    ("tujuh belasagustus", "tujuh belas agustus"),
    ("tujuh belas agus tus, belapan puluh lima", "tujuh belas agustus, delapan puluh lima"),
    ("tujuh belas agus -tus belapan", "tujuh belas agustus delapan"),
    ("5 tober 802", "5 oktober 802"),
    ("dua puluh satu peril delapan -puluh delapan", "dua puluh satu april delapan puluh delapan"),
    ("7 -8", "7 -8"),
    # a look-alike word alone is left as it is
    ("di tempat saya", "di tempat saya"),
    ("lama sekali", "lama sekali"),
    ("ibu dua orang", "ibu dua orang"),
    ("Agustus ini", "Agustus ini"),
]


@pytest.mark.parametrize(("said", "read"), READ_AS)
def test_mis_heard_number_words_and_months_are_read_right(said: str, read: str) -> None:
    assert heard(said).text == read


@pytest.mark.parametrize(("said", "digits"), [
    ("satu satu noloh dua, tiga dempat lima enam, 7 -8", "1102345678"),
    ("kosong delapan satu tiga", "0813"),
    ("0 .813 -2245 -6789", "081322456789"),
    ("empat tujuh dwastembilan satu lima", "47915"),  # "dua sembilan" glued: one digit lost
])
def test_digits_are_read_from_written_spoken_and_mis_heard_forms(said: str, digits: str) -> None:
    assert digits_in(said) == digits


SPAN_RULES = [
    # (text, context, masked): no question needed, the shape and the words around tell
    ("SBG satu satu noloh dua, tiga dempat lima enam, 7 -8", "", "SBG [SBG]"),
    ("satu satu noloh dua, tiga dempat lima enam, 7 -8", "Boleh disebutkan nomor SBG-nya?",
     "[SBG]"),
    ("iya, 1 -1 -0 -2 -3 -4 -5 -6. 7 -8.", "", "iya, [NUMBER]."),
    ("0 .813 -2245 -6789,", "", "[PHONE],"),
    ("nomor saya kosong delapan satu tuju, dua dua empat lima, enam tujuh belapan sembilan", "",
     "nomor saya [PHONE]"),
    ("tujuh belas agus -tus belapan puluh lima", "Mohon sebutkan tanggal lahir",
     "[DOB]"),
    ("lahir 5 tober 1982 di Bandung", "", "lahir [DOB] di Bandung"),
    ("tujuh belas agustus sembilan belas delapan puluh lima", "Tanggal lahir Bapak?", "[DOB]"),
    ("tuju belas agus tus sembilan belas belapan puluh lima.", "Tanggal lahir Bapak?",
     "[DOB]."),
    # kept: a mis-heard month is a date, but not a birth date away from "lahir"
    ("jatuh tempo lima belas juni", "", "jatuh tempo lima belas juni"),
    ("di tempat saya ada dua", "", "di tempat saya ada dua"),
]


@pytest.mark.parametrize(("text", "context", "expected"), SPAN_RULES)
def test_span_rules_see_through_mis_hearings(text: str, context: str, expected: str) -> None:
    assert mask_text(text, context) == expected


ANSWERS = [
    # (the agent's question, the customer's answer, the answer as shown)
    (ASKS_DOB_AND_MOTHER, "tujuh belas agus tus, belapan puluh lima, si tingaminah.",
     "[DOB], [NAME]."),
    ("Mohon sebutkan tanggal lahir dan namah dibutkan dong ibu.",
     "12 juni sembilan pula dua marni.", "[DOB]."),
    ("mohon sebutkan tanggal lahir dan nama dibukan dong bapar", "5 tober 802, supar mi,",
     "[DOB], [NAME],"),
    ("mohon sebutkan tanggal lahir dan namahibukan dong rapat,",
     "dua puluh satu peril delapan -puluh delapan, sumar ni,", "[DOB], [NAME],"),
    ("Mohons sebutkan tanggal lahir dan nama ibu kandung ibu,",
     "delapan desem bersembilan puluh lima terima", "[DOB]"),
    ("Siapa nama ibu kandung Ibu?", "ibu saya, Siti Aminah", "ibu saya, [NAME]"),
    ("Boleh tahu nama gadis ibu kandungnya?", "sumar ni", "[NAME]"),
    ("Tanggal lahir Bapak?", "agus tus, tahun delapan lima", "[DOB]"),
    ("Boleh dibantu alamat emailnya?", "budi titik santoso et gmail titik kom", "[EMAIL]"),
    ("boleh disebutkan nomor sebagainya,", "iya, 1 -1 -0 -2 -3 -4 -5 -6. 7 -8.",
     "iya, [NUMBER]."),
    # a run broken by a word the model made up is masked from its first to its last digit
    ("Boleh disebutkan nomor SBG-nya?", "satu satu loh dua, tiga dempat lima enam, 7 -8",
     "[SBG]"),
    ("kasih, nomor yang bisa di hubungi.", "0 .813 -2245 -6789,", "[PHONE],"),
    ("boleh disebutkan kodol pt yang masuk.", "empat tujuh dwastembilan satu lima,",
     "[NUMBER],"),
    ("Nomor KTP Bapak?", "tiga dua nol satu, dua tiga empat", "[NIK]"),
    # filler and answers that are not the data asked for stay readable
    (ASKS_DOB_AND_MOTHER, "Baik, terima kasih.", "Baik, terima kasih."),
    ("Tanggal lahirnya, Bu?", "Sebentar ya, saya lupa.", "Sebentar ya, saya lupa."),
    ("Boleh disebutkan nomor SBG-nya?", "sebentar ya", "sebentar ya"),
    ("Berapa nominalnya?", "lima ratus ribu", "lima ratus ribu"),
    ("Boleh dijelaskan kendalanya?", "sudah jatuh tempo bisa di terpanjang.",
     "sudah jatuh tempo bisa di terpanjang."),
]


@pytest.mark.parametrize(("question", "answer", "expected"), ANSWERS)
def test_the_answer_to_a_question_is_masked(question: str, answer: str, expected: str) -> None:
    shown = mask_dialogue([("agent", question), ("customer", answer)])
    assert shown == [question, expected]


def test_the_answer_goes_on_over_the_customers_next_turns() -> None:
    turns = [("agent", "Mohon sebutkan tanggal lahir Bapak."), ("agent", "Pak?"),
             ("customer", "tujuh belas agus tus"), ("customer", "belapan puluh lima")]
    assert mask_dialogue(turns)[2:] == ["[DOB]", "[DOB]"]


def test_the_agents_next_question_ends_the_answer() -> None:
    turns = [("agent", ASKS_DOB_AND_MOTHER), ("customer", "si tingaminah"),
             ("agent", "Terima kasih, boleh dijelaskan kendalanya, Pak"),
             ("customer", "sudah jatuh tempo bisa diperpanjang")]
    assert mask_dialogue(turns)[1:] == ["[NAME]", turns[2][1], turns[3][1]]


def test_only_the_first_words_of_a_long_answer_are_masked_whole() -> None:
    long_story = ("saya mau tanya juga soal cicilan yang kemarin belum masuk ke aplikasi "
                  "padahal sudah dibayar lewat bank dan sudah ada buktinya dari bank")
    shown = mask_dialogue([("agent", ASKS_DOB_AND_MOTHER),
                           ("customer", f"tujuh belas agustus, siti aminah. {long_story}")])
    assert shown[1] == f"[DOB], [NAME]. {long_story}"


def test_the_agents_words_are_never_masked_as_an_answer() -> None:
    turns = [("customer", "Ada nomor laporannya?"),
             ("agent", "Nanti Ibu dihubungi petugas, mohon ditunggu ya Bu")]
    assert mask_dialogue(turns) == [text for _, text in turns]


def test_without_speakers_the_rest_of_the_asking_turn_and_the_next_turn_are_the_answer() -> None:
    same_turn = ("Mohon sebutkan tanggal lahir dan nama ibu kandung Bapak. "
                 "Tujuh belas agus tus delapan puluh lima, si tingaminah.")
    assert mask_dialogue([(None, same_turn)]) == [
        "Mohon sebutkan tanggal lahir dan nama ibu kandung Bapak. [DOB], [NAME]."]
    assert mask_dialogue([(None, ASKS_DOB_AND_MOTHER), (None, "si tingaminah")]) == [
        ASKS_DOB_AND_MOTHER, "[NAME]"]


def test_a_chat_thread_masks_the_customers_answer_to_the_agents_question() -> None:
    messages = [
        {"sender": "agent", "sent_at": "2026-11-24T10:00:00", "text":
         "Untuk verifikasi, boleh dibantu tanggal lahir dan nama ibu kandungnya, Kak?"},
        {"sender": "customer", "sent_at": "2026-11-24T10:01:00", "text":
         "17 agustus 85, siti aminah"},
        {"sender": "agent", "sent_at": "2026-11-24T10:02:00", "text":
         "Terima kasih, Kak. Ada yang bisa kami bantu?"}]
    masked = [turn.text for turn in _chat_turns(messages, unmasked=False)]
    assert masked == [messages[0]["text"], "[DOB], [NAME]", messages[2]["text"]]
    unmasked = [turn.text for turn in _chat_turns(messages, unmasked=True)]
    assert unmasked == [message["text"] for message in messages]


VOCABULARY = ["satu", "noloh", "dempat", "belapan", "tuju", "agus", "tus", "tober", "peril",
              "puluh", "belas", "7", "802", "satusatu", "di", "tempat", "saya", "lahir",
              "tanggal", "siti", "aminah", "ibu", "kandung", "nomor", "SBG", "+62"]
SEPARATORS = [" ", ", ", " -", ". ", "-", " / "]


@given(st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)),
                min_size=1, max_size=14))
@settings(max_examples=300, deadline=None)
def test_masked_spans_fall_on_whole_words_of_the_original(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in parts).strip()
    for redaction in find_redactions(text, "Mohon sebutkan tanggal lahir"):
        assert 0 <= redaction.start < redaction.end <= len(text)
        assert redaction.start == 0 or not text[redaction.start - 1].isalnum()
        assert redaction.end == len(text) or not text[redaction.end].isalnum()
