"""What every kind of import provides to the import service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from qa_app.ingest import bulk
from qa_app.ingest.store import WriteCounts
from qa_app.ingest.validate import CheckedChunk, FieldSpec


@dataclass
class ImportContext:
    """State that lives for one file: look-up tables and the keys seen so far."""

    batch_id: int
    seen_keys: dict[str, int] = field(default_factory=dict)
    lookups: dict[str, Any] = field(default_factory=dict)
    empty_before: dict[str, bool] = field(default_factory=dict)
    fresh_tables: list[Table] = field(default_factory=list)
    index_rebuilds: list[str] = field(default_factory=list)
    # agents and start times written by this file, and of the rows it overwrote: the KPI
    # days of ``qa_app.reports.summaries.kpi_day_table`` to recount
    touched_agents: set[int] = field(default_factory=set)
    touched_starts: list[datetime] = field(default_factory=list)

    def is_fresh(self, session: Session, table: Table) -> bool:
        """Whether ``table`` held no rows before this file; asked before its first write,
        the answer is then kept for the rest of the file. A fresh table is filled on the
        fast path of ``qa_app.ingest.bulk``, which ``finish`` completes."""
        if table.name not in self.empty_before:
            fresh = session.execute(select(1).select_from(table).limit(1)).first() is None
            self.empty_before[table.name] = fresh
            if fresh:
                self.fresh_tables.append(table)
                self.index_rebuilds += bulk.drop_plain_indexes(session, table)
        return self.empty_before[table.name]

    def finish(self, session: Session) -> None:
        """After the last chunk: check the constraints of the tables filled on the fast path,
        then build the indexes dropped for them."""
        for table in self.fresh_tables:
            bulk.verify_checks(session, table)
        for statement in self.index_rebuilds:
            session.connection().exec_driver_sql(statement)
        self.fresh_tables.clear()
        self.index_rebuilds.clear()


@dataclass(frozen=True)
class KindImporter:
    kind: str
    fields: tuple[FieldSpec, ...]
    key_field: str
    check: Callable[[Session, CheckedChunk, ImportContext], None]
    write: Callable[[Session, pd.DataFrame, ImportContext], WriteCounts]
    # after the last chunk, in the same transaction (e.g. recounting report summaries)
    finish: Callable[[Session, ImportContext], None] | None = None

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]
