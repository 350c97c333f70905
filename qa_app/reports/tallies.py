"""Keeping ``report_item_tally`` (``qa_app.db.summary_models``) equal to the answers it sums.

A slice — one agent's week — is rewritten whole from ``evaluation_answer`` rather than
adjusted by differences: a slice holds a handful of evaluations, so recounting it is cheap,
and a recount cannot drift. :func:`refresh` is called in the transaction that changes an
evaluation (finalize, revision, demo history, purge); :func:`rebuild` recounts every slice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from qa_app.db.models import Agent
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.summary_models import ItemTally

Slice = tuple[int, str]  # (agent id, ISO week)
BATCH = 400


def _count(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


def _counted(*where: object) -> Select[tuple[object, ...]]:
    answer = EvaluationAnswer.answer
    return (select(Evaluation.agent_id, Evaluation.week, Evaluation.rubric_version_id,
                   EvaluationAnswer.item_id, func.count(), _count(answer == "no"),
                   _count(answer == "partial"))
            .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
            .where(Evaluation.status == "final", Evaluation.kind == "random",
                   answer.in_(("yes", "partial", "no")), *where)
            .group_by(Evaluation.agent_id, Evaluation.week, Evaluation.rubric_version_id,
                      EvaluationAnswer.item_id))


def _write(session: Session, counted: Select[tuple[object, ...]]) -> None:
    columns = ("agent_id", "week", "rubric_version_id", "item_id", "applicable", "no", "partial")
    session.execute(insert(ItemTally).from_select(columns, counted))


def _in_slices(agent_id: object, week: object, slices: list[Slice]) -> object:
    return or_(*(and_(agent_id == agent, week == iso_week) for agent, iso_week in slices))


def refresh(session: Session, slices: Iterable[Slice]) -> None:
    """Recount the tallies of ``slices``; call after the evaluations' changes are flushed."""
    ordered = sorted(set(slices))
    if not ordered:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":  # one writer per agent at a time
        session.execute(select(Agent.id).where(Agent.id.in_({a for a, _ in ordered}))
                        .order_by(Agent.id).with_for_update())
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start:start + BATCH]
        session.execute(delete(ItemTally).where(
            _in_slices(ItemTally.agent_id, ItemTally.week, chunk)))
        _write(session, _counted(_in_slices(Evaluation.agent_id, Evaluation.week, chunk)))


def slices_of(session: Session, evaluation_ids: Iterable[int]) -> set[Slice]:
    """The (agent, week) of the given evaluations."""
    ids = sorted(set(evaluation_ids))
    found: set[Slice] = set()
    for start in range(0, len(ids), BATCH * 10):
        found.update((int(agent), str(week)) for agent, week in session.execute(
            select(Evaluation.agent_id, Evaluation.week).where(
                Evaluation.id.in_(ids[start:start + BATCH * 10])).distinct()))
    return found


def rebuild(session: Session) -> int:
    """Recount every tally from the answers; returns the number of tally rows."""
    session.flush()
    session.execute(delete(ItemTally))
    _write(session, _counted())
    return int(session.scalar(select(func.count()).select_from(ItemTally)) or 0)


__all__ = ["Slice", "rebuild", "refresh", "slices_of"]
