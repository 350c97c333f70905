"""The paraphrase grammar (grammar.yaml) as typed data, checked when it is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

GRAMMAR_FILE = Path(__file__).resolve().parent / "grammar.yaml"

#: The checkable items of the voice-inbound form the corpus labels (issue 14): the ones the
#: pre-scorer is expected to answer from a transcript.
CHECKABLE_ITEMS = ("O1", "O2", "V1", "V2", "S2", "H1", "H3", "K3", "K4", "C2", "C3")
#: Items whose "no" makes the whole evaluation fatal (the form's fatal items that a
#: transcript can show).
FATAL_ITEMS = ("V1", "V2", "S2")
#: Hold items: n/a on a call without a hold.
HOLD_ITEMS = ("H1", "H3")

Split = Literal["dev", "test"]
Answer = Literal["yes", "partial", "no", "na"]
SPLITS: tuple[Split, ...] = ("dev", "test")
ANSWERS: tuple[Answer, ...] = ("yes", "partial", "no", "na")

#: A variant: the lines of one way of saying it, each "A: ..." / "C: ..." / "SILENCE" /
#: "PAUSE n". A plain string in the YAML is one agent line.
Variant = tuple[str, ...]


@dataclass(frozen=True)
class Family:
    id: str
    item: str
    split: Split
    answer: Answer
    variants: tuple[Variant, ...]
    ask: bool = False  # O2: the agent asks the name
    volunteer: bool = False  # O2: the customer gives the name unasked
    use_name: bool = False  # O2: the agent addresses the customer by name
    ok: bool = False  # H1: the customer answers the request to wait
    check_in: bool = False  # H3: the agent checks the line before answering
    after: bool = False  # V1: the questions come after the account data
    complaint: bool = True  # S2: family for complaint calls (False: a resolved enquiry)


@dataclass(frozen=True)
class Topic:
    id: str
    split: Split
    complaint: bool
    customer_open: tuple[str, ...]
    probe: tuple[tuple[str, str], ...]
    account: tuple[str, ...]
    general: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Person:
    full: str
    call: str
    gender: Literal["f", "m"]
    region: str


@dataclass(frozen=True)
class Grammar:
    agents: tuple[Person, ...]
    customers: tuple[Person, ...]
    address_agent: dict[str, tuple[str, str]]
    mothers: tuple[str, ...]
    addresses: tuple[str, ...]
    recording_notices: tuple[str, ...]
    acks_formal: tuple[str, ...]
    acks_casual: tuple[str, ...]
    topics: tuple[Topic, ...]
    families: dict[str, tuple[Family, ...]]  # item -> families

    def family(self, family_id: str) -> Family:
        for families in self.families.values():
            for family in families:
                if family.id == family_id:
                    return family
        raise KeyError(family_id)


def _variant(raw: Any) -> Variant:
    if isinstance(raw, str):
        return (f"A: {raw}",)
    if isinstance(raw, list) and all(isinstance(line, str) for line in raw):
        return tuple(raw)
    raise ValueError(f"a variant is a string or a list of lines, not {raw!r}")


def _family(item: str, raw: dict[str, Any]) -> Family:
    split, answer = raw["split"], str(raw["answer"])
    if split not in SPLITS or answer not in ANSWERS:
        raise ValueError(f"{raw['id']}: split {split!r} / answer {answer!r} unknown")
    return Family(id=str(raw["id"]), item=item, split=cast(Split, split),
                  answer=cast(Answer, answer),
                  variants=tuple(_variant(v) for v in raw.get("variants") or ()),
                  ask=bool(raw.get("ask")), volunteer=bool(raw.get("volunteer")),
                  use_name=bool(raw.get("use_name")), ok=bool(raw.get("ok")),
                  check_in=bool(raw.get("check_in")), after=raw.get("position") == "after",
                  complaint=bool(raw.get("complaint", True)))


def load_grammar(path: Path = GRAMMAR_FILE) -> Grammar:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    families = {item: tuple(_family(item, f) for f in spec["families"])
                for item, spec in data["items"].items()}
    missing = set(CHECKABLE_ITEMS) - set(families)
    if missing:
        raise ValueError(f"grammar has no families for {sorted(missing)}")
    ids = [f.id for fams in families.values() for f in fams]
    if len(ids) != len(set(ids)):
        raise ValueError("family ids must be unique")
    topics = tuple(Topic(id=t["id"], split=t["split"], complaint=bool(t["complaint"]),
                         customer_open=tuple(t["customer_open"]),
                         probe=tuple((a, c) for a, c in t["probe"]),
                         account=tuple(t["account"]), general=tuple(t["general"]),
                         summary=t["summary"]) for t in data["topics"])
    return Grammar(
        agents=tuple(Person(name, name, gender, "umum") for name, gender in data["agents"]),
        customers=tuple(Person(*row) for row in data["customers"]),
        address_agent={k: (v[0], v[1]) for k, v in data["address_agent"].items()},
        mothers=tuple(data["mothers"]), addresses=tuple(data["addresses"]),
        recording_notices=tuple(data["recording_notices"]),
        acks_formal=tuple(data["acks_formal"]), acks_casual=tuple(data["acks_casual"]),
        topics=topics, families=families)
