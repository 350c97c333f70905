"""Exporting a redacted recording for someone outside the QA team (a complaint file, an
auditor): the only way a recording leaves the app as a file.

Needs the ``export_recording`` right and the interaction in the principal's scope; the
spans of the masked words of its stored transcript become a tone (``exports.redacted_recording``).
The export is audited as ``export`` with the interaction, the number of spans, the reason and
the recipient typed by the user (masked, like every text the log keeps), in the transaction
that reads the recording; a refusal is audited as ``access_denied``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right
from qa_app.auth.scope import get_visible
from qa_app.config import Settings
from qa_app.db.models import Interaction
from qa_app.db.session import session_scope
from qa_app.db.work_models import Transcript
from qa_app.exports import redacted_recording
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.services.imports import NotAllowed
from qa_app.transcribe.redact import mask_text

RIGHT = "export_recording"
MAX_TEXT = 300


class ExportIncomplete(ValueError):
    """The export cannot be made as asked; ``key`` is the message's catalogue key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def file_name(source_id: str) -> str:
    return f"{source_id}-redacted.wav"


@dataclass(frozen=True)
class RecordingExport:
    data: bytes  # WAV
    spans: int
    seconds: float  # of tone


def export_redacted_recording(engine: Engine, settings: Settings, principal: Principal,
                              interaction_id: int, *, reason: str, recipient: str,
                              session_id: str | None = None) -> RecordingExport:
    """The interaction's recording with its masked words toned out, as WAV.

    Raises NotAllowed without the right (audited), OutOfScope outside the principal's scope,
    ExportIncomplete without a reason or recipient, or when the call has no transcript yet
    (nothing would say where its identifiers are)."""
    if not has_right(principal, RIGHT):
        with session_scope(engine) as session:
            audit.record(session, principal, "access_denied", target_kind="recording",
                         target_id=interaction_id, outcome="denied", session_id=session_id,
                         details={"export": "redacted_recording"})
        raise NotAllowed(f"{principal.username} may not export recordings")
    reason, recipient = reason.strip(), recipient.strip()
    if not reason or not recipient:
        raise ExportIncomplete("recording_export.error.reason_recipient")
    with session_scope(engine) as session:
        interaction = get_visible(session, principal, Interaction, interaction_id)
        document = session.scalar(select(Transcript.document).where(
            Transcript.interaction_id == interaction_id))
        if document is None:
            raise ExportIncomplete("recording_export.error.no_transcript")
        try:
            path = resolve_recording(settings.recordings_dir, interaction.recording_path or "")
        except UnsafeRecordingPath as error:
            raise ExportIncomplete("recording_export.error.no_recording") from error
        speakers = [part.strip() for part in settings.stereo_channels.split(",")]
        redacted = redacted_recording(path, document, speakers)
        audit.record(session, principal, "export", target_kind="recording",
                     target_id=interaction.source_id, session_id=session_id,
                     details={"interaction_id": interaction_id, "format": "wav",
                              "redacted": True, "spans": len(redacted.spans),
                              "seconds": round(redacted.seconds, 2),
                              "reason": mask_text(reason)[:MAX_TEXT],
                              "recipient": mask_text(recipient)[:MAX_TEXT]})
        return RecordingExport(redacted.data,
                               len(redacted.spans), redacted.seconds)
