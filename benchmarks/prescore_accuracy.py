"""Pre-scorer accuracy on the 12 demo calls transcribed by the real model (issue 6, point 5).

For each ``OC-REC-*.wav`` beside its ground truth: transcribe it with the real Whisper model
(model loaded once; the demo data is invented, so the unmasked text is kept for the word error
rate), pre-score the masked transcript with the rule engine alone, and compare with the
ground truth's ``expected`` answers. Printed:

- word error rate of the transcripts against the scripts, per call and overall (text
  lower-cased, punctuation dropped, digits the model writes spelled out as Indonesian words);
- per item: calls compared, answered (not left "manual"), agreement on the answered ones,
  share left manual, Cohen's kappa on the answered ones;
- overall agreement on answered items, the share left manual, kappa (target: ≥ 90% agreement
  on the machine-checkable items).

    .venv/bin/python benchmarks/prescore_accuracy.py [--transcripts DIR] [--recordings DIR]
    .venv/bin/python benchmarks/prescore_accuracy.py --corpus [DIR]

``--transcripts DIR`` keeps the transcripts: files already there are reused, the others are
written, so the scoring side can be re-measured in seconds (``python -m qa_app prescore-eval
--transcripts DIR`` reads the same folder).

``--corpus`` (issue 14) measures the robustness corpus instead (default folder
tests/data/corpus, made by benchmarks/corpus_transcribe.py from tools/corpus/grammar.yaml):
the committed real-model transcripts are scored in seconds, and the figures of
tools/corpus/evaluate.py are printed for the dev and the test split (answered share, accuracy
on answered items, per item, fatal calls caught, compliant calls scored fatal, reliability by
confidence, hallucinated compliance phrases), with the word error rate of each split, for the
rule engine alone and for its blend with the learned layer trained on the dev split only
(tools/corpus/blend.py). Only the test split's figures are for reporting.

``--vocabulary DIR`` (issue 14, point 3) compares the Whisper vocabulary modes transcribed by
``benchmarks/corpus_transcribe.py --vocabulary off hotwords prompt --out DIR``: on the calls
every mode has a transcript of (so that a run stopped early still compares like with like),
per mode the word error rate, the hallucinated compliance phrases (a greeting, closing or
"terima kasih telah menunggu" in the transcript of a call whose script never says it; target
0) with the calls they were found in, and the pre-scorer's answered share and accuracy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from word_errors import word_errors  # noqa: E402  (beside this script)

from qa_app.config import get_settings  # noqa: E402
from qa_app.scoring.accuracy import compare  # noqa: E402
from qa_app.scoring.demo_truth import DEMO_RECORDINGS, load_labelled  # noqa: E402
from qa_app.scoring.loader import RUBRIC_DIR, load_form  # noqa: E402
from qa_app.scoring.prescore import prescore  # noqa: E402
from tools.corpus.blend import blended_scorer, dev_models  # noqa: E402
from tools.corpus.evaluate import CORPUS_DIR, evaluate, format_figures, load_corpus  # noqa: E402

ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def spelled(number: int) -> str:
    """Indonesian number words, as the scripts write them ("1.400" → "seribu empat ratus")."""
    if number < 10:
        return ONES[number]
    if number < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(number, f"{ONES[number - 10]} belas")
    for size, word, one in ((1_000_000, "juta", "satu juta"), (1000, "ribu", "seribu"),
                            (100, "ratus", "seratus"), (10, "puluh", "")):
        if number >= size:
            head, rest = divmod(number, size)
            words = one if head == 1 and one else f"{spelled(head)} {word}"
            return f"{words} {spelled(rest)}".strip() if rest else words
    return ""


def normal_words(text: str) -> list[str]:
    text = re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", text.lower())
    words = []
    for token in re.findall(r"[a-z]+|\d+", text):
        if not token.isdigit():
            words.append(token)
        elif len(token) > 2 and token.startswith("0") or len(token) > 6:
            words += [ONES[int(digit)] for digit in token]  # a number read digit by digit
        else:
            words += spelled(int(token)).split()
    return words


def transcribe_all(recordings: Path, out: Path) -> None:
    from qa_app.transcribe.engine import model_for, transcribe_file
    from qa_app.transcribe.options import TranscribeOptions

    options = replace(TranscribeOptions.from_settings(get_settings()), keep_unmasked=True)
    model = None
    for wav in sorted(recordings.glob("OC-REC-*.wav")):
        target = out / f"{wav.stem}.json"
        if target.is_file():
            continue
        model = model or model_for(options)
        print(f"transcribing {wav.name}", file=sys.stderr)
        target.write_text(transcribe_file(wav, options, model=model).to_json(), encoding="utf-8")


def print_wer(recordings: Path, transcripts: Path) -> None:
    errors = total = 0
    per_call = []
    for truth_file in sorted(recordings.glob("OC-REC-*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        heard = json.loads((transcripts / truth_file.name).read_text(encoding="utf-8"))
        reference, hypothesis = [], []
        for speaker in ("agent", "customer"):
            reference += normal_words(" ".join(u["text"] for u in truth["script"]
                                               if u["speaker"] == speaker))
            hypothesis += normal_words(" ".join(t.get("unmasked_text") or t["text"]
                                                for t in heard["turns"]
                                                if t["speaker"] == speaker))
        wrong = word_errors(reference, hypothesis)
        errors, total = errors + wrong, total + len(reference)
        per_call.append(f"{truth_file.stem[-3:]}:{wrong / len(reference):.0%}")
    print(f"word error rate {errors / total:.1%} ({errors}/{total} words)  " + " ".join(per_call))


def corpus_wer(corpus: Path, split: str) -> str:
    """Word error rate of one split of the corpus (both speakers, as in :func:`print_wer`),
    overall and by synthetic voice."""
    counts: dict[str, list[int]] = {}
    for truth_file in sorted((corpus / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        if truth["split"] != split:
            continue
        heard = json.loads((corpus / "transcripts" / truth_file.name).read_text(encoding="utf-8"))
        for speaker in ("agent", "customer"):
            reference = normal_words(" ".join(u["text"] for u in truth["script"]
                                              if u["speaker"] == speaker))
            hypothesis = normal_words(" ".join(t.get("unmasked_text") or t["text"]
                                               for t in heard["turns"] if t["speaker"] == speaker))
            wrong = word_errors(reference, hypothesis)
            for key in ("all", truth["audio"][f"{speaker}_voice"]["name"]):
                row = counts.setdefault(key, [0, 0])
                row[0], row[1] = row[0] + wrong, row[1] + len(reference)
    errors, total = counts.get("all", [0, 0])
    by_voice = "  ".join(f"{voice} {e / max(t, 1):.1%}" for voice, (e, t) in sorted(counts.items())
                         if voice != "all")
    return f"word error rate {errors / max(total, 1):.1%} ({errors}/{total} words)  {by_voice}"


def print_corpus(corpus: Path, rubric: Path) -> None:
    """The rule engine alone, then blended with the learned layer trained on dev only."""
    calls, form = load_corpus(corpus), load_form(rubric)
    models = dev_models(form, calls)
    for title, scorer in (("the rule engine alone", prescore),
                          (f"blended with the learned layer ({len(models.classifiers)} items' "
                           "models trained on dev: its dev figures are on its training data)",
                           blended_scorer(models))):
        print(f"# {title}")
        for split, split_figures in evaluate(calls, form, scorer).items():
            lines = format_figures(split_figures)
            print("\n".join([lines[0], corpus_wer(corpus, split), *lines[1:]]))


def call_errors(truth_file: Path, transcript_file: Path) -> int:
    """Word errors of one call, both speakers (as :func:`corpus_wer` counts them)."""
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    heard = json.loads(transcript_file.read_text(encoding="utf-8"))
    return sum(word_errors(
        normal_words(" ".join(u["text"] for u in truth["script"] if u["speaker"] == speaker)),
        normal_words(" ".join(t.get("unmasked_text") or t["text"] for t in heard["turns"]
                              if t["speaker"] == speaker))) for speaker in ("agent", "customer"))


def print_paired(modes: list[Path], ids: list[str]) -> None:
    """Per call, whether a mode made fewer or more word errors than ``off``."""
    base = next((m for m in modes if m.name == "off"), None)
    if base is None:
        return
    errors = {m.name: [call_errors(m / "truth" / f"{call}.json",
                                   m / "transcripts" / f"{call}.json") for call in ids]
              for m in modes}
    for mode in modes:
        if mode is base:
            continue
        pairs = list(zip(errors[mode.name], errors["off"], strict=True))
        print(f"{mode.name} against off, per call: fewer word errors in "
              f"{sum(a < b for a, b in pairs)}, more in {sum(a > b for a, b in pairs)}, "
              f"as many in {sum(a == b for a, b in pairs)}")


def print_vocabulary(folder: Path, rubric: Path) -> None:
    modes = sorted(d for d in folder.iterdir() if (d / "transcripts").is_dir())
    if not modes:
        raise SystemExit(f"{folder}: no <mode>/transcripts folders; run "
                         "benchmarks/corpus_transcribe.py --vocabulary ... --out {folder}")
    ids = sorted(set.intersection(*({p.stem for p in (m / "transcripts").glob("*.json")}
                                    for m in modes)))
    print(f"vocabulary modes {', '.join(m.name for m in modes)}: {len(ids)} calls "
          f"transcribed in every mode")
    form = load_form(rubric)
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix="vocabulary-") as scratch:
            paired = Path(scratch)
            for part in ("truth", "transcripts"):
                (paired / part).mkdir()
                for call in ids:
                    (paired / part / f"{call}.json").symlink_to(
                        (mode / part / f"{call}.json").resolve())
            calls = load_corpus(paired)
            for split, figures in evaluate(calls, form).items():
                if not figures.calls:
                    continue
                lines = format_figures(figures)
                print(f"-- {mode.name} ({split}, {figures.calls} calls)  "
                      f"{corpus_wer(paired, split)}")
                print("\n".join(line for line in lines[1:5]))
    print_paired(modes, ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recordings", type=Path, default=DEMO_RECORDINGS)
    parser.add_argument("--transcripts", type=Path, help="folder to keep/reuse transcripts in")
    parser.add_argument("--rubric", type=Path, default=RUBRIC_DIR / "voice_inbound.yaml")
    parser.add_argument("--corpus", type=Path, nargs="?", const=CORPUS_DIR,
                        help="measure the robustness corpus (committed transcripts) instead")
    parser.add_argument("--vocabulary", type=Path, metavar="DIR",
                        help="compare the vocabulary modes transcribed into DIR/<mode>/")
    args = parser.parse_args()
    if args.vocabulary is not None:
        print_vocabulary(args.vocabulary, args.rubric)
        return 0
    if args.corpus is not None:
        print_corpus(args.corpus, args.rubric)
        return 0
    with tempfile.TemporaryDirectory(prefix="prescore-accuracy-") as scratch:
        transcripts = args.transcripts or Path(scratch)
        transcripts.mkdir(parents=True, exist_ok=True)
        transcribe_all(args.recordings, transcripts)
        print_wer(args.recordings, transcripts)
        form = load_form(args.rubric)
        calls = load_labelled(args.recordings, transcripts)
        report = compare(form, [(c.expected, prescore(form, c.transcript).answers())
                                for c in calls])
    print(f"{'item':<5} {'n':>3} {'answered':>8} {'agree':>6} {'manual':>7} {'kappa':>6}")
    for row in report.items:
        agree = "-" if row.answered == 0 else f"{row.agreement:.0%}"
        print(f"{row.item:<5} {row.compared:>3} {row.answered:>8} {agree:>6} "
              f"{row.manual_share:>7.0%} {row.kappa:>6.2f}")
    print(f"calls {len(calls)}  items compared {report.compared}  answered {report.answered}  "
          f"agreement on answered {report.agreement:.1%}  left manual {report.manual_share:.1%}  "
          f"kappa {report.kappa:.2f}  (target: agreement >= 90%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
