"""The report generation (reports/summaries/generation): raised in the transaction of every
write the report pages read, and not by a write that is rolled back — on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.db.session import session_scope
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.service import import_file
from qa_app.reports.summaries import generation
from qa_app.sampling.service import run_draw
from tests.factories import report_rows
from tests.factories.report_rows import PASS

CSI = "ID Survei,ID Kasus,Nilai,Waktu Jawab\nSV-9,CASE-OC-G1-0,2,16/11/2026 10:00:00\n"


def current(engine: Engine) -> int:
    with Session(engine) as session:
        return generation.current(session)


def test_a_migrated_database_starts_at_zero(engine: Engine) -> None:
    assert current(engine) == 0


def test_a_finalized_evaluation_raises_it_a_draft_does_not(engine: Engine, world) -> None:  # noqa: ANN001
    with Session(engine) as session, session.begin():
        rubric = report_rows.rubric_version(session)
    with Session(engine) as session, session.begin():
        report_rows.evaluation(session, world.interaction_ids["OC-G1-1"],
                               world.users["qco1"].user_id, rubric, "2026-W47", 0, PASS,
                               status="draft")
    assert current(engine) == 0
    with Session(engine) as session, session.begin():
        report_rows.evaluation(session, world.interaction_ids["OC-G1-0"],
                               world.users["qco1"].user_id, rubric, "2026-W47", 100, PASS)
    assert current(engine) == 1


def test_a_write_rolled_back_leaves_it(engine: Engine, world) -> None:  # noqa: ANN001
    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        rubric = report_rows.rubric_version(session)
        report_rows.evaluation(session, world.interaction_ids["OC-G1-0"],
                               world.users["qco1"].user_id, rubric, "2026-W47", 100, PASS)
        raise RuntimeError("the finalize fails after the tallies were recounted")
    assert current(engine) == 0


def test_an_import_raises_it_a_failed_one_does_not(engine: Engine, world) -> None:  # noqa: ANN001
    def run(content: str) -> str:
        return import_file(engine, "csi", TableSource(file_name="csi.csv",
                                                      content=content.encode()),
                           load_mapping(), "test").status

    assert run("Nilai\n4\n") == "failed"  # neither a survey nor a case column
    assert current(engine) == 0
    assert run(CSI) == "completed"
    assert current(engine) == 1


def test_a_draw_raises_it(engine: Engine, world) -> None:  # noqa: ANN001
    with session_scope(engine) as session:
        run_draw(session, "2026-W48", by="test", seed=7,
                 now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    assert current(engine) == 1
