"""Linking recording files to interactions by the id in their names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from qa_app.db.models import Interaction
from qa_app.ingest.mapping import load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.recordings import RecordingsFolderError, candidate_ids, scan_recordings
from qa_app.ingest.service import import_file

ROSTER = "ID Karyawan,Nama Agent,Tanggal Masuk,Tier,Tim\nPGD00001,Rina,05/01/2026,1,Pagi\n"
CALLS = "ID Interaksi,ID Agent,Channel,Arah,Waktu Mulai,Waktu Selesai,File Rekaman\n" + "".join(
    f"OC-{n},PGD00001,Voice,Inbound,01/10/2026 08:0{n}:00,01/10/2026 08:0{n}:30,\n"
    for n in range(1, 5)) + "OC-9,PGD00001,Chat,Inbound,01/10/2026 09:00,01/10/2026 09:10,\n"


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    mapping = load_mapping()
    for kind, text in (("roster", ROSTER), ("interactions", CALLS)):
        import_file(engine, kind, TableSource(f"{kind}.csv", content=text.encode()), mapping, "t")
    return engine


@pytest.mark.parametrize("name, expected", [
    ("OC-1.wav", ["OC-1"]),
    ("2026-10-01_OC-2_agent.mp3", ["2026-10-01_OC-2_agent", "2026-10-01", "OC-2", "agent"]),
    ("rekaman OC-3.ogg", ["rekaman OC-3", "rekaman", "OC-3"]),
])
def test_candidate_ids(name: str, expected: list[str]) -> None:
    assert candidate_ids(Path(name)) == expected


def test_scan_links_files_and_reports_orphans_both_ways(loaded: Engine, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    (root / "2026" / "10").mkdir(parents=True)
    (root / "2026" / "10" / "OC-1.wav").write_bytes(b"RIFF")
    (root / "2026" / "10" / "2026-10-01_OC-2_agent.MP3").write_bytes(b"ID3")
    (root / "2026" / "10" / "OC-77.wav").write_bytes(b"RIFF")  # no such interaction
    (root / "2026" / "10" / "notes.txt").write_text("not audio")
    scan = scan_recordings(loaded, root, root, "test")
    assert (scan.files, scan.linked, scan.unchanged) == (3, 2, 0)
    assert scan.orphan_files == ["2026/10/OC-77.wav"]
    assert scan.voice_without_recording == 2  # OC-3 and OC-4; the chat OC-9 needs none
    with Session(loaded) as session:
        paths = {source_id: path for source_id, path in session.execute(
            select(Interaction.source_id, Interaction.recording_path))}
    assert paths["OC-1"] == "2026/10/OC-1.wav"
    assert paths["OC-2"] == "2026/10/2026-10-01_OC-2_agent.MP3"
    again = scan_recordings(loaded, root, root, "test")
    assert (again.linked, again.unchanged) == (0, 2)
    (root / "2026" / "10" / "OC-1.wav").unlink()
    assert scan_recordings(loaded, root, root, "test").missing_files == ["OC-1"]


def test_folder_outside_the_root_is_refused(loaded: Engine, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(RecordingsFolderError, match="outside the recordings root"):
        scan_recordings(loaded, elsewhere, root, "test")
    with pytest.raises(RecordingsFolderError, match="no such folder"):
        scan_recordings(loaded, root / "missing", root, "test")


def test_links_leading_outside_the_root_are_not_followed(loaded: Engine, tmp_path: Path) -> None:
    root = tmp_path / "recordings"
    root.mkdir()
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "OC-3.wav").write_bytes(b"RIFF")
    os.symlink(outside / "OC-3.wav", root / "OC-3.wav")
    scan = scan_recordings(loaded, root, root, "test")
    assert (scan.files, scan.linked) == (0, 0)
