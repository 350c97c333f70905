"""Recording paths are resolved only inside the recordings root (QA_DATA_DIR).

A stored path comes from an import, so it is untrusted: ``../`` segments, absolute paths
and symbolic links that point out of the root are refused, after resolving every link.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class UnsafeRecordingPath(PermissionError):
    """A recording path that would leave the recordings root, or no such file."""


def resolve_recording(root: Path, stored_path: str) -> Path:
    relative = PurePosixPath(stored_path.replace("\\", "/"))
    if not stored_path or relative.is_absolute() or ".." in relative.parts:
        raise UnsafeRecordingPath(f"recording path {stored_path!r} is not a plain path "
                                  f"inside the recordings root")
    resolved_root = root.resolve()
    candidate = (resolved_root / relative).resolve()
    if resolved_root not in candidate.parents:
        raise UnsafeRecordingPath(f"recording path {stored_path!r} leads outside "
                                  f"{resolved_root} (a symbolic link?)")
    if not candidate.is_file():
        raise UnsafeRecordingPath(f"recording {stored_path!r} is missing under {resolved_root}")
    return candidate
