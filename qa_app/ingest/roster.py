"""The agent roster: one row per agent, keyed by employee id; teams are created as met."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qa_app.db.models import Agent, Team
from qa_app.ingest.kinds import ImportContext, KindImporter
from qa_app.ingest.store import WriteCounts, upsert
from qa_app.ingest.validate import CheckedChunk, FieldSpec, flag_duplicates, length_of

FIELDS = (
    FieldSpec("employee_id", "text", required=True, max_length=length_of(Agent.employee_id)),
    FieldSpec("name", "text", required=True, max_length=length_of(Agent.name)),
    FieldSpec("hire_date", "date", required=True, happened=True),
    FieldSpec("tier", "code", required=True),
    FieldSpec("team", "text", required=True, max_length=length_of(Team.name)),
    FieldSpec("team_lead", "text", max_length=length_of(Agent.team_lead)),
    FieldSpec("active", "code"),
    FieldSpec("left_date", "date"),
)


def _check(_session: Session, checked: CheckedChunk, context: ImportContext) -> None:
    frame = checked.frame
    left_early = frame["left_date"].notna() & frame["hire_date"].notna()
    left_early &= frame["left_date"].where(left_early, None).combine(
        frame["hire_date"], lambda left, hired: left is not None and left < hired
    ).astype(bool)
    checked.flag("left_date", left_early, "left_before_hire")
    flag_duplicates(checked, "employee_id", context.seen_keys)


def team_ids(session: Session, names: list[str]) -> dict[str, int]:
    """Ids of the named teams, creating the ones that do not exist yet."""
    known = dict(session.execute(select(Team.name, Team.id).where(Team.name.in_(names))).all())
    missing = [{"name": n} for n in names if n not in known]
    if missing:
        session.execute(insert(Team), missing)
        known = dict(session.execute(select(Team.name, Team.id).where(Team.name.in_(names))).all())
    return known


def _write(session: Session, frame: pd.DataFrame, context: ImportContext) -> WriteCounts:
    teams = team_ids(session, sorted(frame["team"].unique().tolist()))
    active = frame["active"].map({"true": True, "false": False})
    rows = pd.DataFrame({
        "employee_id": frame["employee_id"],
        "name": frame["name"],
        "hire_date": frame["hire_date"],
        "tier": frame["tier"].astype(int),
        "team_id": frame["team"].map(teams),
        "team_lead": frame["team_lead"],
        "active": active.where(active.notna(), frame["left_date"].isna()).astype(bool),
        "left_date": frame["left_date"],
        "row_hash": frame["row_hash"],
        "import_batch_id": context.batch_id,
    })
    table = Agent.__table__
    return upsert(session, table, "employee_id", rows, fresh=context.is_fresh(session, table))


IMPORTER = KindImporter("roster", FIELDS, "employee_id", _check, _write)
