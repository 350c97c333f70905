"""Database reads of the sampling service: the roster, the week's pool, earlier picks of the
month, and the reviewers available to a week. Everything returned is plain data."""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Float, Select, and_, case, cast, false, func, or_, select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.sampling_models import ReviewerAbsence, Sample, SampleDraw
from qa_app.sampling.eligibility import Candidate
from qa_app.sampling.quota import AgentRecord
from qa_app.sampling.rules import SamplingRules
from qa_app.sampling.weeks import IsoWeek


def load_agents(session: Session, week: IsoWeek, agent_ids: Collection[int] | None = None
                ) -> list[AgentRecord]:
    """Agents on the roster during the week (or exactly ``agent_ids``)."""
    query = select(Agent.id, Agent.employee_id, Agent.name, Team.name, Agent.tier,
                   Agent.hire_date, Agent.active, Agent.left_date).join(Team)
    if agent_ids is None:
        query = query.where(Agent.hire_date <= week.sunday,
                            or_(Agent.left_date.is_(None), Agent.left_date >= week.monday))
    else:
        query = query.where(Agent.id.in_(list(agent_ids)))
    return [AgentRecord(*row) for row in session.execute(query)]


def random_picks_earlier_in_month(session: Session, week: IsoWeek) -> dict[int, int]:
    """Random picks per agent in the weeks of the same month before ``week``."""
    earlier = [str(w) for w in week.earlier_weeks_of_month()]
    if not earlier:
        return {}
    query = (select(Sample.agent_id, func.count()).where(Sample.week.in_(earlier),
                                                         Sample.kind == "random")
             .group_by(Sample.agent_id))
    return {agent_id: count for agent_id, count in session.execute(query)}


def load_candidates(session: Session, week: IsoWeek, zone: ZoneInfo, rules: SamplingRules,
                    ignore_draw_id: int | None = None) -> dict[int, list[Candidate]]:
    """Every interaction that started inside the week, per agent. Samples of
    ``ignore_draw_id`` do not count as "already sampled" (used to re-derive that draw).

    A week holds a quarter of a million interactions: one query, with the "already
    sampled" and low-CSI facts folded in as ``IN`` subqueries, read as the driver's plain
    tuples. The rows come ordered by agent so that each agent's candidates lie together in
    memory: the plan then walks them about twice as fast as when they are scattered in
    time order, which outweighs the database's sort."""
    query = _candidates_query(week, zone, rules, ignore_draw_id,
                              session.get_bind().dialect.name)
    days = week.days()
    make = tuple.__new__  # builds a Candidate without running Python code per row
    pools: dict[int, list[Candidate]] = defaultdict(list)
    # flags arrive as 0 / 1 from SQLite and as booleans from PostgreSQL: ``== 1`` fits both
    for (id_, source_id, agent_id, channel, day_index, duration, recorded, consent, sampled,
         handle, csi_low, escalated) in _driver_rows(session, query):
        pools[agent_id].append(make(Candidate, (
            id_, source_id, agent_id, channel, days[day_index], duration, recorded == 1,
            consent, sampled == 1, handle, csi_low == 1, escalated == 1)))
    return pools


