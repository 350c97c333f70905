"""Migrations: upgrade and downgrade on both databases, and models that match them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from qa_app.db import migrate
from qa_app.db.schema import metadata
from qa_app.db.search_models import FULL_TEXT_OBJECTS

TABLES = {"team", "agent", "interaction", "csi_response", "import_batch", "import_rejection"}


def test_upgrade_creates_the_schema_with_its_indexes(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    inspector = inspect(engine)
    assert TABLES <= set(inspector.get_table_names())
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("interaction")}
    assert indexes["ix_interaction_agent_started"] == ["agent_id", "started_at"]
    assert indexes["ix_interaction_case_id"] == ["case_id"]
    assert {i["name"] for i in inspector.get_indexes("csi_response")} >= {"ix_csi_response_case_id"}


def test_models_and_migrations_agree(engine: Engine) -> None:
    """A model changed without a migration would show here as a difference."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_name": lambda name, _type, _parents: name not in FULL_TEXT_OBJECTS})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.ensure_current(engine) is True
    assert migrate.ensure_current(engine) is False
    assert TABLES <= set(inspect(engine).get_table_names())
