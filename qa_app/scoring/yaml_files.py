"""Reading the YAML files of rubric/ (forms, shared parts, call categories): a file that cannot
be read or parsed is an error that names it, of the kind its caller reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path, error: type[ValueError], what: str) -> Any:
    """The YAML document in ``path`` (``what`` it holds, for the message)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as failure:
        raise error(f"{path}: cannot read {what} ({failure.strerror})") from failure
    except yaml.YAMLError as failure:
        raise error(f"{path}: not valid YAML: {failure}") from failure
