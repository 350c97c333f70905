"""`python -m qa_app import KIND PATH`: import an export file (audited like the page's
import, through the same service) or scan a recordings folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qa_app.cli.progress import progress_bar
from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine
from qa_app.i18n import t
from qa_app.ingest.mapping import DEFAULT_MAPPING, MappingError, load_mapping
from qa_app.ingest.reader import TableSource
from qa_app.ingest.recordings import RecordingsFolderError, scan_recordings
from qa_app.ingest.report import rejection_message, summary
from qa_app.services.imports import export_rejected_rows, import_file
from qa_app.services.requester import Requester

REJECTIONS_SHOWN = 20


def cmd_import(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    language = settings.language
    path = Path(args.path)
    if args.kind == "recordings":
        try:
            scan = scan_recordings(engine, path, settings.recordings_dir, args.by)
        except RecordingsFolderError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(t("recordings.summary", language, files=scan.files,
                linked=scan.linked + scan.unchanged, orphan_files=len(scan.orphan_files),
                missing=scan.voice_without_recording + len(scan.missing_files)))
        for name in scan.orphan_files[:REJECTIONS_SHOWN]:
            print(f"  orphan file: {name}")
        for source_id in scan.missing_files[:REJECTIONS_SHOWN]:
            print(f"  recording missing for interaction {source_id}")
        return 0
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return 2
    try:
        mapping = load_mapping(args.mapping, settings.mappings_dir)
    except MappingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    requester = Requester.command_line(args.by)
    outcome = import_file(engine, settings, requester, args.kind, TableSource.from_path(path),
                          mapping, progress=progress_bar)
    report = outcome.report
    print(summary(report, language))
    for rejection in report.rejections[:REJECTIONS_SHOWN]:
        print("  " + t("report.rejection_line", language, line=rejection.line,
                       column=rejection.column or "-",
                       message=rejection_message(rejection, language)))
    if len(report.rejections) > REJECTIONS_SHOWN:
        print(f"  … {len(report.rejections) - REJECTIONS_SHOWN} more")
    if outcome.chats_queued:
        print(f"{outcome.chats_queued} chat threads queued for pre-scoring")
    if args.rejections_csv and report.rejections and report.batch_id is not None:
        Path(args.rejections_csv).write_bytes(export_rejected_rows(
            engine, requester, report.batch_id, language, unmasked=args.unmasked))
        print(f"rejected rows written to {args.rejections_csv}")
    return 1 if report.status == "failed" else 0


def register(commands: Any) -> None:
    importing = commands.add_parser("import", help="import an export file or scan recordings")
    importing.add_argument("kind", choices=["roster", "interactions", "csi", "recordings"])
    importing.add_argument("path", help="the CSV/XLSX file, or the recordings folder")
    importing.add_argument("--mapping", default=DEFAULT_MAPPING,
                           help="column mapping name or YAML file (default: %(default)s)")
    importing.add_argument("--by", default="cli", help="who imports, for the import log "
                           "(the audit log names the command line and the system user)")
    importing.add_argument("--rejections-csv", help="write the rejected rows to this CSV file "
                           "(personal data in the original cells masked)")
    importing.add_argument("--unmasked", action="store_true",
                           help="write the original cells of rejected rows unmasked "
                           "(audited as an unmasked view)")
    importing.set_defaults(run=cmd_import)
