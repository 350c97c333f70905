"""Migration 0007 tallies the evaluations finalized before it as the application does."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db import migrate
from qa_app.db.summary_models import ItemTally


def _tallies(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        return sorted(tuple(row) for row in session.execute(select(
            ItemTally.agent_id, ItemTally.month, ItemTally.rubric_version_id, ItemTally.item_id,
            ItemTally.applicable, ItemTally.no, ItemTally.partial)))


def test_upgrade_fills_the_item_tally(engine: Engine, spread) -> None:
    kept = _tallies(engine)
    assert len(kept) > 10
    migrate.downgrade(engine, "0006_coaching")
    migrate.upgrade(engine)
    assert _tallies(engine) == kept
