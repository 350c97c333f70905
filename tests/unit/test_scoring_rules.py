"""Each kind of evidence rule, on small transcripts: phrases, regex, speaker, windows,
forbidden phrases, metric thresholds, combinations, and unknown metrics left to a human."""

from __future__ import annotations

from typing import Any

import pytest

from qa_app.scoring.prescore import prescore
from qa_app.scoring.schema import Form

HOLDS = {"min_seconds": 10, "threshold": 92, "announce": ["mohon ditunggu"],
         "thanks": ["terima kasih telah menunggu"]}


def one_item_form(decide: list[dict[str, Any]], otherwise: str = "no", **extra: Any) -> Form:
    item = {"id": "X1", "text": "x", "weight": 5, "decide": decide, "otherwise": otherwise}
    return Form.model_validate({"id": "t", "version": 1, "title": "t", "channel": "voice",
                                "holds": HOLDS, **extra,
                                "sections": [{"id": "s", "title": "s", "items": [item]}]})


def transcript(*turns: tuple[str, float, float, str], metrics: dict[str, Any] | None = None,
               duration: float | None = None) -> dict[str, Any]:
    rows = [{"speaker": s, "start": a, "end": b, "text": text, "words": []}
            for s, a, b, text in turns]
    return {"duration": duration or rows[-1]["end"], "speakers_separated": True, "turns": rows,
            "metrics": metrics or {}}


def answer(form: Form, data: dict[str, Any], channel: str = "voice") -> tuple[str, Any]:
    from qa_app.scoring.conversation import from_transcribe_json

    result = prescore(form, from_transcribe_json(data, channel), min_confidence=0.0).items[0]
    return result.answer, result


CALL = transcript(
    ("agent", 0.5, 4.0, "Selamat pagi, Pegadaian, dengan saya Rina, ada yang bisa saya bantu?"),
    ("customer", 4.5, 6.0, "Mau tanya gadai, saya kecewa."),
    ("agent", 6.5, 9.0, "Mohon izin, mohon ditunggu sebentar."),
    ("agent", 30.0, 33.0, "Terima kasih telah menunggu, Bapak Budi."),
    ("customer", 33.5, 35.0, "Oke."),
    ("agent", 36.0, 40.0, "Terima kasih telah menghubungi Pegadaian."),
)


@pytest.mark.parametrize(("when", "expected"), [
    ({"phrases": ["selamat pagi"]}, "yes"),
    ({"phrases": ["selamat malam"]}, "no"),
    ({"phrases": ["terima kasih sudah menghubungi pegadaian"]}, "yes"),  # synonym tolerated
    # speaker: the customer's words do not count for the agent, and the other way round
    ({"phrases": ["kecewa"]}, "no"),
    ({"phrases": ["kecewa"], "speaker": "customer"}, "yes"),
    ({"phrases": ["kecewa"], "speaker": "any"}, "yes"),
    # windows
    ({"phrases": ["pegadaian"], "window": "first_agent_turn"}, "yes"),
    ({"phrases": ["terima kasih telah menghubungi"], "window": "first_agent_turn"}, "no"),
    ({"phrases": ["terima kasih telah menghubungi pegadaian"], "last_seconds": 10}, "yes"),
    ({"phrases": ["selamat pagi"], "last_seconds": 10}, "no"),
    ({"phrases": ["selamat pagi"], "first_seconds": 3}, "yes"),
    ({"phrases": ["mohon ditunggu"], "window": "before_hold"}, "yes"),
    ({"phrases": ["terima kasih telah menunggu"], "window": "after_hold"}, "yes"),
    ({"phrases": ["terima kasih telah menunggu"], "window": "before_hold"}, "no"),
    ({"phrases": ["selamat pagi"], "window": "after_opening"}, "no"),
    # min_distinct: several different phrases required
    ({"phrases": ["selamat pagi", "pegadaian", "tanggal lahir"], "min_distinct": 2}, "yes"),
    ({"phrases": ["selamat pagi", "tanggal lahir", "ibu kandung"], "min_distinct": 2}, "no"),
    # regular expressions, case-sensitive unless (?i)
    ({"regex": [r"\bBapak\s+[A-Z][a-z]+"]}, "yes"),
    ({"regex": [r"\bbapak budi"]}, "no"),
    ({"regex": [r"(?i)\bbapak budi"]}, "yes"),
    # metric thresholds: the hold found from the words is 21 s
    ({"metric": "longest_hold", "gt": 20}, "yes"),
    ({"metric": "longest_hold", "gt": 60}, "no"),
    ({"metric": "hold_count", "ge": 1}, "yes"),
    ({"metric": "first_agent_start", "le": 3}, "yes"),
    ({"metric": "longest_dead_air", "gt": 10}, "no"),  # the long silence is the hold
    # combinations
    ({"all": [{"phrases": ["selamat pagi"]}, {"phrases": ["selamat malam"]}]}, "no"),
    ({"any": [{"phrases": ["selamat pagi"]}, {"phrases": ["selamat malam"]}]}, "yes"),
    ({"not": {"phrases": ["selamat malam"]}}, "yes"),
    ({"min_true": 2, "of": [{"phrases": ["selamat pagi"]}, {"phrases": ["pegadaian"]},
                            {"phrases": ["gadai emas hari ini"]}]}, "yes"),
    ({"min_true": 3, "of": [{"phrases": ["selamat pagi"]}, {"phrases": ["pegadaian"]},
                            {"phrases": ["gadai emas hari ini"]}]}, "no"),
])
def test_evidence_rule_kinds(when: dict[str, Any], expected: str) -> None:
    got, _ = answer(one_item_form([{"answer": "yes", "when": when}]), CALL)
    assert got == expected


