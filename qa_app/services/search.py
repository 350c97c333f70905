"""Searching every transcript and chat thread: scoped, masked, audited.

The text searched and shown is the index's masked text, for every role: the search never
reads the unmasked transcript. The principal's scope (qa_app.auth.scope) limits the turns
found, and every search is written to the audit log with its query (masked: a searcher may
type a phone number), filters and hit count.
The command line, run on the server by someone who can read the database anyway, searches
without a scope but is audited all the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from qa_app.analytics.filters import SearchFilters
from qa_app.analytics.fuzzy import expand
from qa_app.analytics.highlight import highlight
from qa_app.analytics.query import MatchPlan, fts5_match, parse_query, pg_tsquery
from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.scope import visible
from qa_app.db import search_store
from qa_app.db.models import Agent, CsiResponse, Interaction, Team
from qa_app.db.review_models import Evaluation
from qa_app.db.sampling_models import Sample
from qa_app.db.search_models import SearchTurn
from qa_app.db.work_models import PreScoreRecord
from qa_app.transcribe.redact import mask_text

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class SearchHit:
    interaction_id: int
    source_id: str
    channel: str
    agent_name: str
    team_name: str
    started_at: datetime
    speaker: str | None
    start_second: float
    text: str  # masked
    pieces: tuple[tuple[str, bool], ...]  # the text cut into pieces, searched words marked
    sample_id: int | None  # the sample to open the review of, when the call was sampled
    has_recording: bool


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    plan: MatchPlan
    more: bool  # more turns matched than were returned


def _final(principal: Principal | str) -> ColumnElement[bool]:
    final = Evaluation.status == "final"
    return and_(final, visible(principal, Evaluation)) if isinstance(principal, Principal) \
        else final


def _filters(principal: Principal | str, filters: SearchFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.speaker:
        where.append(SearchTurn.speaker == filters.speaker)
    if filters.agent_ids:
        where.append(Interaction.agent_id.in_(sorted(filters.agent_ids)))
    if filters.team_ids:
        where.append(Agent.team_id.in_(sorted(filters.team_ids)))
    if filters.channels:
        where.append(Interaction.channel.in_(sorted(filters.channels)))
    if filters.started_from:
        where.append(Interaction.started_at >= filters.started_from)
    if filters.started_before:
        where.append(Interaction.started_at < filters.started_before)
    if filters.prescore_range:
        low, high = filters.prescore_range
        where.append(exists().where(PreScoreRecord.interaction_id == Interaction.id,
                                    PreScoreRecord.score.between(low, high)))
    if filters.final_score_range:
        low, high = filters.final_score_range
        where.append(exists().where(Evaluation.interaction_id == Interaction.id,
                                    _final(principal), Evaluation.score.between(low, high)))
    if filters.fatal is not None:
        fatal = or_(
            exists().where(PreScoreRecord.interaction_id == Interaction.id,
                           PreScoreRecord.fatal.is_(True)),
            exists().where(Evaluation.interaction_id == Interaction.id, _final(principal),
                           Evaluation.fatal.is_(True)))
        where.append(fatal if filters.fatal else ~fatal)
    if filters.csi_scores:
        answered = [CsiResponse.score.in_(sorted(filters.csi_scores)),
                    or_(CsiResponse.interaction_id == Interaction.id,
                        and_(Interaction.case_id.is_not(None),
                             CsiResponse.case_id == Interaction.case_id))]
        if isinstance(principal, Principal):
            answered.append(visible(principal, CsiResponse))
        where.append(exists().where(*answered))
    return where


def _audit_filters(filters: SearchFilters) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in asdict(filters).items():
        if value in (None, frozenset(), set()):
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, (set, frozenset, tuple)):
            value = sorted(value) if not isinstance(value, tuple) else list(value)
        shown[name] = value
    return shown


def search_transcripts(session: Session, principal: Principal | str, query: str,
                       filters: SearchFilters | None = None, *, fuzzy: bool = False,
                       limit: int = DEFAULT_LIMIT, session_id: str | None = None
                       ) -> SearchResult:
    """The turns matching ``query`` in the principal's scope, newest call first.

    ``principal`` is the signed-in user, or a process name such as "cli" (no scope).
    Raises :class:`~qa_app.analytics.query.QueryError` for a query with no words or too
    many; the search is audited as ``search`` in the caller's transaction."""
    filters = filters or SearchFilters()
    limit = max(1, min(limit, MAX_LIMIT))
    parsed = parse_query(query)
    plan = expand(parsed, search_store.vocabulary(session)) if fuzzy else MatchPlan.exact(parsed)
    postgres = session.get_bind().dialect.name == "postgresql"
    expression = pg_tsquery(plan) if postgres else fts5_match(plan)
    sample = (select(Sample.id).where(Sample.interaction_id == Interaction.id)
              .order_by(Sample.id.desc()).limit(1).scalar_subquery())
    statement = (
        select(SearchTurn.interaction_id, Interaction.source_id, Interaction.channel,
               Agent.name, Team.name, Interaction.started_at, SearchTurn.speaker,
               SearchTurn.start_second, SearchTurn.text, sample,
               Interaction.recording_path.is_not(None))
        .join(Interaction, Interaction.id == SearchTurn.interaction_id)
        .join(Agent, Agent.id == Interaction.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .where(*_filters(principal, filters))
        .limit(limit + 1))
    if isinstance(principal, Principal):
        statement = statement.where(visible(principal, SearchTurn))
    # the turns indexed last first (the newest transcripts: calls are transcribed in about
    # the order they happen, and a re-index goes by call time); the page is then shown
    # newest call first. In the index's own row order the full-text index can stop after
    # ``limit`` turns: a common word matches millions of turns at 100,000 calls.
    statement = search_store.full_text_search(session, statement, expression)
    rows = session.execute(statement).all()
    terms = plan.terms
    more = len(rows) > limit
    rows = sorted(rows[:limit], key=lambda row: (row[5], row[0], -row[7]), reverse=True)
    hits = tuple(SearchHit(
        interaction_id=row[0], source_id=row[1], channel=row[2], agent_name=row[3],
        team_name=row[4], started_at=row[5], speaker=row[6], start_second=float(row[7]),
        text=row[8], pieces=tuple(highlight(row[8], terms)), sample_id=row[9],
        has_recording=bool(row[10])) for row in rows)
    audit.record(session, principal, "search", target_kind="search", session_id=session_id,
                 details={"query": mask_text(query)[:200], "fuzzy": fuzzy, "hits": len(hits),
                          "more": more, "filters": _audit_filters(filters)})
    return SearchResult(hits, plan, more)


@dataclass(frozen=True)
class SearchOptions:
    """What the search page offers to filter by: the agents and teams in scope."""

    agents: tuple[tuple[int, str], ...]
    teams: tuple[tuple[int, str], ...]


def search_options(session: Session, principal: Principal) -> SearchOptions:
    agents = session.execute(
        select(Agent.id, Agent.name, Agent.team_id)
        .where(visible(principal, Agent), Agent.id.in_(
            select(Interaction.agent_id).where(visible(principal, Interaction))))
        .order_by(Agent.name)).all()
    team_ids = {team_id for _, _, team_id in agents}
    teams = session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids))
                            .order_by(Team.name)).all()
    return SearchOptions(tuple((a, n) for a, n, _ in agents), tuple((i, n) for i, n in teams))
