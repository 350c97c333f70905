"""Writing validated rows: an upsert on the natural key that skips unchanged rows.

Each row carries ``row_hash``, a hash of its cells as written in the file. Rows whose key is
new are inserted, rows whose hash differs are updated, rows with the same hash are left alone,
so re-importing a file changes nothing.

Rows go to the driver's ``executemany`` as tuples: a million rows through the ORM's
per-value type processing would take longer than the import itself, so each column is turned
into the driver's form once, as a whole (see ``_driver_values``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import JSON, Boolean, Date, Table
from sqlalchemy.orm import Session

from qa_app.db.types import UTCDateTime
from qa_app.ingest.bulk import checks_deferred

KEY_QUERY_BATCH = 5_000


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
    """``row_hash`` of the rows whose ``key`` is among ``keys``.

    Plain driver SQL: compiling thousands of bound literals through SQLAlchemy per query
    cost more than the look-up itself."""
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    connection = session.connection()
    found: dict[str, int] = {}
    for start in range(0, len(keys), KEY_QUERY_BATCH):
        batch = keys[start:start + KEY_QUERY_BATCH]
        # Quoted identifiers from the models; the keys themselves are bound parameters.
        sql = (f"SELECT {quote(key)}, row_hash FROM {quote(table.name)} "  # nosec B608
               f"WHERE {quote(key)} IN ({', '.join([marker] * len(batch))})")
        found.update(connection.exec_driver_sql(sql, tuple(batch)).all())
    return found


def _python_values(series: pd.Series) -> list[Any]:
    """Plain Python values, None for every kind of missing (NaN, NaT, NA)."""
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _driver_values(series: pd.Series, column_type: Any, dialect: str) -> list[Any]:
    """A column in the form the database driver stores, matching what SQLAlchemy writes."""
    if isinstance(column_type, UTCDateTime):
        utc = series.astype("datetime64[us, UTC]")
        if dialect == "sqlite":  # SQLAlchemy's SQLite DATETIME text, naive UTC, microseconds
            naive = pa.array(utc.dt.tz_convert(None), type=pa.timestamp("us"))
            return pc.cast(naive, pa.string()).to_pylist()
        return _python_values(pd.Series(utc.dt.to_pydatetime(), index=series.index, dtype=object))
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
    # Quoted identifiers from the models; every value is a bound parameter.
    return (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "  # nosec B608
            f"VALUES ({', '.join([marker] * len(columns))}) "
            f"ON CONFLICT ({quote(key)}) DO UPDATE SET {updates}")


def _write_rows(session: Session, table: Table, key: str, rows: pd.DataFrame) -> None:
    dialect = session.get_bind().dialect.name
    columns = list(rows.columns)
    values = [_driver_values(rows[c], table.c[c].type, dialect) for c in columns]
    # The DBAPI cursor of the session's connection (same transaction) takes the rows as an
    # iterator, so the driver binds one tuple at a time and no list of tuples is built.
    cursor = session.connection().connection.cursor()
    try:
        cursor.executemany(_upsert_sql(session, table, key, columns), zip(*values, strict=False))
    finally:
        cursor.close()


def upsert(session: Session, table: Table, key: str, rows: pd.DataFrame,
           fresh: bool = False) -> WriteCounts:
    """Insert new keys, update changed rows, skip unchanged; ``rows`` has ``row_hash``.

    ``fresh`` says the table held no rows before this file. Then every key is new (the
    importers reject a key repeated within a file before writing), the look-up of existing
    rows is skipped and the rows are written on the fast path of ``qa_app.ingest.bulk``."""
    if rows.empty:
        return WriteCounts()
    if fresh:
        with checks_deferred(session):  # verified over the whole table when the file ends
            _write_rows(session, table, key, rows)
        return WriteCounts(inserted=len(rows))
    known = existing_hashes(session, table, key, rows[key].tolist())
    if not known:
        _write_rows(session, table, key, rows)
        return WriteCounts(inserted=len(rows))
    previous = [known.get(k) for k in rows[key].tolist()]
    is_new = np.array([p is None for p in previous], dtype=bool)
    is_changed = np.array([p is not None and p != h
                           for p, h in zip(previous, rows["row_hash"].tolist(), strict=True)],
                          dtype=bool)
    if (is_new | is_changed).any():
        _write_rows(session, table, key, rows[is_new | is_changed])
    return WriteCounts(inserted=int(is_new.sum()), updated=int(is_changed.sum()),
                       unchanged=int(len(rows) - is_new.sum() - is_changed.sum()))
