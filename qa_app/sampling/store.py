"""Database reads of the sampling service: the roster, the week's pool, earlier picks of the
month, and the reviewers available to a week. Everything returned is plain data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.sampling_models import ReviewerAbsence, Sample
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
    ``ignore_draw_id`` do not count as "already sampled" (used to re-derive that draw)."""
    start, end = week.utc_bounds(zone)
    in_week = (Interaction.started_at >= start, Interaction.started_at < end)
    sampled_query = select(Sample.interaction_id).join(
        Interaction, Sample.interaction_id == Interaction.id).where(*in_week)
    if ignore_draw_id is not None:
        sampled_query = sampled_query.where(Sample.draw_id != ignore_draw_id)
    sampled = set(session.scalars(sampled_query))
    targeted = rules.targeted
    csi_low = _csi_low(session, in_week, targeted.csi_max_score) if targeted.enabled else set()
    escalated = Interaction.wrap_up_code.in_(targeted.escalation_wrap_up_codes)
    if targeted.ticketed:
        escalated = or_(escalated, Interaction.ticket_key.is_not(None))
    query = select(
        Interaction.id, Interaction.source_id, Interaction.agent_id, Interaction.channel,
        _local_day_index(week, zone),
        case((and_(Interaction.channel == "voice", Interaction.talk_seconds.is_not(None)),
              Interaction.talk_seconds),
             else_=_seconds_between(session, Interaction.started_at, Interaction.ended_at)),
        Interaction.recording_path.is_not(None), Interaction.consent,
        func.coalesce(Interaction.talk_seconds, 0) + func.coalesce(Interaction.hold_seconds, 0)
        + func.coalesce(Interaction.acw_seconds, 0),
        func.coalesce(escalated, False),
    ).where(*in_week)
    days = week.days()
    pools: dict[int, list[Candidate]] = defaultdict(list)
    make = tuple.__new__  # Candidate(...) without its Python-level __new__: 250,000 rows
    for (id_, source_id, agent_id, channel, day_index, duration, recorded, consent, handle,
         is_escalated) in session.connection().execute(query).all():
        pools[agent_id].append(make(Candidate, (
            id_, source_id, agent_id, channel, days[day_index], duration, bool(recorded),
            consent, id_ in sampled, handle, id_ in csi_low, bool(is_escalated))))
    return pools


def _local_day_index(week: IsoWeek, zone: ZoneInfo) -> ColumnElement[int]:
    """0 (Monday) … 6 (Sunday): the local day of the start, compared with each local
    midnight's UTC instant by the database. Cheaper than converting 250,000 timestamps in
    Python, and right across daylight-saving changes, which a fixed offset would not be."""
    midnights = [datetime.combine(day, time(), zone).astimezone(UTC) for day in week.days()]
    return case(*((Interaction.started_at < midnight, index)
                  for index, midnight in enumerate(midnights[1:])), else_=6)


def _seconds_between(session: Session, earlier: Any, later: Any) -> ColumnElement[float]:
    """``later − earlier`` in seconds, computed by the database."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def _csi_low(session: Session, in_week: tuple[ColumnElement[bool], ...],
             max_score: int) -> set[int]:
    """Interactions of the week with a CSI answer ≤ ``max_score``, on them or on their case."""
    by_interaction = select(Interaction.id).join(
        CsiResponse, CsiResponse.interaction_id == Interaction.id
    ).where(*in_week, CsiResponse.score <= max_score)
    by_case = select(Interaction.id).join(
        CsiResponse, CsiResponse.case_id == Interaction.case_id
    ).where(*in_week, CsiResponse.score <= max_score)
    return set(session.scalars(by_interaction)) | set(session.scalars(by_case))


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
    return {reviewer_id: count for reviewer_id, count in session.execute(query)}
