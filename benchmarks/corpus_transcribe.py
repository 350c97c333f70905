"""Regenerate the robustness corpus and re-transcribe it with the real model (issue 14).

    nice -n 10 .venv/bin/python benchmarks/corpus_transcribe.py [--audio data/corpus]
        [--corpus tests/data/corpus] [--force] [--split test] [IDS]
    nice -n 10 .venv/bin/python benchmarks/corpus_transcribe.py --no-build --split test \\
        --vocabulary off hotwords prompt --out data/corpus-vocabulary

1. synthesizes every call of tools/corpus/grammar.yaml (audio into ``--audio``, not
   committed; ground truth into ``<corpus>/truth/``) -- needs the tools of
   tools/corpus/README.md;
2. transcribes each call with the bundled Whisper model through the project's own
   transcription code (``transcribe_file``, what ``python -m qa_app transcribe FILE --json``
   runs), keeping the unmasked text beside the masked one for the word error rate (the corpus
   data is invented), into ``<corpus>/transcripts/``. Transcripts already there are kept unless
   ``--force``; the model is loaded once.

``--vocabulary MODE...`` (``off``, ``hotwords``, ``prompt``: ``QA_WHISPER_VOCABULARY``)
transcribes every call once per mode, the modes of one call one after the other, into
``<out>/<mode>/transcripts/`` (with a copy of the ground truth in ``<out>/<mode>/truth/``), so
that a run stopped early still compares the modes on the same calls. Then
``benchmarks/prescore_accuracy.py --vocabulary <out>`` prints word error rate and
hallucinated compliance phrases per mode.

Then ``benchmarks/prescore_accuracy.py --corpus`` prints the figures in seconds. Prints the
audio seconds transcribed and the CPU seconds it took (the real-time factor).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa_app.config import get_settings  # noqa: E402
from tools.corpus.build import AUDIO_DIR, EXTENSIONS  # noqa: E402
from tools.corpus.build import main as build_main  # noqa: E402
from tools.corpus.evaluate import CORPUS_DIR  # noqa: E402
from tools.corpus.plan import plan_corpus  # noqa: E402

MODES = ("off", "hotwords", "prompt")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("ids", nargs="*", help="only these call ids (default: all)")
    parser.add_argument("--audio", type=Path, default=AUDIO_DIR)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--force", action="store_true", help="re-transcribe existing ones")
    parser.add_argument("--no-build", action="store_true", help="reuse the audio in --audio")
    parser.add_argument("--split", choices=("dev", "test"), help="only the calls of this split")
    parser.add_argument("--vocabulary", nargs="+", choices=MODES,
                        help="transcribe once per mode into <out>/<mode>/ (see above)")
    parser.add_argument("--out", type=Path, default=Path("data") / "corpus-vocabulary",
                        help="folder of the --vocabulary transcripts")
    args = parser.parse_args()
    plans = [plan for plan in sorted(plan_corpus(), key=lambda p: p.split != "test")
             if (not args.ids or plan.id in args.ids) and args.split in (None, plan.split)]
    if not args.no_build:
        build_main([*(plan.id for plan in plans), "--audio", str(args.audio),
                    "--truth", str(args.corpus / "truth")])

    from qa_app.transcribe.engine import model_for, transcribe_file
    from qa_app.transcribe.options import BUNDLED_VOCABULARY, TranscribeOptions, read_vocabulary

    settings = get_settings()
    base = replace(TranscribeOptions.from_settings(settings), keep_unmasked=True)
    if args.vocabulary:
        words = read_vocabulary(settings.whisper_vocabulary_file or BUNDLED_VOCABULARY)
        runs = [(replace(base, hotwords=words if mode == "hotwords" else None,
                         initial_prompt=words if mode == "prompt" else None),
                 args.out / mode) for mode in args.vocabulary]
    else:
        runs = [(base, args.corpus)]
    for _, folder in runs:
        (folder / "transcripts").mkdir(parents=True, exist_ok=True)
    model = None
    audio_seconds = 0.0
    started = cpu_seconds()
    for plan in plans:
        for options, folder in runs:
            target = folder / "transcripts" / f"{plan.id}.json"
            if folder != args.corpus:
                (folder / "truth").mkdir(exist_ok=True)
                shutil.copy(args.corpus / "truth" / f"{plan.id}.json", folder / "truth")
            if target.is_file() and not args.force:
                continue
            model = model or model_for(options)
            audio = args.audio / f"{plan.id}.{EXTENSIONS[plan.codec]}"
            transcript = transcribe_file(audio, options, model=model)
            target.write_text(transcript.to_json(indent=None) + "\n", encoding="utf-8")
            audio_seconds += transcript.duration
            print(f"{plan.id} {folder.name:<10} {transcript.duration:7.1f} s audio, "
                  f"{cpu_seconds() - started:8.1f} CPU s so far", file=sys.stderr, flush=True)
    used = cpu_seconds() - started
    if audio_seconds:
        print(f"transcribed {audio_seconds:.0f} s of audio in {used:.0f} CPU s "
              f"(CPU time / audio time {used / audio_seconds:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
