"""The pure dispute rules: window and deadlines, who may raise and rule, what a ruling does to
an answer, and the dispute figures against hand-computed values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_app.auth.navigation import may_open
from qa_app.disputes.errors import DisputeError, DisputeNotAllowed
from qa_app.disputes.figures import DisputeRecord, dispute_figures
from qa_app.disputes.rules import (
    Actor,
    ItemRuling,
    check_items,
    check_may_raise,
    may_rule,
    new_answer,
)
from qa_app.disputes.window import deadline_near, overdue, ruling_deadline, window_open

FINAL = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SCALE = ("yes", "partial", "no", "na")


def test_the_window_is_inclusive_of_its_last_moment() -> None:
    assert window_open(FINAL, FINAL + timedelta(days=7), 7)
    assert not window_open(FINAL, FINAL + timedelta(days=7, seconds=1), 7)
    assert not window_open(None, FINAL, 7)
    assert window_open(FINAL, FINAL + timedelta(days=9), 10)


def test_deadline_near_and_overdue() -> None:
    due = ruling_deadline(FINAL, 5)
    assert due == FINAL + timedelta(days=5)
    assert not deadline_near(due, due - timedelta(hours=25))
    assert deadline_near(due, due - timedelta(hours=23)) and not overdue(due, due)
    assert overdue(due, due + timedelta(seconds=1))


def test_who_may_raise() -> None:
    assert check_may_raise(Actor("agent", 1, agent_id=7), 7, 3) is False
    assert check_may_raise(Actor("team_lead", 2, team_ids=frozenset({3})), 7, 3) is True
    for actor in (Actor("agent", 1, agent_id=8), Actor("team_lead", 2, team_ids=frozenset({4})),
                  Actor("qco_lead", 3), Actor("manager", 4)):
        with pytest.raises(DisputeNotAllowed):
            check_may_raise(actor, 7, 3)


def test_who_may_rule() -> None:
    assert may_rule(Actor("qco_lead", 5), reviewer_id=5)  # a lead may rule even on their own
    assert may_rule(Actor("qco", 6), reviewer_id=5)
    assert not may_rule(Actor("qco", 5), reviewer_id=5)
    assert not may_rule(Actor("team_lead", 6), reviewer_id=5)


def test_items_and_rulings() -> None:
    with pytest.raises(DisputeError):
        check_items([], ["O1"])
    with pytest.raises(DisputeError) as unknown:
        check_items(["O1", "X9"], ["O1"])
    assert unknown.value.params == {"items": ["X9"]}
    assert new_answer("O1", ItemRuling("accepted", "ok"), SCALE) == "yes"
    assert new_answer("O1", ItemRuling("partly_accepted", "ok"), SCALE) == "partial"
    assert new_answer("O1", ItemRuling("accepted", "ok", "na"), SCALE) == "na"
    assert new_answer("O1", ItemRuling("rejected", "tidak"), SCALE) is None
    with pytest.raises(DisputeError):
        new_answer("O1", ItemRuling("accepted", "  "), SCALE)
    with pytest.raises(DisputeError):
        new_answer("V2", ItemRuling("partly_accepted", "ok"), ("yes", "no"))
    with pytest.raises(DisputeError):
        new_answer("O1", ItemRuling("maybe", "ok"), SCALE)


IN = "voice_inbound"


def test_dispute_figures_by_hand() -> None:
    """qco A: 10 finals, 2 disputes (items O1 accepted + C2 rejected, ruled after 4 h; O1
    partly accepted, ruled after 10 h); qco B: 5 finals, 1 open dispute on O1."""
    records = [
        DisputeRecord("A", FINAL, FINAL + timedelta(hours=4),
                      {(IN, "O1"): "accepted", (IN, "C2"): "rejected"}),
        DisputeRecord("A", FINAL, FINAL + timedelta(hours=10), {(IN, "O1"): "partly_accepted"}),
        DisputeRecord("B", FINAL, None, {(IN, "O1"): None}),
    ]
    figures = dispute_figures(records, {"A": 10, "B": 5, "C": 4})
    assert (figures.disputes, figures.open) == (3, 1)
    assert figures.share_upheld == pytest.approx(2 / 3)  # 2 of the 3 ruled items
    assert figures.median_hours_to_ruling == pytest.approx(7.0)
    per_qco = {t.key: (t.base, t.disputed, t.ruled, t.upheld, t.rate) for t in figures.per_qco}
    assert per_qco == {"A": (10, 2, 3, 2, 0.2), "B": (5, 1, 0, 0, 0.2), "C": (4, 0, 0, 0, 0.0)}
    per_item = {t.key: (t.disputed, t.ruled, t.upheld) for t in figures.per_item}
    assert per_item == {(IN, "O1"): (3, 2, 2), (IN, "C2"): (1, 1, 0)}
    assert [t.key for t in figures.per_item] == [(IN, "O1"), (IN, "C2")]
    assert figures.per_item[0].rate == pytest.approx(3 / 19)
    empty = dispute_figures([], {})
    assert (empty.share_upheld, empty.median_hours_to_ruling, empty.per_qco) == (None, None, ())


def test_disputes_naming_the_same_item_id_of_two_forms_are_tallied_apart() -> None:
    records = [DisputeRecord("A", FINAL, None, {("chat", "P1"): None}),
               DisputeRecord("A", FINAL, FINAL + timedelta(hours=1),
                             {("voice_outbound", "P1"): "accepted"}),
               DisputeRecord("B", FINAL, None, {("voice_outbound", "P1"): None})]
    figures = dispute_figures(records, {"A": 4, "B": 4})
    assert [(t.key, t.disputed, t.upheld) for t in figures.per_item] == [
        (("voice_outbound", "P1"), 2, 1), (("chat", "P1"), 1, 0)]


def test_pages_are_open_to_the_roles_that_act() -> None:
    assert may_open("agent", "my_evaluations") and may_open("team_lead", "my_evaluations")
    assert not may_open("qco", "my_evaluations") and not may_open("manager", "disputes")
    assert may_open("qco_lead", "disputes") and may_open("qco", "disputes")
    assert not may_open("agent", "disputes")
