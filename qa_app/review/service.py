"""Opening a sample for review: its evaluation (made on first open) and the whole screen's data.

The evaluation is created the first time its reviewer opens the sample: that moment starts
the clock (``opened_at``) and freezes the machine's answers beside the human's, so a later
pre-score run never changes what the reviewer was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_app.auth.principal import Principal
from qa_app.auth.scope import get_visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import PreScoreRecord
from qa_app.review.answers import ItemAnswer, MachineAnswer, live_score, machine_answers
from qa_app.review.errors import NotAllowed, NotReady
from qa_app.review.history import HistoryEntry
from qa_app.review.store import answer_rows, form_of, human_of, load_history, machine_of
from qa_app.scoring.schema import Form


@dataclass(frozen=True)
class SampleInfo:
    sample_id: int
    interaction_id: int
    source_id: str
    agent_name: str
    channel: str
    direction: str
    week: str
    kind: str
    started_at: datetime
    has_recording: bool


@dataclass(frozen=True)
class ReviewScreen:
    sample: SampleInfo
    evaluation_id: int
    version: int  # the optimistic-concurrency version this screen was read at
    status: str
    revision: int
    reviewer: str
    form: Form
    machine: dict[str, MachineAnswer]
    answers: dict[str, ItemAnswer]
    overall_comment: str
    score: float | None
    fatal: bool
    opened_at: datetime
    seconds_spent: float
    finalized_at: datetime | None
    may_edit: bool  # a draft, and this principal is its reviewer or a QCO lead
    may_revise: bool  # final, and this principal is a QCO lead
    history: list[HistoryEntry]


def open_review(session: Session, principal: Principal, sample_id: int,
                now: datetime) -> ReviewScreen:
    """The review screen of a sample the principal may read; raises OutOfScope otherwise."""
    sample = get_visible(session, principal, Sample, sample_id)
    evaluation = session.scalar(select(Evaluation).where(Evaluation.sample_id == sample.id))
    if evaluation is None:
        evaluation = _start(session, principal, sample, now)
    else:
        evaluation = get_visible(session, principal, Evaluation, evaluation.id)
    return _screen(session, principal, sample, evaluation)


def _start(session: Session, principal: Principal, sample: Sample, now: datetime) -> Evaluation:
    if principal.user_id != sample.reviewer_id and principal.role != "qco_lead":
        raise NotAllowed("review.error.not_started")
    prescore = session.scalar(select(PreScoreRecord).where(
        PreScoreRecord.interaction_id == sample.interaction_id))
    if prescore is None:
        raise NotReady("review.error.not_ready")
    form = form_of(session, prescore.rubric_version_id)
    machine = machine_answers(prescore.document)
    prefill = {item.id: ItemAnswer(machine.get(item.id, MachineAnswer()).prefill)
               for item in form.items()}
    breakdown = live_score(form, prefill)
    evaluation = Evaluation(
        sample_id=sample.id, interaction_id=sample.interaction_id, agent_id=sample.agent_id,
        reviewer_id=sample.reviewer_id or principal.user_id, week=sample.week, kind=sample.kind,
        rubric_version_id=prescore.rubric_version_id, status="draft", score=breakdown.score,
        fatal=breakdown.fatal, pending_weight=breakdown.pending_weight, revision=0,
        opened_at=now, seconds_spent=0.0, updated_at=now, updated_by=principal.username)
    try:
        with session.begin_nested():
            session.add(evaluation)
            session.flush()
            session.add_all(EvaluationAnswer(
                evaluation_id=evaluation.id, item_id=item.id, answer=prefill[item.id].answer,
                machine_answer=machine.get(item.id, MachineAnswer()).answer,
                machine_suggested=machine.get(item.id, MachineAnswer()).suggested,
                machine_confidence=machine.get(item.id, MachineAnswer()).confidence,
                evidence=[e.to_json() for e in machine.get(item.id, MachineAnswer()).evidence])
                for item in form.items())
            sample.status = "draft"  # an opened sample is no longer reassigned
            session.flush()
    except IntegrityError:  # opened in another tab at the same moment: use that one
        return session.scalars(select(Evaluation).where(
            Evaluation.sample_id == sample.id)).one()
    return evaluation


def _screen(session: Session, principal: Principal, sample: Sample,
            evaluation: Evaluation) -> ReviewScreen:
    interaction = session.get_one(Interaction, sample.interaction_id)
    rows = answer_rows(session, evaluation.id)
    form = form_of(session, evaluation.rubric_version_id)
    reviewer = session.get(UserAccount, evaluation.reviewer_id)
    info = SampleInfo(sample.id, interaction.id, interaction.source_id, interaction.agent.name,
                      interaction.channel, interaction.direction, sample.week, sample.kind,
                      interaction.started_at, bool(interaction.recording_path))
    is_lead = principal.role == "qco_lead"
    return ReviewScreen(
        sample=info, evaluation_id=evaluation.id, version=evaluation.version,
        status=evaluation.status, revision=evaluation.revision,
        reviewer=reviewer.display_name if reviewer else "?", form=form,
        machine={item_id: machine_of(row) for item_id, row in rows.items()},
        answers={item_id: human_of(row) for item_id, row in rows.items()},
        overall_comment=evaluation.overall_comment or "", score=evaluation.score,
        fatal=evaluation.fatal, opened_at=evaluation.opened_at,
        seconds_spent=evaluation.seconds_spent, finalized_at=evaluation.finalized_at,
        may_edit=evaluation.status == "draft" and (
            is_lead or principal.user_id == evaluation.reviewer_id),
        may_revise=evaluation.status == "final" and is_lead,
        history=load_history(session, evaluation.id, form))
