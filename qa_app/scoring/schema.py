"""The shape of an assessment form (rubric/*.yaml), validated with pydantic.

A form has sections of items. Each item carries its weight, answer scale, fatal flag, where it
applies (channel, direction) and either ``manual: true`` or a *decision list*: rules tried in
order, ``{answer, when: <condition>}``; the first whose condition holds gives the answer, and
``otherwise`` is the answer when none does; a rule's ``at_most`` caps its answer's confidence.
Conditions are the evidence rules:

- ``phrases``: phrases matched fuzzily in turns (``speaker``, ``window``, ``min_distinct``);
- ``regex``: regular expressions searched in turns (same ``speaker`` / ``window``);
- ``metric`` with ``gt`` / ``ge`` / ``lt`` / ``le``: a threshold on a call measure
  (see ``qa_app.scoring.facts.METRICS``);
- ``all`` / ``any`` / ``not`` / ``min_true`` + ``of``: combinations;
- ``ref``: a named condition from the form's ``conditions``;
- ``request``: something asked *for* (a credential): a ``what`` phrase in the same clause as
  an asking word, or answered by the customer with digits, and no ``warnings`` word in the
  clause ("jangan berikan PIN kepada siapa pun" is a warning, not a request);
- ``name_used``: the name the customer gave ("saya Trianto", "atas nama …", or the reply to
  the agent's question for it) said back by the agent after an honorific ("Bapak Trianto",
  heard "papak trianto" or run together "ibusari"), matched fuzzily and by sound.

``before: <name>`` limits a condition to the turns that start before the named condition was
first satisfied (all turns when it never was): account data given before verification.
``speaker_sure: true`` makes the condition unknown on audio without speaker labels and skips
turns mostly spoken over the other side, whose words may belong to either speaker (slang the
customer said is not the agent's). ``label`` names what the condition looks for in the
evidence of an absence ("no greeting in the first agent turn"). ``loose: true`` marks a regex
with an open slot (any word after "Bapak"): in a turn the model garbled, such a match may be
chance, so its confidence is capped by the clarity of the clearest turn it was found in, as an
absence's is (``qa_app.scoring.clarity``).

Windows: ``all`` (default), ``first_agent_turn``, ``after_opening`` (every turn after the
agent's first), ``before_hold`` / ``after_hold`` (the agent turn just before / after *each*
hold), plus ``first_seconds`` / ``last_seconds`` limits.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

Answer = Literal["yes", "partial", "no", "na"]
ANSWERS: tuple[str, ...] = ("yes", "partial", "no", "na")
Speaker = Literal["agent", "customer", "any"]
Window = Literal["all", "first_agent_turn", "after_opening", "before_hold", "after_hold"]
CONDITION_KINDS = ("phrases", "regex", "metric", "all_of", "any_of", "not_", "of", "ref",
                   "request", "name_used")


def _answer_from_yaml(value: Any) -> Any:
    """YAML 1.1 reads a bare ``yes`` / ``no`` as a boolean; take it back as the answer."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _compiling(patterns: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``patterns`` when every one compiles as a regular expression."""
    for pattern in patterns or ():
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(
                f"regular expression {pattern!r} does not compile: {error}") from error
    return patterns


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Request(Strict):
    """A request for ``what``: asked with one of ``asks`` in the same clause, or ``what``
    followed by one of ``asks_after`` ("sandinya apa?"), or answered with digits in the
    customer's next turn when ``digits_reply``; never a clause holding one of ``warnings``.
    A clause naming ``what`` followed by one that only asks, with nothing beside its asking
    word but ``asks_back_with`` ("Kodenya sudah masuk? Silakan disebutkan, Pak."), asks for
    it too. ``asks_before`` are words that ask when ``what`` follows them right away ("saya
    perlu kode dari SMS"), not elsewhere in the clause ("kami perlu memastikan kode OTP …").
    Whole words, as written or by sound (:mod:`qa_app.scoring.asking`); ``not_what`` are
    phrases that hold a ``what`` word without meaning it ("kode pos")."""

    what: tuple[str, ...] = Field(min_length=1)
    asks: tuple[str, ...] = Field(min_length=1)
    warnings: tuple[str, ...] = ()
    not_what: tuple[str, ...] = ()
    asks_after: tuple[str, ...] = ()
    asks_before: tuple[str, ...] = ()
    asks_back_with: tuple[str, ...] = ()
    digits_reply: bool = True
    #: With a warning heard and no request, "not asked" is at least this sure: an agent who
    #: warns the customer never to give it away does not ask for it (None: no such floor).
    warned_confidence: float | None = Field(None, ge=0, le=1)


class NameUse(Strict):
    """The customer's name used by the agent. The name is the words (up to three, up to a
    ``not_names`` word) after one of ``intros`` opening a clause of a customer turn ("Halo
    Mbak, saya Budi": not "perlu saya sebutkan PIN"), or after ``intros_anywhere`` ("atas
    nama"), or a short reply to an agent turn holding one of ``asks``. It is used when an
    agent turn after it has one of its words after a word matching ``honorific`` (a regular
    expression for one whole word), or run together with it ("ibusari")."""

    intros: tuple[str, ...] = Field(min_length=1)
    intros_anywhere: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    honorific: str
    not_names: tuple[str, ...] = ()
    threshold: float = Field(80, ge=50, le=100)

    @field_validator("honorific")
    @classmethod
    def _honorific_compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"honorific {pattern!r} does not compile: {error}") from error
        return pattern


