"""Loading the demo: generated Omni Channel exports through the real importers, the
synthetic call recordings copied under the recordings root and linked by a scan, and their
shipped transcripts stored and pre-scored as the worker would (qa_app.demo.transcripts)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from qa_app.config import Settings
from qa_app.db.models import Agent, Interaction
from qa_app.demo.accounts import create_demo_accounts
from qa_app.demo.generator import DEFAULT_SEED, DEFAULT_WEEKS, RECORDINGS_DIR, write_demo_exports
from qa_app.demo.history import DemoHistory, build_history
from qa_app.demo.transcripts import load_demo_transcripts
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.recordings import RecordingScan, scan_recordings
from qa_app.ingest.service import ImportReport
from qa_app.sampling.service import DrawResult
from qa_app.sampling.weeks import IsoWeek
from qa_app.services.draws import draw_week
from qa_app.services.imports import import_file
from qa_app.services.requester import Requester
from qa_app.services.screening import enable_screening, queue_screening

DEMO_USER = "demo"


@dataclass
class DemoLoad:
    seed: int
    reports: list[ImportReport] = field(default_factory=list)
    recordings: RecordingScan | None = None
    accounts: list[str] = field(default_factory=list)
    stand_in_recordings: int = 0
    draw: DrawResult | None = None
    chats_queued: int = 0
    transcriptions_queued: int = 0
    screening: int = 0  # calls and chats queued for screening (QA_SCREENING, on in the demo)
    history: DemoHistory | None = None
    transcribed: list[str] = field(default_factory=list)


def database_is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return not session.scalar(select(func.count()).select_from(Agent))


def load_demo(engine: Engine, settings: Settings, seed: int = DEFAULT_SEED,
              weeks: int = DEFAULT_WEEKS) -> DemoLoad:
    """Write the demo exports of ``weeks`` weeks for ``seed``, import them, link the demo
    recordings and store their transcripts and pre-scores."""
    exports = write_demo_exports(settings.home / "demo" / f"seed-{seed}", seed=seed,
                                 weeks=weeks)
    mapping = load_mapping("omni_channel", settings.mappings_dir)
    result = DemoLoad(seed=seed)
    for kind, path in (("roster", exports.roster), ("interactions", exports.interactions),
                       ("csi", exports.csi)):
        outcome = import_file(engine, settings, Requester(DEMO_USER), kind,
                              TableSource.from_path(path), mapping)
        result.reports.append(outcome.report)
        result.chats_queued += outcome.chats_queued
    target = settings.recordings_dir / "demo"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(RECORDINGS_DIR.glob("OC-REC-*")):
        shutil.copy2(source, target / source.name)
    result.recordings = scan_recordings(engine, target, settings.recordings_dir, DEMO_USER)
    with Session(engine) as session, session.begin():
        result.stand_in_recordings = lend_recordings(session, sorted(
            f"demo/{path.name}" for path in target.glob("OC-REC-*.wav")))
        result.accounts = create_demo_accounts(session, settings)
        result.history = build_history(session, settings.tz, seed)
        week = last_full_week(session, settings.tz)
    # screening on only now: the imports above would have queued the shipped calls for it;
    # their pre-scores, stored next, raise their risk flags
    with Session(engine) as session, session.begin():
        enable_screening(session, DEMO_USER)
    result.transcribed = load_demo_transcripts(engine, settings)  # before the draw queues them
    if week is not None:  # drawn as any draw is, with its transcriptions and chat pre-scores
        drawn = draw_week(engine, settings, week, by=DEMO_USER, seed=DEFAULT_SEED)
        result.draw, result.transcriptions_queued = drawn.result, drawn.transcriptions_queued
    screened = queue_screening(engine, settings, DEMO_USER)  # behind the QCOs' samples
    result.screening = screened.transcriptions + screened.prescores
    return result


def last_full_week(session: Session, zone: ZoneInfo) -> IsoWeek | None:
    """The last full week of the demo data, drawn so the QCOs have samples in their queues."""
    last = session.scalar(select(func.max(Interaction.started_at)))
    if last is None:
        return None
    week = IsoWeek.containing(last.astimezone(zone).date())
    if last.astimezone(zone).date() < week.sunday:
        week = week.shifted(-1)
    return week


def lend_recordings(session: Session, recordings: list[str]) -> int:
    """Give every demo voice call without audio one of the demo recordings, in turn.

    Only the twelve OC-REC calls have audio of their own; without stand-ins the sampler would
    (rightly) exclude nine in ten voice calls as "no recording" and the demo could not show a
    week's draw, transcription or review. Their ground truth belongs to the OC-REC calls only.
    """
    silent = session.scalars(select(Interaction.id).where(
        Interaction.channel == "voice", Interaction.recording_path.is_(None))
        .order_by(Interaction.id)).all()
    if not recordings or not silent:
        return 0
    session.execute(update(Interaction), [
        {"id": interaction_id, "recording_path": recordings[n % len(recordings)]}
        for n, interaction_id in enumerate(silent)])
    return len(silent)
