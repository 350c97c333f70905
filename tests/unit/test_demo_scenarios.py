"""The demo scenarios as data (tools/demo/scenarios.yaml) match the committed recordings'
ground truth, so a rebuild from the YAML gives the calls the tests were written against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.demo.build_recordings import RECORDINGS_DIR
from tools.demo.scenarios import Say, _turn, load_scenarios

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_each_scenario_matches_its_committed_ground_truth(scenario) -> None:  # noqa: ANN001
    truth = json.loads((RECORDINGS_DIR / f"{scenario.id}.json").read_text(encoding="utf-8"))
    assert (truth["scenario"], truth["title"], truth["notes"]) == (
        scenario.scenario, scenario.title, scenario.notes)
    assert truth["expected"] == scenario.expected
    said = [(turn.speaker, turn.text) for turn in scenario.turns if isinstance(turn, Say)]
    assert sorted(said) == sorted((line["speaker"], line["text"]) for line in truth["script"])


def test_every_committed_recording_has_a_scenario() -> None:
    assert sorted(path.stem for path in Path(RECORDINGS_DIR).glob("OC-REC-*.wav")) == \
        [s.id for s in SCENARIOS]


def test_a_turn_with_two_speakers_is_refused_with_its_call_and_number() -> None:
    with pytest.raises(ValueError, match="OC-X, turn 3"):
        _turn("OC-X", 3, {"agent": "halo", "customer": "halo"})
