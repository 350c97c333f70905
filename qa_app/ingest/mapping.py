"""Column mappings of source systems, kept as YAML data (see mappings/omni_channel.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BUILTIN_MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
DEFAULT_MAPPING = "omni_channel"


def normalize_header(header: str) -> str:
    """'ID Interaksi', 'id_interaksi' and 'ID-INTERAKSI' all become 'idinteraksi'."""
    return re.sub(r"[\s_\-.]+", "", header.strip().lstrip("\ufeff")).casefold()


@dataclass(frozen=True)
class KindMapping:
    """How one kind of file (roster, interactions, csi) names its columns and coded values."""

    headers: dict[str, tuple[str, ...]]  # field -> accepted column headers
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> word -> code

    def resolve(self, file_headers: list[str]) -> dict[str, str]:
        """Which header of the file carries each field (first accepted header that is present)."""
        present = {normalize_header(h): h for h in file_headers}
        resolved: dict[str, str] = {}
        for name, accepted in self.headers.items():
            for header in accepted:
                if normalize_header(header) in present:
                    resolved[name] = present[normalize_header(header)]
                    break
        return resolved


@dataclass(frozen=True)
class Mapping:
    name: str
    description: str
    day_first: bool
    timezone: str
    kinds: dict[str, KindMapping]

    def for_kind(self, kind: str) -> KindMapping:
        if kind not in self.kinds:
            raise ValueError(f"mapping {self.name!r} has no section {kind!r}")
        return self.kinds[kind]


class MappingError(ValueError):
    """A mapping file that is not usable; the message names the file and the entry."""


def available_mappings(extra_dir: Path | None = None) -> list[str]:
    dirs = [BUILTIN_MAPPINGS_DIR] + ([extra_dir] if extra_dir else [])
    return sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})


def find_mapping_file(name_or_path: str, extra_dir: Path | None = None) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    for folder in ([extra_dir] if extra_dir else []) + [BUILTIN_MAPPINGS_DIR]:
        path = folder / f"{name_or_path}.yaml"
        if path.is_file():
            return path
    known = ", ".join(available_mappings(extra_dir))
    raise MappingError(f"no column mapping named {name_or_path!r}; known mappings: {known}")


def _parse_kind(path: Path, kind: str, section: Any) -> KindMapping:
    where = f"{path.name}: {kind}"
    if not isinstance(section, dict) or not isinstance(section.get("columns"), dict):
        raise MappingError(f"{where}: needs a 'columns' table of field: [header, …]")
    headers: dict[str, tuple[str, ...]] = {}
    for name, accepted in section["columns"].items():
        if isinstance(accepted, str):
            accepted = [accepted]
        if not accepted or not all(isinstance(h, str) and h.strip() for h in accepted):
            raise MappingError(f"{where}.columns.{name}: list one or more column headers")
        headers[str(name)] = tuple(accepted)
    values: dict[str, dict[str, str]] = {}
    for name, codes in (section.get("values") or {}).items():
        if not isinstance(codes, dict):
            raise MappingError(f"{where}.values.{name}: map each code to a list of words")
        words: dict[str, str] = {}
        for code, spellings in codes.items():
            for word in [spellings] if isinstance(spellings, str) else spellings or []:
                words[str(word).strip().casefold()] = str(code)
        values[str(name)] = words
    return KindMapping(headers=headers, values=values)


def load_mapping(name_or_path: str = DEFAULT_MAPPING, extra_dir: Path | None = None) -> Mapping:
    path = find_mapping_file(name_or_path, extra_dir)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise MappingError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(document, dict):
        raise MappingError(f"{path.name}: expected a YAML table at the top")
    kinds = {
        kind: _parse_kind(path, kind, document[kind])
        for kind in ("roster", "interactions", "csi")
        if kind in document
    }
    return Mapping(
        name=str(document.get("name", path.stem)),
        description=str(document.get("description", "")),
        day_first=bool(document.get("day_first", True)),
        timezone=str(document.get("timezone", "Asia/Jakarta")),
        kinds=kinds,
    )
