"""Writing validated rows: an upsert on the natural key that skips unchanged rows.

Each row carries ``row_hash``, a hash of its cells as written in the file. Rows whose key is
new are inserted, rows whose hash differs are updated, rows with the same hash are left alone,
so re-importing a file changes nothing.

Rows go to the driver as tuples through ``exec_driver_sql``: a million rows through the ORM's
per-value type processing would take longer than the import itself, so each column is turned
into the driver's form once, as a whole (see ``_driver_values``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import JSON, Boolean, Date, Table, select
from sqlalchemy.orm import Session

from qa_app.db.types import UTCDateTime

KEY_QUERY_BATCH = 5_000
WRITE_BATCH = 20_000


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


def existing_hashes(session: Session, table: Table, key: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    column = table.c[key]
    for start in range(0, len(keys), KEY_QUERY_BATCH):
        batch = keys[start:start + KEY_QUERY_BATCH]
        rows = session.execute(select(column, table.c.row_hash).where(column.in_(batch)))
        found.update({k: h for k, h in rows})
    return found


def _python_values(series: pd.Series) -> list[Any]:
    """Plain Python values, None for every kind of missing (NaN, NaT, NA)."""
    values = series.astype(object).tolist()
    missing = series.isna().to_numpy()
    for position in np.flatnonzero(missing):
        values[position] = None
    return values


def _driver_values(series: pd.Series, column_type: Any, dialect: str) -> list[Any]:
    """A column in the form the database driver stores, matching what SQLAlchemy writes."""
    if isinstance(column_type, UTCDateTime):
        utc = series.astype("datetime64[us, UTC]")
        if dialect == "sqlite":  # SQLAlchemy's SQLite DATETIME text, naive UTC
            text = np.datetime_as_string(utc.dt.tz_convert(None).to_numpy(), unit="us")
            return _python_values(pd.Series(np.char.replace(text, "T", " "), index=series.index)
                                  .where(utc.notna()))
        return _python_values(pd.Series(list(utc.dt.to_pydatetime()), index=series.index,
                                        dtype=object).where(utc.notna()))
    values = _python_values(series)
    if isinstance(column_type, Date) and dialect == "sqlite":
        return [None if v is None else v.isoformat() for v in values]
    if isinstance(column_type, Boolean) and dialect == "sqlite":
        return [None if v is None else int(v) for v in values]
    if isinstance(column_type, JSON):
        if dialect == "postgresql":
            from psycopg.types.json import Jsonb
            return [None if v is None else Jsonb(v) for v in values]
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
    return values


def _upsert_sql(session: Session, table: Table, key: str, columns: list[str]) -> str:
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns
                        if c not in (key, "import_batch_id"))
    return (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([marker] * len(columns))}) "
            f"ON CONFLICT ({quote(key)}) DO UPDATE SET {updates}")


def upsert(session: Session, table: Table, key: str, rows: pd.DataFrame) -> WriteCounts:
    """Insert new keys, update changed rows, skip unchanged; ``rows`` has ``row_hash``."""
    if rows.empty:
        return WriteCounts()
    known = existing_hashes(session, table, key, rows[key].tolist())
    previous = rows[key].map(known) if known else pd.Series(np.nan, index=rows.index)
    is_new = previous.isna()
    is_changed = ~is_new & (previous != rows["row_hash"])
    to_write = rows[is_new | is_changed]
    if not to_write.empty:
        dialect = session.get_bind().dialect.name
        columns = list(to_write.columns)
        values = [_driver_values(to_write[c], table.c[c].type, dialect) for c in columns]
        tuples = list(zip(*values))
        connection = session.connection()
        sql = _upsert_sql(session, table, key, columns)
        for start in range(0, len(tuples), WRITE_BATCH):
            connection.exec_driver_sql(sql, tuples[start:start + WRITE_BATCH])
    return WriteCounts(
        inserted=int(is_new.sum()), updated=int(is_changed.sum()),
        unchanged=int(len(rows) - is_new.sum() - is_changed.sum()),
    )
