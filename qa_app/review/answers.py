"""Answers on a form: the machine's suggestion, the human's answer, the live score, and what
stands between a draft and a final evaluation. Plain data; no database, no Streamlit.

The machine's answer pre-fills the form only when the pre-scorer was sure of it (yes,
partial, no, na). When it left an item to a human ("manual"), the item starts unanswered and
the machine's unsure ``suggested`` answer is shown as a hint. Changing a pre-filled answer
needs a reason; finalizing needs every item answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qa_app.review.errors import Problem
from qa_app.scoring.arithmetic import PENDING, ScoreBreakdown, compute_score
from qa_app.scoring.describe import describe_evidence
from qa_app.scoring.schema import Form

HUMAN_ANSWERS = ("yes", "partial", "no", "na")


@dataclass(frozen=True)
class EvidenceRef:
    speaker: str | None
    start: float
    text: str
    note: str | None = None  # what a measure or an absence shows, see scoring.describe
    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> EvidenceRef:
        return cls(raw.get("speaker"), float(raw.get("start") or 0.0), str(raw.get("text") or ""),
                   raw.get("note"), dict(raw.get("values") or {}))

    def to_json(self) -> dict[str, Any]:
        shown = {"speaker": self.speaker, "start": self.start, "text": self.text}
        if self.note is not None:
            shown.update(note=self.note, values=dict(self.values))
        return shown

    def describe(self, language: str) -> str:
        """The evidence in words for a person (a measure, an absence, or the words heard)."""
        return describe_evidence(self.note, self.values, self.text, self.start, language)


@dataclass(frozen=True)
class MachineAnswer:
    """What the pre-scorer said about one item (all None when there was no pre-score)."""

    answer: str | None = None  # yes / partial / no / na / manual
    confidence: float | None = None
    suggested: str | None = None  # its unsure answer, when it left the item to a human
    evidence: tuple[EvidenceRef, ...] = ()

    @property
    def prefill(self) -> str | None:
        return self.answer if self.answer in HUMAN_ANSWERS else None


@dataclass(frozen=True)
class ItemAnswer:
    answer: str | None = None  # None: not answered yet
    reason: str = ""  # why the answer differs from the machine's
    comment: str = ""


def machine_answers(prescore_document: Mapping[str, Any] | None) -> dict[str, MachineAnswer]:
    """Item id → the machine's answer, from a stored ``PreScore.to_record()``."""
    if not prescore_document:
        return {}
    suggested = prescore_document.get("suggested") or {}
    return {str(item["id"]): MachineAnswer(
        str(item.get("answer")), float(item.get("confidence") or 0.0),
        suggested.get(item["id"]),
        tuple(EvidenceRef.from_json(e) for e in item.get("evidence") or ()))
        for item in prescore_document.get("items") or ()}


def overrides_machine(answer: str | None, machine: MachineAnswer) -> bool:
    """True when the human changed an answer the machine gave with confidence."""
    return answer is not None and machine.prefill is not None and answer != machine.prefill


def live_score(form: Form, answers: Mapping[str, ItemAnswer]) -> ScoreBreakdown:
    """The score as the form stands; unanswered items count as pending (left out)."""
    return compute_score(form, {item.id: answers.get(item.id, ItemAnswer()).answer or PENDING
                                for item in form.items()})


def scale_problems(form: Form, answers: Mapping[str, ItemAnswer]) -> list[Problem]:
    """Answers outside an item's scale: refused even in a draft."""
    return [Problem("not_in_scale", item.id) for item in form.items()
            if (given := answers.get(item.id)) is not None and given.answer is not None
            and given.answer not in item.scale]


def finalize_problems(form: Form, answers: Mapping[str, ItemAnswer],
                      machine: Mapping[str, MachineAnswer],
                      fatal_confirmed: bool) -> list[Problem]:
    """Everything that must be fixed before the evaluation can be final, in form order."""
    problems = scale_problems(form, answers)
    for item in form.items():
        given = answers.get(item.id, ItemAnswer())
        if given.answer is None:
            problems.append(Problem("unanswered", item.id))
        elif overrides_machine(given.answer, machine.get(item.id, MachineAnswer())) \
                and not given.reason.strip():
            problems.append(Problem("reason_missing", item.id))
    if problems:
        return problems
    breakdown = live_score(form, answers)
    if breakdown.fatal and not fatal_confirmed:
        problems.append(Problem("fatal_unconfirmed"))
    problems.extend(Problem("fatal_comment", item_id) for item_id in breakdown.fatal_items
                    if not answers[item_id].comment.strip())
    return problems
