"""Which interactions still wait for work: sampled calls without a transcript, and so on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample
from qa_app.db.work_models import Job, Transcript
from qa_app.privacy.consent import processable
from qa_app.privacy.policy import PrivacyPolicy


def sampled_without_transcript(session: Session, policy: PrivacyPolicy,
                               draw_id: int | None = None) -> list[int]:
    """Sampled voice interactions still to be reviewed, with a recording, no transcript and
    no job under way (a sample already finalized needs no transcript for its review); only
    those of one draw when ``draw_id`` is given."""
    busy = select(Job.interaction_id).where(Job.kind == "transcribe",
                                            Job.status.in_(("queued", "running")))
    query = (select(Interaction.id).join(Sample, Sample.interaction_id == Interaction.id)
             .where(Sample.status != "final", Interaction.channel == "voice",
                    Interaction.recording_path.is_not(None),
                    processable(policy),
                    Interaction.id.not_in(select(Transcript.interaction_id)),
                    Interaction.id.not_in(busy))
             .distinct().order_by(Interaction.id))
    if draw_id is not None:
        query = query.where(Sample.draw_id == draw_id)
    return list(session.scalars(query))
