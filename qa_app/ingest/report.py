"""Saying what an import did, in the user's language, and the rejected rows as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from qa_app.i18n import t
from qa_app.ingest.service import ImportReport
from qa_app.ingest.validate import Rejection


def rejection_message(rejection: Rejection, language: str) -> str:
    return t(f"reject.{rejection.reason}", language, value=rejection.value or "",
             **rejection.params)


def file_error_message(report: ImportReport, language: str) -> str:
    return t(f"file_error.{report.error_code}", language, file=report.file_name,
             **report.error_params)


def summary(report: ImportReport, language: str) -> str:
    if report.status == "failed":
        return t("report.failed", language, file=report.file_name) + " " + \
            file_error_message(report, language)
    return t("report.completed", language, file=report.file_name, total=report.rows_total,
             inserted=report.counts.inserted, updated=report.counts.updated,
             unchanged=report.counts.unchanged, rejected=report.rows_rejected)


def rejections_csv(rejections: Iterable[Rejection], language: str) -> bytes:
    """One line per problem: where it is, what is wrong, and the original row to fix."""
    rejections = list(rejections)
    original_headers: list[str] = []
    for rejection in rejections:
        original_headers += [h for h in rejection.raw_row if h not in original_headers]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = [t(f"report.csv.{part}", language) for part in ("line", "column", "value", "reason")]
    writer.writerow(header + original_headers)
    for rejection in rejections:
        writer.writerow([rejection.line, rejection.column or "", rejection.value or "",
                         rejection_message(rejection, language)]
                        + [rejection.raw_row.get(h, "") for h in original_headers])
    return buffer.getvalue().encode("utf-8-sig")  # with BOM, so Excel opens it as UTF-8
