"""Reading an interaction's transcript (or chat thread) and its recording: scoped and audited.

Every call here is an access to personal data: it checks the principal's scope first and
writes ``transcript_view`` or ``recording_play`` to the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.auth.principal import Principal
from qa_app.auth.rights import has_right
from qa_app.auth.scope import OutOfScope, get_visible, scoped_select
from qa_app.db.models import Interaction
from qa_app.db.work_models import Transcript
from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording
from qa_app.transcribe.dialogue import mask_dialogue


@dataclass(frozen=True)
class TurnText:
    speaker: str | None  # "agent", "customer" or None when speakers were not separated
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class TranscriptView:
    kind: str  # "voice" (a transcript of the recording) or "chat" (the thread itself)
    turns: tuple[TurnText, ...]
    unmasked_available: bool = False  # the principal may ask for the text without masking
    unmasked: bool = False  # these turns are unmasked


def _speaker(value: object) -> str | None:
    return value if value in ("agent", "customer") else None


def _chat_turns(messages: list[dict[str, str]], unmasked: bool) -> tuple[TurnText, ...]:
    """A chat thread as turns, masked like a transcript (the customer's message answering
    the agent's question included) unless ``unmasked``."""
    times = [datetime.fromisoformat(str(m["sent_at"])) for m in messages]
    said = [(_speaker(m.get("sender")), str(m.get("text") or "")) for m in messages]
    shown_texts = [text for _, text in said] if unmasked else mask_dialogue(said)
    turns = []
    for message, at, shown in zip(messages, times, shown_texts, strict=True):
        offset = (at - times[0]).total_seconds()
        turns.append(TurnText(_speaker(message.get("sender")), offset, offset, shown))
    return tuple(turns)


def open_transcript(session: Session, principal: Principal, interaction_id: int, *,
                    session_id: str | None = None, unmasked: bool = False
                    ) -> TranscriptView | None:
    """The masked transcript of a voice interaction, or a chat's masked thread; None when a
    voice interaction has no transcript yet. Audited as ``transcript_view``.

    ``unmasked`` asks for the original text: only for roles with the ``view_unmasked`` right
    (:class:`OutOfScope` otherwise), audited as ``unmasked_view`` as well.
    """
    interaction = get_visible(session, principal, Interaction, interaction_id)
    may_unmask = has_right(principal, "view_unmasked")
    if unmasked and not may_unmask:
        raise OutOfScope(f"{principal.username} may not see unmasked personal data")
    if interaction.channel == "voice":
        row = session.execute(scoped_select(principal, Transcript).where(
            Transcript.interaction_id == interaction_id).with_only_columns(
            Transcript.document, Transcript.unmasked_document)).one_or_none()
        if row is None:
            return None
        document, originals = row
        texts = list((originals or {}).get("turns") or []) if unmasked else []
        turns = []
        for index, turn in enumerate(document.get("turns") or ()):
            original = texts[index] if index < len(texts) else None
            turns.append(TurnText(_speaker(turn.get("speaker")), float(turn["start"]),
                                  float(turn["end"]), str(original or turn.get("text") or "")))
        view = TranscriptView("voice", tuple(turns), may_unmask and originals is not None,
                              unmasked and originals is not None)
    else:
        view = TranscriptView("chat", _chat_turns(interaction.chat_messages or [], unmasked),
                              may_unmask, unmasked)
    audit.record(session, principal, "transcript_view", target_kind="interaction",
                 target_id=interaction.source_id, session_id=session_id,
                 details={"turns": len(view.turns), "unmasked": view.unmasked})
    if view.unmasked:
        audit.record(session, principal, "unmasked_view", target_kind="interaction",
                     target_id=interaction.source_id, session_id=session_id)
    return view


@dataclass(frozen=True)
class Playback:
    path: Path | None  # None when the recording cannot be played; ``problem`` says why
    problem: str | None = None


def _recording_path(interaction: Interaction, recordings_dir: Path) -> Path:
    if not interaction.recording_path:
        raise UnsafeRecordingPath(f"interaction {interaction.source_id} has no recording")
    return resolve_recording(recordings_dir, interaction.recording_path)


def recording_problem(session: Session, principal: Principal, interaction_id: int,
                      recordings_dir: Path) -> str | None:
    """Why the interaction's recording cannot be played, or None when it can. Reads no
    recording (and so audits nothing); :class:`OutOfScope` outside the principal's scope."""
    interaction = get_visible(session, principal, Interaction, interaction_id)
    try:
        _recording_path(interaction, recordings_dir)
    except UnsafeRecordingPath as error:
        return str(error)
    return None


def open_recording(session: Session, principal: Principal, interaction_id: int,
                   recordings_dir: Path, *, from_second: float = 0.0,
                   session_id: str | None = None, byte_range: str | None = None) -> Playback:
    """The recording file, only inside the recordings root. Audited as ``recording_play``
    with the second playback starts from (and the byte range a browser fetches); a refused
    or missing file is audited as denied (and returned, not raised, so that the audit entry
    is committed)."""
    interaction = get_visible(session, principal, Interaction, interaction_id)
    try:
        path = _recording_path(interaction, recordings_dir)
    except UnsafeRecordingPath as error:
        audit.record(session, principal, "recording_play", target_kind="interaction",
                     target_id=interaction.source_id, outcome="denied", session_id=session_id,
                     details={"error": str(error)})
        return Playback(None, str(error))
    details: dict[str, object] = {"from_second": round(from_second, 2)}
    if byte_range is not None:
        details["range"] = byte_range[:64]
    audit.record(session, principal, "recording_play", target_kind="interaction",
                 target_id=interaction.source_id, session_id=session_id, details=details)
    return Playback(path)
