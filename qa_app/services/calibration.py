"""Calibration sessions (QCO lead): set up, blind scoring by the participants, close, results.

A participant's answers are stored in ``calibration_score``, never in ``evaluation``: the
QM figures, tallies and reports read evaluations only, so calibration never enters QM.
Every change is audited as ``calibration`` (with the event in its details). Until a session
closes, nobody but its creator learns who has submitted what, and a participant reads only
their own answers; the AI's suggestions and the agent's name are withheld as the session says.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.calibration import stats
from qa_app.db.auth_models import UserAccount
from qa_app.db.calibration_models import (
    CalibrationItem,
    CalibrationParticipant,
    CalibrationScore,
    CalibrationSession,
)
from qa_app.db.models import Interaction
from qa_app.db.work_models import PreScoreRecord
from qa_app.reports.queries.evaluation_rows import ItemWording
from qa_app.review.answers import (
    ItemAnswer,
    MachineAnswer,
    finalize_problems,
    live_score,
    machine_answers,
)
from qa_app.review.errors import FinalizeRefused, ReviewError
from qa_app.review.rubric_versions import rubric_version_id
from qa_app.review.store import form_of
from qa_app.sampling.weeks import IsoWeek
from qa_app.scoring.item_keys import ItemKey
from qa_app.scoring.loader import NoFormApplies, form_for
from qa_app.scoring.schema import Form

LEADS = ("qco_lead",)
READERS = ("qco_lead", "manager")
SCORERS = ("qco", "qco_lead")


class CalibrationError(ReviewError):
    """A calibration action that cannot be done; ``key`` is its i18n message key."""


@dataclass(frozen=True)
class NewSession:
    title: str
    due_on: date
    participant_ids: Sequence[int]
    interaction_ids: Sequence[int] = ()  # chosen by the lead (by id or by source id) …
    source_ids: Sequence[str] = ()
    draw_week: str | None = None  # … or drawn at random from this ISO week
    draw_count: int = 0
    seed: int | None = None
    baseline_user_id: int | None = None  # the lead's own answers, or a named expert's
    hide_ai: bool = True
    hide_agent: bool = False


def _require(principal: Principal, roles: Sequence[str]) -> None:
    if principal.role not in roles:
        raise CalibrationError("calibration.error.not_allowed")


def _audit(session: Session, principal: Principal, session_id: int, event: str, now: datetime,
           **details: object) -> None:
    audit.record(session, principal, "calibration", target_kind="calibration_session",
                 target_id=session_id, details={"event": event, **details}, now=now)


def week_interactions(session: Session, week: str, zone: ZoneInfo) -> list[int]:
    """The interactions that started in ``week`` (local time), oldest first."""
    iso = IsoWeek.parse(week)
    start = datetime.combine(iso.monday, time(), zone)
    return list(session.scalars(select(Interaction.id).where(
        Interaction.started_at >= start, Interaction.started_at < start + timedelta(days=7))
        .order_by(Interaction.started_at, Interaction.id)))


def _form_version(session: Session, interaction: Interaction) -> int:
    """The form the interaction was pre-scored with, else the one for its channel."""
    found = session.scalar(select(PreScoreRecord.rubric_version_id).where(
        PreScoreRecord.interaction_id == interaction.id))
    if found is not None:
        return found
    try:
        return rubric_version_id(session, form_for(interaction.channel, interaction.direction))
    except NoFormApplies:
        raise CalibrationError("calibration.error.no_form", id=interaction.source_id) from None


def create_session(session: Session, principal: Principal, new: NewSession, *, now: datetime,
                   zone: ZoneInfo) -> int:
    """Store a session with its items and participants; returns its id."""
    _require(principal, LEADS)
    if not new.title.strip():
        raise CalibrationError("calibration.error.no_title")
    if new.due_on < now.astimezone(zone).date():
        raise CalibrationError("calibration.error.due_in_past", due=new.due_on.isoformat())
    interaction_ids = list(dict.fromkeys(new.interaction_ids))
    if new.source_ids:
        wanted = [s.strip() for s in new.source_ids if s.strip()]
        found = dict(session.execute(select(Interaction.source_id, Interaction.id).where(
            Interaction.source_id.in_(wanted))).all())
        if missing := [s for s in wanted if s not in found]:
            raise CalibrationError("calibration.error.unknown_sources", ids=", ".join(missing))
        interaction_ids += [found[s] for s in wanted if found[s] not in interaction_ids]
    seed = None
    if new.draw_week:
        pool = [i for i in week_interactions(session, new.draw_week, zone)
                if i not in interaction_ids]
        if len(pool) < new.draw_count:
            raise CalibrationError("calibration.error.pool_too_small", week=new.draw_week,
                                   found=len(pool), wanted=new.draw_count)
        seed = new.seed if new.seed is not None else random.SystemRandom().randrange(10**9)
        interaction_ids += random.Random(seed).sample(pool, new.draw_count)
    if not interaction_ids:
        raise CalibrationError("calibration.error.no_items")
    people = list(dict.fromkeys(new.participant_ids))
    if new.baseline_user_id is not None and new.baseline_user_id not in people:
        people.append(new.baseline_user_id)
    scorers = dict(session.execute(select(UserAccount.id, UserAccount.role).where(
        UserAccount.id.in_(people), UserAccount.active.is_(True))).all())
    if unknown := [p for p in people if scorers.get(p) not in SCORERS]:
        raise CalibrationError("calibration.error.not_a_scorer", ids=unknown)
    others = [p for p in people if p != new.baseline_user_id]
    if len(others) < (1 if new.baseline_user_id is not None else 2):
        raise CalibrationError("calibration.error.too_few")  # nobody to compare
    row = CalibrationSession(
        title=new.title.strip(), status="open", due_on=new.due_on, hide_ai=new.hide_ai,
        hide_agent=new.hide_agent, week=new.draw_week, seed=None if seed is None else str(seed),
        created_by_id=principal.user_id, created_at=now)
    session.add(row)
    session.flush()
    for position, interaction_id in enumerate(interaction_ids):
        interaction = session.get(Interaction, interaction_id)
        if interaction is None:
            raise CalibrationError("calibration.error.no_interaction", id=interaction_id)
        session.add(CalibrationItem(session_id=row.id, interaction_id=interaction_id,
                                    rubric_version_id=_form_version(session, interaction),
                                    position=position))
    session.add_all(CalibrationParticipant(session_id=row.id, user_id=p,
                                           is_baseline=p == new.baseline_user_id)
                    for p in people)
    session.flush()
    _audit(session, principal, row.id, "create", now, interactions=interaction_ids,
           participants=people, baseline=new.baseline_user_id, week=new.draw_week,
           seed=row.seed, hide_ai=new.hide_ai, hide_agent=new.hide_agent)
    return row.id


def scorers(session: Session) -> dict[int, str]:
    """The active accounts that may take part (QCOs and QCO leads): id → display name."""
    return dict(session.execute(select(UserAccount.id, UserAccount.display_name).where(
        UserAccount.role.in_(SCORERS), UserAccount.active.is_(True)).order_by(
        UserAccount.display_name)).all())


def _participant(session: Session, principal: Principal,
                 item: CalibrationItem) -> CalibrationParticipant:
    found = session.scalar(select(CalibrationParticipant).where(
        CalibrationParticipant.session_id == item.session_id,
        CalibrationParticipant.user_id == principal.user_id))
    if found is None:
        raise CalibrationError("calibration.error.not_participant")
    return found


@dataclass(frozen=True)
class CalibrationScreen:
    """What a participant sees of one calibration item: blind until the session closes."""

    item_id: int
    session_id: int
    title: str
    interaction_id: int
    source_id: str
    channel: str
    direction: str
    agent_name: str | None  # None: hidden for this session
    has_recording: bool
    form: Form
    machine: dict[str, MachineAnswer]  # empty: the AI's suggestions are hidden
    answers: dict[str, ItemAnswer]  # this participant's own submitted answers
    overall_comment: str
    submitted_at: datetime | None
    open: bool
    due_on: date


def open_item(session: Session, principal: Principal, item_id: int) -> CalibrationScreen:
    item = session.get(CalibrationItem, item_id)
    if item is None:
        raise CalibrationError("calibration.error.no_item", id=item_id)
    _participant(session, principal, item)
    owner = session.get_one(CalibrationSession, item.session_id)
    interaction = session.get_one(Interaction, item.interaction_id)
    is_open = owner.status == "open"
    machine: dict[str, MachineAnswer] = {}
    if not (is_open and owner.hide_ai):
        prescore = session.scalar(select(PreScoreRecord.document).where(
            PreScoreRecord.interaction_id == interaction.id))
        machine = machine_answers(prescore)
    mine = session.scalar(select(CalibrationScore).where(
        CalibrationScore.item_id == item.id, CalibrationScore.user_id == principal.user_id))
    answers = {key: ItemAnswer(value.get("answer"), "", value.get("comment") or "")
               for key, value in (mine.answers if mine else {}).items()}
    return CalibrationScreen(
        item_id=item.id, session_id=owner.id, title=owner.title, interaction_id=interaction.id,
        source_id=interaction.source_id, channel=interaction.channel,
        direction=interaction.direction,
        agent_name=None if is_open and owner.hide_agent else interaction.agent.name,
        has_recording=bool(interaction.recording_path), form=form_of(session,
                                                                     item.rubric_version_id),
        machine=machine, answers=answers, overall_comment=(mine.overall_comment or "")
        if mine else "", submitted_at=mine.submitted_at if mine else None, open=is_open,
        due_on=owner.due_on)


def submit_answers(session: Session, principal: Principal, item_id: int,
                   answers: Mapping[str, ItemAnswer], overall_comment: str = "", *,
                   now: datetime, seconds_spent: float = 0.0) -> CalibrationScore:
    """Store (or replace, while the session is open) the participant's whole form."""
    item = session.get(CalibrationItem, item_id)
    if item is None:
        raise CalibrationError("calibration.error.no_item", id=item_id)
    _participant(session, principal, item)
    owner = session.get_one(CalibrationSession, item.session_id)
    if owner.status != "open":
        raise CalibrationError("calibration.error.closed", id=owner.id)
    form = form_of(session, item.rubric_version_id)
    problems = finalize_problems(form, answers, {}, fatal_confirmed=True)
    if problems:
        raise FinalizeRefused(problems)
    breakdown = live_score(form, answers)
    document = {i.id: {"answer": answers[i.id].answer, "comment": answers[i.id].comment}
                for i in form.items()}
    row = session.scalar(select(CalibrationScore).where(
        CalibrationScore.item_id == item.id, CalibrationScore.user_id == principal.user_id))
    if row is None:
        row = CalibrationScore(item_id=item.id, user_id=principal.user_id, seconds_spent=0.0)
        session.add(row)
    row.answers = document
    row.overall_comment = overall_comment or None
    row.score = breakdown.score
    row.fatal = breakdown.fatal
    row.seconds_spent = (row.seconds_spent or 0.0) + max(seconds_spent, 0.0)
    row.submitted_at = now
    session.flush()
    _audit(session, principal, owner.id, "submit", now, item=item.id, score=breakdown.score)
    return row


