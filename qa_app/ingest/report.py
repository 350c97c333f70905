"""Saying what an import did, in the user's language, and the rejected rows as CSV."""

from __future__ import annotations

from collections.abc import Iterable

from qa_app.exports import csv_bytes
from qa_app.i18n import t
from qa_app.ingest.service import ImportReport
from qa_app.ingest.validate import Rejection
from qa_app.transcribe.redact import mask_text


def rejection_message(rejection: Rejection, language: str, masked: bool = True) -> str:
    """Why a row was rejected. The value it quotes is masked as the cells are ("Agent '[NIK]'
    is not in the roster": an agent id typed into the wrong column may be a NIK, a phone
    number or an e-mail address), unless ``masked`` is off, which the caller audits."""
    shown = mask_text if masked else str
    params = {name: shown(value) if isinstance(value, str) else value
              for name, value in rejection.params.items()}
    return t(f"reject.{rejection.reason}", language, value=shown(rejection.value or ""),
             **params)


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


def rejections_csv(rejections: Iterable[Rejection], language: str,
                   masked: bool = True) -> bytes:
    """One line per problem: where it is, what is wrong, and the original row to fix.

    The original cells are personal data as often as not (a chat thread, a phone number):
    they and the reasons quoting them are masked unless ``masked`` is off, which the caller
    audits. Line numbers and reasons are enough to find and fix a row in the source file.
    """
    rejections = list(rejections)
    original_headers: list[str] = []
    for rejection in rejections:
        original_headers += [h for h in rejection.raw_row if h not in original_headers]
    shown = mask_text if masked else str
    header = [t(f"report.csv.{part}", language) for part in ("line", "column", "value", "reason")]
    return csv_bytes(header + original_headers, (
        [rejection.line, rejection.column or "", shown(rejection.value or ""),
         rejection_message(rejection, language, masked)]
        + [shown(str(rejection.raw_row.get(h) or "")) for h in original_headers]
        for rejection in rejections))
