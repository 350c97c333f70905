"""What every kind of import provides to the import service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from qa_app.ingest.store import WriteCounts
from qa_app.ingest.validate import CheckedChunk, FieldSpec


@dataclass
class ImportContext:
    """State that lives for one file: look-up tables and the keys seen so far."""

    batch_id: int
    seen_keys: dict[str, int] = field(default_factory=dict)
    lookups: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KindImporter:
    kind: str
    fields: tuple[FieldSpec, ...]
    key_field: str
    check: Callable[[Session, CheckedChunk, ImportContext], None]
    write: Callable[[Session, pd.DataFrame, ImportContext], WriteCounts]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]
