"""The demo calls' scenarios (tools/demo/scenarios.yaml) read into typed turns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from tools.synthesis import Voice

SCENARIOS_FILE = Path(__file__).resolve().parent / "scenarios.yaml"

Speaker = Literal["agent", "customer"]
SPEAKERS: tuple[Speaker, ...] = ("agent", "customer")
ANSWERS = frozenset({"yes", "no", "partial", "na"})


@dataclass(frozen=True)
class Say:
    """One utterance. ``spoken`` overrides what espeak-ng reads (e.g. spelled letters);
    ``gap`` is the pause after the previous utterance ends (negative = overtalk);
    ``None`` means the builder's next turn gap (0 right after a pause)."""

    speaker: Speaker
    text: str
    spoken: str | None = None
    gap: float | None = None


@dataclass(frozen=True)
class Pause:
    """Nobody speaks for ``seconds`` (dead air, or part of an open hold)."""

    seconds: float


@dataclass(frozen=True)
class Hold:
    """The agent puts the call on hold for ``seconds``; the hold lasts until the agent
    speaks again.  ``announced`` is whether the agent asked permission first."""

    seconds: float
    announced: bool


Turn = Say | Pause | Hold


@dataclass(frozen=True)
class Scenario:
    """One call: metadata, the two voices, the turns and the expected form answers."""

    id: str
    scenario: str
    title: str
    agent_name: str
    customer_name: str
    agent_voice: Voice
    customer_voice: Voice
    turns: tuple[Turn, ...]
    expected: dict[str, str]
    notes: str
    lead_in: float = 0.6


def load_scenarios(path: Path = SCENARIOS_FILE) -> tuple[Scenario, ...]:
    """Every scenario of ``path``, in file order; a ValueError names the call and turn."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(_scenario(entry) for entry in document)


def _scenario(entry: dict[str, Any]) -> Scenario:
    call = entry.get("id", "?")
    wrong = {item: answer for item, answer in entry["expected"].items()
             if answer not in ANSWERS}
    if wrong:
        raise ValueError(f"{call}: expected answers must be one of {sorted(ANSWERS)} "
                         f"(quote yes/no in YAML): {wrong}")
    return Scenario(
        id=call, scenario=entry["scenario"], title=entry["title"],
        agent_name=entry["agent_name"], customer_name=entry["customer_name"],
        agent_voice=Voice(**entry["agent_voice"]), customer_voice=Voice(**entry["customer_voice"]),
        turns=tuple(_turn(call, n, turn) for n, turn in enumerate(entry["turns"], start=1)),
        expected=dict(entry["expected"]), notes=entry["notes"],
        lead_in=float(entry.get("lead_in", 0.6)))


def _turn(call: str, number: int, turn: dict[str, Any]) -> Turn:
    if "hold" in turn:
        return Hold(float(turn["hold"]), bool(turn["announced"]))
    if "pause" in turn:
        return Pause(float(turn["pause"]))
    speakers = [speaker for speaker in SPEAKERS if speaker in turn]
    if len(speakers) != 1:
        raise ValueError(f"{call}, turn {number}: give exactly one of agent, customer, hold, "
                         f"pause (got {sorted(turn)})")
    gap = turn.get("gap")
    return Say(speakers[0], str(turn[speakers[0]]), turn.get("spoken"),
               None if gap is None else float(gap))
