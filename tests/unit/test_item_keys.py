"""Items belong to their form: P1 of the chat form is counted, followed up and worded apart
from P1 of the outbound form (issue 17, point 4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from qa_app.coaching.followup import ItemObservation, follow_up
from qa_app.reports.queries.evaluation_rows import ItemWording
from qa_app.reports.rollups import items, linkage
from qa_app.scoring.item_keys import ItemKey, newest_texts
from qa_app.web import report_tables as tables

CHAT_P1, OUTBOUND_P1 = ItemKey("chat", "P1"), ItemKey("voice_outbound", "P1")


def _evaluations() -> pd.DataFrame:
    return pd.DataFrame({"evaluation_id": [1, 2, 3], "team": ["T1", "T1", "T2"],
                         "month": ["2026-11"] * 3})


def _answers(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["evaluation_id", "form", "item_id", "answer"])
    return frame.assign(item_fatal=False)


def test_the_same_item_id_of_two_forms_makes_two_pareto_rows() -> None:
    answers = _answers([(1, "chat", "P1", "no"), (2, "voice_outbound", "P1", "no"),
                        (3, "voice_outbound", "P1", "partial"), (1, "chat", "O1", "yes")])
    ranked = items.pareto(items.item_failures(answers, _evaluations()))
    assert list(zip(ranked["form"], ranked["item_id"], ranked["failed"], strict=True)) == [
        ("voice_outbound", "P1", 2), ("chat", "P1", 1)]
    assert ranked["applicable"].tolist() == [2, 1]
    assert ranked["cumulative_share"].tolist() == pytest.approx([2 / 3, 1.0])


def test_ties_in_the_pareto_are_ordered_by_form_then_item() -> None:
    answers = _answers([(1, "voice_outbound", "P1", "no"), (2, "chat", "P2", "no"),
                        (3, "chat", "P1", "no")])
    ranked = items.pareto(items.item_failures(answers, _evaluations()))
    assert list(zip(ranked["form"], ranked["item_id"], strict=True)) == [
        ("chat", "P1"), ("chat", "P2"), ("voice_outbound", "P1")]


def test_csi_per_item_keeps_forms_apart() -> None:
    linked = pd.DataFrame({"evaluation_id": [1, 2], "csi": [5.0, 1.0]})
    answers = _answers([(1, "chat", "P1", "yes"), (2, "voice_outbound", "P1", "no")])
    by_item = linkage.csi_by_item(linked, answers).set_index(["form", "item_id"])
    assert by_item.loc[("chat", "P1"), ["pass_n", "fail_n"]].tolist() == [1, 0]
    assert by_item.loc[("voice_outbound", "P1"), ["pass_n", "fail_n"]].tolist() == [0, 1]
    assert by_item.loc[("voice_outbound", "P1"), "fail_csi"] == 1.0


def test_coaching_follow_up_counts_only_the_coached_form() -> None:
    coached = datetime(2026, 11, 10, tzinfo=UTC)
    seen = [ItemObservation(1, CHAT_P1, "no", datetime(2026, 11, 3, tzinfo=UTC)),
            ItemObservation(2, CHAT_P1, "yes", datetime(2026, 11, 12, tzinfo=UTC)),
            # the agent's outbound calls fail their own P1 after the session: not the chat P1
            ItemObservation(3, OUTBOUND_P1, "no", datetime(2026, 11, 13, tzinfo=UTC)),
            ItemObservation(4, OUTBOUND_P1, "no", datetime(2026, 11, 14, tzinfo=UTC))]
    (chat,) = follow_up([CHAT_P1], coached, seen)
    assert (chat.before_failed, chat.after_applicable, chat.after_failed) == (1, 1, 0)
    assert chat.verdict == "improved"


def test_the_newest_wording_wins_within_a_form_only() -> None:
    texts = newest_texts([("chat", {"P1": "lama"}), ("voice_outbound", {"P1": "outbound"}),
                          ("chat", {"P1": "baru"})])
    assert texts == {CHAT_P1: "baru", OUTBOUND_P1: "outbound"}


WORDING = ItemWording(titles={"chat": "Form Penilaian Chat", "collection": "Form Penagihan"},
                      texts={CHAT_P1: "Menggali kebutuhan via chat",
                             OUTBOUND_P1: "Menyampaikan tujuan panggilan"})


@pytest.mark.parametrize("form, language, name", [
    ("chat", "id", "Chat"), ("voice_outbound", "id", "Panggilan keluar"),
    ("voice_inbound", "en", "Inbound call"),
    ("collection", "id", "Form Penagihan"),  # a form the catalogs do not name: its title
])
def test_forms_are_named_in_words_never_by_code(form: str, language: str, name: str) -> None:
    assert tables.form_name(form, WORDING, language) == name
    assert tables.item_label(form, "P1", WORDING, language) == f"{name} · P1"


def test_a_pareto_table_shows_each_item_with_its_own_form_and_wording() -> None:
    pareto = pd.DataFrame({"form": ["voice_outbound", "chat"], "item_id": ["P1", "P1"],
                           "applicable": [2, 1], "no": [2, 1], "partial": [0, 0],
                           "failed": [2, 1], "failure_rate": [1.0, 1.0],
                           "fatal_failed": [0, 0], "cumulative_share": [2 / 3, 1.0]})
    shown = tables.display(tables.with_item_texts(pareto, WORDING, "id"),
                           tables.PARETO_COLUMNS, "id")
    assert shown[["Formulir", "Butir", "Uraian butir"]].values.tolist() == [
        ["Panggilan keluar", "P1", "Menyampaikan tujuan panggilan"],
        ["Chat", "P1", "Menggali kebutuhan via chat"]]
