"""`python -m qa_app …`: everything a person or a scheduled job runs without the UI."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from qa_app.config import get_settings
from qa_app.db import migrate
from qa_app.db.session import get_engine
from qa_app.i18n import t

REJECTIONS_SHOWN = 20

# Modules that add their own sub-commands: each has ``register(commands)``, which adds
# parsers to the sub-parser action with ``set_defaults(run=function_returning_exit_code)``.
COMMAND_MODULES: tuple[str, ...] = (
    "qa_app.transcribe.command",
    "qa_app.sampling.cli",
    "qa_app.auth.commands",
    "qa_app.privacy.commands",
    "qa_app.scoring.commands",
    "qa_app.queue.commands",
    "qa_app.reports.commands",
    "qa_app.cli_search",
)


def _progress_bar(done: int, expected: int) -> None:
    if not sys.stderr.isatty():
        return
    width = 30
    filled = int(width * done / max(expected, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{expected:,}")
    if done >= expected:
        sys.stderr.write("\n")


def cmd_config(_args: argparse.Namespace) -> int:
    for name, value in get_settings().describe().items():
        print(f"{name}={value}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    engine = get_engine()
    if args.action == "upgrade":
        migrate.upgrade(engine)
    print(f"database revision: {migrate.current_revision(engine)} "
          f"(newest: {migrate.head_revision(engine)})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from qa_app.ingest.mapping import MappingError, load_mapping
    from qa_app.ingest.reader import TableSource
    from qa_app.ingest.recordings import RecordingsFolderError, scan_recordings
    from qa_app.ingest.report import rejection_message, summary
    from qa_app.services.imports import export_rejected_rows, import_file
    from qa_app.services.requester import Requester

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
                          mapping, progress=_progress_bar)
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


def cmd_demo(args: argparse.Namespace) -> int:
    from qa_app.demo.load import database_is_empty, load_demo
    from qa_app.ingest.report import summary

    settings = get_settings()
    engine = get_engine()
    migrate.ensure_current(engine)
    if args.if_empty and not database_is_empty(engine):
        print("demo: the database already holds data; nothing loaded")
        return 0
    loaded = load_demo(engine, settings, seed=args.seed)
    for report in loaded.reports:
        print(summary(report, settings.language))
    if loaded.recordings:
        scan = loaded.recordings
        print(t("recordings.summary", settings.language, files=scan.files,
                linked=scan.linked + scan.unchanged, orphan_files=len(scan.orphan_files),
                missing=scan.voice_without_recording + len(scan.missing_files)))
    if loaded.chats_queued:
        print(f"demo: {loaded.chats_queued:,} chat threads queued for pre-scoring "
              "(the worker of `make run` does them)")
    if loaded.transcriptions_queued:
        print(f"demo: {loaded.transcriptions_queued:,} drawn calls queued for transcription "
              "(a QCO's samples first; each pre-scored as soon as it is transcribed)")
    if loaded.stand_in_recordings:
        print(f"demo: {loaded.stand_in_recordings:,} voice calls without audio play one of the "
              "demo recordings in turn")
    if loaded.history is not None and loaded.history.weeks:
        past = loaded.history
        print(f"demo: weeks {past.weeks[0]}–{past.weeks[-1]} drawn and finalized by the QCOs "
              f"(generated, marked as demo): {past.random:,} random and {past.targeted:,} "
              f"targeted evaluations, {past.fatal} fatal, mean random QM "
              f"{past.mean_random_score or 0:.1f}")
    if loaded.draw is not None:
        plan = loaded.draw.plan
        print(f"demo: week {plan.week} drawn (draw #{loaded.draw.draw_id}): {plan.drawn} random "
              f"and {plan.targeted} targeted samples for the QCOs")
    if loaded.accounts:
        print(f"demo accounts created: {', '.join(loaded.accounts)} "
              "(password in the README; change it at first login)")
    return 1 if any(r.status == "failed" for r in loaded.reports) else 0


def build_parser() -> argparse.ArgumentParser:
    from qa_app.demo.generator import DEFAULT_SEED
    from qa_app.ingest.mapping import DEFAULT_MAPPING

    parser = argparse.ArgumentParser(prog="python -m qa_app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("config", help="print the effective settings, secrets masked") \
        .set_defaults(run=cmd_config)

    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(run=cmd_db)

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

    demo = commands.add_parser("demo", help="load the demo dataset and recordings")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED)
    demo.add_argument("--if-empty", action="store_true",
                      help="load only when the database holds no agents yet")
    demo.set_defaults(run=cmd_demo)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))