class Condition(Strict):
    phrases: tuple[str, ...] | None = None
    regex: tuple[str, ...] | None = None
    metric: str | None = None
    all_of: tuple[Condition, ...] | None = Field(None, alias="all")
    any_of: tuple[Condition, ...] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")
    of: tuple[Condition, ...] | None = None
    ref: str | None = None
    request: Request | None = None
    name_used: NameUse | None = None
    before: str | None = None
    speaker_sure: bool | None = None
    label: str | None = None
    loose: bool = False
    min_true: int = Field(1, ge=1)
    speaker: Speaker = "agent"
    window: Window = "all"
    first_seconds: float | None = Field(None, gt=0)
    last_seconds: float | None = Field(None, gt=0)
    min_distinct: int = Field(1, ge=1)
    threshold: float | None = Field(None, ge=50, le=100)
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    @field_validator("phrases")
    @classmethod
    def _phrases_not_blank(cls, phrases: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if phrases is not None and (not phrases or any(not p.strip() for p in phrases)):
            raise ValueError("phrases must be a non-empty list of non-blank phrases")
        return phrases

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, patterns: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return _compiling(patterns)

    @model_validator(mode="after")
    def _one_kind(self) -> Condition:
        kinds = [kind for kind in CONDITION_KINDS if getattr(self, kind) is not None]
        if any(getattr(self, kind) == () for kind in ("all_of", "any_of", "of")):
            raise ValueError("all, any and of need at least one condition")
        if len(kinds) != 1:
            raise ValueError("a condition needs exactly one of phrases, regex, metric, all, "
                             f"any, not, of (with min_true), ref, request, name_used; found "
                             f"{kinds or 'none'}")
        bounds = [b for b in ("gt", "ge", "lt", "le") if getattr(self, b) is not None]
        if self.metric is not None and not bounds:
            raise ValueError(f"metric {self.metric!r} needs a threshold: gt, ge, lt or le")
        if self.metric is None and bounds:
            raise ValueError(f"thresholds {bounds} belong to a metric condition")
        if self.of is not None and self.min_true > len(self.of):
            raise ValueError(f"min_true {self.min_true} is more than the {len(self.of)} "
                             "conditions in of")
        return self


class DecisionRule(Strict):
    """``at_most`` caps the confidence of the answer this rule gives: a rule that guesses (the
    data confirmed, the questions not made out) leaves its answer to a human as a suggestion."""

    answer: Answer
    when: Condition
    at_most: float | None = Field(None, ge=0, le=1)

    _answer = field_validator("answer", mode="before")(_answer_from_yaml)


class Applicability(Strict):
    channels: tuple[str, ...] | None = None
    directions: tuple[str, ...] | None = None


class Item(Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    text: str = Field(min_length=1)
    weight: float = Field(ge=0)
    scale: tuple[Answer, ...] = ANSWERS  # type: ignore[assignment]
    fatal: bool = False
    fatal_when: str | None = None
    manual: bool = False
    applies: Applicability = Applicability()
    decide: tuple[DecisionRule, ...] = ()
    otherwise: Answer = "no"

    _otherwise = field_validator("otherwise", mode="before")(_answer_from_yaml)

    @field_validator("scale", mode="before")
    @classmethod
    def _scale_answers(cls, scale: Any) -> Any:
        return [_answer_from_yaml(a) for a in scale] if isinstance(scale, list) else scale

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.fatal and not self.fatal_when:
            raise ValueError("a fatal item needs fatal_when: the condition that makes it fatal")
        if self.manual and self.decide:
            raise ValueError("a manual item has no decide rules")
        used = {rule.answer for rule in self.decide} | ({self.otherwise} if self.decide else set())
        outside = sorted(used - set(self.scale))
        if outside:
            raise ValueError(f"answers {outside} are not in the item's scale {list(self.scale)}")
        return self


class Section(Strict):
    id: str
    title: str
    items: tuple[Item, ...] = Field(min_length=1)


class HoldDetection(Strict):
    """How holds are found: a hold candidate (the transcriber's, else the agent silent for
    ``min_seconds``, customer speech not counted) is a hold when the agent announced it before
    or thanked the customer after (``announce`` / ``thanks`` phrases, or the regular
    expressions ``announce_regex`` / ``thanks_regex``, in the agent's words of the
    ``edge_seconds`` before / after it), else the silence is dead air. Music on the agent's
    channel for ``min_seconds`` (measured from the audio) is a hold, announced or not."""

    min_seconds: float = Field(10, gt=0)
    threshold: float | None = Field(None, ge=50, le=100)
    announce: tuple[str, ...] = Field(min_length=1)
    thanks: tuple[str, ...] = Field(min_length=1)
    announce_regex: tuple[str, ...] | None = None
    thanks_regex: tuple[str, ...] | None = None
    edge_seconds: float | None = Field(None, gt=0)

    @field_validator("announce_regex", "thanks_regex")
    @classmethod
    def _regex_compiles(cls, patterns: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return _compiling(patterns)


class Form(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    title: str
    channel: str
    channels: tuple[str, ...] = ()
    direction: str | None = None
    match_threshold: float = Field(82, ge=50, le=100)
    holds: HoldDetection | None = None
    conditions: dict[str, Condition] = {}
    sections: tuple[Section, ...] = Field(min_length=1)
    _hash: str | None = PrivateAttr(None)

    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def content_hash(self) -> str:
        """sha256 of the validated content (not the YAML text: comments and layout do not
        count), so storage can refuse a form edited without a new version. Fields left unset
        (None) do not count, so a new optional schema field leaves old forms' hashes alone."""
        if self._hash is None:
            canonical = json.dumps(self.model_dump(mode="json", by_alias=True, exclude_none=True),
                                   sort_keys=True,
                                   ensure_ascii=False, separators=(",", ":"))
            self._hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return self._hash