def close_session(session: Session, principal: Principal, session_id: int, *,
                  now: datetime) -> None:
    _require(principal, LEADS)
    row = session.get(CalibrationSession, session_id)
    if row is None:
        raise CalibrationError("calibration.error.no_session", id=session_id)
    if row.status == "closed":
        raise CalibrationError("calibration.error.closed", id=session_id)
    row.status = "closed"
    row.closed_at = now
    session.flush()
    _audit(session, principal, session_id, "close", now)


@dataclass(frozen=True)
class SessionSummary:
    id: int
    title: str
    status: str
    due_on: date
    items: int
    participants: int
    submitted: int  # answer sets submitted
    expected: int  # items × participants
    created_at: datetime
    closed_at: datetime | None


def list_sessions(session: Session, principal: Principal) -> list[SessionSummary]:
    """Every session with its progress, newest first (QCO leads and managers)."""
    _require(principal, READERS)
    rows = session.scalars(select(CalibrationSession).order_by(
        CalibrationSession.created_at.desc(), CalibrationSession.id.desc()))
    summaries = []
    for row in rows:
        items = session.scalar(select(func.count()).where(
            CalibrationItem.session_id == row.id)) or 0
        people = session.scalar(select(func.count()).where(
            CalibrationParticipant.session_id == row.id)) or 0
        submitted = session.scalar(select(func.count(CalibrationScore.id)).join(
            CalibrationItem, CalibrationItem.id == CalibrationScore.item_id).where(
            CalibrationItem.session_id == row.id)) or 0
        summaries.append(SessionSummary(row.id, row.title, row.status, row.due_on, items, people,
                                        submitted, items * people, row.created_at,
                                        row.closed_at))
    return summaries


