"""The answers a QCO gives on a demo evaluation, from a per-agent quality profile (seeded).

Most agents are mostly compliant, some are weak on one or two items, new agents are weaker
and improve with tenure, targeted samples and low-CSI cases go worse, a few agents risk the
fatal V2 (asking for an OTP/PIN). Items the interaction's own data decides follow that data:
first response time (R1), outbound call hours (F1), holds (H1–H3 only when there was one).
Plain data; no database. Scores are not computed here: the review code does that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from random import Random

from qa_app.review.answers import ItemAnswer
from qa_app.scoring.conversation import Conversation as Transcript
from qa_app.scoring.rules import applies
from qa_app.scoring.schema import Form, Item

WEAK_ITEMS = ("H1", "H3", "C2", "K3", "O2", "C3", "P2")
ALL_OR_NOTHING = ("V2", "K5", "F2", "F3", "E5")  # no partial credit; a "no" is fatal
HOLD_ITEMS = ("H1", "H2", "H3")


@dataclass(frozen=True)
class QualityProfile:
    compliance: float  # chance of "yes" on an ordinary item
    weak_items: frozenset[str]
    v2_risk: float  # chance per evaluation of asking for an OTP/PIN (fatal)


@dataclass(frozen=True)
class CallFacts:
    """What the QCO sees of the sampled interaction that decides some answers outright."""

    channel: str
    direction: str
    local_start: datetime
    hold_seconds: float | None
    first_response_seconds: float | None
    tenure_days: int
    targeted: bool
    csi: int | None


def quality_profile(seed: int, employee_id: str) -> QualityProfile:
    rng = Random(f"{seed}:profile:{employee_id}")
    compliance = rng.uniform(0.88, 0.94) if rng.random() < 0.25 else rng.uniform(0.945, 0.985)
    weak = rng.sample(WEAK_ITEMS, rng.choice((1, 2))) if rng.random() < 0.35 else []
    return QualityProfile(compliance, frozenset(weak),
                          rng.uniform(0.02, 0.05) if rng.random() < 0.05 else 0.001)


def answer_form(form: Form, call: CallFacts, profile: QualityProfile,
                rng: Random) -> dict[str, ItemAnswer]:
    """One answer per item of ``form``, within the item's scale; a fatal "no" carries the
    comment that finalizing demands."""
    penalty = (0.04 if call.targeted else 0.0) + max(0.0, 0.08 * (1 - call.tenure_days / 91)) \
        + (0.04 if call.csi is not None and call.csi <= 2 else 0.0)
    held = bool(call.hold_seconds) if call.channel == "voice" else rng.random() < 0.3
    shape = Transcript((), 0.0, call.channel, call.direction)
    answers = {}
    for item in form.items():
        answer = _answer(item, call, held, profile, penalty, rng) if applies(item, shape) \
            else "na"
        if answer not in item.scale:  # a form without partial credit or without N/A
            answer = "no" if answer == "partial" else item.scale[0]
        fatal = item.fatal and answer == "no"
        answers[item.id] = ItemAnswer(answer, comment=(item.fatal_when or "") if fatal else "")
    return answers


def _answer(item: Item, call: CallFacts, held: bool, profile: QualityProfile, penalty: float,
            rng: Random) -> str:
    if item.id in HOLD_ITEMS and not held:
        return "na"
    if (item.id == "K1" and rng.random() < 0.3) or (item.id == "V1" and rng.random() < 0.2):
        return "na"  # no apology called for; no account data asked
    if item.id == "R1" and call.first_response_seconds is not None:
        return "yes" if call.first_response_seconds <= 300 else "no"
    if item.id == "F1":
        outside = not 8 <= call.local_start.hour < 20 or call.local_start.isoweekday() == 7
        return "no" if outside else "yes"
    if item.id in ALL_OR_NOTHING:
        risk = profile.v2_risk if item.id == "V2" else 0.001
        return "no" if rng.random() < risk else "yes"
    chance = rng.uniform(0.45, 0.7) if item.id in profile.weak_items else profile.compliance
    if rng.random() < chance - penalty:
        return "yes"
    return "no" if rng.random() < (0.04 if item.fatal else 0.4) else "partial"
