"""Transcribe the 12 demo recordings once with the bundled speech model, for the demo build.

Writes ``qa_app/demo/recordings/transcripts/OC-REC-nnn.json``: the transcript as the model
hears the call (``transcribe_file(..., masked=False)``, the shape of ``CallTranscript``), with
the default decoding settings (beam size 5, ``louder`` speaker attribution, agent = left
channel, no vocabulary). The words are *not* masked: the demo build masks them with the
current rules when it stores them (``qa_app.demo.transcripts``), exactly as the worker does
after transcribing, and the masking tests run on them. Every name, date and number in these
synthetic calls is invented.

Run after a change of the recordings, the model or its decoding settings (about a minute per
call on one core)::

    python -m tools.demo.transcribe_recordings            # all 12
    python -m tools.demo.transcribe_recordings OC-REC-006 # just one
"""

from __future__ import annotations

import argparse
import sys

from qa_app.config import get_settings
from qa_app.demo.generator import RECORDINGS_DIR
from qa_app.demo.transcripts import TRANSCRIPTS_DIR
from qa_app.transcribe.engine import transcribe_file
from qa_app.transcribe.options import TranscribeOptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("calls", nargs="*", help="OC-REC ids (default: every demo recording)")
    args = parser.parse_args(argv)
    recordings = sorted(RECORDINGS_DIR.glob("OC-REC-*.wav"))
    if args.calls:
        recordings = [path for path in recordings if path.stem in args.calls]
        unknown = set(args.calls) - {path.stem for path in recordings}
        if unknown:
            print(f"no demo recording {', '.join(sorted(unknown))} in {RECORDINGS_DIR}",
                  file=sys.stderr)
            return 2
    options = TranscribeOptions(models_dir=get_settings().home / "models")
    TRANSCRIPTS_DIR.mkdir(exist_ok=True)
    for path in recordings:
        transcript = transcribe_file(path, options, masked=False)
        (TRANSCRIPTS_DIR / f"{path.stem}.json").write_text(transcript.to_json() + "\n",
                                                          encoding="utf-8")
        print(f"{path.stem}: {len(transcript.turns)} turns, {transcript.duration:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
