"""Evaluating a form's conditions on one transcript, with evidence and a confidence.

Logic is three-valued: a condition is true, false, or unknown (``None``, e.g. a metric the
input does not carry, such as the start time of a call). Unknown leads to a "manual" answer
rather than a guess. A phrase or pattern *not found* is only as sure as the text it was
looked for in: its confidence is capped by the region's clarity (see ``clarity.py``).

Every outcome carries evidence either way: what was found (``evidence``) and, when false,
what shows it was not (``absent``: the turn that was searched, a measure). Evidence that is
not transcript text is a ``note`` with values, put into words by ``describe.py`` in the
reader's language, never a field name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from qa_app.scoring.asking import ClauseAct, clause_acts, may_name
from qa_app.scoring.clarity import clarity, trusted_absence
from qa_app.scoring.conversation import Conversation, Turn
from qa_app.scoring.facts import DEFAULT_EDGE_S, LONGEST_WORD_S, WORDS_ONLY_HOLD, Facts
from qa_app.scoring.matching import TurnMatcher, normalize, normalized_term, sound_key
from qa_app.scoring.schema import Condition, NameUse, Request

REGEX_CONFIDENCE = (0.95, 0.9)  # (found, not found): exact patterns, but text may be misheard
METRIC_CONFIDENCE = 0.95
UNLABELLED_SPEAKERS_FACTOR = 0.8
UNRELATED_SCORE = 60.0  # mono audio: who said it is a guess
#: A turn spoken over the other side for more than this share of it: who said its words is
#: unsure (louder-channel attribution, echo), so ``speaker_sure`` conditions skip it.
OVERLAPPED_SHARE = 0.5
EXCERPT_CHARS = 90
#: Digits given in a reply: four or more digits or digit words, or a number the masking hid.
_DIGITS = re.compile(r"(?:\d[\s.\-]*){4,}|(?:\b(?:nol|kosong|satu|dua|tiga|empat|lima|enam|"
                     r"tujuh|delapan|sembilan)\b[\s,.\-]*){4,}"
                     r"|\[(?:NUMBER|CARD|PHONE|NIK|NPWP|KK|ACCOUNT|SBG)\]", re.IGNORECASE)
REPLY_WITHIN_S = 30.0
#: Where a clause ends for a name given: punctuation ("Halo Mbak, saya Budi.").
_NAME_CLAUSE = re.compile(r"[.,?!;:]+")
_SENTENCE = re.compile(r"[.?!;:]+")
#: A name word heard without its honorific counts from this many letters, this alike, and
#: only this surely ("Baik, dapat Robert": "Bapak" misheard).
LONE_NAME_LETTERS = 5
LONE_NAME_SCORE = 90.0
LONE_NAME_CONFIDENCE = 0.8
#: How sure a name is not used when the agent said an honorific and a word somewhat like it.
MAYBE_NAME_CONFIDENCE = 0.6
MAYBE_NAME_SCORE = 60.0


@dataclass(frozen=True)
class Evidence:
    """Where an answer comes from: transcript words (``text``) and/or a ``note`` (a key of
    ``scoring.evidence`` in the catalogs) with its ``values``."""

    turn: int | None
    speaker: str | None
    start: float
    text: str
    note: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        shown: dict[str, object] = {"speaker": self.speaker, "start": round(self.start, 2),
                                    "text": self.text}
        if self.note is not None:
            shown.update(note=self.note, values=dict(self.values))
        return shown


@dataclass(frozen=True)
class Outcome:
    value: bool | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    absent: tuple[Evidence, ...] = ()  # when false: what shows it


def _miss_confidence(best: float, threshold: float) -> float:
    """How sure an absent phrase is absent: 0.95 when the closest words score 60 or less (what
    unrelated words score in the demo calls), falling to 0.6 at the threshold."""
    if best <= UNRELATED_SCORE:
        return 0.95
    return 0.6 + 0.35 * max(0.0, threshold - best) / max(threshold - UNRELATED_SCORE, 1.0)


class ConditionSource(Protocol):
    """What conditions are evaluated against: a form, or the category set (``categories``),
    each with its named conditions and its default phrase threshold."""

    @property
    def conditions(self) -> Mapping[str, Condition]: ...

    @property
    def match_threshold(self) -> float: ...


class Evaluator:
    def __init__(self, form: ConditionSource, transcript: Conversation, facts: Facts,
                 matcher: TurnMatcher) -> None:
        self.form, self.transcript, self.facts, self.matcher = form, transcript, facts, matcher
        # named conditions are shared by several items and rules: each is worked out once
        self._named: dict[str, Outcome] = {}
        # the same condition written twice (a YAML anchor: V1's data points for "verified"
        # and "verified_once") is worked out once too
        self._leaves: dict[int, Outcome] = {}
        self._regex_found: dict[tuple[str, int], list[re.Match[str]]] = {}
        self._satisfied: dict[str, float | None] = {}
        self._picked: dict[tuple[object, ...], list[list[int]]] = {}

    def evaluate(self, condition: Condition) -> Outcome:
        if condition.ref is not None:
            if condition.ref not in self._named:
                self._named[condition.ref] = self.evaluate(self.form.conditions[condition.ref])
            return self._named[condition.ref]
        if condition.speaker_sure and not self.facts.speakers_known:
            return Outcome(None, 0.0)
        if condition.phrases is not None or condition.regex is not None \
                or condition.name_used is not None:
            key = _canonical(condition)
            found = self._leaves.get(key)
            if found is None:
                found = self._leaves[key] = self._leaf(condition)
            return found
        if condition.request is not None:
            return self._scaled(condition, self._request(condition, condition.request))
        if condition.metric is not None:
            return self._metric(condition)
        if condition.not_ is not None:
            inner = self.evaluate(condition.not_)
            value = None if inner.value is None else not inner.value
            return Outcome(value, inner.confidence, inner.absent, inner.evidence)
        children = [self.evaluate(c) for c in
                    condition.all_of or condition.any_of or condition.of or ()]
        if condition.all_of is not None:
            return _at_least(children, len(children))
        return _at_least(children, 1 if condition.any_of is not None else condition.min_true)

    def _leaf(self, condition: Condition) -> Outcome:
        if condition.phrases is not None:
            return self._scaled(condition, self._phrases(condition))
        if condition.regex is not None:
            return self._scaled(condition, self._regex(condition))
        assert condition.name_used is not None
        return self._scaled(condition, self._name_used(condition, condition.name_used))

    def _groups(self, condition: Condition) -> list[list[int]]:
        """Turn indices the condition looks at; one group per hold for hold windows. Worked
        out once per choice of turns: most conditions look at the same ones."""
        key = (condition.speaker, condition.first_seconds, condition.last_seconds,
               condition.before, condition.speaker_sure, condition.window)
        found = self._picked.get(key)
        if found is None:
            found = self._picked[key] = self._turns_looked_at(condition)
        return found

    def _turns_looked_at(self, condition: Condition) -> list[list[int]]:
        turns, known = self.transcript.turns, self.facts.speakers_known
        picked = [i for i, t in enumerate(turns)
                  if condition.speaker == "any" or not known or t.speaker == condition.speaker]
        if condition.first_seconds is not None:
            picked = [i for i in picked if turns[i].start <= condition.first_seconds]
        if condition.last_seconds is not None:
            edge = self.transcript.duration - condition.last_seconds
            picked = [i for i in picked if turns[i].end >= edge]
        if condition.before is not None:
            if condition.before not in self._satisfied:
                self._satisfied[condition.before] = self.satisfied_at(
                    self.form.conditions[condition.before])
            until = self._satisfied[condition.before]
            picked = [i for i in picked if until is None or turns[i].start < until]
        if condition.speaker_sure:
            picked = [i for i in picked if not self._overlapped(turns[i])]
        first = next((i for i, t in enumerate(turns) if t.speaker == "agent" or not known), -1)
        if condition.window == "first_agent_turn":
            return [[i for i in picked if i == first]]
        if condition.window == "after_opening":
            return [[i for i in picked if i > first]]
        if condition.window in ("before_hold", "after_hold"):
            return [self._hold_window(condition, picked, number)
                    for number in range(len(self.facts.holds))]
        return [picked]

    def _hold_bounds(self, condition: Condition, number: int) -> tuple[float, float]:
        """When the words of a hold window are said: the ``holds.edge_seconds`` before the
        hold (its announcement) or after it (the thanks)."""
        hold = self.facts.holds[number]
        holds = getattr(self.form, "holds", None)
        edge = (holds.edge_seconds if holds is not None else None) or DEFAULT_EDGE_S
        if condition.window == "before_hold":
            return hold.start - edge, hold.start + 0.5
        return hold.end - 0.5, hold.end + edge

    def _hold_window(self, condition: Condition, picked: list[int], number: int) -> list[int]:
        """The turns of a hold window: those said within its bounds (in part: a turn the model
        ran into the hold counts), else the last turn before the hold (the first after it)
        however long ago it started (ended)."""
        turns = self.transcript.turns
        low, high = self._hold_bounds(condition, number)
        inside = [i for i in picked if turns[i].start <= high and turns[i].end >= low]
        if condition.window == "before_hold":
            return inside or [i for i in picked if turns[i].end <= high][-1:]
        return inside or [i for i in picked if turns[i].start >= low][:1]

    def _in_hold_bounds(self, condition: Condition, groups: list[list[int]], group: int,
                        evidence: Evidence) -> bool:
        """Words found in a hold window count when said within its bounds (always when the
        turn carries no word times)."""
        if condition.window not in ("before_hold", "after_hold"):
            return True
        turn = self.transcript.turns[evidence.turn] if evidence.turn is not None else None
        if turn is None or not turn.word_starts:
            return True
        low, high = self._hold_bounds(condition, group)
        return low <= evidence.start <= high

    def _phrases(self, condition: Condition) -> Outcome:
        threshold = condition.threshold or self.form.match_threshold
        groups = self._groups(condition)
        evidence: list[Evidence] = []
        seen: set[tuple[int, str]] = set()
        scores: list[float] = []
        for number, group in enumerate(groups):
            best_per_phrase = []
            for phrase in condition.phrases or ():
                found = self.matcher.best(phrase, group)
                if found is not None and condition.window in ("before_hold", "after_hold") \
                        and not self._in_hold_bounds(condition, groups, number, self._evidence(
                            found[1], found[0].start_char, found[0].text)):
                    found = None
                if found is not None:
                    best_per_phrase.append(found)
            hits = sorted((f for f in best_per_phrase if f[0].score >= threshold),
                          key=lambda pair: -pair[0].score)
            if len(hits) < condition.min_distinct:
                # how near the missing phrases came: the ones found say nothing about them
                best = max((f[0].score for f in best_per_phrase if f[0].score < threshold),
                           default=0.0)
                return Outcome(False, trusted_absence(_miss_confidence(best, threshold),
                                                      self._searched_clarity(condition, group,
                                                                             number)),
                               absent=self._searched(condition, group))
            scores.append(hits[condition.min_distinct - 1][0].score / 100)
            for match, i in hits:
                if (i, match.text) not in seen:
                    seen.add((i, match.text))
                    evidence.append(self._evidence(i, match.start_char, match.text))
        if not groups:
            return Outcome(False, METRIC_CONFIDENCE)
        return Outcome(True, min(scores), tuple(evidence))

    def _regex(self, condition: Condition) -> Outcome:
        groups = self._groups(condition)
        evidence: list[Evidence] = []
        confidence = REGEX_CONFIDENCE[0 if groups else 1]
        turns = self.transcript.turns
        hold_window = condition.window in ("before_hold", "after_hold")
        for number, group in enumerate(groups):
            found = [(i, m) for i in group for p in condition.regex or ()
                     for m in self._matches(p, i)]
            if hold_window:  # quoted at the second they were said, and only near the hold
                told = [(i, m, self._evidence_at(i, m.start(), m.group(0))) for i, m in found]
                found = [(i, m) for i, m, e in told
                         if self._in_hold_bounds(condition, groups, number, e)]
                evidence.extend(e for i, m, e in told if (i, m) in found)
            if not found:
                return Outcome(False, trusted_absence(
                    REGEX_CONFIDENCE[1], self._searched_clarity(condition, group, number)),
                               absent=self._searched(condition, group))
            if not hold_window:
                evidence.extend(Evidence(i, turns[i].speaker, turns[i].start, m.group(0))
                                for i, m in found)
            if condition.loose:
                confidence = min(confidence, max(
                    trusted_absence(REGEX_CONFIDENCE[0], self._clarity([i])) for i, _ in found))
        return Outcome(bool(groups), confidence, tuple(evidence))

    def _matches(self, pattern: str, turn_index: int) -> list[re.Match[str]]:
        """The pattern's matches in one turn, found once (a pattern and the time it first
        held, for ``before``, look at the same turns)."""
        key = (pattern, turn_index)
        found = self._regex_found.get(key)
        if found is None:
            found = self._regex_found[key] = list(
                re.compile(pattern).finditer(self.transcript.turns[turn_index].text))
        return found

    def _metric(self, condition: Condition) -> Outcome:
        name = condition.metric or ""
        value = self.facts.metrics.get(name)
        if value is None:
            return Outcome(None, 0.0)
        holds = _within(condition, value)
        at = self.facts.metric_at.get(name, 0.0)
        values: dict[str, object] = {"value": round(value, 1), "at": round(at, 1)}
        if name == "hold_count" and self.facts.holds:
            values["seconds"] = round(self.facts.holds[0].seconds)
        where = Evidence(None, None, at, "", f"metric.{name}", values)
        confidence = self.facts.metric_confidence.get(name, METRIC_CONFIDENCE)
        alternative = self.facts.metric_alternative.get(name)
        if alternative is not None and _within(condition, alternative[0]) == holds:
            confidence = alternative[1]  # the doubtful silences do not change the answer
        word_holds_dead = self.facts.dead_air_without_word_holds
        if name == "longest_dead_air" and word_holds_dead is not None \
                and _within(condition, word_holds_dead) != holds:
            confidence = min(confidence, WORDS_ONLY_HOLD)
        return Outcome(holds, confidence, (where,) if holds else (), () if holds else (where,))

    def satisfied_at(self, condition: Condition) -> float | None:
        """When ``condition`` (phrases, a regex, a ``ref``, or ``any`` of those) first held: the
        start of the ``min_distinct``-th different phrase heard, or of the first match of a
        pattern; None when it never did."""
        if condition.ref is not None:
            return self.satisfied_at(self.form.conditions[condition.ref])
        if condition.any_of is not None:
            times = [t for c in condition.any_of if (t := self.satisfied_at(c)) is not None]
            return min(times, default=None)
        if condition.regex is not None:
            starts = [self._evidence_at(i, found[0].start(), found[0].group(0)).start
                      for group in self._groups(condition) for i in group
                      for p in condition.regex if (found := self._matches(p, i))]
            return min(starts, default=None)
        threshold = condition.threshold or self.form.match_threshold
        firsts = []
        for phrase in condition.phrases or ():
            for group in self._groups(condition):
                hit = next(((i, m) for i in group
                            if (m := self.matcher.match(phrase, i)).score >= threshold), None)
                if hit is not None:
                    firsts.append(self._evidence(hit[0], hit[1].start_char, hit[1].text).start)
        firsts.sort()
        return firsts[condition.min_distinct - 1] if len(firsts) >= condition.min_distinct \
            else None

    def _request(self, condition: Condition, request: Request) -> Outcome:
        """Clauses asking for ``request.what``; warnings about it are the evidence of a no."""
        turns = self.transcript.turns
        groups = self._groups(condition)
        asked: list[Evidence] = []
        warned: list[Evidence] = []
        for group in groups:
            for i in group:
                if not may_name(self.matcher.texts[i], self.matcher.keys[i][0], request):
                    continue
                named: list[Evidence] = []  # named only: a request if digits come back
                asked_here = len(asked)
                for start, clause, act in clause_acts(turns[i].text, request):
                    evidence = self._evidence_at(i, start, clause.strip())
                    {ClauseAct.WARNS: warned, ClauseAct.ASKS: asked,
                     ClauseAct.NAMES: named}[act].append(evidence)
                if named and len(asked) == asked_here and request.digits_reply \
                        and (reply := self._digits_reply(i)) is not None:
                    asked.extend((named[0], reply))
        if asked:
            return Outcome(True, REGEX_CONFIDENCE[0], tuple(asked))
        searched = warned or list(self._searched(condition, [i for g in groups for i in g]))
        confidence = trusted_absence(REGEX_CONFIDENCE[1], self._clarity(
            [i for g in groups for i in g]))
        if warned and request.warned_confidence is not None:
            confidence = max(confidence, request.warned_confidence)
        return Outcome(False, confidence, absent=tuple(searched))

    def _name_used(self, condition: Condition, spec: NameUse) -> Outcome:
        """The customer's name (``_names_given``) after an honorific in a later agent turn, in
        the same sentence ("Tidak perlu, Pak. PIN itu rahasia" names nobody); or, less surely,
        a long name word on its own ("Baik, dapat Robert": the honorific misheard)."""
        turns, known = self.transcript.turns, self.facts.speakers_known
        given = self._names_given(spec)
        given_at = min(given.values(), default=None)
        names = set(given)
        # a name word on its own only from the first time the name was given: later "saya
        # catat" is not a name
        first = {name for name, at in given.items() if at == given_at}
        honorific = re.compile(spec.honorific)
        groups = [i for g in self._groups(condition) for i in g]
        agent = [i for i in groups if given_at is not None and turns[i].start >= given_at]
        if names:
            # words the agent said before the name was given are the call's, not the name
            earlier = {w for i in groups if turns[i].start < (given_at or 0.0)
                       for w in self.matcher.texts[i].split()}
            names = {name for name in names if name not in earlier}
        best: tuple[float, int, str] | None = None
        not_names = _word_set(spec.not_names)
        maybe = False  # an honorific and a word somewhat like the name: the name misheard?
        for i in agent:
            for sentence in _SENTENCE.split(turns[i].text):
                words = normalize(sentence).split()
                for k, word in enumerate(words):
                    heard = []
                    if honorific.fullmatch(word) and k + 1 < len(words):
                        heard.append((words[k + 1], f"{word} {words[k + 1]}", 0.95))
                        if len(words[k + 1]) < 3 and k + 2 < len(words):  # split: "ru di"
                            heard.append((words[k + 1] + words[k + 2],
                                          " ".join(words[k:k + 3]), 0.95))
                        maybe = maybe or (words[k + 1] not in not_names and max(
                            (_name_score(words[k + 1], name) for name in names),
                            default=0.0) >= MAYBE_NAME_SCORE)
                    # run together: "ibusari", "bapakbudi"
                    heard.extend((word[cut:], word, 0.95) for cut in range(2, len(word) - 2)
                                 if honorific.fullmatch(word[:cut]))
                    if len(word) >= LONE_NAME_LETTERS:
                        heard.append((word, word, LONE_NAME_CONFIDENCE))
                    for said, shown, most in heard:
                        lone = most == LONE_NAME_CONFIDENCE
                        score = max((_name_score(said, name) for name in names
                                     if not lone or (len(name) >= LONE_NAME_LETTERS
                                                     and name in first)),
                                    default=0.0)
                        needed = LONE_NAME_SCORE if lone else spec.threshold
                        sure = min(most, score / 100)
                        if score >= needed and (best is None or sure > best[0]):
                            best = (sure, i, shown)
        if best is not None:
            sure, i, shown = best
            turn = turns[i]
            return Outcome(True, sure, (Evidence(i, turn.speaker, turn.start, shown),))
        searched = agent or groups
        confidence = trusted_absence(REGEX_CONFIDENCE[1], self._clarity(searched))
        if maybe:
            confidence = min(confidence, MAYBE_NAME_CONFIDENCE)
        if not names:
            # the name was not heard given: it may have been, and misheard
            customer = [i for i, t in enumerate(turns) if not known or t.speaker == "customer"]
            confidence = min(confidence, trusted_absence(REGEX_CONFIDENCE[1],
                                                         self._clarity(customer)))
        return Outcome(False, confidence, absent=self._searched(condition, searched))

    def _names_given(self, spec: NameUse) -> dict[str, float]:
        """The words that may be the customer's name, each with when it was first given:
        after an intro ("saya", "atas nama"), or a short reply to a question for the name."""
        turns, known = self.transcript.turns, self.facts.speakers_known
        opening = [normalized_term(intro).split() for intro in spec.intros]
        anywhere = [normalized_term(intro).split() for intro in spec.intros_anywhere]
        not_names = _word_set(spec.not_names)
        names: dict[str, float] = {}

        def take(words: list[str], at: float) -> None:
            for word in words:
                if len(word) >= 3 and word not in not_names and word.isalpha():
                    names[word] = min(names.get(word, at), at)

        firsts = {intro[0] for intro in opening + anywhere if intro}
        for i, turn in enumerate(turns):
            if known and turn.speaker != "customer":
                continue
            words = self.matcher.texts[i].split()
            if firsts.isdisjoint(words):
                clauses: list[str] = []  # no intro in the turn: no clause to read
            else:
                clauses = _NAME_CLAUSE.split(turn.text)
            for clause in clauses:
                said = normalize(clause).split()
                for intro in opening + anywhere:
                    # opening the clause, or after one word the model put before it
                    starts = range(2) if intro in opening else range(len(said) - len(intro))
                    for k in starts:
                        if said[k:k + len(intro)] != intro:
                            continue
                        following = []
                        for word in said[k + len(intro):k + len(intro) + 3]:
                            if word in not_names:
                                break
                            following.append(word)
                        take(following, turn.start)
            if known and len(words) <= 6 and self._replies_to(i, spec.asks):
                take(words, turn.start)
        return names

    def _replies_to(self, customer_turn: int, asks: tuple[str, ...]) -> bool:
        """True when one of the agent turns just before ``customer_turn`` (no customer turn
        between, within ``REPLY_WITHIN_S``) holds one of ``asks``."""
        turns = self.transcript.turns
        for j in range(customer_turn - 1, -1, -1):
            if turns[j].speaker != "agent" \
                    or turns[customer_turn].start - turns[j].end > REPLY_WITHIN_S:
                return False
            if _has_any(f" {self.matcher.texts[j]} ", asks):
                return True
        return False

    def _digits_reply(self, agent_turn: int) -> Evidence | None:
        """The customer's next turn, when it gives digits soon after the agent's."""
        turns = self.transcript.turns
        if not self.facts.speakers_known:
            return None
        for i in range(agent_turn + 1, len(turns)):
            turn = turns[i]
            if turn.start > turns[agent_turn].end + REPLY_WITHIN_S:
                return None
            if turn.speaker == "customer":
                found = _DIGITS.search(turn.text)
                return self._evidence_at(i, found.start(), found.group(0).strip()) \
                    if found else None
        return None

    def _overlapped(self, turn: Turn) -> bool:
        length = turn.end - turn.start
        if length <= 0:
            return False
        over = sum(max(0.0, min(turn.end, other.end) - max(turn.start, other.start))
                   for other in self.transcript.turns
                   if other.speaker is not None and other.speaker != turn.speaker)
        return over / length > OVERLAPPED_SHARE

    def _searched(self, condition: Condition, group: list[int]) -> tuple[Evidence, ...]:
        """The evidence of an absence: what was looked for, where, and the words there when
        the window is one turn."""
        what = condition.label or ", ".join(condition.phrases[:2] if condition.phrases else ())
        values: dict[str, object] = {"what": what, "where": _where(condition)}
        if condition.last_seconds or condition.first_seconds:
            values["seconds"] = condition.last_seconds or condition.first_seconds
        turns = self.transcript.turns
        if len(group) == 1:
            turn = turns[group[0]]
            return (Evidence(group[0], turn.speaker, turn.start, _excerpt(turn.text),
                             "not_heard_in", values),)
        start = turns[group[0]].start if group else 0.0
        return (Evidence(None, None, start, "", "not_heard", values),)

    def _evidence_at(self, turn_index: int, char: int, text: str) -> Evidence:
        turn = self.transcript.turns[turn_index]
        token = len(turn.text[:char].split())
        start = turn.word_starts[token] if token < len(turn.word_starts) else turn.start
        return Evidence(turn_index, turn.speaker, start, text)

    def _searched_clarity(self, condition: Condition, group: list[int],
                          number: int) -> float | None:
        """How clear the words searched were: in a hold window, only those said within its
        bounds (the announcement just before, the thanks just after), not the rest of a long
        turn. Where the model skipped speech within them, nothing is known of what was not
        heard: in a hold window, and before a point (``before``: V1's verification before the
        account data, whose absence is a fatal "no")."""
        if condition.window in ("before_hold", "after_hold"):
            chances = self._heard_between(group, *self._hold_bounds(condition, number))
        elif condition.before is not None:
            chances = self._heard_between(group, -math.inf, math.inf)
        else:
            return self._clarity(group)
        return 0.0 if chances is None else clarity(chances)

    def _heard_between(self, group: list[int], low: float, high: float) -> list[float] | None:
        """The probabilities of the words of ``group`` said from ``low`` to ``high``; None when
        the model skipped speech there (a word lasting longer than a word can: its timestamp
        stretched over speech it lost)."""
        turns = self.transcript.turns
        chances: list[float] = []
        for i in group:
            turn = turns[i]
            if not turn.word_starts or len(turn.word_starts) != len(turn.word_probabilities):
                chances.extend(turn.word_probabilities)
                continue
            ends = (*turn.word_starts[1:], turn.end)
            for at, end, chance in zip(turn.word_starts, ends, turn.word_probabilities,
                                       strict=True):
                if low <= at <= high:
                    if end - at > LONGEST_WORD_S:
                        return None
                    chances.append(chance)
        return chances

    def _clarity(self, group: list[int]) -> float | None:
        turns = self.transcript.turns
        return clarity(p for i in group for p in turns[i].word_probabilities)

    def _evidence(self, turn_index: int, start_char: int, text: str) -> Evidence:
        turn = self.transcript.turns[turn_index]
        token = self.matcher.texts[turn_index][:start_char].count(" ")
        start = turn.word_starts[token] if token < len(turn.word_starts) else turn.start
        return Evidence(turn_index, turn.speaker, start, text)

    def _scaled(self, condition: Condition, outcome: Outcome) -> Outcome:
        if self.facts.speakers_known or condition.speaker == "any":
            return outcome
        return Outcome(outcome.value, outcome.confidence * UNLABELLED_SPEAKERS_FACTOR,
                       outcome.evidence)


def _within(condition: Condition, value: float) -> bool:
    """Whether ``value`` meets every bound of a metric condition."""
    return all(bound is None or compare(value, bound) for bound, compare in (
        (condition.gt, float.__gt__), (condition.ge, float.__ge__),
        (condition.lt, float.__lt__), (condition.le, float.__le__)))


#: Each condition object seen, kept (so its id stays its own), with the id of the first equal
#: one: comparing pydantic models is slow, so equal conditions are matched up once.
_CANONICAL: dict[int, tuple[Condition, int]] = {}
_BY_HASH: dict[int, list[Condition]] = {}


_CANONICAL_MOST = 20_000  # forms reloaded many times: start over rather than grow


def _canonical(condition: Condition) -> int:
    known = _CANONICAL.get(id(condition))
    if known is not None and known[0] is condition:
        return known[1]
    if len(_CANONICAL) >= _CANONICAL_MOST:
        _CANONICAL.clear()
        _BY_HASH.clear()
    same = _BY_HASH.setdefault(hash(condition), [])
    first = next((c for c in same if c == condition), None)
    if first is None:
        same.append(condition)
        first = condition
    _CANONICAL[id(condition)] = (condition, id(first))
    return id(first)


def _at_least(children: list[Outcome], needed: int) -> Outcome:
    """True when ``needed`` children are true. Its confidence is that of the weakest child it
    needs; a false one's is that of the weakest of the falsehoods that make it false."""
    true = sorted((c for c in children if c.value), key=lambda c: -c.confidence)
    unknown = sum(c.value is None for c in children)
    if len(true) >= needed:
        return Outcome(True, true[needed - 1].confidence,
                       tuple(e for c in true for e in c.evidence))
    if len(true) + unknown >= needed:
        return Outcome(None, 0.0)
    false = sorted((c.confidence for c in children if c.value is False), reverse=True)
    return Outcome(False, false[len(children) - needed],
                   absent=tuple(e for c in children if c.value is False for e in c.absent))


