"""Screening every call (``QA_SCREENING``): switch it on, queue the calls, flag the risky.

Screening is on when ``QA_SCREENING`` is set, or when the database says so (the
``screening`` app setting, which the demo build stores with ``enable_screening``): the
workers and the import read ``screening_enabled``.

``queue_screening`` queues a transcription for every recorded voice call without a
transcript and a pre-score for every chat thread without one, as the privacy policy allows;
the queue gives them the lowest priority (qa_app.queue.priority: nobody's sample waits on
them), and a stored transcript's pre-score follows by itself. It runs after each import and
nightly (the worker's ``screen_calls`` duty), so recordings linked later are caught up.
``store_flags`` turns a stored pre-score into a risk flag (qa_app.scoring.risk) for a call
outside the samples; what the QCO lead does with it is ``qa_app.services.risk_flags``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, exists, func, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.config import Settings
from qa_app.db.auth_models import AppSetting
from qa_app.db.models import Interaction
from qa_app.db.sampling_models import Sample
from qa_app.db.screening_models import RiskFlag
from qa_app.db.work_models import Job, PreScoreRecord, Transcript
from qa_app.privacy.consent import processable
from qa_app.privacy.policy import effective_policy
from qa_app.queue.dispatch import request_jobs
from qa_app.scoring.risk import FlagReason, derive_flags
from qa_app.scoring.schema import Form
from qa_app.transcribe.redact import mask_text
from qa_app.vocabulary import JobKind, RiskFlagState

SETTING_KEY = "screening"


@dataclass(frozen=True)
class ScreeningQueued:
    transcriptions: int
    prescores: int


def screening_enabled(session: Session, settings: Settings) -> bool:
    if settings.screening:
        return True
    stored = session.get(AppSetting, SETTING_KEY)
    return bool(stored is not None and isinstance(stored.value, dict)
                and stored.value.get("enabled"))


def enable_screening(session: Session, by: str, now: datetime | None = None) -> None:
    """Turn screening on for this database (the demo build does), audited."""
    now = now or datetime.now(UTC)
    stored = session.get(AppSetting, SETTING_KEY) or AppSetting(key=SETTING_KEY)
    stored.value, stored.updated_by, stored.updated_at = {"enabled": True}, by, now
    session.add(stored)
    audit.record(session, by, "setting_change", target_kind="setting", target_id=SETTING_KEY,
                 details={"enabled": {"from": False, "to": True}}, now=now)


def queue_screening(engine: Engine, settings: Settings, requested_by: str) -> ScreeningQueued:
    """Queue every call of the last ``QA_SCREENING_DAYS`` of data that screening has not
    reached yet; returns how many of each kind. A call whose job exists already (queued,
    done or failed) is not asked again. The days count back from the newest interaction, not
    from today: a late import is screened whole, and so is the demo's fixed last week."""

    def no_job(kind: str) -> Any:
        return ~exists().where(Job.kind == kind, Job.interaction_id == Interaction.id)

    with Session(engine) as session:
        newest = session.scalar(select(func.max(Interaction.started_at)))
        if newest is None or not screening_enabled(session, settings):
            return ScreeningQueued(0, 0)
        allowed = and_(processable(effective_policy(session, settings)),
                       Interaction.started_at >= newest - timedelta(days=settings.screening_days))
        calls = list(session.scalars(select(Interaction.id).where(
            Interaction.channel == "voice", Interaction.recording_path.is_not(None), allowed,
            Interaction.id.not_in(select(Transcript.interaction_id)), no_job(JobKind.TRANSCRIBE))
            .order_by(Interaction.id)))
        chats = list(session.scalars(select(Interaction.id).where(
            Interaction.channel != "voice", Interaction.chat_messages.is_not(None), allowed,
            Interaction.id.not_in(select(PreScoreRecord.interaction_id)), no_job(JobKind.PRESCORE))
            .order_by(Interaction.id)))
    transcriptions = len(request_jobs(engine, "transcribe", calls, requested_by)) if calls else 0
    prescores = len(request_jobs(engine, "prescore", chats, requested_by)) if chats else 0
    return ScreeningQueued(transcriptions, prescores)


def store_flags(session: Session, settings: Settings, interaction_id: int,
                record: dict[str, Any], form: Form, now: datetime | None = None
                ) -> RiskFlag | None:
    """Flag (or un-flag) a pre-scored call, in the pre-score's transaction, when screening is
    on. A sampled call is left alone (a QCO reviews it anyway), and so is a flag the lead
    has decided."""
    if not screening_enabled(session, settings):
        return None
    if session.scalar(select(Sample.id).where(Sample.interaction_id == interaction_id)):
        return None
    flag = session.scalar(select(RiskFlag).where(RiskFlag.interaction_id == interaction_id))
    if flag is not None and flag.status != RiskFlagState.OPEN:
        return flag
    reasons = derive_flags(record, form, settings.screening_low_score)
    if not reasons:
        if flag is not None:
            session.delete(flag)
        return None
    if flag is None:
        flag = RiskFlag(interaction_id=interaction_id, status=RiskFlagState.OPEN,
                        created_at=now or datetime.now(UTC))
        session.add(flag)
    flag.score = record.get("score")
    flag.top_reason = reasons[0].reason
    flag.reasons = [_masked(reason).to_json() for reason in reasons]
    return flag


def _masked(reason: FlagReason) -> FlagReason:
    """Evidence as it may be shown: a transcript is masked already, a chat thread is stored
    as written, so its words are masked here (idempotent on masked text)."""
    return replace(reason, evidence=tuple(replace(entry, text=mask_text(entry.text))
                                          for entry in reason.evidence))