def test_forbidden_phrase_fails_the_item_with_its_evidence() -> None:
    form = one_item_form([{"answer": "no", "when": {"regex": [r"(?i)\b(?:gak|nggak|gue)\b"]}}],
                         otherwise="yes")
    slang = transcript(("customer", 0, 2, "Nggak, itu aja."), ("agent", 3, 6, "Gue gak tahu, Pak."))
    got, result = answer(form, slang)
    assert got == "no"
    assert [(e.speaker, e.start, e.text) for e in result.evidence] == \
        [("agent", 3, "Gue"), ("agent", 3, "gak")]
    polite = transcript(("customer", 0, 2, "Nggak, itu aja."), ("agent", 3, 6, "Baik, Pak."))
    assert answer(form, polite)[0] == "yes"


def test_unannounced_silence_is_dead_air_not_a_hold() -> None:
    dead_air = transcript(("agent", 0.5, 3, "Boleh disebutkan nomor SBG?"),
                          ("customer", 3.5, 6, "Satu dua tiga."),
                          ("customer", 18, 19, "Halo, Mbak?"),
                          ("agent", 19.5, 22, "Iya Pak, totalnya dua juta."))
    form = one_item_form([{"answer": "no", "when": {"metric": "longest_dead_air", "gt": 10}},
                          {"answer": "partial", "when": {"metric": "hold_count", "ge": 1}}],
                         otherwise="yes")
    assert answer(form, dead_air)[0] == "no"


def test_transcriber_metrics_are_read_in_its_shape() -> None:
    """qa_app.transcribe writes {"holds": {"spans": [[s, e]]}, "silence": {...}}."""
    data = transcript(("agent", 0.5, 3, "Mohon ditunggu, saya cek."),
                      ("agent", 80, 83, "Terima kasih telah menunggu."),
                      metrics={"holds": {"count": 1, "longest": 77, "spans": [[3.0, 80.0]]},
                               "silence": {"count": 1, "spans": [[3.0, 80.0]]}})
    form = one_item_form([{"answer": "no", "when": {"metric": "longest_hold", "gt": 60}}],
                         otherwise="yes")
    assert answer(form, data)[0] == "no"


def test_unknown_metric_leaves_the_item_to_a_human() -> None:
    form = one_item_form([{"answer": "no", "when": {"metric": "call_hour", "ge": 20}}],
                         otherwise="yes")
    got, result = answer(form, CALL)
    assert got == "manual" and result.confidence == 0.0


def test_items_outside_their_channel_are_na() -> None:
    item = {"id": "E4", "text": "x", "weight": 4, "applies": {"channels": ["email"]},
            "decide": [{"answer": "yes", "when": {"phrases": ["salam hangat"]}}]}
    form = Form.model_validate({"id": "t", "version": 1, "title": "t", "channel": "chat",
                                "sections": [{"id": "s", "title": "s", "items": [item]}]})
    assert answer(form, CALL, channel="chat")[0] == "na"
    assert answer(form, CALL, channel="email")[0] == "no"


def test_low_confidence_answers_go_to_a_human_with_the_suggestion_kept() -> None:
    from qa_app.scoring.conversation import from_transcribe_json

    form = one_item_form([{"answer": "yes", "when": {"phrases": ["selamat pagi"]}}])
    result = prescore(form, from_transcribe_json(CALL), min_confidence=1.01)
    assert result.items[0].answer == "manual"
    assert result.items[0].suggested == "yes"
    assert result.pending_weight == 1.0 and result.score is None
