"""Keeping ``report_item_tally`` (``qa_app.db.summary_models``) equal to the answers it sums.

A slice — one agent's month — is rewritten whole from ``evaluation_answer`` rather than
adjusted by differences: a slice holds a few dozen evaluations, so recounting it is cheap,
and a recount cannot drift. :func:`refresh` is called in the transaction that changes an
evaluation (finalize, revision, demo history, purge); :func:`rebuild` recounts every slice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import case, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from qa_app.db.models import Agent
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.summary_models import ItemTally
from qa_app.reports.rollups.periods import month_of_week, weeks_of_months
from qa_app.reports.summaries import generation
from qa_app.vocabulary import EvaluationState, HumanAnswer, SampleKind

Slice = tuple[int, str]  # (agent id, ISO week of an evaluation)
BATCH = 4000
APPLICABLE_ANSWERS = (HumanAnswer.YES, HumanAnswer.PARTIAL, HumanAnswer.NO)  # not na
COLUMNS = ("agent_id", "month", "rubric_version_id", "item_id", "applicable", "no", "partial")


def _count(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


def _recount(session: Session, month: str, agents: list[int] | None) -> None:
    """Rewrite the tallies of ``month`` for ``agents`` (None: every agent)."""
    tallied = [ItemTally.month == month]
    counted = [Evaluation.week.in_(weeks_of_months([month]))]
    if agents is not None:
        tallied.append(ItemTally.agent_id.in_(agents))
        counted.append(Evaluation.agent_id.in_(agents))
    session.execute(delete(ItemTally).where(*tallied))
    answer = EvaluationAnswer.answer
    query = (select(Evaluation.agent_id, literal(month), Evaluation.rubric_version_id,
                    EvaluationAnswer.item_id, func.count(), _count(answer == HumanAnswer.NO),
                    _count(answer == HumanAnswer.PARTIAL))
             .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
             .where(Evaluation.status == EvaluationState.FINAL,
                    Evaluation.kind == SampleKind.RANDOM, answer.in_(APPLICABLE_ANSWERS),
                    *counted)
             .group_by(Evaluation.agent_id, Evaluation.rubric_version_id,
                       EvaluationAnswer.item_id))
    session.execute(insert(ItemTally).from_select(COLUMNS, query))


def refresh(session: Session, slices: Iterable[Slice]) -> None:
    """Recount the months of ``slices``' weeks for their agents; call in the transaction
    that changed the evaluations."""
    agents_of: dict[str, set[int]] = defaultdict(set)
    for agent_id, week in slices:
        agents_of[month_of_week(week)].add(int(agent_id))
    if not agents_of:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":  # one writer per agent at a time
        every = set().union(*agents_of.values())
        session.execute(select(Agent.id).where(Agent.id.in_(every)).order_by(Agent.id)
                        .with_for_update())
    for month, agents in sorted(agents_of.items()):
        ordered = sorted(agents)
        for start in range(0, len(ordered), BATCH):
            _recount(session, month, ordered[start:start + BATCH])
    generation.bump(session)


def slices_of(session: Session, evaluation_ids: Iterable[int]) -> set[Slice]:
    """The (agent, week) of the given evaluations."""
    ids = sorted(set(evaluation_ids))
    found: set[Slice] = set()
    for start in range(0, len(ids), BATCH):
        found.update((int(agent), str(week)) for agent, week in session.execute(
            select(Evaluation.agent_id, Evaluation.week).where(
                Evaluation.id.in_(ids[start:start + BATCH])).distinct()))
    return found


def rebuild(session: Session) -> int:
    """Recount every tally from the answers; returns the number of tally rows."""
    session.flush()
    session.execute(delete(ItemTally))
    weeks = session.scalars(select(Evaluation.week).distinct()).all()
    for month in sorted({month_of_week(week) for week in weeks}):
        _recount(session, month, None)
    generation.bump(session)
    return int(session.scalar(select(func.count()).select_from(ItemTally)) or 0)
