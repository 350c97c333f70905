"""Interactions of every channel, keyed by the source system's interaction id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.config import get_settings
from qa_app.db.models import Agent, Interaction
from qa_app.ingest.kinds import ImportContext, KindImporter
from qa_app.ingest.store import WriteCounts, upsert
from qa_app.ingest.validate import CheckedChunk, FieldSpec, flag_duplicates, length_of
from qa_app.reports.summaries import kpi_day_table
from qa_app.reports.targets import cached_targets

FIELDS = (
    FieldSpec("source_id", "text", required=True, max_length=length_of(Interaction.source_id)),
    FieldSpec("agent_employee_id", "text", required=True,
              max_length=length_of(Agent.employee_id)),
    FieldSpec("channel", "code", required=True),
    FieldSpec("direction", "code", required=True),
    FieldSpec("started_at", "datetime", required=True, happened=True),
    FieldSpec("ended_at", "datetime", required=True, happened=True),
    FieldSpec("talk_seconds", "duration"),
    FieldSpec("hold_seconds", "duration"),
    FieldSpec("acw_seconds", "duration"),
    FieldSpec("queue", "text", max_length=length_of(Interaction.queue)),
    FieldSpec("wrap_up_code", "text", max_length=length_of(Interaction.wrap_up_code)),
    FieldSpec("case_id", "text", max_length=length_of(Interaction.case_id)),
    FieldSpec("ticket_key", "ticket", max_length=length_of(Interaction.ticket_key)),
    FieldSpec("recording_path", "text", max_length=length_of(Interaction.recording_path)),
    FieldSpec("chat_messages", "chat"),
    FieldSpec("first_response_seconds", "duration"),
    FieldSpec("consent", "code"),
)

#: The longest an interaction can last. A call, a chat session or a handled e-mail is a
#: contact of minutes, at most hours; a longer span (a call "lasting" from one year to the
#: next) is a wrong date in the export, and would distort the handling times of every report.
#: After-call work longer than this is rejected for the same reason.
MAX_INTERACTION = timedelta(hours=24)
#: Source systems round clock times and durations to whole seconds, each on its own.
ROUNDING_SECONDS = 1.0


def agent_ids(session: Session, context: ImportContext) -> dict[str, int]:
    if "agents" not in context.lookups:
        context.lookups["agents"] = dict(session.execute(select(Agent.employee_id, Agent.id)).all())
    return context.lookups["agents"]


def _check(session: Session, checked: CheckedChunk, context: ImportContext) -> None:
    frame = checked.frame
    known = agent_ids(session, context)
    employee = frame["agent_employee_id"]
    checked.flag("agent_employee_id",
                 employee.notna() & ~employee.isin(list(known)), "unknown_agent")
    both = frame["started_at"].notna() & frame["ended_at"].notna()
    before = pd.Series(False, index=frame.index)
    before[both] = frame.loc[both, "ended_at"] < frame.loc[both, "started_at"]
    checked.flag("ended_at", before, "end_before_start")
    _check_durations(checked, both & ~before)
    flag_duplicates(checked, "source_id", context.seen_keys)


def _check_durations(checked: CheckedChunk, timed: pd.Series) -> None:
    """No interaction longer than MAX_INTERACTION; talk or hold time no longer than the
    interaction itself (start to end), after-call work no longer than MAX_INTERACTION."""
    frame = checked.frame
    span = pd.Series(float("nan"), index=frame.index)
    span[timed] = (frame.loc[timed, "ended_at"] - frame.loc[timed, "started_at"]) \
        .dt.total_seconds()
    limit = MAX_INTERACTION.total_seconds()
    hours = {"hours": int(limit // 3600)}
    too_long = (span > limit).fillna(False)
    _flag(checked, "ended_at", too_long, "interaction_too_long", lambda _: hours)
    for name in ("talk_seconds", "hold_seconds"):
        longer = (frame[name].astype(float) > span + ROUNDING_SECONDS).fillna(False) & ~too_long
        _flag(checked, name, longer, "longer_than_interaction",
              lambda row: {"seconds": round(span[row])})
    after_work = (frame["acw_seconds"].astype(float) > limit).fillna(False)
    _flag(checked, "acw_seconds", after_work, "duration_too_long", lambda _: hours)


def _flag(checked: CheckedChunk, name: str, mask: pd.Series, code: str,
          params: Callable[[int], dict[str, Any]]) -> None:
    """Flag ``mask`` in ``name`` with the row's parameters, where the cell has no problem yet."""
    earlier = checked.problems.get(name)
    if earlier is not None:
        mask = mask & earlier.isna()
    for row_index in mask[mask].index:
        checked.params[(int(row_index), name)] = params(int(row_index))
    checked.flag(name, mask, code)


def _write(session: Session, frame: pd.DataFrame, context: ImportContext) -> WriteCounts:
    names = [f.name for f in FIELDS]
    rows = frame[names].drop(columns=["agent_employee_id"])
    rows.insert(1, "agent_id", frame["agent_employee_id"].map(agent_ids(session, context)))
    rows["consent"] = rows["consent"].where(rows["consent"].notna(), "unknown")
    rows["row_hash"] = frame["row_hash"]
    rows["import_batch_id"] = context.batch_id
    table = Interaction.__table__
    fresh = context.is_fresh(session, table)
    if not fresh:
        _note_overwritten(session, rows, context)
    if not rows.empty:
        context.touched_agents.update(int(a) for a in rows["agent_id"].dropna().unique())
        context.touched_starts += [rows["started_at"].min(), rows["started_at"].max()]
    return upsert(session, table, "source_id", rows, fresh=fresh)


def _note_overwritten(session: Session, rows: pd.DataFrame, context: ImportContext) -> None:
    """The agent and start of each stored row this chunk changes: its old KPI day."""
    new_hash = dict(zip(rows["source_id"].tolist(), rows["row_hash"].tolist(), strict=True))
    for source_id, row_hash, agent_id, started_at in session.execute(
            select(Interaction.source_id, Interaction.row_hash, Interaction.agent_id,
                   Interaction.started_at).where(Interaction.source_id.in_(list(new_hash)))):
        if new_hash[source_id] != row_hash:
            context.touched_agents.add(agent_id)
            context.touched_starts.append(started_at)


def _recount_kpi_days(session: Session, context: ImportContext) -> None:
    """The KPI days of the rows written or overwritten by this file, on the reports' basis."""
    settings = get_settings()
    zone, kpi = settings.tz, cached_targets(settings.report_targets_file).kpi
    if context.empty_before.get(Interaction.__tablename__):
        kpi_day_table.rebuild(session, zone, kpi)
        return
    starts = [pd.Timestamp(moment).to_pydatetime() for moment in context.touched_starts
              if not pd.isna(moment)]
    if starts:
        kpi_day_table.refresh(session, zone, kpi, context.touched_agents, min(starts), max(starts))


IMPORTER = KindImporter("interactions", FIELDS, "source_id", _check, _write,
                        _recount_kpi_days)
