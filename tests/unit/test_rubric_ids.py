"""The draft form in rubric/ and the demo recordings' ground truth speak of the same items."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def form_items() -> dict[str, dict[str, object]]:
    form = yaml.safe_load((ROOT / "rubric" / "voice_inbound.yaml").read_text(encoding="utf-8"))
    return {item["id"]: item for section in form["sections"] for item in section["items"]}


def test_form_has_the_draft_items_with_their_weights() -> None:
    items = form_items()
    assert list(items) == ["O1", "O2", "O3", "V1", "V2", "V3", "P1", "P2", "S1", "S2", "H1",
                           "H2", "H3", "K1", "K2", "K3", "K4", "K5", "C1", "C2", "C3", "D1"]
    assert sum(int(item["weight"]) for item in items.values()) == 100
    assert {i for i, item in items.items() if item["fatal"]} == {"V1", "V2", "S1", "S2", "K5", "D1"}


def test_ground_truth_answers_name_form_items() -> None:
    items = form_items()
    truths = sorted((ROOT / "qa_app" / "demo" / "recordings").glob("OC-REC-*.json"))
    assert len(truths) == 12
    for path in truths:
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        assert set(expected) <= set(items), path.name
        assert set(expected.values()) <= {"yes", "no", "partial", "na"}, path.name
