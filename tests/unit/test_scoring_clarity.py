"""Honest confidence: an absence in poorly recognized text goes to a human, and "manual" is
reported apart from agreement."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.accuracy import compare
from qa_app.scoring.clarity import absence_cap, clarity, trusted_absence
from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import prescore
from qa_app.scoring.schema import Form

HOLDS = {"min_seconds": 10, "threshold": 92, "announce": ["mohon ditunggu"],
         "thanks": ["terima kasih telah menunggu"]}


def form_with(decide: list[dict[str, Any]], otherwise: str = "no") -> Form:
    item = {"id": "X1", "text": "x", "weight": 5, "decide": decide, "otherwise": otherwise}
    return Form.model_validate({"id": "t", "version": 1, "title": "t", "channel": "voice",
                                "holds": HOLDS,
                                "sections": [{"id": "s", "title": "s", "items": [item]}]})


def heard(*turns: tuple[str, float, float, str, float | None]) -> dict[str, Any]:
    """Turns whose every word has the given probability (None: no probabilities at all), the
    words spread over the turn's time as the model times them."""
    rows = []
    for speaker, start, end, text, probability in turns:
        step = (end - start) / max(len(text.split()), 1)
        words = [] if probability is None else [
            {"start": start + n * step, "end": start + (n + 1) * step, "text": word,
             "probability": probability}
            for n, word in enumerate(text.split())]
        rows.append({"speaker": speaker, "start": start, "end": end, "text": text,
                     "words": words})
    return {"duration": rows[-1]["end"], "speakers_separated": True, "turns": rows,
            "metrics": {}}


def decided(form: Form, data: dict[str, Any]) -> tuple[str, float, str | None]:
    item = prescore(form, from_transcribe_json(data)).items[0]
    return item.answer, item.confidence, item.suggested


@pytest.mark.parametrize(("region_clarity", "cap"), [
    (None, 0.95), (1.0, 0.95), (0.80, 0.95), (0.675, 0.675), (0.55, 0.4), (0.3, 0.4),
])
def test_absence_cap_rises_with_clarity(region_clarity: float | None, cap: float) -> None:
    assert absence_cap(region_clarity) == pytest.approx(cap)


@pytest.mark.parametrize(("confidence", "region_clarity", "trusted"), [
    (0.9, 0.9, 0.9), (0.9, 0.5, 0.4), (0.6, 0.9, 0.6), (0.9, None, 0.9),
])
def test_trusted_absence_never_raises_confidence(confidence: float, region_clarity: float | None,
                                                 trusted: float) -> None:
    assert trusted_absence(confidence, region_clarity) == pytest.approx(trusted)


def test_clarity_is_the_mean_word_probability() -> None:
    assert clarity([0.2, 0.4, 0.9]) == pytest.approx(0.5)
    assert clarity([]) is None


GREETING = [{"answer": "yes", "when": {"phrases": ["terima kasih telah menghubungi"]}}]
SLANG = [{"answer": "no", "when": {"regex": [r"\b(gak|nggak|gue)\b"]}}]


@pytest.mark.parametrize(("decide", "otherwise", "text", "probability", "answer", "suggested"), [
    # said, and heard: the phrase is found whatever the clarity
    (GREETING, "no", "terima kasih telah menghubungi pegadaian", 0.95, "yes", None),
    (GREETING, "no", "terima kasih telah menghubungi pegadaian", 0.40, "yes", None),
    # not found in clear text: a confident "no"
    (GREETING, "no", "baik bapak sampai jumpa lagi ya", 0.92, "no", None),
    # not found in garbled text: "no" only rests on an absence there, so a human decides
    (GREETING, "no", "dari makasi pelab menubuhi penganaian", 0.45, "manual", "no"),
    # clarity is the mean over the searched region: one clear turn beside a half-heard one
    # keeps the absence confident (a known limit, see clarity.py)
    (GREETING, "no", "dari makasi pelab menubuhi penganaian", 0.62, "no", None),
    # no probabilities (typed script, chat): the matcher's own confidence stands
    (GREETING, "no", "baik bapak sampai jumpa lagi ya", None, "no", None),
    # an absence that means "yes" (no slang heard) is just as doubtful in garbled text
    (SLANG, "yes", "baik bapak saya bantu cek dulu", 0.95, "yes", None),
    (SLANG, "yes", "mat papa gagu nanti saya mandu", 0.40, "manual", "yes"),
    (SLANG, "yes", "wah gue gak bisa pastikan", 0.40, "no", None),
])
def test_absence_in_poorly_recognized_text_is_left_to_a_human(
        decide: list[dict[str, Any]], otherwise: str, text: str, probability: float | None,
        answer: str, suggested: str | None) -> None:
    data = heard(("agent", 0.5, 4.0, "selamat pagi pegadaian", 0.95),
                 ("agent", 5.0, 9.0, text, probability))
    got, _confidence, machine = decided(form_with(decide, otherwise), data)
    assert (got, machine) == (answer, suggested)


def test_unsure_na_is_left_to_a_human() -> None:
    verify = [{"answer": "yes", "when": {"min_distinct": 2,
                                         "phrases": ["tanggal lahir", "nama ibu kandung"]}}]
    clear = heard(("agent", 0.5, 4.0, "boleh dijelaskan kendalanya", 0.95))
    garbled = heard(("agent", 0.5, 4.0, "mohon sebut galak yg nyamah di bukan dong", 0.45))
    assert decided(form_with(verify, "na"), clear)[0] == "na"
    assert decided(form_with(verify, "na"), garbled)[:3:2] == ("manual", "na")


@pytest.mark.parametrize(("probability", "answer"), [(0.95, "no"), (0.45, "manual")])
def test_unconfirmed_hold_in_garbled_text_makes_dead_air_doubtful(probability: float,
                                                                  answer: str) -> None:
    """A 20 s silence with no announcement heard is dead air; unless the turns around it were
    so poorly heard that the announcement may simply have been missed."""
    dead_air = [{"answer": "no", "when": {"metric": "longest_dead_air", "gt": 10}}]
    data = heard(("agent", 0.5, 4.0, "baik saya cek datanya sebentar", probability),
                 ("agent", 24.0, 27.0, "baik bapak ini hasilnya", probability))
    assert decided(form_with(dead_air, "yes"), data)[0] == answer


def test_transcript_keeps_word_probabilities_only_when_every_word_has_one() -> None:
    data = heard(("agent", 0.0, 2.0, "selamat pagi", 0.7))
    assert from_transcribe_json(data).turns[0].word_probabilities == (0.7, 0.7)
    del data["turns"][0]["words"][1]["probability"]
    assert from_transcribe_json(data).turns[0].word_probabilities == ()


def test_manual_is_reported_apart_from_agreement() -> None:
    form = load_form(RUBRIC_DIR / "voice_inbound.yaml")
    human = {"O1": "yes", "O2": "no", "O3": "yes", "K3": "yes"}
    machine = {"O1": "yes", "O2": "manual", "O3": "no", "K3": "manual"}
    report = compare(form, [(human, machine)])
    assert (report.compared, report.answered) == (4, 2)
    assert report.agreement == pytest.approx(0.5)
    assert report.manual_share == pytest.approx(0.5)
    everything_manual = compare(form, [(human, dict.fromkeys(human, "manual"))])
    assert (everything_manual.answered, everything_manual.manual_share) == (0, 1.0)
    assert everything_manual.agreement == 0.0
