"""Call plans: which phrasing family every checkable item gets in each call, the words of the
call, and its audio conditions -- all drawn deterministically from one seed.

Pure Python (no audio): the ground truth's script, families and expected answers can be
re-derived and checked against the committed corpus in milliseconds.

How calls are drawn, per split (dev / test; a call takes every family and its topic from its
own split, so no phrasing of the test split is ever seen while looking at dev figures):

- a fixed share of calls is fatal, one fatal item each (V1 account data told unverified, V2
  a request for an OTP/PIN/password, S2 a complaint without a ticket); the others are
  "compliant" (not fatal, though they may fail non-fatal items);
- quotas decide which calls are complaints, tell account data (V1 applies) and have a hold
  (H1, H3 apply);
- for every other item, the families are dealt from a shuffled deck in which each right
  family appears twice and each wrong or partial one once, so every family is used and
  about a third of the items are not passed;
- names, time of day, variants, voices, speeds, pitches, codec, line noise, hold length and
  kind (music / silence), dead-air length come from a per-call random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from tools.corpus.grammar import (
    CHECKABLE_ITEMS,
    FATAL_ITEMS,
    Answer,
    Family,
    Grammar,
    Person,
    Split,
    Topic,
    load_grammar,
)
from tools.corpus.words import birth_date, digit_words, number_words, spoken

DEFAULT_SEED = 14
#: Calls per split: the test split is the larger one, every reported figure is on it.
CALLS_PER_SPLIT: dict[Split, int] = {"dev": 24, "test": 56}
#: Fatal calls per split, per fatal item.
FATAL_PER_ITEM: dict[Split, int] = {"dev": 2, "test": 4}
COMPLAINT_SHARE = 0.35
ACCOUNT_SHARE = 0.65
HOLD_SHARE = 0.55
CASUAL_CUSTOMER_SHARE = 0.5
RECORDING_NOTICE_SHARE = 0.7
CODECS = ("mulaw", "alaw", "mp3")
NOISES = ("faint", "hiss", "hum", "crackle")
TIMES_OF_DAY = ("pagi", "siang", "sore", "malam")
HOLD_SECONDS = (5.0, 60.0)
DEAD_AIR_SECONDS = (12.0, 22.0)
#: MBROLA voices through espeak-ng: the Indonesian male diphone voice and the Malay female
#: one (Malay and Indonesian share their phonemes; espeak-ng maps it to Indonesian).
VOICES = {"m": ("mb-id1",), "f": ("mb-ma1", "mb-id1")}
#: espeak-ng pitch (0-99) by voice and gender; mb-id1 for a woman is pitched up.
PITCHES = {("mb-id1", "m"): (22, 50), ("mb-id1", "f"): (66, 82), ("mb-ma1", "f"): (35, 70)}
AGENT_SPEEDS = (140, 175)
CUSTOMER_SPEEDS = (132, 168)

Speaker = Literal["agent", "customer"]


@dataclass(frozen=True)
class Line:
    speaker: Speaker
    text: str  # what the ground truth says was said
    spoken: str  # what the synthesizer reads (acronyms spelled, ticket digits read)


@dataclass(frozen=True)
class Silence:
    """Nobody speaks: ``dead_air`` (over 10 s, outside a hold) or a short ``pause``."""

    seconds: float
    kind: Literal["dead_air", "pause"]


@dataclass(frozen=True)
class HoldStep:
    seconds: float
    music: bool
    announced: bool


Step = Line | Silence | HoldStep


@dataclass(frozen=True)
class VoicePlan:
    name: str
    speed: int
    pitch: int


@dataclass(frozen=True)
class CallPlan:
    id: str
    split: Split
    topic: str
    complaint: bool
    account: bool
    time_of_day: str
    agent: Person
    customer: Person
    casual_customer: bool
    families: dict[str, str | None]  # item -> family id (None: the item does not apply)
    expected: dict[str, Answer]
    agent_voice: VoicePlan
    customer_voice: VoicePlan
    codec: str
    noise: str
    steps: tuple[Step, ...] = field(repr=False)

    @property
    def must_be_fatal(self) -> bool:
        return any(self.expected[item] == "no" for item in FATAL_ITEMS)

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(s for s in self.steps if isinstance(s, Line))


class Deck:
    """Families dealt in turn from a shuffled deck; reshuffled (same generator) when empty."""

    def __init__(self, families: list[Family], rng: random.Random) -> None:
        cards = [f for f in families for _ in range(2 if f.answer == "yes" else 1)]
        if not cards:
            raise ValueError("an empty deck")
        self.cards, self.rng, self.dealt = cards, rng, 0
        self.order = self._shuffled()

    def _shuffled(self) -> list[Family]:
        order = list(self.cards)
        self.rng.shuffle(order)
        return order

    def deal(self) -> Family:
        if self.dealt == len(self.order):
            self.order, self.dealt = self._shuffled(), 0
        self.dealt += 1
        return self.order[self.dealt - 1]


def _quota(count: int, share: float, rng: random.Random) -> list[bool]:
    flags = [i < round(count * share) for i in range(count)]
    rng.shuffle(flags)
    return flags


def plan_corpus(grammar: Grammar | None = None, seed: int = DEFAULT_SEED) -> list[CallPlan]:
    """Every call of the corpus, dev first, ids ``CORPUS-D001``... and ``CORPUS-T001``..."""
    grammar = grammar or load_grammar()
    plans: list[CallPlan] = []
    for split in ("dev", "test"):
        plans += _plan_split(grammar, split, seed)
    return plans


def _pick(grammar: Grammar, item: str, split: Split, *answers: str,
          complaint: bool | None = None) -> list[Family]:
    return [f for f in grammar.families[item] if f.split == split and f.answer in answers
            and (complaint is None or f.complaint == complaint)]


def _plan_split(grammar: Grammar, split: Split, seed: int) -> list[CallPlan]:
    rng = random.Random(f"{seed}:{split}")
    count = CALLS_PER_SPLIT[split]
    fatal: list[str | None] = [i for i in FATAL_ITEMS for _ in range(FATAL_PER_ITEM[split])]
    fatal += [None] * (count - len(fatal))
    rng.shuffle(fatal)
    complaints, accounts, holds = (_quota(count, share, rng)
                                   for share in (COMPLAINT_SHARE, ACCOUNT_SHARE, HOLD_SHARE))
    decks = {
        "pass": {item: Deck(_pick(grammar, item, split, "yes", "partial", "no"), rng)
                 for item in ("O1", "O2", "K3", "K4", "C2", "C3", "H1", "H3")},
        "V1": Deck(_pick(grammar, "V1", split, "yes", "partial"), rng),
        "V1-fatal": Deck(_pick(grammar, "V1", split, "no"), rng),
        "V1-na": Deck(_pick(grammar, "V1", split, "na"), rng),
        "V2": Deck(_pick(grammar, "V2", split, "yes"), rng),
        "V2-fatal": Deck(_pick(grammar, "V2", split, "no"), rng),
        "S2": Deck(_pick(grammar, "S2", split, "yes", "partial", complaint=True), rng),
        "S2-fatal": Deck(_pick(grammar, "S2", split, "no", complaint=True), rng),
        "S2-enquiry": Deck(_pick(grammar, "S2", split, "yes", complaint=False), rng),
    }
    topics = {flag: [t for t in grammar.topics if t.split == split and t.complaint == flag]
              for flag in (False, True)}
    dealt_topics = {False: 0, True: 0}
    plans = []
    for index in range(count):
        kind = fatal[index]
        complaint = complaints[index] or kind == "S2"
        account = accounts[index] or kind == "V1"
        families: dict[str, Family | None] = {
            item: decks["pass"][item].deal() for item in ("O1", "O2", "K3", "K4", "C2", "C3")}
        for item in ("H1", "H3"):
            families[item] = decks["pass"][item].deal() if holds[index] else None
        families["V1"] = (decks["V1-fatal"] if kind == "V1" else decks["V1"] if account
                          else decks["V1-na"]).deal()
        families["V2"] = decks["V2-fatal" if kind == "V2" else "V2"].deal()
        families["S2"] = (decks["S2-fatal"] if kind == "S2" else decks["S2"] if complaint
                          else decks["S2-enquiry"]).deal()
        topic = topics[complaint][dealt_topics[complaint] % len(topics[complaint])]
        dealt_topics[complaint] += 1
        call_id = f"CORPUS-{split[0].upper()}{index + 1:03d}"
        plans.append(_plan_call(grammar, call_id, split, topic, account, families,
                                random.Random(f"{seed}:{call_id}"), index))
    return plans


def _voice(gender: str, speeds: tuple[int, int], rng: random.Random) -> VoicePlan:
    name = rng.choice(VOICES[gender])
    low, high = PITCHES[(name, gender)]
    return VoicePlan(name, rng.randint(*speeds), rng.randint(low, high))


def _plan_call(grammar: Grammar, call_id: str, split: Split, topic: Topic, account: bool,
               families: dict[str, Family | None], rng: random.Random,
               index: int) -> CallPlan:
    agent = rng.choice(grammar.agents)
    customer = rng.choice(grammar.customers)
    time_of_day = TIMES_OF_DAY[index % len(TIMES_OF_DAY)]
    casual = rng.random() < CASUAL_CUSTOMER_SHARE
    expected: dict[str, Answer] = {}
    for item in CHECKABLE_ITEMS:
        family = families[item]
        expected[item] = family.answer if family is not None else "na"
    writer = _Writer(grammar, rng, _slots(grammar, agent, customer, time_of_day, rng,
                                          bool(families["O2"] and families["O2"].use_name)))
    hold_music = rng.random() < 0.5 or (families["H1"] is not None
                                        and families["H1"].answer == "no")
    hold_seconds = round(rng.uniform(*HOLD_SECONDS) * 2) / 2
    dead_air_seconds = round(rng.uniform(*DEAD_AIR_SECONDS) * 2) / 2
    _write_call(writer, topic, account, families, casual, hold_music, hold_seconds,
                dead_air_seconds)
    return CallPlan(
        id=call_id, split=split, topic=topic.id, complaint=topic.complaint, account=account,
        time_of_day=time_of_day, agent=agent, customer=customer, casual_customer=casual,
        families={item: (f.id if f is not None else None) for item, f in families.items()},
        expected=expected,
        agent_voice=_voice(agent.gender, AGENT_SPEEDS, rng),
        customer_voice=_voice(customer.gender, CUSTOMER_SPEEDS, rng),
        codec=CODECS[index % len(CODECS)], noise=NOISES[(index // len(CODECS)) % len(NOISES)],
        steps=tuple(writer.steps))


def _slots(grammar: Grammar, agent: Person, customer: Person, time_of_day: str,
           rng: random.Random, use_name: bool) -> dict[str, tuple[str, str]]:
    """Slot values as (written, spoken)."""
    woman = customer.gender == "f"
    sapaan, sap = ("Ibu", "Bu") if woman else ("Bapak", "Pak")
    to_woman, to_man = grammar.address_agent[customer.region]
    ticket = f"{rng.randint(100000, 999999)}"
    code = f"{rng.randint(100000, 999999)}"
    amount = rng.choice((850, 1_250, 2_400, 3_175, 4_600, 7_300)) * 1000
    values = {
        "waktu": time_of_day, "agent": agent.call, "sapaan": sapaan, "sap": sap,
        "nama": customer.call, "lengkap": customer.full,
        "panggil": f"{sapaan} {customer.call}" if use_name else sapaan,
        "mbak": to_woman if agent.gender == "f" else to_man,
        "tgl": birth_date(rng.randint(1, 28), rng.randint(1, 12), rng.randint(1960, 2001)),
        "ibu": rng.choice(grammar.mothers), "alamat": rng.choice(grammar.addresses),
        "sbg": digit_words(f"{rng.randint(10**9, 10**10 - 1)}"),
        "nik": digit_words(f"3{rng.randint(10**14, 10**15 - 1)}"),
        "kode": digit_words(code, 3), "rp": f"{number_words(amount)} rupiah",
        "hari": rng.choice(("tiga", "lima", "tujuh", "empat belas")),
    }
    slots = {key: (value, value) for key, value in values.items()}
    slots["tiket"] = (f"ARIANA-{ticket}", f"ARIANA, {digit_words(ticket, 3)}")
    return slots


class _Writer:
    """Fills templates and collects the steps of one call."""

    def __init__(self, grammar: Grammar, rng: random.Random,
                 slots: dict[str, tuple[str, str]]) -> None:
        self.grammar, self.rng, self.slots = grammar, rng, slots
        self.steps: list[Step] = []
        self.dead_air = 0.0

    def fill(self, template: str) -> tuple[str, str]:
        text = template.format_map({k: v[0] for k, v in self.slots.items()})
        said = template.format_map({k: v[1] for k, v in self.slots.items()})
        return text[:1].upper() + text[1:], spoken(said[:1].upper() + said[1:])

    def say(self, speaker: Speaker, template: str) -> None:
        text, said = self.fill(template)
        self.steps.append(Line(speaker, text, said))

    def agent(self, template: str) -> None:
        self.say("agent", template)

    def customer(self, template: str) -> None:
        self.say("customer", template)

    def lines(self, variant: tuple[str, ...]) -> None:
        for line in variant:
            if line == "SILENCE":
                self.steps.append(Silence(self.dead_air, "dead_air"))
            elif line.startswith("PAUSE "):
                self.steps.append(Silence(float(line.split()[1]), "pause"))
            elif line.startswith(("A: ", "C: ")):
                self.say("agent" if line[0] == "A" else "customer", line[3:])
            else:
                raise ValueError(f"a grammar line starts with 'A: ', 'C: ', SILENCE or "
                                 f"PAUSE: {line!r}")

    def variant(self, family: Family) -> tuple[str, ...]:
        return self.rng.choice(family.variants) if family.variants else ()

    def choice(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)


def _write_call(w: _Writer, topic: Topic, account: bool, families: dict[str, Family | None],
                casual: bool, hold_music: bool, hold_seconds: float,
                dead_air_seconds: float) -> None:
    """The call from the first word to the last, in the order agents work through it."""
    fam = {item: f for item, f in families.items() if f is not None}
    w.dead_air = dead_air_seconds
    acks = w.grammar.acks_casual if casual else w.grammar.acks_formal
    o2 = fam["O2"]
    w.lines(w.variant(fam["O1"]))
    opening = w.choice(topic.customer_open)
    greeting = w.choice(("Halo {mbak}, ", "Selamat {waktu}, {mbak}. ", ""))
    if o2.volunteer:
        w.customer(f"{greeting}Saya {{lengkap}}. {opening}")
    else:
        w.customer(greeting + opening)
    if o2.ask:
        w.agent(w.variant(o2)[0][3:])
        w.customer(w.choice(("{lengkap}.", "Saya {lengkap}, {mbak}.", "Nama saya {nama}.")))
    notice = w.choice(w.grammar.recording_notices) \
        if w.rng.random() < RECORDING_NOTICE_SHARE else ""
    sorry = "Mohon maaf atas ketidaknyamanannya. " if topic.complaint else ""
    w.agent(f"Baik, {{panggil}}. {sorry}{notice}".strip())
    if notice.endswith("?"):
        w.customer("Iya, bersedia.")
    for question, answer in topic.probe:
        w.agent(question)
        w.customer(answer)
    v1 = fam["V1"]
    if v1.answer in ("yes", "partial"):
        w.lines(w.variant(v1))
        w.agent("Terima kasih, datanya sesuai.")
    answer_lines = list(topic.account if account else topic.general)
    if "H1" in fam:
        h1, h3 = fam["H1"], fam["H3"]
        w.lines(w.variant(h1))
        if h1.ok:
            w.customer(w.choice(("Iya, silakan.", "Boleh, {mbak}.", "Baik, saya tunggu.")))
        w.steps.append(HoldStep(hold_seconds, hold_music, announced=h1.answer != "no"))
        back = w.variant(h3)[0][3:]
        if h3.check_in:
            w.agent(back)
            w.customer("Masih, {mbak}.")
        else:
            answer_lines[0] = f"{back} {answer_lines[0]}"
    for line in answer_lines:
        w.agent(line)
    if v1.after:
        w.lines(w.variant(v1))
        w.agent("Terima kasih.")
    w.lines(w.variant(fam["K4"]))
    w.customer(w.choice(acks))
    w.lines(w.variant(fam["K3"]))
    w.customer(w.choice(acks))
    w.lines(w.variant(fam["V2"]))
    s2 = w.variant(fam["S2"])
    if s2:
        w.lines(s2)
        w.customer(w.choice(("Baik, saya catat.", "Oke, saya tunggu kabarnya.", "Iya.")))
    w.agent(topic.summary)
    c2 = fam["C2"]
    offer = w.variant(c2)
    if len(offer) == 1:
        w.lines(offer)
        w.customer(w.choice(("Tidak, sudah cukup.", "Itu saja, {mbak}, terima kasih.",
                             "Sudah, itu saja.")))
    else:
        w.lines(offer)
        if not offer:
            w.customer(w.choice(("Baik, terima kasih {mbak}.", "Oke, makasih.")))
    w.lines(w.variant(fam["C3"]))
