"""Importing one file: read → parse → validate → upsert, in one transaction.

Valid rows are stored and every rejected row is recorded with its line, column and reason.
A file that cannot be read, or that fails midway, leaves the database as it was before it:
the transaction is rolled back and only a "failed" batch with the reason is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.orm import Session

from qa_app.config import get_settings
from qa_app.db.models import ImportBatch, ImportRejection
from qa_app.ingest import csi, interactions, roster
from qa_app.ingest.errors import ImportFileError
from qa_app.ingest.kinds import ImportContext, KindImporter
from qa_app.ingest.mapping import Mapping
from qa_app.ingest.reader import RawChunk, TableSource, read_chunks
from qa_app.ingest.store import WriteCounts
from qa_app.ingest.validate import ImportLimits, Rejection, length_of, parse_chunk, rejections_of
from qa_app.reports.summaries import generation
from qa_app.vocabulary import ImportKind

IMPORTERS: dict[str, KindImporter] = {
    importer.kind: importer for importer in (roster.IMPORTER, interactions.IMPORTER, csi.IMPORTER)
}
FILE_KINDS = tuple(IMPORTERS)

ProgressCallback = Callable[[int, int], None]  # rows read so far, rows expected
# called in the import's own transaction with its report, stored or failed (the audit entry)
RecordCallback = Callable[[Session, "ImportReport"], None]


@dataclass
class ImportReport:
    kind: str
    file_name: str
    status: str = "completed"
    batch_id: int | None = None
    rows_total: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    rejections: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return len({r.line for r in self.rejections})


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _resolve_columns(importer: KindImporter, mapping: Mapping, chunk: RawChunk,
                     file_name: str) -> dict[str, str]:
    kind_mapping = mapping.for_kind(importer.kind)
    header_of = kind_mapping.resolve(chunk.headers)
    if not header_of:
        raise ImportFileError(file_name, "no_recognized_columns", kind=importer.kind,
                              expected=[kind_mapping.headers[f][0] for f in importer.required])
    missing = [f for f in importer.required if f not in header_of]
    if importer.kind == ImportKind.CSI \
            and not ({"case_id", "interaction_source_id"} & set(header_of)):
        missing.append("case_id")
    if missing:
        raise ImportFileError(file_name, "missing_columns",
                              missing=[kind_mapping.headers[f][0] for f in missing],
                              found=chunk.headers)
    return header_of


def _stored_name(file_name: str) -> str:
    """The file name as the batch keeps it: an upload's name can be longer than the column."""
    return file_name[:length_of(ImportBatch.file_name)]


def _store_rejections(session: Session, batch_id: int, rejections: list[Rejection]) -> None:
    column_length = length_of(ImportRejection.column)  # a file's own headers can be longer
    if rejections:
        session.execute(insert(ImportRejection), [
            {"batch_id": batch_id, "line": r.line,
             "column": None if r.column is None else r.column[:column_length], "value": r.value,
             "reason": r.reason, "params": r.params or None, "raw_row": r.raw_row or None}
            for r in rejections
        ])


def _import_rows(session: Session, importer: KindImporter, mapping: Mapping,
                 source: TableSource, report: ImportReport, limits: ImportLimits,
                 progress: ProgressCallback | None) -> None:
    context = ImportContext(batch_id=report.batch_id or 0)
    header_of: dict[str, str] | None = None
    kind_mapping = mapping.for_kind(importer.kind)
    for chunk in read_chunks(source):
        if header_of is None:
            header_of = _resolve_columns(importer, mapping, chunk, source.file_name)
            report.ignored_columns = [h for h in chunk.headers if h not in header_of.values()]
        checked = parse_chunk(chunk, importer.fields, header_of, kind_mapping, mapping, limits)
        importer.check(session, checked, context)
        rejected = rejections_of(checked, chunk, header_of, kind_mapping)
        good = checked.frame[~checked.bad_rows()]
        report.counts.add(importer.write(session, good, context))
        _store_rejections(session, context.batch_id, rejected)
        report.rejections.extend(sorted(rejected, key=lambda r: r.line))
        report.rows_total += len(chunk) + len(chunk.malformed)
        if progress:
            progress(report.rows_total, max(chunk.expected_rows, report.rows_total))
    context.finish(session)
    if importer.finish is not None:
        importer.finish(session, context)


@contextmanager
def _import_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for one import.

    On SQLite, per-row foreign-key checks double the cost of a bulk insert, and they repeat
    what the importer has already done for the whole file inside the same transaction
    (unknown agents and interactions are rejected; teams and the batch are created first).
    So they are switched off for this connection only — the pragma must precede the
    transaction — and switched back on before the connection returns to the pool.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            yield connection
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def import_file(engine: Engine, kind: str, source: TableSource, mapping: Mapping,
                imported_by: str, progress: ProgressCallback | None = None,
                on_record: RecordCallback | None = None,
                limits: ImportLimits | None = None) -> ImportReport:
    """Import one file of ``kind``; the report says what was stored and what was rejected.

    ``on_record`` runs in the transaction that stores the batch (or its failure), so that
    what it writes (the audit entry) is committed with it or not at all. ``limits`` default
    to now plus the configured margin (``QA_IMPORT_FUTURE_MARGIN_DAYS``)."""
    importer = IMPORTERS[kind]
    limits = limits or ImportLimits.from_margin(get_settings().import_future_margin_days)
    report = ImportReport(kind=kind, file_name=source.file_name)
    started = _now()
    try:
        with _import_connection(engine) as connection, Session(bind=connection) as session, \
                session.begin():
            batch = ImportBatch(kind=kind, file_name=_stored_name(source.file_name),
                                mapping=mapping.name,
                                imported_by=imported_by, started_at=started, status="running")
            session.add(batch)
            session.flush()
            report.batch_id = batch.id
            _import_rows(session, importer, mapping, source, report, limits, progress)
            batch.status = "completed"
            batch.finished_at = _now()
            batch.rows_total = report.rows_total
            batch.rows_inserted = report.counts.inserted
            batch.rows_updated = report.counts.updated
            batch.rows_unchanged = report.counts.unchanged
            batch.rows_rejected = report.rows_rejected
            batch.details = {"ignored_columns": report.ignored_columns}
            generation.bump(session)  # roster, CSI, recordings: the reports read them too
            if on_record:
                on_record(session, report)
    except ImportFileError as error:
        _record_failure(engine, report, mapping, imported_by, started, error.code, error.params,
                        on_record)
    except Exception as error:
        _record_failure(engine, report, mapping, imported_by, started, "unexpected_error",
                        {"detail": f"{type(error).__name__}: {error}"}, on_record)
        raise
    return report


def _record_failure(engine: Engine, report: ImportReport, mapping: Mapping, imported_by: str,
                    started: datetime, code: str, params: dict[str, Any],
                    on_record: RecordCallback | None) -> None:
    """After the rollback: keep a 'failed' batch that says why, and nothing else."""
    report.status = "failed"
    report.error_code = code
    report.error_params = params
    report.counts = WriteCounts()
    report.rejections = []
    with Session(engine) as session, session.begin():
        batch = ImportBatch(kind=report.kind, file_name=_stored_name(report.file_name),
                            mapping=mapping.name,
                            imported_by=imported_by, started_at=started, finished_at=_now(),
                            status="failed", rows_total=report.rows_total,
                            error=code, details={"params": params})
        session.add(batch)
        session.flush()
        report.batch_id = batch.id
        if on_record:
            on_record(session, report)
