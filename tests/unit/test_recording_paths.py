"""Recording paths from imports are untrusted: only files inside the recordings root play."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.privacy.paths import UnsafeRecordingPath, resolve_recording


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "rec" / "2026" / "11").mkdir(parents=True)
    (tmp_path / "rec" / "2026" / "11" / "OC-1.wav").write_bytes(b"RIFF")
    (tmp_path / "secret.txt").write_text("customer data")
    return tmp_path / "rec"


def test_a_plain_relative_path_inside_the_root_resolves(root: Path) -> None:
    assert resolve_recording(root, "2026/11/OC-1.wav") == (root / "2026/11/OC-1.wav").resolve()
    assert resolve_recording(root, "2026\\11\\OC-1.wav").name == "OC-1.wav"


@pytest.mark.parametrize("stored", [
    "../secret.txt", "2026/../../secret.txt", "/etc/passwd", "", "2026/11/../../../secret.txt",
])
def test_traversal_and_absolute_paths_are_refused(root: Path, stored: str) -> None:
    with pytest.raises(UnsafeRecordingPath):
        resolve_recording(root, stored)


def test_a_symbolic_link_out_of_the_root_is_refused(root: Path) -> None:
    (root / "escape.wav").symlink_to(root.parent / "secret.txt")
    with pytest.raises(UnsafeRecordingPath, match="outside"):
        resolve_recording(root, "escape.wav")


def test_a_link_that_stays_inside_the_root_is_followed(root: Path) -> None:
    (root / "alias.wav").symlink_to(root / "2026/11/OC-1.wav")
    assert resolve_recording(root, "alias.wav").name == "OC-1.wav"


def test_a_missing_file_is_named(root: Path) -> None:
    with pytest.raises(UnsafeRecordingPath, match="OC-9.wav.*missing"):
        resolve_recording(root, "2026/11/OC-9.wav")
