"""``python -m qa_app transcribe PATH [--json] [--unmasked]``: one file, no database needed.

The output is masked like a stored transcript; ``--unmasked`` shows the words as heard, and
only where the settings keep unmasked transcripts at all (QA_KEEP_UNMASKED_TRANSCRIPTS).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from qa_app.config import get_settings
from qa_app.i18n import t
from qa_app.transcribe.call_transcript import CallTranscript as Transcript
from qa_app.transcribe.errors import AudioInputError, ModelUnavailableError
from qa_app.transcribe.options import TranscribeOptions


def register(commands: Any) -> None:
    parser = commands.add_parser("transcribe", help="transcribe a recording (no database needed)"
                                 ", or queue every sampled call without a transcript")
    parser.add_argument("path", nargs="?", help="the audio file (WAV, MP3, OGG/Opus, M4A)")
    parser.add_argument("--pending", action="store_true",
                        help="queue every sampled interaction that has a recording and no "
                             "transcript (workers do the work: python -m qa_app worker)")
    parser.add_argument("--json", action="store_true",
                        help="print the transcript as JSON (turns, words, metrics)")
    parser.add_argument("--unmasked", action="store_true",
                        help="print the words as heard, without masking (only where "
                             "QA_KEEP_UNMASKED_TRANSCRIPTS=true)")
    parser.set_defaults(run=cmd_transcribe)


def _progress_bar(done: float) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = int(width * done)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:4.0%}")
        if done >= 1.0:
            sys.stderr.write("\n")


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60):02d}:{seconds % 60:04.1f}"


def cmd_transcribe(args: argparse.Namespace) -> int:
    from qa_app.transcribe.engine import transcribe_file

    settings = get_settings()
    if args.pending:
        from qa_app.cli.worker import queue_pending_transcriptions

        return queue_pending_transcriptions()
    if not args.path:
        print("error: give an audio file, or --pending", file=sys.stderr)
        return 2
    if args.unmasked and not settings.keep_unmasked_transcripts:
        print(t("transcribe.unmasked_refused", settings.language), file=sys.stderr)
        return 2
    # One text is printed, masked or not, so the masked output carries no unmasked copy.
    options = replace(TranscribeOptions.from_settings(settings), keep_unmasked=False)
    try:
        transcript = transcribe_file(args.path, options, progress=_progress_bar,
                                     masked=not args.unmasked)
    except ModelUnavailableError as error:
        print(t("transcribe.model_error", settings.language, detail=error), file=sys.stderr)
        return 3
    except AudioInputError as error:
        print(t("transcribe.audio_error", settings.language, detail=error), file=sys.stderr)
        return 1
    if args.json:
        print(transcript.to_json())
    else:
        print(_readable(transcript, settings.language))
    return 0


def _readable(transcript: Transcript, language: str) -> str:
    lines = [t("transcribe.summary", language, duration=f"{transcript.duration:.1f}",
               turns=len(transcript.turns))]
    for turn in transcript.turns:
        speaker = t(f"transcribe.speaker_{turn.speaker or 'unknown'}", language)
        lines.append(f"[{_clock(turn.start)}] {speaker}: {turn.text}")
    return "\n".join(lines)
