"""Retention: delete what is older than the policy allows, and log what was deleted.

Age is counted from the interaction's start. A recording is deleted from disk and its path
cleared; transcripts are deleted, and evaluations with their answers, revisions and the
coaching notes that quote them. Each purger returns how many it deleted (or would delete).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.db.coaching_models import CoachingFocus
from qa_app.db.models import Interaction
from qa_app.db.review_models import Evaluation, EvaluationAnswer, EvaluationRevision
from qa_app.db.work_models import Transcript
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.privacy.policy import DATA_KINDS, PrivacyPolicy
from qa_app.reports.summaries import item_tallies

Purger = Callable[[Session, datetime, bool], int]


@dataclass
class PurgeReport:
    dry_run: bool
    cutoffs: dict[str, datetime] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def purge_recordings(recordings_root: Path) -> Purger:
    def purge(session: Session, cutoff: datetime, dry_run: bool) -> int:
        expired = session.scalars(select(Interaction).where(
            Interaction.recording_path.is_not(None), Interaction.started_at < cutoff)).all()
        if dry_run:
            return len(expired)
        paths = {interaction.recording_path for interaction in expired}
        for interaction in expired:
            interaction.recording_path = None
        session.flush()
        still_used = set(session.scalars(select(Interaction.recording_path).where(
            Interaction.recording_path.in_(list(paths)))))
        for stored in paths - still_used:  # a file shared with a newer call stays
            try:
                resolve_recording(recordings_root, stored or "").unlink()
            except (UnsafeRecordingPath, FileNotFoundError):
                pass  # already gone or outside the root: only the reference is dropped
        return len(expired)
    return purge


def purge(session: Session, policy: PrivacyPolicy, purgers: dict[str, Purger], *,
          by: Principal | str, dry_run: bool = False, now: datetime | None = None) -> PurgeReport:
    now = now or datetime.now(UTC)
    report = PurgeReport(dry_run=dry_run)
    for kind in DATA_KINDS:
        cutoff = now - timedelta(days=policy.retention_days(kind))
        report.cutoffs[kind] = cutoff
        if kind not in purgers:
            report.problems.append(f"{kind}: nothing stored of this kind yet")
            continue
        report.deleted[kind] = purgers[kind](session, cutoff, dry_run)
    if not dry_run:
        audit.record(session, by, "purge", target_kind="retention", details={
            "deleted": report.deleted,
            "cutoffs": {kind: cutoff.isoformat() for kind, cutoff in report.cutoffs.items()}})
    return report


def _older(cutoff: datetime) -> Select[tuple[int]]:
    return select(Interaction.id).where(Interaction.started_at < cutoff)


def purge_transcripts(session: Session, cutoff: datetime, dry_run: bool) -> int:
    """Transcripts (masked and unmasked text) of interactions older than the cutoff."""
    expired = select(Transcript.id).where(Transcript.interaction_id.in_(_older(cutoff)))
    count = len(session.scalars(expired).all())
    if not dry_run and count:
        session.execute(delete(Transcript).where(Transcript.id.in_(expired)))
    return count


def purge_evaluations(session: Session, cutoff: datetime, dry_run: bool) -> int:
    """Evaluations with their answers and revisions, and the coaching notes that quote them."""
    expired = select(Evaluation.id).where(Evaluation.interaction_id.in_(_older(cutoff)))
    count = len(session.scalars(expired).all())
    if not dry_run and count:
        touched = item_tallies.slices_of(session, session.scalars(expired).all())
        for model in (CoachingFocus, EvaluationAnswer, EvaluationRevision):
            session.execute(delete(model).where(model.evaluation_id.in_(expired)))
        session.execute(delete(Evaluation).where(Evaluation.id.in_(expired)))
        item_tallies.refresh(session, touched)
    return count


def default_purgers(recordings_root: Path) -> dict[str, Purger]:
    """The purger of every data kind under retention."""
    return {"recordings": purge_recordings(recordings_root), "transcripts": purge_transcripts,
            "evaluations": purge_evaluations}
