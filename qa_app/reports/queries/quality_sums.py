"""The report frames summed in the database (GROUP BY), within the role's scope.

Instead of one row per evaluation, answer or sample, the database returns one row per group
of a *level* — ``team`` (the manager overview) or ``agent`` (team page, scorecard, export) —
and week, with the counts and sums the rollups need:

* scores — ``n, total, squares, fatal`` per level, week and kind: the mean is total ÷ n and
  the sample variance (squares − total² ÷ n) ÷ (n − 1), so margins need no row either;
* item counts — ``applicable, no, partial, fatal_failed`` per level, month, form and item,
  random evaluations only (``na`` answers are not applicable); QCOs' per week as well;
* quotas — the summed quota per level and week;
* samples — ``n, finalized`` per level, reviewer, week and kind.

Every query carries :func:`qa_app.auth.scope.visible` of the entity it reads and the
``Filter`` of ``scope_filter``. A team level frame has no agent columns; an agent level frame can
be rolled up to teams by summing (every figure here is a sum).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Team
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample, SampleQuota
from qa_app.db.summary_models import ItemTally
from qa_app.reports.queries.evaluation_rows import version_items
from qa_app.reports.queries.scope_filter import Filter, agent_filter
from qa_app.reports.rollups.periods import month_of_week, weeks_of_months
from qa_app.reports.summaries.item_tallies import APPLICABLE_ANSWERS
from qa_app.vocabulary import EvaluationState, HumanAnswer, Role, SampleKind

GROUP_LEVELS = ("team", "agent")


def level_columns(level: str) -> list[object]:
    """The grouping columns of a level, labelled as the frames name them."""
    if level == "team":
        return [Team.name.label("team")]
    if level == "agent":
        return [Agent.id.label("agent_id"), Agent.name.label("agent"), Team.name.label("team"),
                Agent.tier.label("tier")]
    raise ValueError(f"unknown report level {level!r}: use one of {', '.join(GROUP_LEVELS)}")


def _count(condition: object) -> object:
    return func.sum(case((condition, 1), else_=0))  # type: ignore[arg-type]


def _frame(session: Session, query: Select[tuple[object, ...]]) -> pd.DataFrame:
    result = session.execute(query)
    frame = pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    if "week" in frame.columns:
        frame["month"] = frame["week"].map(month_of_week).astype(object)
    return frame


def _by_agent(query: Select[tuple[object, ...]], agent_id: object) -> Select[tuple[object, ...]]:
    return query.join(Agent, Agent.id == agent_id).join(Team, Team.id == Agent.team_id)


def _final(principal: Principal, chosen: Filter) -> list[object]:
    return [visible(principal, Evaluation), Evaluation.status == EvaluationState.FINAL,
            Evaluation.week.in_(weeks_of_months(list(chosen.months))),
            agent_filter(principal, chosen, Evaluation.agent_id)]


def score_sums(session: Session, principal: Principal, chosen: Filter,
               level: str) -> pd.DataFrame:
    keys = level_columns(level)
    query = _by_agent(select(*keys, Evaluation.week, Evaluation.kind,
                             func.count().label("n"), func.sum(Evaluation.score).label("total"),
                             func.sum(Evaluation.score * Evaluation.score).label("squares"),
                             _count(Evaluation.fatal.is_(True)).label("fatal")),
                      Evaluation.agent_id).where(*_final(principal, chosen))
    frame = _frame(session, query.group_by(*keys, Evaluation.week, Evaluation.kind))
    return frame.astype({"n": int, "total": float, "squares": float, "fatal": int})


def _answer_counts(principal: Principal, chosen: Filter,
                   keys: list[object]) -> Select[tuple[object, ...]]:
    """Answers of final random evaluations, counted from the answers themselves (for QCOs,
    whose scope is per evaluation; see ``tallies_readable``)."""
    answer = EvaluationAnswer.answer
    return (_by_agent(select(*keys, Evaluation.week, EvaluationAnswer.item_id,
                             Evaluation.rubric_version_id.label("version"),
                             func.count().label("applicable"),
                             _count(answer == HumanAnswer.NO).label("no"),
                             _count(answer == HumanAnswer.PARTIAL).label("partial"))
                      .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id),
                      Evaluation.agent_id)
            .where(*_final(principal, chosen), Evaluation.kind == SampleKind.RANDOM,
                   answer.in_(APPLICABLE_ANSWERS))
            .group_by(*keys, Evaluation.week, EvaluationAnswer.item_id,
                      Evaluation.rubric_version_id))


def _tallied_counts(principal: Principal, chosen: Filter,
                    keys: list[object]) -> Select[tuple[object, ...]]:
    """The same counts read from ``report_item_tally`` (kept per agent and month)."""
    return (_by_agent(select(*keys, ItemTally.month, ItemTally.item_id,
                             ItemTally.rubric_version_id.label("version"),
                             func.sum(ItemTally.applicable).label("applicable"),
                             func.sum(ItemTally.no).label("no"),
                             func.sum(ItemTally.partial).label("partial")),
                      ItemTally.agent_id)
            .where(visible(principal, ItemTally),
                   ItemTally.month.in_(chosen.months),
                   agent_filter(principal, chosen, ItemTally.agent_id))
            .group_by(*keys, ItemTally.month, ItemTally.item_id, ItemTally.rubric_version_id))


def tallies_readable(principal: Principal) -> bool:
    """Whether the principal's evaluations are exactly the final ones of visible agents."""
    return principal.role != Role.QCO