def _candidates_query(week: IsoWeek, zone: ZoneInfo, rules: SamplingRules,
                      ignore_draw_id: int | None, dialect: str) -> Select[Any]:
    """The columns of ``Candidate`` in its field order, the day as an index 0–6."""
    start, end = week.utc_bounds(zone)
    sampled = select(Sample.interaction_id)
    if ignore_draw_id is not None:
        # a targeted review sent from a risk flag has no draw: it was "already sampled" for
        # the draw being re-derived only when it was made before that draw
        drawn_at = select(SampleDraw.created_at).where(
            SampleDraw.id == ignore_draw_id).scalar_subquery()
        sampled = sampled.where(or_(Sample.draw_id != ignore_draw_id,
                                    and_(Sample.draw_id.is_(None),
                                         Sample.assigned_at < drawn_at)))
    targeted = rules.targeted
    csi_low: ColumnElement[bool] = false()
    if targeted.enabled:  # a low answer on the interaction itself or on its case
        low = CsiResponse.score <= targeted.csi_max_score
        csi_low = or_(Interaction.id.in_(select(CsiResponse.interaction_id).where(low)),
                      Interaction.case_id.in_(select(CsiResponse.case_id).where(low)))
    escalated: ColumnElement[bool] = Interaction.wrap_up_code.in_(targeted.escalation_wrap_up_codes)
    if targeted.ticketed:
        escalated = or_(escalated, Interaction.ticket_key.is_not(None))
    duration = case((and_(Interaction.channel == "voice", Interaction.talk_seconds.is_not(None)),
                     Interaction.talk_seconds),
                    else_=_seconds_between(dialect, Interaction.started_at,
                                           Interaction.ended_at))
    return select(
        Interaction.id, Interaction.source_id, Interaction.agent_id, Interaction.channel,
        _local_day_index(week, zone), cast(duration, Float),
        Interaction.recording_path.is_not(None), Interaction.consent,
        Interaction.id.in_(sampled),
        func.coalesce(Interaction.talk_seconds, 0) + func.coalesce(Interaction.hold_seconds, 0)
        + func.coalesce(Interaction.acw_seconds, 0),
        func.coalesce(csi_low, False), func.coalesce(escalated, False),
    ).where(Interaction.started_at >= start,
            Interaction.started_at < end).order_by(Interaction.agent_id)


def _driver_rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """All rows of ``query`` as the driver's own tuples: SQLAlchemy compiles, binds and
    executes, the DB-API cursor is read directly (no ``Row`` objects, no result
    processors — the query casts what needs a type)."""
    result = session.connection().execute(query)
    try:
        return typing.cast(list[tuple[Any, ...]], result.cursor.fetchall())
    finally:
        result.close()


def _local_day_index(week: IsoWeek, zone: ZoneInfo) -> ColumnElement[int]:
    """0 (Monday) … 6 (Sunday): the local day of the start, compared with each local
    midnight's UTC instant by the database. Cheaper than converting 250,000 timestamps in
    Python, and right across daylight-saving changes, which a fixed offset would not be."""
    midnights = [datetime.combine(day, time(), zone).astimezone(UTC) for day in week.days()]
    return case(*((Interaction.started_at < midnight, index)
                  for index, midnight in enumerate(midnights[1:])), else_=6)


def _seconds_between(dialect: str, earlier: Any, later: Any) -> ColumnElement[float]:
    """``later − earlier`` in seconds, computed by the database."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return typing.cast(ColumnElement[float], func.extract("epoch", later - earlier))


def available_reviewers(session: Session, roles: Collection[str], review_week: IsoWeek
                        ) -> list[int]:
    """Active reviewer accounts not absent on every working day (Mon–Fri) of the week."""
    workdays = review_week.days()[:5]
    absent_all_week = (select(ReviewerAbsence.user_id)
                       .where(ReviewerAbsence.day.in_(workdays))
                       .group_by(ReviewerAbsence.user_id)
                       .having(func.count() >= len(workdays)))
    query = (select(UserAccount.id).where(UserAccount.role.in_(list(roles)),
                                          UserAccount.active.is_(True),
                                          UserAccount.id.not_in(absent_all_week))
             .order_by(UserAccount.id))
    return list(session.scalars(query))


def reviewer_loads(session: Session, week: IsoWeek) -> dict[int, int]:
    """Samples of the week per reviewer."""
    query = (select(Sample.reviewer_id, func.count()).where(Sample.week == str(week),
                                                            Sample.reviewer_id.is_not(None))
             .group_by(Sample.reviewer_id))
    return {reviewer_id: count for reviewer_id, count in session.execute(query)
            if reviewer_id is not None}  # none is: the query leaves them out
