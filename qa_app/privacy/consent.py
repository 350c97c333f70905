"""Consent per interaction: set it (with a reason, audited) and filter by it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right
from qa_app.auth.scope import OutOfScope
from qa_app.db.models import Interaction
from qa_app.privacy.policy import PrivacyPolicy
from qa_app.vocabulary import ConsentState


def processable(policy: PrivacyPolicy) -> ColumnElement[bool]:
    """The interactions that sampling, transcription and scoring may use under the policy."""
    return Interaction.consent != ConsentState.REFUSED if policy.exclude_refused_consent else true()


def set_consent(session: Session, principal: Principal, source_id: str, state: str,
                reason: str, session_id: str | None = None) -> Interaction:
    if not has_right(principal, "change_consent"):
        raise OutOfScope(f"role {principal.role} may not change consent")
    if state not in frozenset(ConsentState):
        raise ValueError(f"consent must be one of {', '.join(ConsentState)}, not {state!r}")
    if not reason.strip():
        raise ValueError("a reason is required to change consent")
    interaction = session.scalar(select(Interaction).where(
        Interaction.source_id == source_id.strip()))
    if interaction is None:
        raise LookupError(f"interaction {source_id!r} is unknown; check the interaction id")
    previous, interaction.consent = interaction.consent, state
    audit.record(session, principal, "consent_change", target_kind="interaction",
                 target_id=interaction.source_id, session_id=session_id,
                 details={"from": previous, "to": state, "reason": reason.strip()})
    return interaction
