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

from dataclasses import dataclass, field
from itertools import pairwise

from qa_app.scoring.clarity import clarity, trusted_absence
from qa_app.scoring.conversation import Conversation, Span, Turn
from qa_app.scoring.matching import TurnMatcher
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

#: Metrics that depend on which silences are holds.
HOLD_METRICS = ("hold_count", "longest_hold", "longest_dead_air")
CERTAIN_HOLD = 0.95
#: How sure "no hold" is when the export reports hold time the audio and words did not show.
CONTRADICTED_HOLD = 0.5


def derive_facts(transcript: Conversation, form: Form, matcher: TurnMatcher) -> Facts:
    turns = transcript.turns
    speakers_known = any(turn.speaker is not None for turn in turns)
    candidates = transcript.holds
    if candidates is None:
        candidates = _agent_pauses(turns, form, speakers_known)
    holds, hold_confidence = _confirmed_holds(candidates, transcript.music, turns, form, matcher,
                                              speakers_known)
    reported = transcript.reported_hold_seconds
    if not holds and reported is not None and form.holds is not None \
            and reported >= form.holds.min_seconds:
        hold_confidence = min(hold_confidence, CONTRADICTED_HOLD)
    silences = transcript.silences if transcript.silences is not None else _gaps(turns)
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
    return Facts(holds, metrics, metric_at, speakers_known,
                 dict.fromkeys(HOLD_METRICS, hold_confidence))


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
                     turns: tuple[Turn, ...], form: Form, matcher: TurnMatcher,
                     speakers_known: bool) -> tuple[tuple[Span, ...], float]:
    """The confirmed holds, and how sure the rejections are (the clarity of the agent turns
    around the least clear rejected candidate caps it)."""
    rules = form.holds
    if rules is None:
        return candidates, CERTAIN_HOLD
    agent = [i for i, t in enumerate(turns) if t.speaker == "agent" or not speakers_known]
    threshold = rules.threshold or form.match_threshold
    holds = [m for m in music if m.seconds >= rules.min_seconds]
    confidence = CERTAIN_HOLD
    for span in candidates:
        if span.seconds < rules.min_seconds or any(_overlap(span, m) > 0 for m in holds):
            continue
        before = [i for i in agent if turns[i].end <= span.start + 0.5][-1:]
        after = [i for i in agent if turns[i].start >= span.end - 0.5][:1]
        if any(_said(matcher, i, rules.announce, threshold) for i in before) or \
                any(_said(matcher, i, rules.thanks, threshold) for i in after):
            holds.append(span)
        else:
            around = clarity(p for i in before + after for p in turns[i].word_probabilities)
            confidence = min(confidence, trusted_absence(CERTAIN_HOLD, around))
    return tuple(sorted(holds, key=lambda span: span.start)), confidence


def _said(matcher: TurnMatcher, turn: int, phrases: tuple[str, ...], threshold: float) -> bool:
    return any(matcher.match(phrase, turn).score >= threshold for phrase in phrases)


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
