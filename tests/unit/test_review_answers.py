"""Answers on a form: pre-fill from the machine, overrides, live score, finalize checks."""

from __future__ import annotations

import pytest

from qa_app.review.answers import (
    ItemAnswer,
    MachineAnswer,
    finalize_problems,
    live_score,
    machine_answers,
    overrides_machine,
)
from qa_app.scoring.schema import Form

FORM = Form.model_validate({
    "id": "mini", "version": 1, "title": "Mini", "channel": "voice",
    "sections": [{"id": "s", "title": "S", "items": [
        {"id": "A", "text": "greeting", "weight": 4},
        {"id": "B", "text": "probing", "weight": 6, "scale": ["yes", "no", "na"]},
        {"id": "F", "text": "no OTP", "weight": 0, "fatal": True, "fatal_when": "asks OTP"},
    ]}]})
MACHINE = {"A": MachineAnswer("yes", 0.9), "B": MachineAnswer("manual", 0.4, "no"),
           "F": MachineAnswer("yes", 0.95)}


def answered(**answers: str) -> dict[str, ItemAnswer]:
    return {item: ItemAnswer(answer) for item, answer in answers.items()}


def test_machine_answers_read_a_stored_prescore_and_prefill_only_confident_ones() -> None:
    machine = machine_answers({"items": [
        {"id": "A", "answer": "yes", "confidence": 0.9,
         "evidence": [{"speaker": "agent", "start": 1.5, "text": "selamat pagi"}]},
        {"id": "B", "answer": "manual", "confidence": 0.4, "evidence": []}],
        "suggested": {"B": "no"}})
    assert machine["A"].prefill == "yes" and machine["A"].evidence[0].start == 1.5
    assert (machine["B"].prefill, machine["B"].suggested) == (None, "no")
    assert machine_answers(None) == {}


@pytest.mark.parametrize(("answer", "machine", "expected"), [
    ("no", MachineAnswer("yes", 0.9), True),
    ("yes", MachineAnswer("yes", 0.9), False),
    ("yes", MachineAnswer("manual", 0.4, "no"), False),  # an unsure hint needs no reason
    (None, MachineAnswer("yes", 0.9), False),
    ("na", MachineAnswer(), False),
])
def test_only_changing_a_confident_answer_needs_a_reason(answer, machine, expected) -> None:
    assert overrides_machine(answer, machine) is expected


@pytest.mark.parametrize(("answers", "score", "fatal", "pending"), [
    ({"A": "yes", "B": "no", "F": "yes"}, 40.0, False, 0.0),
    ({"A": "partial", "B": "na", "F": "yes"}, 50.0, False, 0.0),
    ({"A": "yes", "F": "yes"}, 100.0, False, 0.6),  # B unanswered: pending, left out
    ({"A": "yes", "B": "yes", "F": "no"}, 0.0, True, 0.0),
    ({"A": "na", "B": "na", "F": "yes"}, None, False, 0.0),
])
def test_live_score_uses_the_form_arithmetic(answers, score, fatal, pending) -> None:
    breakdown = live_score(FORM, answered(**answers))
    assert (breakdown.score, breakdown.fatal) == (score, fatal)
    assert breakdown.pending_weight == pytest.approx(pending)


def test_finalize_needs_every_item_answered_and_a_reason_for_each_override() -> None:
    answers = {"A": ItemAnswer("no"), "B": ItemAnswer(None), "F": ItemAnswer("yes")}
    assert [(p.code, p.item) for p in finalize_problems(FORM, answers, MACHINE, False)] == [
        ("reason_missing", "A"), ("unanswered", "B")]
    answers.update(A=ItemAnswer("no", "tanpa salam"), B=ItemAnswer("yes"))
    assert finalize_problems(FORM, answers, MACHINE, False) == []


def test_an_answer_outside_the_item_scale_is_refused() -> None:
    answers = answered(A="yes", B="partial", F="yes")
    assert [(p.code, p.item) for p in finalize_problems(FORM, answers, MACHINE, False)] == [
        ("not_in_scale", "B")]


def test_a_failed_fatal_item_needs_confirmation_and_its_comment() -> None:
    answers = {"A": ItemAnswer("yes"), "B": ItemAnswer("yes"),
               "F": ItemAnswer("no", "agen minta OTP")}
    assert [(p.code, p.item) for p in finalize_problems(FORM, answers, MACHINE, False)] == [
        ("fatal_unconfirmed", None), ("fatal_comment", "F")]
    answers["F"] = ItemAnswer("no", "agen minta OTP", "meminta OTP di menit 1")
    assert [p.code for p in finalize_problems(FORM, answers, MACHINE, False)] == [
        "fatal_unconfirmed"]
    assert finalize_problems(FORM, answers, MACHINE, True) == []
