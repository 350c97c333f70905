"""Reading an evaluation's stored parts back as the domain's plain data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.review_models import EvaluationAnswer, EvaluationRevision
from qa_app.db.work_models import RubricVersion
from qa_app.review.answers import EvidenceRef, ItemAnswer, MachineAnswer
from qa_app.review.history import HistoryEntry, Revision, history
from qa_app.scoring.schema import Form


def form_of(session: Session, rubric_version_id: int) -> Form:
    """The form exactly as stored with the version the evaluation was made with."""
    return Form.model_validate(session.get_one(RubricVersion, rubric_version_id).document)


def answer_rows(session: Session, evaluation_id: int) -> dict[str, EvaluationAnswer]:
    rows = session.scalars(select(EvaluationAnswer).where(
        EvaluationAnswer.evaluation_id == evaluation_id))
    return {row.item_id: row for row in rows}


def machine_of(row: EvaluationAnswer) -> MachineAnswer:
    return MachineAnswer(row.machine_answer, row.machine_confidence, row.machine_suggested,
                         tuple(EvidenceRef.from_json(e) for e in row.evidence or ()))


def human_of(row: EvaluationAnswer) -> ItemAnswer:
    return ItemAnswer(row.answer, row.reason or "", row.comment or "")


def load_history(session: Session, evaluation_id: int, form: Form) -> list[HistoryEntry]:
    rows = session.scalars(select(EvaluationRevision).where(
        EvaluationRevision.evaluation_id == evaluation_id)).all()
    names = {username: name for username, name in session.execute(
        select(UserAccount.username, UserAccount.display_name)
        .where(UserAccount.username.in_({row.by_username for row in rows})))}
    return history([Revision(row.number, row.kind, names.get(row.by_username, row.by_username),
                             row.at, row.reason,
                             row.score, row.fatal, row.answers, row.overall_comment)
                    for row in rows], [item.id for item in form.items()])
