"""The forms in rubric/ load, keep the draft's ids and weights, and match the demo ground truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_app.scoring.loader import RUBRIC_DIR, load_form

ROOT = Path(__file__).resolve().parents[2]
DRAFT_IDS = ["O1", "O2", "O3", "V1", "V2", "V3", "P1", "P2", "S1", "S2", "H1", "H2", "H3",
             "K1", "K2", "K3", "K4", "K5", "C1", "C2", "C3", "D1"]


def test_inbound_form_has_the_draft_items_with_their_weights() -> None:
    items = {item.id: item for item in load_form(RUBRIC_DIR / "voice_inbound.yaml").items()}
    assert list(items) == DRAFT_IDS
    assert sum(item.weight for item in items.values()) == 100
    assert {i for i, item in items.items() if item.fatal} == {"V1", "V2", "S1", "S2", "K5", "D1"}
    assert {i for i, item in items.items() if item.manual} == {"S1", "K2", "K5", "D1"}


@pytest.mark.parametrize("name", ["voice_inbound.yaml", "voice_outbound.yaml", "chat.yaml"])
def test_every_form_loads_and_weighs_100(name: str) -> None:
    form = load_form(RUBRIC_DIR / name)
    assert sum(item.weight for item in form.items()) == 100
    assert all(item.manual or item.decide for item in form.items())


def test_outbound_form_adds_the_conduct_rules_as_fatal_items() -> None:
    items = {item.id: item for item in load_form(RUBRIC_DIR / "voice_outbound.yaml").items()}
    assert {"F1", "F2", "F3"} <= {i for i, item in items.items() if item.fatal}


def test_chat_form_drops_voice_items_and_adds_written_ones() -> None:
    ids = {item.id for item in load_form(RUBRIC_DIR / "chat.yaml").items()}
    assert not ids & {"O3", "H2", "K2", "K4"}
    assert {"R1", "E1", "E2", "E3", "E4", "E5"} <= ids


def test_ground_truth_answers_name_form_items() -> None:
    items = {item.id for item in load_form(RUBRIC_DIR / "voice_inbound.yaml").items()}
    truths = sorted((ROOT / "qa_app" / "demo" / "recordings").glob("OC-REC-*.json"))
    assert len(truths) == 12
    for path in truths:
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        assert set(expected) <= items, path.name
        assert set(expected.values()) <= {"yes", "no", "partial", "na"}, path.name
