"""services.evaluations: each save is one transaction, audited; a refusal leaves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.auth_models import AuditEvent
from qa_app.db.review_models import Evaluation
from qa_app.review.errors import FinalizeRefused
from qa_app.review.revisions import Submission
from qa_app.services.evaluations import finalize_evaluation
from tests.factories.review_samples import OPENED, complete, open_as


def test_finalize_commits_the_evaluation_and_its_audit_entry(engine: Engine, world,
                                                             staged) -> None:  # noqa: ANN001
    qco = world.users["qco1"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    revision = finalize_evaluation(engine, qco, screen.evaluation_id, screen.version,
                                   complete(screen), now=OPENED + timedelta(minutes=5),
                                   sitting_started_at=OPENED, session_id="s-1")
    with Session(engine) as session:
        evaluation = session.get_one(Evaluation, screen.evaluation_id)
        entries = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "score_change",
            AuditEvent.target_id == str(screen.evaluation_id))).all()
    assert (evaluation.status, evaluation.revision) == ("final", revision)
    assert [(e.username, e.session_id, e.details["kind"]) for e in entries] == [
        ("qco1", "s-1", "final")]


def test_a_refused_finalize_leaves_the_evaluation_as_it_was(engine: Engine, world,
                                                            staged) -> None:  # noqa: ANN001
    qco = world.users["qco1"]
    screen = open_as(engine, qco, staged["OC-REV-1"])
    with pytest.raises(FinalizeRefused):
        finalize_evaluation(engine, qco, screen.evaluation_id, screen.version,
                            Submission({}, ""), now=OPENED, sitting_started_at=None)
    with Session(engine) as session:
        evaluation = session.get_one(Evaluation, screen.evaluation_id)
        assert (evaluation.status, evaluation.version) == ("draft", screen.version)
