"""History diffs, evidence marks on transcript turns, and the worklist's filter and sort."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qa_app.review.access import TurnText
from qa_app.review.answers import EvidenceRef, MachineAnswer
from qa_app.review.history import Revision, history
from qa_app.review.marks import mark_turns, split_highlights, turn_of
from qa_app.review.pipeline_state import SampleState
from qa_app.review.worklist import WorklistFilter, WorklistRow, apply_filter

AT = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def revision(number: int, kind: str, answers: dict, reason: str | None = None) -> Revision:
    return Revision(number, kind, "qco1", AT, reason, 90.0, False, answers, None)


def test_history_compares_the_first_revision_with_the_machine_prefill_then_each_other() -> None:
    first = {"O1": {"answer": "yes", "reason": "salam ada", "comment": None, "machine": "no"},
             "S1": {"answer": "yes", "reason": None, "comment": None, "machine": "manual"},
             "O2": {"answer": "yes", "reason": None, "comment": None, "machine": "yes"}}
    second = {**first, "O2": {"answer": "no", "reason": "nama salah", "comment": None,
                              "machine": "yes"}}
    entries = history([revision(2, "dispute", second, "sanggahan"), revision(1, "final", first)],
                      item_order=["O1", "O2", "S1"])
    assert [e.revision.number for e in entries] == [1, 2]
    assert [(c.item, c.before, c.after, c.machine) for c in entries[0].changes] == [
        ("O1", "no", "yes", "no"), ("S1", None, "yes", "manual")]
    assert [(c.item, c.before, c.after, c.reason) for c in entries[1].changes] == [
        ("O2", "yes", "no", "nama salah")]


TURNS = (TurnText("agent", 0.5, 3.0, "Selamat pagi, dengan Sari di Pegadaian"),
         TurnText("customer", 3.4, 6.0, "Pagi, saya Ahmad"),
         TurnText("agent", 6.2, 9.0, "Baik Bapak Ahmad, boleh dijelaskan?"))


@pytest.mark.parametrize(("speaker", "second", "expected"), [
    ("agent", 1.2, 0), ("agent", 7.0, 2), ("customer", 4.0, 1),
    ("agent", 3.2, 0),  # between turns: the nearest turn of that speaker
    (None, 2.0, None),  # metric evidence marks no turn
])
def test_evidence_lands_on_its_speakers_turn(speaker, second, expected) -> None:
    assert turn_of(TURNS, speaker, second) == expected


def test_marked_turns_carry_item_ids_and_phrases() -> None:
    machine = {"O1": MachineAnswer("yes", 0.9, None, (EvidenceRef("agent", 0.5, "selamat pagi"),
                                                      EvidenceRef("agent", 0.5, "pegadaian"))),
               "O2": MachineAnswer("yes", 0.9, None, (EvidenceRef("agent", 6.9, "Bapak Ahmad"),)),
               "O3": MachineAnswer("yes", 0.9, None, (EvidenceRef(None, 0.5, "start = 0.5"),))}
    marked = mark_turns(TURNS, machine)
    assert [(m.items, m.phrases) for m in marked] == [
        (("O1",), ("selamat pagi", "pegadaian")), ((), ()), (("O2",), ("Bapak Ahmad",))]


def test_highlights_split_the_text_case_insensitively_and_merge_overlaps() -> None:
    assert split_highlights("Selamat pagi, Pegadaian", ["selamat pagi", "pagi, peg"]) == [
        ("Selamat pagi, Peg", True), ("adaian", False)]
    assert split_highlights("halo", ["tidak ada"]) == [("halo", False)]


def row(sample_id: int, week: str, agent: str, status: str, kind: str = "random",
        channel: str = "voice") -> WorklistRow:
    return WorklistRow(sample_id, f"OC-{sample_id}", week, agent, channel, "inbound", kind,
                    SampleState(status), None, datetime(2026, 11, sample_id, tzinfo=UTC))


ROWS = [row(1, "2026-W47", "Sari", "ready"), row(2, "2026-W46", "Budi", "final"),
        row(3, "2026-W47", "budiman", "prescoring", kind="targeted", channel="chat"),
        row(4, "2026-W47", "Rina", "draft")]


@pytest.mark.parametrize(("criteria", "expected"), [
    (WorklistFilter(), [1, 4, 2, 3]),  # the oldest open sample first, then the rest by age
    (WorklistFilter(sort_by="week"), [2, 1, 3, 4]),
    (WorklistFilter(weeks=["2026-W47"], sort_by="agent"), [3, 4, 1]),
    (WorklistFilter(statuses=["ready", "draft"], sort_by="status"), [1, 4]),
    (WorklistFilter(agent_text="BUDI"), [2, 3]),
    (WorklistFilter(kinds=["targeted"]), [3]),
    (WorklistFilter(channels=["voice"], sort_by="started_at", descending=True), [4, 2, 1]),
])
def test_worklist_filter_and_sort(criteria: WorklistFilter, expected: list[int]) -> None:
    assert [r.sample_id for r in apply_filter(ROWS, criteria)] == expected


def test_an_unknown_sort_key_is_refused() -> None:
    with pytest.raises(ValueError, match="sort_by 'score'"):
        apply_filter(ROWS, WorklistFilter(sort_by="score"))


def test_an_absence_marks_the_turn_searched_without_highlighting_it() -> None:
    absent = EvidenceRef("agent", 0.5, "Selamat pagi, Pegadaian", "not_heard_in",
                         {"what": "tawaran bantuan", "where": "first_agent_turn"})
    marked = mark_turns(TURNS, {"O1": MachineAnswer("no", 0.9, None, (absent,))})
    assert (marked[0].items, marked[0].phrases) == (("O1",), ())
    assert absent.describe("en") == ("not heard: tawaran bantuan (in the agent's first turn): "
                                     "«Selamat pagi, Pegadaian»")
    assert EvidenceRef.from_json(absent.to_json()) == absent
