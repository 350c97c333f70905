"""Linking recording files to interactions by the interaction id in the file name.

A scan walks a folder inside the recordings root (``QA_DATA_DIR``), takes every audio file,
and finds the interaction whose source id is the file's stem or one of its parts
(``2026-10-01_OC-00001234_agent.wav`` names ``OC-00001234``). It reports orphans both ways:
files that name no known interaction, and voice interactions whose recording is missing.
Paths are stored relative to the recordings root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from qa_app.db.models import ImportBatch, Interaction
from qa_app.vocabulary import Channel, ImportKind

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".ogg", ".opus", ".m4a"})
LISTED_AT_MOST = 1_000  # orphans named in the report; all are counted
ID_QUERY_BATCH = 5_000


class RecordingsFolderError(ValueError):
    """The folder to scan does not exist or lies outside the recordings root."""


@dataclass
class RecordingScan:
    folder: str
    files: int = 0
    linked: int = 0  # newly linked or moved
    unchanged: int = 0  # already linked to the same file
    orphan_files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)  # interactions whose file is gone
    voice_without_recording: int = 0
    batch_id: int | None = None


def candidate_ids(path: Path) -> list[str]:
    """The stem, then its parts split on underscores, spaces and dots."""
    stem = path.stem
    return [stem] + [part for part in re.split(r"[_\s.]+", stem) if part and part != stem]


def _inside(folder: Path, root: Path) -> Path:
    resolved, resolved_root = folder.resolve(), root.resolve()
    if not resolved.is_dir():
        raise RecordingsFolderError(f"{folder}: no such folder")
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise RecordingsFolderError(
            f"{folder} is outside the recordings root {resolved_root}; move the files under "
            "it or set QA_DATA_DIR")
    return resolved


def _audio_files(folder: Path, root: Path) -> list[Path]:
    """Audio files under ``folder``; links that lead outside the root are not followed."""
    files = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in AUDIO_SUFFIXES and path.is_file():
            if root in path.resolve().parents:
                files.append(path)
    return files


def _known_ids(session: Session, ids: list[str]) -> dict[str, tuple[int, str | None]]:
    found: dict[str, tuple[int, str | None]] = {}
    for start in range(0, len(ids), ID_QUERY_BATCH):
        query = select(Interaction.source_id, Interaction.id, Interaction.recording_path)
        rows = session.execute(query.where(
            Interaction.source_id.in_(ids[start:start + ID_QUERY_BATCH])))
        found.update({source_id: (row_id, path) for source_id, row_id, path in rows})
    return found


def scan_recordings(engine: Engine, folder: Path, root: Path, imported_by: str) -> RecordingScan:
    root = root.resolve()
    folder = _inside(folder, root)
    scan = RecordingScan(folder=str(folder))
    started = datetime.now(timezone.utc)
    with Session(engine) as session, session.begin():
        files = _audio_files(folder, root)
        scan.files = len(files)
        candidates = {path: candidate_ids(path) for path in files}
        known = _known_ids(session, sorted({c for ids in candidates.values() for c in ids}))
        for path, ids in candidates.items():
            match = next((i for i in ids if i in known), None)
            relative = path.resolve().relative_to(root).as_posix()
            if match is None:
                scan.orphan_files.append(relative)
                continue
            row_id, current = known[match]
            if current == relative:
                scan.unchanged += 1
                continue
            session.execute(update(Interaction).where(Interaction.id == row_id)
                            .values(recording_path=relative))
            scan.linked += 1
        scan.missing_files = _missing_files(session, root)
        scan.voice_without_recording = session.scalar(
            select(func.count()).select_from(Interaction).where(
                Interaction.channel == Channel.VOICE, Interaction.recording_path.is_(None))) or 0
        batch = ImportBatch(
            kind=ImportKind.RECORDINGS, file_name=str(folder), imported_by=imported_by,
            started_at=started,
            finished_at=datetime.now(timezone.utc), status="completed", rows_total=scan.files,
            rows_inserted=scan.linked, rows_unchanged=scan.unchanged,
            rows_rejected=len(scan.orphan_files),
            details={"orphan_files": scan.orphan_files[:LISTED_AT_MOST],
                     "missing_files": scan.missing_files[:LISTED_AT_MOST],
                     "missing_count": len(scan.missing_files),
                     "voice_without_recording": scan.voice_without_recording},
        )
        session.add(batch)
        session.flush()
        scan.batch_id = batch.id
    return scan


def _missing_files(session: Session, root: Path) -> list[str]:
    """Source ids of interactions that name a recording no longer found under the root."""
    query = select(Interaction.source_id, Interaction.recording_path).where(
        Interaction.recording_path.is_not(None)).order_by(Interaction.source_id)
    return [source_id for source_id, path in session.execute(query)
            if not (root / path).is_file()]