@dataclass(frozen=True)
class DueCalibration:
    session_id: int
    title: str
    due_on: date
    item_ids: tuple[int, ...]  # the items this user has still to score, in session order
    source_ids: tuple[str, ...]


def due_calibrations(session: Session, user_id: int) -> list[DueCalibration]:
    """The open sessions ``user_id`` still has items to score in, soonest due first (for
    the Home inbox)."""
    done = select(CalibrationScore.item_id).where(CalibrationScore.user_id == user_id)
    rows = session.execute(
        select(CalibrationSession.id, CalibrationSession.title, CalibrationSession.due_on,
               CalibrationItem.id, Interaction.source_id)
        .join(CalibrationParticipant,
              CalibrationParticipant.session_id == CalibrationSession.id)
        .join(CalibrationItem, CalibrationItem.session_id == CalibrationSession.id)
        .join(Interaction, Interaction.id == CalibrationItem.interaction_id)
        .where(CalibrationParticipant.user_id == user_id, CalibrationSession.status == "open",
               CalibrationItem.id.not_in(done))
        .order_by(CalibrationSession.due_on, CalibrationSession.id, CalibrationItem.position))
    grouped: dict[int, tuple[str, date, list[int], list[str]]] = {}
    for session_id, title, due_on, item_id, source_id in rows:
        entry = grouped.setdefault(session_id, (title, due_on, [], []))
        entry[2].append(item_id)
        entry[3].append(source_id)
    return [DueCalibration(k, title, due, tuple(items), tuple(sources))
            for k, (title, due, items, sources) in grouped.items()]


