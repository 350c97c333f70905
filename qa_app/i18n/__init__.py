"""UI and message text, one YAML catalog per language (id.yaml, en.yaml).

Keys are dotted paths ("import.title"); values may hold ``{named}`` parameters. Indonesian is
the default; a key missing from a catalog falls back to English, then to the key itself, so a
gap shows up plainly instead of crashing a page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
CATALOG_DIR = Path(__file__).resolve().parent


def _flatten(prefix: str, node: Any, into: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, into)
    else:
        into[prefix] = str(node)


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    _flatten("", yaml.safe_load((CATALOG_DIR / f"{language}.yaml").read_text(encoding="utf-8")),
             entries)
    return entries


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text of ``key`` in ``language`` with ``params`` filled in."""
    text = catalog(language).get(key) or catalog("en").get(key) or key
    return text.format_map(_KeepMissing({k: _display(v) for k, v in params.items()}))


def _display(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
