"""Review-ready demo samples without the speech model: a demo recording, its script as the
transcript, and a pre-score computed from that transcript by qa_app.scoring.

Test-only (moved out of qa_app.review): tests of the review workflow and its neighbours.
The recording is copied under the recordings root, so playback goes through the same safe
path resolution as real recordings.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample, SampleDraw
from qa_app.db.work_models import PreScoreRecord, Transcript
from qa_app.review import revisions, service
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, script_to_transcribe_json
from qa_app.scoring.loader import form_for
from qa_app.scoring.prescore import prescore

DEMO_FOLDER = "review-demo"


def stage_transcript_and_prescore(session: Session, interaction: Interaction,
                                  truth: dict[str, object], now: datetime) -> PreScoreRecord:
    """Store the script of ``truth`` as the interaction's transcript, and its pre-score."""
    document = script_to_transcribe_json(truth)
    session.add(Transcript(interaction_id=interaction.id, model="demo-script",
                           duration=float(document["duration"]), speakers_separated=True,
                           document=document, unmasked_document=None, created_at=now))
    form = form_for(interaction.channel, interaction.direction)
    result = prescore(form, from_transcribe_json(document, "voice", interaction.direction))
    record = PreScoreRecord(interaction_id=interaction.id,
                            rubric_version_id=rubric_version_id(session, form),
                            model_version=None, score=result.score, fatal=result.fatal,
                            pending_weight=result.pending_weight, document=result.to_record(),
                            created_at=now)
    session.add(record)
    session.flush()
    return record


def stage_review_sample(session: Session, *, recording_id: str, source_id: str,
                        agent_id: int, reviewer_id: int, recordings_dir: Path,
                        week: str = "2026-W47", kind: str = "random",
                        started_at: datetime | None = None,
                        with_prescore: bool = True) -> Sample:
    """A voice interaction made from demo recording ``recording_id`` (e.g. "OC-REC-002"),
    sampled in ``week`` and assigned to ``reviewer_id``."""
    truth_path = DEMO_RECORDINGS / f"{recording_id}.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    relative = f"{DEMO_FOLDER}/{source_id}.wav"
    target = recordings_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_RECORDINGS / f"{recording_id}.wav", target)
    now = datetime.now(UTC)
    began = started_at or datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    interaction = Interaction(
        source_id=source_id, agent_id=agent_id, channel="voice", direction=truth["direction"],
        started_at=began, ended_at=began + timedelta(seconds=float(truth["duration"])),
        talk_seconds=float(truth["duration"]), recording_path=relative, consent="given",
        case_id=f"CASE-{source_id}", row_hash=0)
    session.add(interaction)
    session.flush()
    if with_prescore:
        stage_transcript_and_prescore(session, interaction, truth, now)
    draw = session.scalar(select(SampleDraw).where(SampleDraw.week == week))
    if draw is None:
        draw = SampleDraw(week=week, seed="0", rule_version="review-demo", parameters={},
                          pool_hash="0", created_at=now, created_by="review-demo")
        session.add(draw)
        session.flush()
    sample = Sample(draw_id=draw.id, interaction_id=interaction.id, agent_id=agent_id,
                    week=week, kind=kind, reviewer_id=reviewer_id, assigned_at=now)
    session.add(sample)
    session.flush()
    return sample


#: When the review screens of the workflow tests are opened.
OPENED = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def complete(screen: service.ReviewScreen, **changes: tuple[str, str]) -> revisions.Submission:
    """Every unanswered item answered "yes", plus ``changes`` (item → (answer, reason))."""
    answers = {item: given if given.answer else replace(given, answer="yes")
               for item, given in screen.answers.items()}
    for item, (answer, reason) in changes.items():
        answers[item] = replace(answers[item], answer=answer, reason=reason)
    return revisions.Submission(answers, "Pembukaan perlu diperbaiki")


def open_as(engine: Engine, principal, sample_id: int) -> service.ReviewScreen:  # noqa: ANN001
    with Session(engine) as session, session.begin():
        return service.open_review(session, principal, sample_id, OPENED)
