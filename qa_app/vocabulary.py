"""The words of the business that every layer shares: roles, channels, states and kinds.

They live here, below every package, so that the domain, the services and the database
models all speak them without importing one another. Each is a ``StrEnum``: a member is equal
to its string, which is what the database stores and the i18n catalog keys on.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    QCO_LEAD = "qco_lead"
    QCO = "qco"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    AGENT = "agent"


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    SOCIAL = "social"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ConsentState(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    UNKNOWN = "unknown"


class ImportKind(StrEnum):
    ROSTER = "roster"
    INTERACTIONS = "interactions"
    CSI = "csi"
    RECORDINGS = "recordings"


class SampleKind(StrEnum):
    """A random sample counts toward QM; a targeted review (a complaint, a flag) does not."""

    RANDOM = "random"
    TARGETED = "targeted"


class EvaluationState(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class RevisionKind(StrEnum):
    DRAFT = "draft"
    FINAL = "final"
    CORRECTION = "correction"
    DISPUTE = "dispute"


class HumanAnswer(StrEnum):
    YES = "yes"
    PARTIAL = "partial"
    NO = "no"
    NA = "na"


class JobKind(StrEnum):
    TRANSCRIBE = "transcribe"
    PRESCORE = "prescore"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RiskFlagState(StrEnum):
    """A screened call's risk flag: waiting for the QCO lead, sent to a targeted review, or
    dismissed with a reason."""

    OPEN = "open"
    SENT = "sent"
    DISMISSED = "dismissed"


class RunOutcome(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    RETRY = "retry"
    ABANDONED = "abandoned"
    SUPERSEDED = "superseded"
