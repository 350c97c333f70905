"""The accuracy snapshot compares finalized answers with the machine's the reviewer was shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.review import revisions, service
from qa_app.review.prescore_accuracy import latest, refresh
from qa_app.scoring.loader import bundled_forms as forms
from tests.factories.review_samples import stage_review_sample

OPENED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def test_agreement_is_measured_on_what_the_reviewer_was_shown(engine: Engine, world,
                                                               tmp_path: Path) -> None:
    qco = world.users["qco1"]
    with Session(engine) as session, session.begin():
        sample_id = stage_review_sample(
            session, recording_id="OC-REC-001", source_id="OC-ACC-1",
            agent_id=world.agent_ids["G1"], reviewer_id=qco.user_id,
            recordings_dir=tmp_path).id
    with Session(engine) as session, session.begin():
        screen = service.open_review(session, qco, sample_id, OPENED)
    machine = {item: given.answer for item, given in screen.machine.items()
               if given.answer not in (None, "manual", "None")}
    overridden = sorted(machine)[0]
    flipped = "no" if machine[overridden] != "no" else "yes"
    answers = {item: replace(given, answer=given.answer or "yes")
               for item, given in screen.answers.items()}
    answers[overridden] = replace(answers[overridden], answer=flipped, reason="didengar ulang")
    with Session(engine) as session, session.begin():
        revisions.finalize(session, qco, screen.evaluation_id, screen.version,
                           revisions.Submission(answers, "uji"),
                           now=OPENED + timedelta(minutes=5), sitting_started_at=OPENED)

    with Session(engine) as session, session.begin():
        reports = refresh(session, forms(), 200, ZoneInfo("Asia/Jakarta"), "test",
                          OPENED + timedelta(hours=1))
    with Session(engine) as session:
        stored = latest(session, forms())
    report = reports["voice_inbound"]
    assert report.answered == len(machine)
    disagreements = round((1 - report.agreement) * report.answered)
    assert disagreements == 1 + sum(1 for item, answer in machine.items()
                                    if item != overridden and answers[item].answer != answer)
    assert stored is not None
    [form] = stored.forms
    assert form.form_id == "voice_inbound"
    assert (form.figures.answered, form.figures.evaluations) == (report.answered, 1)