@dataclass(frozen=True)
class SessionResults:
    session_id: int
    title: str
    status: str
    result: stats.SessionResult
    names: dict[int, str]  # participant user id → display name
    baseline: int | None
    source_ids: dict[int, str]  # calibration item id → interaction source id
    wording: ItemWording  # the titles and item texts of the session's forms


def units_of(session: Session, session_ids: Sequence[int]) -> list[stats.Unit]:
    """The answer sets of sessions as the statistics read them (unit key: calibration item)."""
    baselines = dict(session.execute(select(
        CalibrationParticipant.session_id, CalibrationParticipant.user_id).where(
        CalibrationParticipant.session_id.in_(session_ids),
        CalibrationParticipant.is_baseline.is_(True))).all())
    units = []
    items = session.scalars(select(CalibrationItem).where(
        CalibrationItem.session_id.in_(session_ids)).order_by(
        CalibrationItem.session_id, CalibrationItem.position))
    for item in items:
        form = form_of(session, item.rubric_version_id)
        sets = tuple(stats.AnswerSet(s.user_id, {k: v["answer"] for k, v in s.answers.items()
                                                 if v.get("answer") is not None}, s.score)
                     for s in session.scalars(select(CalibrationScore).where(
                         CalibrationScore.item_id == item.id).order_by(
                         CalibrationScore.user_id)))
        units.append(stats.Unit(item.id, form.id, tuple(i.id for i in form.items()),
                                frozenset(i.id for i in form.items() if i.fatal), sets,
                                baselines.get(item.session_id)))
    return units


def results(session: Session, principal: Principal, session_id: int) -> SessionResults:
    """The figures of a closed session (QCO leads and managers)."""
    _require(principal, READERS)
    row = session.get(CalibrationSession, session_id)
    if row is None:
        raise CalibrationError("calibration.error.no_session", id=session_id)
    if row.status != "closed":
        raise CalibrationError("calibration.error.still_open", id=session_id)
    units = units_of(session, [row.id])
    people = session.execute(select(UserAccount.id, UserAccount.display_name).join(
        CalibrationParticipant, CalibrationParticipant.user_id == UserAccount.id).where(
        CalibrationParticipant.session_id == row.id)).all()
    sources = session.execute(select(CalibrationItem.id, Interaction.source_id).join(
        Interaction, Interaction.id == CalibrationItem.interaction_id).where(
        CalibrationItem.session_id == row.id)).all()
    forms = [form_of(session, version) for version in set(session.scalars(
        select(CalibrationItem.rubric_version_id).where(CalibrationItem.session_id == row.id)))]
    wording = ItemWording({form.id: form.title for form in forms},
                          {ItemKey(form.id, i.id): i.text for form in forms for i in form.items()})
    return SessionResults(row.id, row.title, row.status, stats.session_result(units),
                          dict(people), units[0].baseline if units else None, dict(sources),
                          wording)
