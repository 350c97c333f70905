"""Rejected rows of imports, for showing them and for downloading them again later.

The import service stores every rejection of a batch (``ImportRejection``); rebuilt as
``Rejection`` objects they go through ``report.rejections_csv`` (in
``qa_app.services.imports.export_rejected_rows``), right after an import and later alike.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_app.db.models import ImportRejection
from qa_app.i18n import t
from qa_app.ingest.report import rejection_message
from qa_app.ingest.validate import Rejection
from qa_app.transcribe.redact import mask_text

TABLE_LIMIT = 1_000


def batch_rejections(session: Session, batch_id: int) -> list[Rejection]:
    """The rejections of one batch, by line, in the order they were found within a line."""
    rows = session.scalars(
        select(ImportRejection).where(ImportRejection.batch_id == batch_id)
        .order_by(ImportRejection.line, ImportRejection.id)
    )
    return [
        Rejection(line=row.line, column=row.column, value=row.value, reason=row.reason,
                  params=dict(row.params or {}), raw_row=dict(row.raw_row or {}))
        for row in rows
    ]


def rejections_table(rejections: list[Rejection], language: str,
                     limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """The first ``limit`` rejections as a table: line, column, value and the reason, masked
    as the rejected-rows CSV is."""
    names = [t(f"ui.table.{name}", language) for name in ("line", "column", "value", "reason")]
    return pd.DataFrame(
        [[r.line, r.column or "", mask_text(r.value or ""), rejection_message(r, language)]
         for r in rejections[:limit]],
        columns=names,
    )