def item_counts(session: Session, principal: Principal, chosen: Filter,
                level: str) -> pd.DataFrame:
    keys = level_columns(level)
    query = (_tallied_counts if tallies_readable(principal) else _answer_counts)(
        principal, chosen, keys)
    frame = _frame(session, query)
    items = version_items(session, {int(v) for v in frame["version"]})
    known = [items.get((int(v), i)) for v, i in zip(frame["version"], frame["item_id"],
                                                      strict=True)]
    # the form the item belongs to: P1 of one form is not P1 of another (scoring.item_keys)
    frame["form"] = pd.Series([item.form if item else "" for item in known], dtype=object)
    is_fatal = pd.Series([bool(item and item.fatal) for item in known], dtype=bool)
    frame["fatal_failed"] = frame["no"].where(is_fatal, 0)
    return frame.drop(columns=["version"]).astype(
        {"applicable": int, "no": int, "partial": int, "fatal_failed": int})


def quota_sums(session: Session, principal: Principal, chosen: Filter,
               level: str) -> pd.DataFrame:
    keys = level_columns(level)
    query = (_by_agent(select(*keys, SampleQuota.week, func.sum(SampleQuota.quota).label("quota")),
                       SampleQuota.agent_id)
             .where(visible(principal, SampleQuota),
                    SampleQuota.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, SampleQuota.agent_id))
             .group_by(*keys, SampleQuota.week))
    return _frame(session, query).astype({"quota": int})


def sample_counts(session: Session, principal: Principal, chosen: Filter,
                  level: str) -> pd.DataFrame:
    keys, reviewer = level_columns(level), aliased(UserAccount)
    query = (_by_agent(select(*keys, reviewer.display_name.label("reviewer"), Sample.week,
                              Sample.kind, func.count().label("n"),
                              _count(Evaluation.status == EvaluationState.FINAL)
                              .label("finalized")),
                       Sample.agent_id)
             .outerjoin(reviewer, reviewer.id == Sample.reviewer_id)
             .outerjoin(Evaluation, Evaluation.sample_id == Sample.id)
             .where(visible(principal, Sample),
                    Sample.week.in_(weeks_of_months(list(chosen.months))),
                    agent_filter(principal, chosen, Sample.agent_id))
             .group_by(*keys, reviewer.display_name, Sample.week, Sample.kind))
    return _frame(session, query).astype({"n": int, "finalized": int})
