"""Measures of one call or chat that evidence rules test: holds, dead air, overtalk, timing.

Silences come from the transcript's metrics when it lists them, else from the gaps between
turns. Hold *candidates* likewise: the transcriber's holds (the agent silent while the customer
barely speaks), else stretches in which the agent says nothing for the form's
``holds.min_seconds`` (customer speech not counted, so a customer asking "Halo?" mid-hold does
not split it). A candidate of the form's ``holds.min_seconds`` or more is a hold when the agent
announced it before or thanked the customer after (the form's phrases), or when music played on
the agent's channel for that long (measured from the audio: music is a hold, announced or
not); otherwise it stays a silence, which is dead air when long.
Not hearing those phrases is an absence like any other: when the agent turns around a rejected
candidate were poorly recognized, the hold metrics carry that doubt as a lower confidence. So
does an export that reports hold time for the call when none was found: the hold items then
go to a human.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from qa_app.scoring.clarity import clarity, trusted_absence
from qa_app.scoring.conversation import Conversation, Span, Turn
from qa_app.scoring.matching import TurnMatcher, match_phrase, normalize
from qa_app.scoring.schema import Form

METRICS: dict[str, str] = {
    "first_agent_start": "seconds from the start to the agent's first word",
    "first_response_seconds": "seconds from the customer's first message to the agent's first",
    "hold_count": "number of holds",
    "longest_hold": "seconds of the longest hold (0 without holds)",
    "longest_dead_air": "seconds of the longest silence outside holds",
    "agent_overtalk": "seconds of the longest agent speech over the customer's",
    "agent_upper_share": "largest share of capital letters in one agent message",
    "call_hour": "local hour the interaction started (unknown without a start time)",
    "call_weekday": "local weekday it started, Monday 0 … Sunday 6",
    "duration": "seconds",
    "reported_hold_seconds": "hold seconds the interaction export gives (unknown without)",
}


@dataclass(frozen=True)
class Facts:
    holds: tuple[Span, ...]
    metrics: dict[str, float | None]
    metric_at: dict[str, float]  # where in the call a metric's value was measured
    speakers_known: bool
    metric_confidence: dict[str, float] = field(default_factory=dict)  # when below the usual
    #: a hold metric's value had every doubtful rejected candidate been a hold, and how sure
    #: the metric is when that value gives the same answer (the doubt then does not matter:
    #: a 6 s pause is no dead air over 10 s whether it was a hold or not)
    metric_alternative: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: the longest dead air had the holds only the agent's words confirmed (no music) been
    #: silences: a metric whose answer that changes is at most ``WORDS_ONLY_HOLD`` sure
    dead_air_without_word_holds: float | None = None

#: Metrics that depend on which silences are holds.
HOLD_METRICS = ("hold_count", "longest_hold", "longest_dead_air")
CERTAIN_HOLD = 0.95
#: How sure a silence is a hold, not dead air, when only the agent's words around it say so
#: (no music): the hold words are matched loosely ("saya cek dulu", "tunggu" in any form), and
#: the same words come before a silence the agent simply left.
WORDS_ONLY_HOLD = 0.8
#: How sure "no hold" is when the export reports hold time the audio and words did not show.
CONTRADICTED_HOLD = 0.5
#: How far before / after a candidate the agent's announcement / thanks is looked for, when
#: the form does not say (``holds.edge_seconds``).
DEFAULT_EDGE_S = 12.0
#: The customer checking the line is still open: the sign of a silence nobody announced.
CUSTOMER_CHECKING = re.compile(
    r"(?i)\bhal+o\b|\bmasih\s+(?:di\s*)?(?:sana|situ|ada|dengar\w*|denger\w*|nyambung|bisa)\b")
CHECK_AFTER_S = 3.0
#: No word lasts longer: a longer one is the model's timestamp stretched over speech it lost.
LONGEST_WORD_S = 2.5
LOST_WORD_SECONDS = 0.8
LOST_WORD_PROBABILITY = 0.4
#: How sure a gap the model made by losing speech (see ``_lost_speech``) is no dead air.
LOST_SPEECH = 0.7


def derive_facts(transcript: Conversation, form: Form, matcher: TurnMatcher) -> Facts:
    turns = transcript.turns
    speakers_known = any(turn.speaker is not None for turn in turns)
    candidates = transcript.holds
    if candidates is None:
        candidates = _agent_pauses(turns, form, speakers_known)
    silences = transcript.silences if transcript.silences is not None else _gaps(turns)
    holds, hold_confidence, doubtful = _confirmed_holds(
        candidates, transcript.music, turns, form, speakers_known, silences)
    music_holds = tuple(h for h in holds
                        if any(_overlap(h, m) > 0 for m in transcript.music))
    sure = CERTAIN_HOLD
    reported = transcript.reported_hold_seconds
    if not holds and reported is not None and form.holds is not None \
            and reported >= form.holds.min_seconds:
        hold_confidence = min(hold_confidence, CONTRADICTED_HOLD)
        sure = CONTRADICTED_HOLD
    # a gap the model made by losing speech is no silence; the longest dead air is then only
    # as sure as that reading of the gap
    words = _all_words(turns)
    lost = [s for s in silences if _outside(s, holds) > 0 and _lost_speech(words, s.end)]
    silences = tuple(s for s in silences if s not in lost)
    agent = [t for t in turns if t.speaker == "agent" or not speakers_known]
    customer = [t for t in turns if t.speaker == "customer"]
    started = transcript.started_at
    metrics: dict[str, float | None] = {
        "first_agent_start": agent[0].start if agent else None,
        "first_response_seconds": _first_response(turns),
        "hold_count": float(len(holds)),
        "longest_hold": max((h.seconds for h in holds), default=0.0),
        "longest_dead_air": max((_outside(s, holds) for s in silences), default=0.0),
        "agent_overtalk": max((_overtalk(a, customer) for a in agent), default=0.0),
        "agent_upper_share": max((_upper_share(t.text) for t in agent), default=0.0),
        "call_hour": float(started.hour) if started else None,
        "call_weekday": float(started.weekday()) if started else None,
        "duration": transcript.duration,
        "reported_hold_seconds": reported,
    }
    dead_air = tuple(s for s in silences if _outside(s, holds) > 0)
    metric_at = {"first_agent_start": agent[0].start if agent else 0.0,
                 "hold_count": holds[0].start if holds else 0.0,
                 "longest_hold": _start_of_longest(holds),
                 "longest_dead_air": _start_of_longest(dead_air),
                 "agent_overtalk": _start_of_overtalk(agent, customer)}
    confidence = dict.fromkeys(HOLD_METRICS, hold_confidence)
    sure_of = dict.fromkeys(HOLD_METRICS, sure)
    if any(_outside(s, holds) > metrics["longest_dead_air"] for s in lost):  # type: ignore[operator]
        confidence["longest_dead_air"] = min(hold_confidence, LOST_SPEECH)
        sure_of["longest_dead_air"] = min(sure, LOST_SPEECH)
    alternative: dict[str, tuple[float, float]] = {}
    if doubtful:
        every = tuple(sorted((*holds, *doubtful), key=lambda span: span.start))
        values = {"hold_count": float(len(every)),
                  "longest_hold": max(h.seconds for h in every),
                  "longest_dead_air": max((_outside(s, every) for s in silences), default=0.0)}
        alternative = {name: (value, sure_of[name]) for name, value in values.items()}
    without_word_holds = None
    if len(music_holds) < len(holds):
        without_word_holds = max((_outside(s, music_holds) for s in silences), default=0.0)
    return Facts(holds, metrics, metric_at, speakers_known, confidence, alternative,
                 without_word_holds)


def _start_of_longest(spans: tuple[Span, ...]) -> float:
    return max(spans, key=lambda s: s.seconds).start if spans else 0.0


def _start_of_overtalk(agent: list[Turn], customer: list[Turn]) -> float:
    longest = max(agent, key=lambda a: _overtalk(a, customer), default=None)
    return longest.start if longest is not None and _overtalk(longest, customer) > 0 else 0.0


def _agent_pauses(turns: tuple[Turn, ...], form: Form, speakers_known: bool) -> tuple[Span, ...]:
    if form.holds is None:
        return ()
    agent = [i for i, t in enumerate(turns) if t.speaker == "agent" or not speakers_known]
    pauses = []
    for before, after in pairwise(agent):
        span = Span(turns[before].end, turns[after].start)
        customer_talk = sum(_overlap(span, t) for t in turns[before + 1:after])
        if span.seconds - customer_talk >= form.holds.min_seconds:
            pauses.append(span)
    return tuple(pauses)


def _confirmed_holds(candidates: tuple[Span, ...], music: tuple[Span, ...],
                     turns: tuple[Turn, ...], form: Form, speakers_known: bool,
                     silences: tuple[Span, ...]
                     ) -> tuple[tuple[Span, ...], float, tuple[Span, ...]]:
    """The confirmed holds, and how sure the rejections are (the clarity of the agent's words
    around the least clear rejected candidate caps it). A rejection is sure whatever the
    clarity when the customer checked whether the agent was still there ("Halo? Masih di
    sana?"): nobody told them to wait; and when fewer than ``min_seconds`` of the candidate
    were silent (the customer talked through the rest: a pause in the conversation, not a
    hold left unannounced). A candidate the model made by losing speech (:func:`_lost_speech`)
    is no silence at all and leaves the confidence alone too. Third: the doubtful rejections."""
    rules = form.holds
    if rules is None:
        return candidates, CERTAIN_HOLD, ()
    agent = [i for i, t in enumerate(turns) if t.speaker == "agent" or not speakers_known]
    threshold = rules.threshold or form.match_threshold
    edge = rules.edge_seconds or DEFAULT_EDGE_S
    holds = [m for m in music if m.seconds >= rules.min_seconds]
    confidence = CERTAIN_HOLD
    doubtful: list[Span] = []
    words = _all_words(turns) if candidates else []
    announce = [re.compile(p) for p in rules.announce_regex or ()]
    thanks = [re.compile(p) for p in rules.thanks_regex or ()]
    for span in candidates:
        if span.seconds < rules.min_seconds or any(_overlap(span, m) > 0 for m in holds):
            continue
        before = _agent_words(turns, agent, span.start - edge, span.start + 0.5, last=True)
        after = _agent_words(turns, agent, span.end - 0.5, span.end + edge, last=False)
        if _said(turns, before, rules.announce, announce, threshold) or \
                _said(turns, after, rules.thanks, thanks, threshold):
            holds.append(span)
            continue
        inside = [s for s in silences if _overlap(span, s) > 0]
        if sum(_overlap(span, s) for s in inside) < rules.min_seconds \
                or _customer_checked(turns, span) \
                or any(_lost_speech(words, end) for end in (span.end, *(s.end for s in inside))):
            continue
        around = _window_clarity(turns, before + after)
        if trusted_absence(CERTAIN_HOLD, around) < CERTAIN_HOLD:
            doubtful.append(span)
            confidence = min(confidence, trusted_absence(CERTAIN_HOLD, around))
    return tuple(sorted(holds, key=lambda span: span.start)), confidence, tuple(doubtful)


Word = tuple[float, float, str, float | None]  # start, end, text, probability


def _words(turn: Turn) -> list[Word]:
    """The words of a turn with their times (the turn's own when the words carry none)."""
    tokens = turn.text.split()
    if len(turn.word_starts) != len(tokens):
        return [(turn.start, turn.end, turn.text, None)] if tokens else []
    ends = [*turn.word_starts[1:], turn.end]
    chances: tuple[float | None, ...] = turn.word_probabilities \
        if len(turn.word_probabilities) == len(tokens) else (None,) * len(tokens)
    return list(zip(turn.word_starts, ends, tokens, chances, strict=True))


Window = tuple[int, int, int]  # a turn, its first word in the window, the word after its last


def _agent_words(turns: tuple[Turn, ...], agent: list[int], start: float, end: float,
                 last: bool) -> list[Window]:
    """Where the agent's words said from ``start`` to ``end`` are; a turn without word times
    counts whole when it is the agent's last before ``end`` (``last``) or first after
    ``start``."""
    near = [i for i in agent if turns[i].end <= end][-1:] if last \
        else [i for i in agent if turns[i].start >= start][:1]
    windows: list[Window] = []
    for i in agent:
        if not turns[i].word_starts:
            if i in near:
                windows.append((i, 0, len(turns[i].text.split())))
            continue
        inside = [k for k, at in enumerate(turns[i].word_starts) if start <= at <= end]
        if inside:
            windows.append((i, inside[0], inside[-1] + 1))
    return windows


def _said(turns: tuple[Turn, ...], windows: list[Window], phrases: tuple[str, ...],
          patterns: list[re.Pattern[str]], threshold: float) -> bool:
    """Whether a pattern or phrase starts at a word inside the windows; it is looked for in
    the whole turn, so that what comes before a word still counts ("sudah menunggu" is
    thanks, not a request to wait, however the window cuts it)."""
    for turn, first, after in windows:
        text = turns[turn].text
        for pattern in patterns:
            for found in pattern.finditer(text):
                if first <= len(text[:found.start()].split()) < after:
                    return True
        normalized = normalize(text)
        for phrase in phrases:
            match = match_phrase(normalize(phrase), normalized)
            if match.score >= threshold and \
                    first <= normalized[:match.start_char].count(" ") < after:
                return True
    return False


def _window_clarity(turns: tuple[Turn, ...], windows: list[Window]) -> float | None:
    """The clarity of the words of the windows; none (0) when one of them lasts longer than a
    word can (``LONGEST_WORD_S``): the model skipped speech there and put its time into the
    word, so what was said is unknown."""
    for turn, first, after in windows:
        if not turns[turn].word_starts:
            continue
        words = _words(turns[turn])[first:after]
        if any(end - start > LONGEST_WORD_S for start, end, _, _ in words):
            return 0.0
    return clarity(p for turn, first, after in windows
                   for p in turns[turn].word_probabilities[first:after])


def _all_words(turns: tuple[Turn, ...]) -> list[Word]:
    """Every word of the call (``words`` of :func:`_lost_speech`), by start."""
    return sorted((w for t in turns for w in _words(t)), key=lambda word: word[0])


def _customer_checked(turns: tuple[Turn, ...], span: Span) -> bool:
    """The customer asked whether anyone was there during the silence or just after it."""
    return any(t.speaker == "customer" and span.start <= t.start <= span.end + CHECK_AFTER_S
               and CUSTOMER_CHECKING.search(t.text) for t in turns)


def _lost_speech(words: list[Word], gap_end: float) -> bool:
    """Whether the first word after a gap is one the model stretched over it and barely heard
    (at least ``LOST_WORD_SECONDS`` long, probability under ``LOST_WORD_PROBABILITY``): the
    bundled Whisper drops stretches of speech and puts the next word's start back into the
    gap, so such a gap is speech it lost more often than silence."""
    at = bisect_left(words, gap_end - 0.3, key=lambda word: word[0])
    if at == len(words):
        return False
    start, end, _, chance = words[at]
    return chance is not None and end - start >= LOST_WORD_SECONDS \
        and chance < LOST_WORD_PROBABILITY


def _gaps(turns: tuple[Turn, ...]) -> tuple[Span, ...]:
    gaps, spoken_until = [], None
    for turn in sorted(turns, key=lambda t: t.start):
        if spoken_until is not None and turn.start > spoken_until:
            gaps.append(Span(spoken_until, turn.start))
        spoken_until = turn.end if spoken_until is None else max(spoken_until, turn.end)
    return tuple(gaps)


def _overlap(span: Span, turn: Turn | Span) -> float:
    return max(0.0, min(span.end, turn.end) - max(span.start, turn.start))


def _outside(silence: Span, holds: tuple[Span, ...]) -> float:
    return max(0.0, silence.seconds - sum(_overlap(silence, hold) for hold in holds))


def _overtalk(agent_turn: Turn, customer: list[Turn]) -> float:
    """How long the agent spoke after starting inside a customer's turn."""
    return max((min(c.end, agent_turn.end) - agent_turn.start for c in customer
                if c.start < agent_turn.start < c.end), default=0.0)


def _first_response(turns: tuple[Turn, ...]) -> float | None:
    customer = next((t.start for t in turns if t.speaker == "customer"), None)
    agent = next((t.start for t in turns if t.speaker == "agent"), None)
    if customer is None or agent is None or agent < customer:
        return None
    return agent - customer


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)
