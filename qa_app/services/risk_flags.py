"""Risk flags for the QCO lead: list them, send one to a targeted review, or dismiss it.

The lead sends a flag to a targeted review assigned to a QCO of their choice
(``send_to_review``: a sample of kind "targeted" without a draw, which the QM score leaves
out like every targeted review) or dismisses it with a reason (``dismiss``); both decisions
are audited. Managers read the flags; no other role sees them (refusals are audited too).
The flags themselves come from ``qa_app.services.screening``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right
from qa_app.config import Settings
from qa_app.db.auth_models import UserAccount
from qa_app.db.models import Agent, Interaction
from qa_app.db.sampling_models import Sample, SampleAssignmentLog
from qa_app.db.screening_models import RiskFlag
from qa_app.db.session import session_scope
from qa_app.sampling.weeks import IsoWeek
from qa_app.scoring.loader import NoFormApplies, form_for
from qa_app.services.screening import screening_enabled
from qa_app.vocabulary import RiskFlagState, Role

READ_ROLES = frozenset({Role.QCO_LEAD, Role.MANAGER})
ACT_RIGHT = "act_on_risk_flags"
TARGET_REASON = "risk_flag"
REVIEWER_ROLES = (Role.QCO, Role.QCO_LEAD)


class FlagNotAllowed(PermissionError):
    """The requester may not read or decide risk flags."""


class FlagError(ValueError):
    """A decision that cannot be made (decided already, the call sampled meanwhile, no reason)."""


@dataclass(frozen=True)
class FlagRow:
    flag_id: int
    interaction_id: int
    source_id: str
    agent: str
    channel: str
    started_at: datetime
    score: float | None
    top_reason: str
    reasons: list[dict[str, Any]]
    status: str
    decided_by: str | None
    decision_note: str | None
    sample_id: int | None
    has_recording: bool
    item_texts: dict[str, str]  # the form's wording of each flagged item


@dataclass(frozen=True)
class FlagPage:
    """What the risk-flag page shows: the flags, whom they may be sent to, the settings."""

    rows: list[FlagRow]
    reviewers: list[tuple[int, str]]
    may_act: bool
    screening_on: bool
    low_score: float


def may_read(principal: Principal) -> bool:
    return principal.role in READ_ROLES


def flag_page(engine: Engine, settings: Settings, principal: Principal,
              status: str = RiskFlagState.OPEN, limit: int = 200, *,
              record_view: bool = True, session_id: str | None = None) -> FlagPage:
    """The page's content for ``principal``: refused (and audited) for other roles. The
    masked excerpts shown are audited as a transcript view (``record_view``: the page asks
    once per list and sitting, not on every rerun)."""
    rows = list_flags(engine, principal, status, limit)
    with session_scope(engine) as session:
        reviewers = reviewer_choices(session)
        enabled = screening_enabled(session, settings)
        if record_view and rows:
            audit.record(session, principal, "transcript_view", target_kind="risk_flags",
                         target_id=status, session_id=session_id,
                         details={"calls": [row.source_id for row in rows]})
    return FlagPage(rows, reviewers, has_right(principal, ACT_RIGHT), enabled,
                    settings.screening_low_score)


def list_flags(engine: Engine, principal: Principal, status: str = RiskFlagState.OPEN,
               limit: int = 200) -> list[FlagRow]:
    """The flags of one state, newest call first; refused (and audited) for other roles."""
    _require(engine, principal, may_read(principal), "list")
    query = (select(RiskFlag, Interaction.source_id, Agent.name, Interaction.channel,
                    Interaction.started_at, Interaction.direction,
                    Interaction.recording_path.is_not(None))
             .join(Interaction, Interaction.id == RiskFlag.interaction_id)
             .join(Agent, Agent.id == Interaction.agent_id)
             .where(RiskFlag.status == status)
             .order_by(Interaction.started_at.desc(), RiskFlag.id.desc()).limit(limit))
    return [FlagRow(flag.id, flag.interaction_id, source_id, agent, channel, started,
                    flag.score, flag.top_reason, flag.reasons, flag.status, flag.decided_by,
                    flag.decision_note, flag.sample_id, bool(recorded),
                    _item_texts(channel, direction, flag.reasons))
            for flag, source_id, agent, channel, started, direction, recorded
            in _rows(engine, query)]


def _item_texts(channel: str, direction: str | None,
                reasons: list[dict[str, Any]]) -> dict[str, str]:
    try:
        items = {item.id: item.text for item in form_for(channel, direction or "inbound").items()}
    except NoFormApplies:
        items = {}
    return {str(r["item"]): items.get(str(r["item"]), str(r["item"]))
            for r in reasons if r.get("item")}


def _rows(engine: Engine, query: Any) -> list[Any]:
    with Session(engine) as session:
        return list(session.execute(query))


def reviewer_choices(session: Session) -> list[tuple[int, str]]:
    """The active QCOs and QCO leads a flag may be sent to: (user id, display name)."""
    return [(user_id, name) for user_id, name in session.execute(
        select(UserAccount.id, UserAccount.display_name)
        .where(UserAccount.role.in_(REVIEWER_ROLES), UserAccount.active.is_(True))
        .order_by(UserAccount.display_name))]


def send_to_review(engine: Engine, settings: Settings, principal: Principal, flag_id: int,
                   reviewer_id: int, note: str = "", now: datetime | None = None) -> int:
    """Make the flagged call a targeted sample assigned to ``reviewer_id``, in the week of
    its local day; returns the sample's id."""
    now = now or datetime.now(UTC)
    _require(engine, principal, has_right(principal, ACT_RIGHT), "decide", flag_id)
    with session_scope(engine) as session:
        flag = _open_flag(session, flag_id)
        if reviewer_id not in dict(reviewer_choices(session)):
            raise FlagError(f"user #{reviewer_id} is not an active QCO; pick one of the list")
        interaction = session.get(Interaction, flag.interaction_id)
        assert interaction is not None  # the flag's foreign key cascades
        if session.scalar(select(Sample.id).where(Sample.interaction_id == interaction.id)):
            raise FlagError(f"interaction {interaction.source_id} is sampled already; "
                            "it is reviewed there")
        local_day = interaction.started_at.astimezone(settings.tz).date()
        sample = Sample(draw_id=None, interaction_id=interaction.id,
                        agent_id=interaction.agent_id, week=str(IsoWeek.containing(local_day)),
                        kind="targeted", target_reason=TARGET_REASON, reviewer_id=reviewer_id,
                        assigned_at=now, status="waiting")
        session.add(sample)
        session.flush()
        session.add(SampleAssignmentLog(sample_id=sample.id, from_reviewer_id=None,
                                        to_reviewer_id=reviewer_id, reason=TARGET_REASON,
                                        by=principal.username, at=now))
        _decide(flag, RiskFlagState.SENT, principal, note.strip() or None, now)
        flag.sample_id = sample.id
        audit.record(session, principal, "risk_flag", target_kind="risk_flag",
                     target_id=flag.id, now=now,
                     details={"decision": "sent", "interaction": interaction.source_id,
                              "sample": sample.id, "reviewer_id": reviewer_id})
        return sample.id


