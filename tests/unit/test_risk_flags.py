"""Risk flags from a screening pre-score (qa_app.scoring.risk): which calls the QCO lead sees.

The demo calls' scripts (their ground truth) stand in for transcripts: the model call and a
warning about the PIN are not flagged; an OTP request, account data before verification, a
complaint without a ticket and slang are, each with the words that show it and their second.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import prescore
from qa_app.scoring.risk import (
    FATAL_ITEM,
    LANGUAGE,
    LOW_SCORE,
    FlagReason,
    derive_flags,
    flag_from_json,
)

INBOUND = load_form(RUBRIC_DIR / "voice_inbound.yaml")
CHAT = load_form(RUBRIC_DIR / "chat.yaml")
RECORDINGS = Path(__file__).resolve().parents[2] / "qa_app" / "demo" / "recordings"
LOW = 60.0


def script_call(rec_id: str, extra: tuple[tuple[str, float, float, str], ...] = ()
                ) -> dict[str, Any]:
    truth = json.loads((RECORDINGS / f"{rec_id}.json").read_text("utf-8"))
    rows = [{"speaker": u["speaker"], "start": u["start"], "end": u["end"], "text": u["text"],
             "words": []} for u in truth["script"]]
    rows += [{"speaker": s, "start": a, "end": b, "text": text, "words": []}
             for s, a, b, text in extra]
    rows.sort(key=lambda row: row["start"])
    return {"duration": truth["duration"], "speakers_separated": True, "turns": rows,
            "metrics": {}, "holds": truth.get("holds"), "silences": truth.get("silences")}


def flags_of(data: dict[str, Any], low: float = LOW) -> tuple[FlagReason, ...]:
    record = prescore(INBOUND, from_transcribe_json(data, "voice", "inbound")).to_record()
    return derive_flags(record, INBOUND, low)


def test_the_model_call_is_not_flagged() -> None:
    assert flags_of(script_call("OC-REC-001")) == ()


def test_a_warning_about_the_pin_is_not_a_flag() -> None:
    warned = script_call("OC-REC-001", (
        ("agent", 62.0, 64.5, "Jangan berikan PIN kepada siapa pun, termasuk petugas kami."),))
    assert flags_of(warned) == ()


@pytest.mark.parametrize(("rec_id", "reason", "item", "said"), [
    ("OC-REC-006", FATAL_ITEM, "V2", "otp"),   # the agent asks for the OTP
    ("OC-REC-012", FATAL_ITEM, "V1", ""),      # account data read out before verification
    ("OC-REC-010", FATAL_ITEM, "S2", ""),      # a complaint, and no ticket
    ("OC-REC-007", LANGUAGE, "K3", "gak"),     # slang
])
def test_suspected_fatal_items_and_slang_are_flagged_with_their_evidence(
        rec_id: str, reason: str, item: str, said: str) -> None:
    found = {(f.reason, f.item): f for f in flags_of(script_call(rec_id))}
    assert (reason, item) in found, found
    flag = found[(reason, item)]
    assert flag.evidence, "a flag shows the words that raised it"
    assert all(entry.start >= 0 for entry in flag.evidence)
    if said:
        assert any(said in entry.text.lower() for entry in flag.evidence)


def test_an_otp_request_comes_before_other_reasons_and_starts_where_it_was_said() -> None:
    flags = flags_of(script_call("OC-REC-006"))
    assert flags[0].reason == FATAL_ITEM and flags[0].item == "V2"
    truth = json.loads((RECORDINGS / "OC-REC-006.json").read_text("utf-8"))
    asked = next(u for u in truth["script"] if "otp" in u["text"].lower()
                 and u["speaker"] == "agent")
    assert flags[0].evidence[0].start == pytest.approx(asked["start"], abs=0.01)


def record(score: float | None, items: list[dict[str, Any]],
           suggested: dict[str, str] | None = None) -> dict[str, Any]:
    return {"score": score, "items": items, "suggested": suggested or {}}


def no(item_id: str, text: str = "kata", start: float = 3.0) -> dict[str, Any]:
    return {"id": item_id, "answer": "no", "confidence": 0.9,
            "evidence": [{"speaker": "agent", "start": start, "text": text}]}


@pytest.mark.parametrize(("score", "flagged"), [(59.9, True), (60.0, False), (100.0, False),
                                                (None, False)])
def test_a_score_below_the_threshold_is_a_flag(score: float | None, flagged: bool) -> None:
    flags = derive_flags(record(score, []), INBOUND, LOW)
    assert [f.reason for f in flags] == ([LOW_SCORE] if flagged else [])


def test_a_low_score_shows_the_first_words_of_the_failed_items() -> None:
    flags = derive_flags(record(40.0, [no("O1", "ya halo", 0.5), no("C2", "sudah ya", 40.0)]),
                         INBOUND, LOW)
    assert [f.reason for f in flags] == [LOW_SCORE]
    assert [e.text for e in flags[0].evidence] == ["ya halo", "sudah ya"]
    assert flags[0].score == 40.0


def test_a_non_fatal_failed_item_is_no_flag_on_its_own() -> None:
    assert derive_flags(record(85.0, [no("O1"), no("H3")]), INBOUND, LOW) == ()


def test_a_fatal_item_left_to_a_human_with_a_suggested_no_is_an_unsure_flag() -> None:
    manual = {"id": "V2", "answer": "manual", "confidence": 0.5,
              "evidence": [{"speaker": "agent", "start": 12.0, "text": "kode otp berapa"}]}
    flags = derive_flags(record(None, [manual], {"V2": "no"}), INBOUND, LOW)
    assert [(f.reason, f.item, f.sure) for f in flags] == [(FATAL_ITEM, "V2", False)]
    left_alone = derive_flags(record(None, [manual], {"V2": "yes"}), INBOUND, LOW)
    assert left_alone == ()


def test_sure_flags_come_before_unsure_ones_and_fatal_before_language() -> None:
    manual = {"id": "V1", "answer": "manual", "confidence": 0.5, "evidence": []}
    flags = derive_flags(record(0.0, [no("K3", "gak"), manual, no("S2")], {"V1": "no"}),
                         INBOUND, LOW)
    assert [(f.reason, f.item) for f in flags] == [
        (FATAL_ITEM, "S2"), (FATAL_ITEM, "V1"), (LANGUAGE, "K3"), (LOW_SCORE, None)]


def test_a_chat_thread_with_a_pin_request_is_flagged() -> None:
    from qa_app.scoring.conversation import from_chat_thread

    thread = [{"sender": "agent", "sent_at": "2026-11-20T10:00:00+07:00",
               "text": "Selamat pagi, dengan Rina dari Pegadaian, ada yang bisa dibantu?"},
              {"sender": "customer", "sent_at": "2026-11-20T10:01:00+07:00",
               "text": "Saya tidak bisa login PDS."},
              {"sender": "agent", "sent_at": "2026-11-20T10:02:00+07:00",
               "text": "Baik, mohon berikan PIN PDS Bapak agar kami cek."}]
    result = prescore(CHAT, from_chat_thread(thread, "chat")).to_record()
    flags = derive_flags(result, CHAT, LOW)
    assert (FATAL_ITEM, "V2") in {(f.reason, f.item) for f in flags}


def test_a_stored_flag_reads_back_the_same() -> None:
    flags = flags_of(script_call("OC-REC-006"))
    assert tuple(flag_from_json(json.loads(json.dumps(f.to_json()))) for f in flags) == flags