def _name_score(said: str, name: str) -> float:
    """How alike two heard words are, as written or by sound ("papak"/"bapak" alike); scores
    under ``MAYBE_NAME_SCORE`` come back as 0 (nothing below it is used)."""
    if len(said) < 3:
        return 0.0
    return max(fuzz.ratio(said, name, score_cutoff=MAYBE_NAME_SCORE),
               fuzz.ratio(_word_key(said), _word_key(name), score_cutoff=MAYBE_NAME_SCORE))


@lru_cache(maxsize=64)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalized_term(word) for word in words)


@lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    return sound_key(word)[0]


def _where(condition: Condition) -> str:
    """The window searched, as a key of ``scoring.evidence.where``."""
    if condition.window != "all":
        return condition.window
    if condition.last_seconds is not None:
        return "last_seconds"
    if condition.first_seconds is not None:
        return "first_seconds"
    return f"{condition.speaker}_turns"


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + "…"


def _has_any(padded_words: str, terms: tuple[str, ...], suffix: bool = False) -> bool:
    """True when one of ``terms`` is in the normalized, space-padded clause as whole words
    (with the possessive "-nya" when ``suffix``)."""
    for term in terms:
        words = normalized_term(term)
        if f" {words} " in padded_words or (suffix and f" {words}nya " in padded_words):
            return True
    return False
