"""No lost updates: two people editing the same evaluation, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.review_models import Evaluation, EvaluationRevision
from qa_app.review import revisions, service
from qa_app.review.errors import StaleEvaluation
from qa_app.review.store import answer_rows
from tests.factories.review_samples import stage_review_sample


@pytest.fixture
def opened(engine: Engine, world, tmp_path: Path) -> service.ReviewScreen:
    """qco1's sample of demo call OC-REC-002, opened once (evaluation version 1)."""
    with Session(engine) as session, session.begin():
        sample = stage_review_sample(
            session, recording_id="OC-REC-002", source_id="OC-REV-1",
            agent_id=world.agent_ids["G1"], reviewer_id=world.users["qco1"].user_id,
            recordings_dir=tmp_path / "recordings")
        return service.open_review(session, world.users["qco1"], sample.id, datetime.now(UTC))


def with_answer(screen: service.ReviewScreen, item: str, answer: str,
                reason: str = "") -> revisions.Submission:
    answers = dict(screen.answers)
    answers[item] = replace(answers[item], answer=answer, reason=reason)
    return revisions.Submission(answers)


def test_the_second_save_from_the_same_version_is_refused(engine: Engine, world,
                                                           opened: service.ReviewScreen) -> None:
    """Two sessions read version 1; the first saves; the second is told, not overwriting."""
    qco, lead = world.users["qco1"], world.users["qcolead"]
    now = datetime.now(UTC)
    with Session(engine) as first, Session(engine) as second:
        first.begin()
        second.begin()
        mine = service.open_review(first, qco, opened.sample.sample_id, now)
        theirs = service.open_review(second, lead, opened.sample.sample_id, now)
        assert mine.version == theirs.version == 1
        revisions.save_draft(first, qco, mine.evaluation_id, mine.version,
                             with_answer(mine, "O1", "yes", "salam terdengar"), now=now,
                             sitting_started_at=None)
        first.commit()
        with pytest.raises(StaleEvaluation):
            revisions.save_draft(second, lead, theirs.evaluation_id, theirs.version,
                                 with_answer(theirs, "O1", "partial", "salam kurang"),
                                 now=now, sitting_started_at=None)
        second.rollback()
    with Session(engine) as session:
        evaluation = session.get_one(Evaluation, opened.evaluation_id)
        answers = answer_rows(session, evaluation.id)
        assert (evaluation.version, evaluation.revision) == (2, 1)
        assert (answers["O1"].answer, answers["O1"].reason) == ("yes", "salam terdengar")
        assert session.scalars(select(EvaluationRevision.by_username)).all() == ["qco1"]


def test_a_save_with_a_version_read_before_another_save_is_refused_with_who_and_when(
        engine: Engine, world, opened: service.ReviewScreen) -> None:
    """The screen holds the version it was opened at, across transactions (the UI case)."""
    qco, lead = world.users["qco1"], world.users["qcolead"]
    at = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        revisions.save_draft(session, lead, opened.evaluation_id, opened.version,
                             with_answer(opened, "K3", "partial", "kata gak"), now=at,
                             sitting_started_at=None)
    with Session(engine) as session, session.begin(), pytest.raises(StaleEvaluation) as refused:
        revisions.finalize(session, qco, opened.evaluation_id, opened.version,
                           with_answer(opened, "K3", "yes"), now=at, sitting_started_at=None)
    assert (refused.value.by, refused.value.at) == ("qcolead", at)


def test_simultaneous_saves_let_exactly_one_through(engine: Engine, world,
                                                    opened: service.ReviewScreen) -> None:
    qco = world.users["qco1"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(answer: str) -> None:
        try:
            with Session(engine) as session, session.begin():
                screen = service.open_review(session, qco, opened.sample.sample_id,
                                             datetime.now(UTC))
                barrier.wait(timeout=10)
                revisions.save_draft(session, qco, screen.evaluation_id, opened.version,
                                     with_answer(screen, "O1", answer, "x"),
                                     now=datetime.now(UTC), sitting_started_at=None)
            outcomes.append("saved")
        except StaleEvaluation:
            outcomes.append("refused")

    threads = [threading.Thread(target=save, args=(a,)) for a in ("yes", "partial")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "saved"]
    with Session(engine) as session:
        assert session.get_one(Evaluation, opened.evaluation_id).version == 2
        assert len(session.scalars(select(EvaluationRevision)).all()) == 1
