"""`python -m qa_app train`: models learned from finalized evaluations, used by pre-scores."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.work_models import PreScoreRecord
from qa_app.review import revisions, service
from qa_app.review.prescorer_training import current_models, train_all
from qa_app.scoring.loader import bundled_forms
from qa_app.worker.tasks import prescore
from tests.factories.review_samples import stage_review_sample

OPENED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
CALLS = ("OC-REC-001", "OC-REC-002", "OC-REC-003", "OC-REC-004", "OC-REC-005", "OC-REC-006",
         "OC-REC-008", "OC-REC-009")


def test_trained_models_are_stored_and_used_by_the_next_prescore(engine: Engine, world,
                                                                 tmp_path: Path) -> None:
    qco = world.users["qco1"]
    settings = Settings(home=tmp_path, prescore_min_examples=6, data_dir=tmp_path / "rec")
    for n, call in enumerate(CALLS):
        with Session(engine) as session, session.begin():
            sample_id = stage_review_sample(
                session, recording_id=call, source_id=f"OC-LRN-{n}",
                agent_id=world.agent_ids["G1"], reviewer_id=qco.user_id,
                recordings_dir=tmp_path / "rec").id
        with Session(engine) as session, session.begin():
            screen = service.open_review(session, qco, sample_id, OPENED)
        answers = {item: replace(given, answer=given.answer or "yes", comment="uji")
                   for item, given in screen.answers.items()}
        answers["C2"] = replace(answers["C2"], answer="yes" if n % 2 else "no",
                                reason="didengar ulang")
        with Session(engine) as session, session.begin():
            revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                               revisions.Submission(answers, "uji", fatal_confirmed=True),
                               now=OPENED + timedelta(minutes=5), sitting_started_at=OPENED)

    outcomes = {o.form_id: o for o in train_all(engine, settings, bundled_forms())}

    inbound = outcomes["voice_inbound"]
    assert inbound.examples == len(CALLS) and "C2" in inbound.items
    assert outcomes["chat"].version is None
    models = current_models(settings, "voice_inbound")
    assert models is not None and models.version == inbound.version
    with Session(engine) as session:
        first = session.scalar(select(PreScoreRecord.interaction_id))
    outcome = prescore(engine, settings, first, lambda _done: None)
    with Session(engine) as session, session.begin():
        outcome.store(session)
    with Session(engine) as session:
        stored = session.scalar(select(PreScoreRecord.model_version).where(
            PreScoreRecord.interaction_id == first))
    assert stored == inbound.version