def dismiss(engine: Engine, principal: Principal, flag_id: int, reason: str,
            now: datetime | None = None) -> None:
    """Close a flag without a review; the reason is required and audited."""
    if not reason.strip():
        raise FlagError("a dismissed flag needs a reason")
    now = now or datetime.now(UTC)
    _require(engine, principal, has_right(principal, ACT_RIGHT), "decide", flag_id)
    with session_scope(engine) as session:
        flag = _open_flag(session, flag_id)
        _decide(flag, RiskFlagState.DISMISSED, principal, reason.strip(), now)
        audit.record(session, principal, "risk_flag", target_kind="risk_flag",
                     target_id=flag.id, now=now,
                     details={"decision": "dismissed", "reason": reason.strip()})


def _open_flag(session: Session, flag_id: int) -> RiskFlag:
    flag = session.get(RiskFlag, flag_id)
    if flag is None:
        raise FlagError(f"there is no risk flag #{flag_id}")
    if flag.status != RiskFlagState.OPEN:
        raise FlagError(f"risk flag #{flag_id} was decided already ({flag.status} by "
                        f"{flag.decided_by})")
    return flag


def _decide(flag: RiskFlag, state: str, principal: Principal, note: str | None,
            now: datetime) -> None:
    flag.status, flag.decided_by, flag.decided_at, flag.decision_note = (
        state, principal.username, now, note)


def _require(engine: Engine, principal: Principal, allowed: bool, what: str,
             flag_id: int | None = None) -> None:
    if allowed:
        return
    with session_scope(engine) as session:
        audit.record(session, principal, "access_denied", target_kind="risk_flag",
                     target_id=flag_id, outcome="denied", details={"what": what})
    raise FlagNotAllowed(f"{principal.username} ({principal.role}) may not {what} risk flags")
