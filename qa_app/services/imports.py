"""Importing a file and exporting its rejected rows: the page and the command line call these.

``import_file`` stores the file, writes the "import" audit entry in the same transaction,
and then queues the pre-scores of the chat threads it brought (a chat needs no
transcription). ``export_rejected_rows`` is the one way out for a batch's rejected rows:
masked by default, the original cells only for a requester with the right, and audited
either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from qa_app.auth import audit
from qa_app.config import Settings
from qa_app.db.session import session_scope
from qa_app.ingest import history, report
from qa_app.ingest import service as ingest
from qa_app.ingest.mapping import Mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.validate import ImportLimits
from qa_app.services.follow_up_jobs import prescore_imported_chats
from qa_app.services.requester import Requester
from qa_app.services.screening import queue_screening
from qa_app.services.search_index import index_imported_chats

UNMASKED_RIGHT = "view_unmasked"


class NotAllowed(PermissionError):
    """The requester lacks the right the use case asks for."""


@dataclass(frozen=True)
class ImportOutcome:
    report: ingest.ImportReport
    chats_queued: int = 0


def import_file(engine: Engine, settings: Settings, requester: Requester, kind: str,
                source: TableSource, mapping: Mapping,
                progress: ingest.ProgressCallback | None = None) -> ImportOutcome:
    """Import one file of ``kind`` for ``requester``, audited, and queue its chat pre-scores."""

    def record(session: Session, result: ingest.ImportReport) -> None:
        audit.record(session, requester.actor, "import", target_kind="import_batch",
                     target_id=result.batch_id,
                     outcome="failed" if result.status == "failed" else "ok",
                     session_id=requester.session_id,
                     details={**requester.details, "kind": kind, "file": source.file_name,
                              "mapping": mapping.name, "rows": result.rows_total,
                              "rejected": result.rows_rejected,
                              **({"error": result.error_code} if result.error_code else {})})

    limits = ImportLimits.from_margin(settings.import_future_margin_days)
    result = ingest.import_file(engine, kind, source, mapping, imported_by=requester.name,
                                progress=progress, on_record=record, limits=limits)
    queued = 0
    if kind == "interactions" and result.status != "failed":
        index_imported_chats(engine, result.batch_id)
        queued = prescore_imported_chats(engine, settings, result.batch_id, requester.name)
    if kind in ("interactions", "recordings") and result.status != "failed":
        queue_screening(engine, settings, requester.name)  # with QA_SCREENING on
    return ImportOutcome(result, queued)


def export_rejected_rows(engine: Engine, requester: Requester, batch_id: int, language: str,
                         *, unmasked: bool = False) -> bytes:
    """The rejected rows of batch ``batch_id`` as CSV, with the export audited.

    The original cells are masked unless ``unmasked``, which needs the "view_unmasked" right
    and is audited as an unmasked view as well."""
    if unmasked and not requester.may(UNMASKED_RIGHT):
        with session_scope(engine) as session:
            audit.record(session, requester.actor, "access_denied",
                         target_kind="import_rejections", target_id=batch_id, outcome="denied",
                         session_id=requester.session_id,
                         details={**requester.details, "unmasked": True})
        raise NotAllowed(f"{requester.name} may not see unmasked rejected rows")
    with session_scope(engine) as session:
        rejections = history.batch_rejections(session, batch_id)
        details = {**requester.details, "rows": len(rejections), "unmasked": unmasked}
        for action in ("unmasked_view", "export") if unmasked else ("export",):
            audit.record(session, requester.actor, action, target_kind="import_rejections",
                         target_id=batch_id, session_id=requester.session_id, details=details)
    return report.rejections_csv(rejections, language, masked=not unmasked)
