"""Migration 0010_calibration on both databases: down to 0009 drops only its tables, and
up again restores them with their constraints."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from qa_app.db import migrate

TABLES = {"calibration_session", "calibration_item", "calibration_participant",
          "calibration_score"}


def test_downgrade_to_0009_and_upgrade_again(engine: Engine) -> None:
    assert TABLES <= set(inspect(engine).get_table_names())
    every_table = set(inspect(engine).get_table_names())
    migrate.downgrade(engine, "0010_calibration")  # the revisions above it go first
    before = set(inspect(engine).get_table_names())
    migrate.downgrade(engine, "0009_web_session")
    assert migrate.current_revision(engine) == "0009_web_session"
    assert set(inspect(engine).get_table_names()) == before - TABLES
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    assert set(inspect(engine).get_table_names()) == every_table
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO calibration_session (title, status, due_on, hide_ai, hide_agent, "
            "created_by_id, created_at) VALUES ('x', 'pending', :due, true, false, 1, :at)"),
            {"due": date(2026, 12, 1), "at": datetime(2026, 12, 1, tzinfo=UTC)})
