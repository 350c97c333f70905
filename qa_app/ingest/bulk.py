"""Filling a table that starts empty: the fast path of a first, large import on SQLite.

Row by row, SQLite evaluates every CHECK constraint (rebuilding each ``IN (…)`` list for
every row) and inserts into every index B-tree; for a million interactions that is more than
half of the import. A table that held no rows before the file is therefore filled with its
CHECK constraints switched off for the insert statements only and its plain indexes dropped.
At the end one query checks every constraint over the whole table, then each index is built
once from sorted entries. All of it happens inside the import's transaction, so a broken
constraint or any other fault rolls everything back, indexes included.

PostgreSQL checks constraints and maintains indexes efficiently on its own: nothing changes
there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Table, inspect
from sqlalchemy.orm import Session


class ConstraintViolation(Exception):
    """Rows written by the fast path break a CHECK constraint of the table."""


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def drop_plain_indexes(session: Session, table: Table) -> list[str]:
    """On SQLite, drop ``table``'s non-unique indexes; return the statements that rebuild them.

    Unique indexes stay: the upsert needs them, and they are what keeps keys unique."""
    if not _is_sqlite(session):
        return []
    connection = session.connection()
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table.name,)).all()
    plain = [(name, sql) for name, sql in found if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _ in plain:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in plain]


@contextmanager
def checks_deferred(session: Session) -> Iterator[None]:
    """On SQLite, statements prepared inside skip CHECK constraints; ``verify_checks`` must
    follow. Changing the pragma expires prepared statements, so none outlive the switch."""
    if not _is_sqlite(session):
        yield
        return
    connection = session.connection()
    connection.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")


def verify_checks(session: Session, table: Table) -> None:
    """Raise ConstraintViolation, naming the constraints, if any row of ``table`` breaks one
    of its CHECK constraints (as the database itself declares them)."""
    if not _is_sqlite(session):
        return
    connection = session.connection()
    checks = inspect(connection).get_check_constraints(table.name)
    if not checks:
        return
    tests = ", ".join(f"max(NOT ({check['sqltext']}))" for check in checks)
    # Identifiers and CHECK texts come from our own schema, never from imported data.
    broken = connection.exec_driver_sql(f'SELECT {tests} FROM "{table.name}"').one()  # nosec B608
    names = [f"{check['name']} ({check['sqltext']})"
             for check, hit in zip(checks, broken, strict=True) if hit]
    if names:
        raise ConstraintViolation(f"{table.name}: rows break {', '.join(names)}")
