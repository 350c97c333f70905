"""The report pages' query results, cached across reruns and browser sessions
(``st.cache_data``); the domain stays free of Streamlit, the cache lives here.

A report page reruns on every click (a month, a team, a page link) and read the same sums
again each time. An entry is keyed by

* the reader's **scope** (:class:`Scope`): role, team ids, agent id, and the user id for
  the roles whose rows are the person's own (a QCO's samples) — never the principal
  itself, whose name and client address would only split the cache, and which the
  computation must not read beyond its scope: it runs for a principal rebuilt from the key;
* the **filters**: month(s), level, team, agent;
* the **basis**: the database, the zone, the QM target and the targets file;
* the **report generation** (``qa_app.reports.summaries.generation``), raised in the
  transaction of every write the reports read, in any session or process: such a write
  invalidates every entry at once, without anyone clearing the cache.

``CACHE_SECONDS`` is short because invalidation is the generation's job, not the clock's:
the time-to-live only bounds how long an entry outlives a change that bypasses the write
services (a restored database, SQL typed by hand) and how long entries nobody asks for again
hold memory (with ``MAX_ENTRIES``). Two minutes is long enough for a manager going through
the teams and months to be served from the cache, and short enough that such a change shows
by itself soon after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st

from qa_app.auth.principal import Principal
from qa_app.config import get_settings
from qa_app.db.session import session_scope
from qa_app.reports.queries import quality
from qa_app.reports.summaries import generation
from qa_app.reports.targets import cached_targets
from qa_app.vocabulary import Role
from qa_app.web import database

CACHE_SECONDS = 120
MAX_ENTRIES = 200  # per function: a few dozen scopes times a few months each
# roles whose scope is a set of teams or agents (or everything), the same for every person
# with the same ids; for any other role the user id is part of the key
SHARED_SCOPES = (Role.MANAGER, Role.QCO_LEAD, Role.TEAM_LEAD, Role.AGENT)


class Scope(NamedTuple):
    """What of a principal decides which rows a report query returns (``auth.scope``)."""

    role: str
    user_id: int | None
    agent_id: int | None
    team_ids: tuple[int, ...]


class Basis(NamedTuple):
    """The database and the settings the results depend on."""

    database: str
    zone: str
    qm_target: float
    targets_file: str


def scope_of(principal: Principal) -> Scope:
    return Scope(principal.role,
                 None if principal.role in SHARED_SCOPES else principal.user_id,
                 principal.agent_id, tuple(sorted(principal.team_ids)))


def _reader(scope: Scope) -> Principal:
    """A principal that has exactly ``scope`` and nothing else of the person."""
    return Principal(user_id=scope.user_id or 0, username="", display_name="",
                     role=scope.role, agent_id=scope.agent_id, team_ids=frozenset(scope.team_ids))


def _basis() -> Basis:
    settings = get_settings()
    return Basis(database.engine().url.render_as_string(hide_password=True), settings.timezone,
                 settings.qm_target, str(settings.report_targets_file or ""))


def _generation() -> int:
    with session_scope(database.engine()) as session:
        return generation.current(session)


def quality_view(principal: Principal, months: tuple[str, ...], level: str,
                 team: str | None = None, agent_id: int | None = None) -> quality.QualityView:
    """The rollups of ``months`` at ``level`` in the principal's scope, narrowed to ``team``
    or ``agent_id`` (``load_quality`` and ``quality_view``)."""
    return _quality_view(scope_of(principal), months, level, team, agent_id, _basis(),
                         _generation())


@st.cache_data(ttl=CACHE_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _quality_view(scope: Scope, months: tuple[str, ...], level: str, team: str | None,
                  agent_id: int | None, basis: Basis, generation_number: int
                  ) -> quality.QualityView:
    settings, targets = get_settings(), cached_targets(get_settings().report_targets_file)
    with session_scope(database.engine()) as session:
        data = quality.load_quality(session, _reader(scope), months, settings.tz, targets,
                                    team=team, agent_id=agent_id, level=level)
    return quality.quality_view(data, level, settings.qm_target, targets)


def month_choices(principal: Principal) -> tuple[list[str], str | None]:
    """The months a report page offers (newest first) and the latest one with finalized
    evaluations in the principal's scope."""
    today = datetime.now(get_settings().tz).date()
    return _month_choices(scope_of(principal), today, _basis(), _generation())


@st.cache_data(ttl=CACHE_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _month_choices(scope: Scope, today: date, basis: Basis, generation_number: int
                   ) -> tuple[list[str], str | None]:
    with session_scope(database.engine()) as session:
        return (quality.available_months(session, today),
                quality.latest_evaluated_month(session, _reader(scope)))


def agent_evaluations(principal: Principal, month: str, agent_id: int) -> pd.DataFrame:
    """One agent's finalized evaluations of ``month``, one row each (the scorecard's list)."""
    return _agent_evaluations(scope_of(principal), month, agent_id, _basis(), _generation())


@st.cache_data(ttl=CACHE_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _agent_evaluations(scope: Scope, month: str, agent_id: int, basis: Basis,
                       generation_number: int) -> pd.DataFrame:
    with session_scope(database.engine()) as session:
        return quality.agent_evaluations(session, _reader(scope), (month,), agent_id)


def chart_spec(builder: Callable[..., Any], *args: object) -> dict[str, Any]:
    """The Vega-Lite spec of the chart ``builder(*args)`` (one of ``web.charts``), made once
    per distinct input: turning a chart into its spec checks it against the schema, about
    0.05 s a chart, ten on the overview. Keyed by the builder and its arguments (the rows
    drawn among them), so neither scope nor generation is needed; show it with
    ``st.vega_lite_chart(spec=...)``, which draws it as ``st.altair_chart`` would."""
    return _chart_spec(f"{builder.__module__}.{builder.__qualname__}", builder, args)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _chart_spec(name: str, _builder: Callable[..., Any], args: tuple[object, ...]
                ) -> dict[str, Any]:
    spec: dict[str, Any] = _builder(*args).to_dict()
    return spec
