"""Finalized evaluations written straight to the tables, for demos and tests of the reports.

The review workflow (``qa_app.review``) is how real evaluations are made; this shortcut
stages the rows it would leave behind (sample, evaluation, answers, quota) so the rollups
can be shown and tested without scoring every call by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer
from qa_app.db.sampling_models import Sample, SampleDraw, SampleQuota
from qa_app.db.work_models import RubricVersion
from qa_app.reports.summaries import item_tallies
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.scoring.loader import RUBRIC_DIR, load_form

DEMO_FORM: dict[str, Any] = {"id": "demo_form", "version": 1, "title": "Demo", "channel": "voice",
                             "sections": [{"id": "S", "title": "Seluruh butir", "items": [
                                 {"id": "O1", "text": "Salam pembuka", "weight": 4},
                                 {"id": "V2", "text": "Tidak meminta OTP/PIN", "weight": 0,
                                  "fatal": True, "fatal_when": "agent meminta OTP/PIN"},
                                 {"id": "C2", "text": "Menawarkan bantuan lain", "weight": 3}]}]}

#: Every item of DEMO_FORM answered "yes".
PASS: dict[str, str] = {"O1": "yes", "V2": "yes", "C2": "yes"}

def rubric_version(session: Session, document: Mapping[str, Any] = DEMO_FORM) -> int:
    row = RubricVersion(rubric_id=str(document["id"]), version=str(document["version"]),
                        content_hash=f"demo-{document['id']}-{document['version']}",
                        document=dict(document), created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row.id


def draw(session: Session, week: str) -> int:
    found = session.scalar(select(SampleDraw.id).where(SampleDraw.week == week))
    if found is not None:
        return found
    row = SampleDraw(week=week, seed="1", rule_version="demo", parameters={}, pool_hash="0",
                     created_at=datetime.now(UTC), created_by="demo")
    session.add(row)
    session.flush()
    return row.id


def quota(session: Session, agent_id: int, week: str, count: int) -> None:
    session.add(SampleQuota(draw_id=draw(session, week), agent_id=agent_id, week=week,
                            status="sampled", already_in_month=0, quota=count, interactions=0,
                            eligible=0, picked=count, shortfall=0, exclusions={}))
    session.flush()


def evaluation(session: Session, interaction_id: int, reviewer_id: int, rubric_version_id: int,
               week: str, score: float, answers: Mapping[str, str], *, kind: str = "random",
               fatal: bool = False, status: str = "final",
               evidence: Mapping[str, list[dict[str, Any]]] | None = None) -> int:
    """A sample and its evaluation with one answer per item; returns the evaluation id."""
    interaction = session.get_one(Interaction, interaction_id)
    sample = session.scalar(select(Sample).where(Sample.interaction_id == interaction_id))
    if sample is None:
        sample = Sample(draw_id=draw(session, week), interaction_id=interaction_id,
                        agent_id=interaction.agent_id, week=week, kind=kind,
                        reviewer_id=reviewer_id, assigned_at=datetime.now(UTC))
        session.add(sample)
        session.flush()
    now = datetime.now(UTC)
    row = Evaluation(sample_id=sample.id, interaction_id=interaction_id,
                     agent_id=interaction.agent_id, reviewer_id=reviewer_id, week=week, kind=kind,
                     rubric_version_id=rubric_version_id, status=status, score=score,
                     fatal=fatal, pending_weight=0.0, revision=1, opened_at=now,
                     finalized_at=now if status == "final" else None, updated_at=now,
                     updated_by="demo")
    session.add(row)
    session.flush()
    session.add_all(EvaluationAnswer(evaluation_id=row.id, item_id=item, answer=answer,
                                     evidence=(evidence or {}).get(item))
                    for item, answer in answers.items())
    session.flush()
    if status == "final":
        item_tallies.refresh(session, [(row.agent_id, week)])
    return row.id


def chat_and_outbound_failing_p1(session: Session, agent_id: int, reviewer_id: int) -> None:
    """A chat and an outbound call of the agent (OC-CHAT, OC-OUT), both evaluated in 2026-W45
    with P1 failed: item ids repeat across forms. The inbound form is stored last, so a
    lookup by item id alone would word both P1 its way."""
    chat = rubric_version_id(session, load_form(RUBRIC_DIR / "chat.yaml"))
    outbound = rubric_version_id(session, load_form(RUBRIC_DIR / "voice_outbound.yaml"))
    rubric_version_id(session, load_form(RUBRIC_DIR / "voice_inbound.yaml"))
    start = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    for n, (source, channel, direction, version) in enumerate((
            ("OC-CHAT", "chat", "inbound", chat), ("OC-OUT", "voice", "outbound", outbound))):
        row = Interaction(source_id=source, agent_id=agent_id, channel=channel,
                          direction=direction, started_at=start + timedelta(hours=n),
                          ended_at=start + timedelta(hours=n, minutes=5), row_hash=0)
        session.add(row)
        session.flush()
        evaluation(session, row.id, reviewer_id, version, "2026-W45", 92.0,
                   {"P1": "no", "O1": "yes"})
