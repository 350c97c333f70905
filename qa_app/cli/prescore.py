"""`python -m qa_app prescore` and `prescore-eval`: the pre-scorer without the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa_app.config import get_settings
from qa_app.i18n import t
from qa_app.scoring.accuracy import AccuracyReport, compare
from qa_app.scoring.conversation import TranscriptError, from_transcribe_json, load_input
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, load_labelled
from qa_app.scoring.describe import clock, describe_evidence, score_with_pending
from qa_app.scoring.loader import RUBRIC_DIR, FormError, load_form
from qa_app.scoring.prescore import PreScore, prescore

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".ogg", ".opus", ".m4a"})
DEFAULT_RUBRIC = RUBRIC_DIR / "voice_inbound.yaml"


def register(commands: argparse._SubParsersAction) -> None:
    scoring = commands.add_parser("prescore", help="pre-score a transcript or chat thread")
    scoring.add_argument("path", type=Path, help="audio (transcribed on the fly), a transcript "
                                                  "JSON (transcribe --json) or a chat thread JSON")
    scoring.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    scoring.add_argument("--channel", help="voice, chat, whatsapp, email or social")
    scoring.add_argument("--direction", choices=["inbound", "outbound"])
    scoring.add_argument("--json", action="store_true", help="print the pre-score as JSON")
    scoring.set_defaults(run=cmd_prescore)

    evaluating = commands.add_parser("prescore-eval", help="agreement of pre-scores with "
                                                           "finalized answers")
    evaluating.add_argument("folder", type=Path, nargs="?", default=DEMO_RECORDINGS,
                            help="JSON files with turns or a script, and 'expected' answers "
                                 "(default: the demo recordings' ground truth)")
    evaluating.add_argument("--transcripts", type=Path,
                            help="folder of transcript JSONs named like the ground-truth files "
                                 "(default: build transcripts from the scripts)")
    evaluating.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    evaluating.add_argument("--from-database", action="store_true",
                            help="compare the stored pre-scores with the QCOs' finalized "
                                 "answers (the latest QA_PRESCORE_ACCURACY_WINDOW per form) "
                                 "and store the snapshot the Akurasi Pra-skor page shows")
    evaluating.add_argument("--json", action="store_true")
    evaluating.set_defaults(run=cmd_prescore_eval)


def cmd_prescore(args: argparse.Namespace) -> int:
    from qa_app.transcribe.errors import TranscriptionError

    language = get_settings().language
    try:
        form = load_form(args.rubric)
        direction = args.direction or form.direction
        if args.path.suffix.lower() in AUDIO_SUFFIXES:
            transcript = from_transcribe_json(_transcribed(args.path), "voice", direction)
        else:
            transcript = load_input(args.path, args.channel, direction)
    except (FormError, TranscriptError, TranscriptionError) as error:
        print(t("scoring.error", language, detail=error), file=sys.stderr)
        return 2
    result = prescore(form, transcript)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_prescore(result, language)
    return 0


def _transcribed(path: Path) -> dict[str, object]:
    """Audio is transcribed on the fly with the transcriber's own settings."""
    from qa_app.transcribe.engine import transcribe_file
    from qa_app.transcribe.options import TranscribeOptions

    options = TranscribeOptions.from_settings(get_settings())
    return transcribe_file(path, options).to_dict()


def _print_prescore(result: PreScore, language: str) -> None:
    score = score_with_pending(result.score, result.pending_weight, language)
    print(t("scoring.summary", language, rubric=result.rubric, version=result.rubric_version,
            score=score, fatal=t("scoring.yes" if result.fatal else "scoring.no", language),
            pending=f"{result.pending_weight:.0%}"))
    for item in result.items:
        where = "; ".join(f"{clock(e.start)} {e.speaker or '-'}: "
                          f"{describe_evidence(e.note, e.values, e.text, e.start, language)}"
                          for e in item.evidence[:2])
        print(f"  {item.id:<4} {item.answer:<8} {item.confidence:.2f}  {where}")


def cmd_prescore_eval(args: argparse.Namespace) -> int:
    language = get_settings().language
    if args.from_database:
        return _eval_database(args.json, language)
    try:
        form = load_form(args.rubric)
        calls = load_labelled(args.folder, args.transcripts)
    except (FormError, OSError, ValueError) as error:
        print(t("scoring.error", language, detail=error), file=sys.stderr)
        return 2
    if not calls:
        print(t("scoring.eval_empty", language, folder=args.folder), file=sys.stderr)
        return 2
    report = compare(form, [(c.expected, prescore(form, c.transcript).answers()) for c in calls])
    if args.json:
        print(json.dumps(_report_json(report, len(calls)), indent=2))
    else:
        _print_report(report, len(calls), language)
    return 0


def _eval_database(as_json: bool, language: str) -> int:
    from qa_app.db import migrate
    from qa_app.db.session import get_engine
    from qa_app.services.prescore_accuracy import recompute

    engine = get_engine()
    migrate.ensure_current(engine)
    reports = recompute(engine, get_settings(), "cli")
    if not reports:
        print("no finalized evaluation has a machine answer to compare with yet",
              file=sys.stderr)
        return 0
    for form_id, report in reports.items():
        if as_json:
            print(json.dumps({"rubric": form_id, **_report_json(report, 0)}, indent=2))
        else:
            print(f"== {form_id}")
            _print_report(report, 0, language)
    return 0


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _print_report(report: AccuracyReport, calls: int, language: str) -> None:
    print(t("scoring.eval_summary", language, calls=calls, compared=report.compared,
            agreement=f"{report.agreement:.1%}", kappa=_fmt(report.kappa),
            difference=_fmt(report.mean_score_difference)))
    print(f"  answered {report.answered}/{report.compared}, manual {report.manual_share:.1%}")
    print(f"  {'item':<5} {'n':>3} {'answ':>4} {'agree':>6} {'manual':>6} {'prec':>5} "
          f"{'recall':>6} {'kappa':>6}")
    for row in report.items:
        print(f"  {row.item:<5} {row.compared:>3} {row.answered:>4} {row.agreement:>6.0%} "
              f"{row.manual_share:>6.0%} {_fmt(row.precision):>5} {_fmt(row.recall):>6} "
              f"{_fmt(row.kappa):>6}")


def _report_json(report: AccuracyReport, calls: int) -> dict[str, object]:
    return {"calls": calls, "compared": report.compared, "answered": report.answered,
            "agreement": report.agreement, "manual_share": report.manual_share,
            "kappa": report.kappa, "mean_score_difference": report.mean_score_difference,
            "max_score_difference": report.max_score_difference,
            "items": [row.__dict__ for row in report.items]}
