"""report_item_tally follows finalize, revision and purge, and equals a rebuild."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.review_models import Evaluation
from qa_app.db.summary_models import ItemTally
from qa_app.privacy.retention import purge_evaluations
from qa_app.reports.summaries import item_tallies as tallies
from qa_app.review import revisions
from tests.factories.review_samples import OPENED, complete, open_as


def _tally(engine: Engine) -> dict[str, tuple[int, int, int]]:
    with Session(engine) as session:
        return {row.item_id: (row.applicable, row.no, row.partial)
                for row in session.scalars(select(ItemTally))}


def _rebuilt(engine: Engine) -> dict[str, tuple[int, int, int]]:
    with Session(engine) as session, session.begin():
        tallies.rebuild(session)
    return _tally(engine)


def test_tallies_follow_finalize_revision_and_purge(engine: Engine, world, staged,
                                                    tmp_path: Path) -> None:
    qco, lead = world.users["qco1"], world.users["qcolead"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with Session(engine) as session, session.begin():
        revisions.save_draft(session, qco, screen.evaluation_id, screen.version,
                             complete(screen), now=OPENED, sitting_started_at=None)
    assert _tally(engine) == {}  # drafts are not counted
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           complete(screen, O1=("partial", "salam tanpa nama")),
                           now=OPENED + timedelta(minutes=7), sitting_started_at=OPENED)
    finalized = _tally(engine)
    assert finalized["O1"] == (1, 0, 1) and finalized == _rebuilt(engine)

    as_lead = open_as(engine, lead, staged["OC-REV-1"])
    with Session(engine) as session, session.begin():
        revisions.revise(session, lead, as_lead.evaluation_id, as_lead.version,
                         complete(as_lead, O1=("no", "tidak ada salam")), kind="correction",
                         reason="koreksi", now=OPENED + timedelta(days=1))
    revised = _tally(engine)
    assert revised["O1"] == (1, 1, 0) and revised == _rebuilt(engine)

    with Session(engine) as session, session.begin():
        assert session.scalar(select(Evaluation.kind).where(
            Evaluation.id == screen.evaluation_id)) == "random"
        purge_evaluations(session, datetime.now(UTC) + timedelta(days=1), dry_run=False)
    assert _tally(engine) == {} == _rebuilt(engine)
