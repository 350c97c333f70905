"""The pre-scorer on the robustness corpus: figures per split, from the committed transcripts.

    python -m tools.corpus.evaluate [--corpus tests/data/corpus]

(``benchmarks/prescore_accuracy.py --corpus`` prints the same, plus the word error rate.)
Runs the current rule engine (``qa_app.scoring.prescore``, no learned models) over
``<corpus>/transcripts/*.json`` -- what the bundled model heard -- and compares with
``<corpus>/truth/*.json``. For dev and test separately:

- the share of checkable items answered (not left "manual") and the accuracy on those;
- the same per item, with the faults (no / partial) the pre-scorer found;
- fatal calls caught (the pre-score is fatal) out of the calls that must be fatal, and the
  compliant calls (not fatal) that the pre-score makes fatal;
- a reliability table: answers by confidence bin and how many were right;
- the hallucination rate: how often a compliance phrase (time greeting, thanks for calling,
  thanks for waiting) is in the transcript of a call whose script never says it. The
  transcript must match the phrase closely (:data:`HEARD_THRESHOLD`); the script is searched
  loosely (:data:`SAID_THRESHOLD`), so a phrase said a little differently is not counted.

Only the test split is for reporting; dev is for looking at.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from qa_app.scoring.conversation import Conversation as Transcript
from qa_app.scoring.conversation import from_transcribe_json
from qa_app.scoring.demo_truth import script_to_transcribe_json
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.prescore import PreScore, prescore
from qa_app.scoring.rules import MANUAL
from qa_app.scoring.schema import Form
from qa_app.transcribe.call_transcript import Turn, Word
from qa_app.transcribe.metrics import call_metrics
from tools.corpus.grammar import CHECKABLE_ITEMS, SPLITS

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"
RUBRIC = RUBRIC_DIR / "voice_inbound.yaml"

#: Compliance phrases whose false appearance in a transcript would fool a pre-scorer.
COMPLIANCE_PHRASES: dict[str, tuple[str, ...]] = {
    "greeting": ("selamat pagi", "selamat siang", "selamat sore", "selamat malam"),
    "closing": ("terima kasih telah menghubungi", "terima kasih sudah menghubungi",
                "terima kasih telah menelepon", "terima kasih sudah menelepon",
                "mengatasi masalah tanpa masalah"),
    "thanks for waiting": ("terima kasih telah menunggu", "terima kasih sudah menunggu",
                           "terima kasih atas kesediaannya menunggu",
                           "terima kasih sudah bersedia menunggu",
                           "terima kasih atas kesabarannya"),
}
HEARD_THRESHOLD = 0.9
SAID_THRESHOLD = 0.75
#: Confidence bins of the reliability table: [low, high).
CONFIDENCE_BINS: tuple[tuple[float, float], ...] = (
    (0.0, 0.65), (0.65, 0.8), (0.8, 0.9), (0.9, 0.97), (0.97, 1.01))
HIGH_CONFIDENCE = 0.9


@dataclass(frozen=True)
class CorpusCall:
    id: str
    split: str
    expected: dict[str, str]
    must_be_fatal: bool
    script_text: str  # every line of the script, both speakers
    heard_text: str  # the transcript, unmasked where the transcriber kept it
    transcript: Transcript  # what the pre-scorer reads (the masked text)
    conditions: dict[str, str]  # audio facts: agent voice, codec, noise, hold


def conditions_of(truth: dict[str, Any]) -> dict[str, str]:
    audio = truth["audio"]
    return {"agent voice": audio["agent_voice"]["name"],
            "customer voice": audio["customer_voice"]["name"],
            "codec": audio["codec"], "noise": audio["noise"],
            "hold": truth["holds"][0]["kind"] if truth["holds"] else "none"}


@dataclass(frozen=True)
class ConditionFigures:
    """Checkable items of the calls recorded in one condition (e.g. codec = mp3)."""

    condition: str
    value: str
    compared: int
    answered: int
    correct: int


@dataclass(frozen=True)
class ItemFigures:
    item: str
    compared: int
    answered: int
    correct: int
    faults: int  # expected no / partial
    faults_found: int  # of those, answered no / partial

    @property
    def answered_share(self) -> float:
        return self.answered / self.compared if self.compared else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class ConfidenceBin:
    low: float
    high: float
    answers: int
    correct: int


@dataclass(frozen=True)
class Hallucination:
    call: str
    kind: str
    phrase: str


@dataclass(frozen=True)
class SplitFigures:
    split: str
    calls: int
    items: tuple[ItemFigures, ...]
    fatal_calls: int
    fatal_caught: int
    compliant_calls: int
    compliant_scored_fatal: int
    bins: tuple[ConfidenceBin, ...]
    phrase_checks: int  # (call, phrase) pairs where the phrase was not said
    hallucinations: tuple[Hallucination, ...]
    by_condition: tuple[ConditionFigures, ...] = ()

    @property
    def compared(self) -> int:
        return sum(i.compared for i in self.items)

    @property
    def answered(self) -> int:
        return sum(i.answered for i in self.items)

    @property
    def correct(self) -> int:
        return sum(i.correct for i in self.items)

    @property
    def answered_share(self) -> float:
        return self.answered / self.compared if self.compared else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    def confident(self) -> tuple[int, int]:
        """(answers with confidence >= HIGH_CONFIDENCE, of which right)."""
        chosen = [b for b in self.bins if b.low >= HIGH_CONFIDENCE]
        return sum(b.answers for b in chosen), sum(b.correct for b in chosen)

    @property
    def hallucination_rate(self) -> float:
        return len(self.hallucinations) / self.phrase_checks if self.phrase_checks else 0.0


# ------------------------------------------------------------------ loading


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from error


def load_corpus(corpus: Path = CORPUS_DIR, from_scripts: bool = False) -> list[CorpusCall]:
    """Every ground truth of ``corpus/truth`` with its transcript from ``corpus/transcripts``;
    ``from_scripts``: the script itself stands in for the transcript (a perfect recognizer),
    which tells the rules' own errors from those the speech model adds."""
    calls = []
    truth_files = sorted((corpus / "truth").glob("*.json"))
    if not truth_files:
        raise ValueError(f"{corpus / 'truth'}: no ground truth files")
    for truth_file in truth_files:
        truth = _read(truth_file)
        transcript_file = corpus / "transcripts" / truth_file.name
        if from_scripts:
            heard = perfect_transcript(truth)
        elif not transcript_file.is_file():
            raise ValueError(f"{transcript_file}: no transcript for {truth_file.name}; run "
                             "benchmarks/corpus_transcribe.py")
        else:
            heard = _read(transcript_file)
        calls.append(CorpusCall(
            id=truth["id"], split=truth["split"], expected=dict(truth["expected"]),
            must_be_fatal=bool(truth["must_be_fatal"]),
            script_text=" ".join(line["text"] for line in truth["script"]),
            heard_text=" ".join(t.get("unmasked_text") or t["text"] for t in heard["turns"]),
            transcript=from_transcribe_json(heard, truth["channel"], truth["direction"]),
            conditions=conditions_of(truth)))
    return calls


def perfect_transcript(truth: dict[str, Any]) -> dict[str, Any]:
    """The script as a ``transcribe --json`` transcript from a perfect recognizer: every line
    one turn, its words spread over its time, and the transcriber's own metrics (holds,
    silences) measured from those word times, with the hold music where it played (what
    ``qa_app.transcribe.music`` finds in the corpus's audio)."""
    turns = []
    for line in truth["script"]:
        tokens = line["text"].split()
        step = (line["end"] - line["start"]) / max(len(tokens), 1)
        words = tuple(Word(line["start"] + i * step, line["start"] + (i + 1) * step, token, 1.0)
                      for i, token in enumerate(tokens))
        turns.append(Turn(line["speaker"], line["start"], line["end"], line["text"], words))
    shaped = script_to_transcribe_json(truth)
    music = [(hold["start"], hold["end"]) for hold in truth.get("holds") or ()
             if hold.get("kind") == "music"]
    shaped["metrics"] = call_metrics(turns, truth["duration"], True, music=music)
    return shaped


# ------------------------------------------------------------------ phrases


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def phrase_found(text: str, phrase: str, threshold: float) -> bool:
    """Whether some run of words of ``text`` -- one shorter, as long or one longer than
    ``phrase`` (the model may split or merge a word) -- is at least ``threshold`` similar to
    it (difflib's character ratio, 0-1)."""
    words, target = words_of(text), " ".join(words_of(phrase))
    size = len(target.split())
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for length in sorted({max(size - 1, 1), size, size + 1}):
        for start in range(0, max(len(words) - length + 1, 1)):
            matcher.set_seq1(" ".join(words[start:start + length]))
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold \
                    and matcher.ratio() >= threshold:
                return True
    return False


def hallucinations_in(call: CorpusCall) -> tuple[int, list[Hallucination]]:
    """(phrases not said in the call, those of them the transcript shows anyway)."""
    checks, found = 0, []
    for kind, phrases in COMPLIANCE_PHRASES.items():
        for phrase in phrases:
            if phrase_found(call.script_text, phrase, SAID_THRESHOLD):
                continue
            checks += 1
            if phrase_found(call.heard_text, phrase, HEARD_THRESHOLD):
                found.append(Hallucination(call.id, kind, phrase))
    return checks, found


# ------------------------------------------------------------------ figures

Scorer = Callable[[Form, Transcript], PreScore]


def split_figures(split: str, calls: Sequence[CorpusCall], scores: Sequence[PreScore]
                  ) -> SplitFigures:
    per_item = {item: [0, 0, 0, 0, 0] for item in CHECKABLE_ITEMS}
    bins = [[low, high, 0, 0] for low, high in CONFIDENCE_BINS]
    fatal_caught = compliant_fatal = checks = 0
    hallucinations: list[Hallucination] = []
    conditions: dict[tuple[str, str], list[int]] = {}
    for call, score in zip(calls, scores, strict=True):
        results = {r.id: r for r in score.items}
        rows = [conditions.setdefault(pair, [0, 0, 0]) for pair in call.conditions.items()]
        for item in CHECKABLE_ITEMS:
            expected, result = call.expected[item], results[item]
            row = per_item[item]
            row[0] += 1
            faulty = expected in ("no", "partial")
            row[3] += faulty
            for condition_row in rows:
                condition_row[0] += 1
            if result.answer == MANUAL:
                continue
            right = result.answer == expected
            row[1] += 1
            row[2] += right
            for condition_row in rows:
                condition_row[1] += 1
                condition_row[2] += right
            row[4] += faulty and result.answer in ("no", "partial")
            for bin_ in bins:
                if bin_[0] <= result.confidence < bin_[1]:
                    bin_[2] += 1
                    bin_[3] += right
        if call.must_be_fatal:
            fatal_caught += score.fatal
        else:
            compliant_fatal += score.fatal
        checked, found = hallucinations_in(call)
        checks += checked
        hallucinations += found
    fatal_calls = sum(c.must_be_fatal for c in calls)
    return SplitFigures(
        split=split, calls=len(calls),
        items=tuple(ItemFigures(item, *row) for item, row in per_item.items()),
        fatal_calls=fatal_calls, fatal_caught=fatal_caught,
        compliant_calls=len(calls) - fatal_calls, compliant_scored_fatal=compliant_fatal,
        bins=tuple(ConfidenceBin(float(b[0]), float(b[1]), int(b[2]), int(b[3]))
                   for b in bins),
        phrase_checks=checks, hallucinations=tuple(hallucinations),
        by_condition=tuple(ConditionFigures(c, v, *row)
                           for (c, v), row in sorted(conditions.items())))


def evaluate(calls: Sequence[CorpusCall], form: Form | None = None,
             scorer: Scorer = prescore) -> dict[str, SplitFigures]:
    """Figures per split (dev, test) of ``scorer`` (default: the rule engine) on ``calls``."""
    form = form or load_form(RUBRIC)
    figures = {}
    for split in SPLITS:
        chosen = [c for c in calls if c.split == split]
        figures[split] = split_figures(split, chosen, [scorer(form, c.transcript)
                                                       for c in chosen])
    return figures


# ------------------------------------------------------------------ printing


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def format_figures(figures: SplitFigures) -> list[str]:
    confident, confident_right = figures.confident()
    lines = [
        f"== {figures.split}: {figures.calls} calls, {figures.compared} checkable items",
        f"answered {figures.answered}/{figures.compared} ({_pct(figures.answered_share)}; "
        f"target >= 80%)   right on answered {figures.correct}/{figures.answered} "
        f"({_pct(figures.accuracy)}; target >= 95%)",
        f"fatal calls caught {figures.fatal_caught}/{figures.fatal_calls} (target: all)   "
        f"compliant calls scored fatal {figures.compliant_scored_fatal}/"
        f"{figures.compliant_calls} (target <= 1 in 50)",
        f"answers with confidence >= {HIGH_CONFIDENCE}: {confident_right}/{confident} right "
        f"({_pct(confident_right / confident if confident else None)}; target >= 97%)",
        f"hallucinated compliance phrases {len(figures.hallucinations)}/"
        f"{figures.phrase_checks} ({_pct(figures.hallucination_rate)}; target 0)"
        + "".join(f"\n    {h.call}: {h.kind} '{h.phrase}'" for h in figures.hallucinations),
        f"{'item':<5} {'n':>4} {'answered':>9} {'right':>7} {'faults':>7} {'found':>6}",
    ]
    for row in figures.items:
        lines.append(f"{row.item:<5} {row.compared:>4} {_pct(row.answered_share):>9} "
                     f"{_pct(row.accuracy):>7} {row.faults:>7} {row.faults_found:>6}")
    lines.append("reliability   confidence     answers   right")
    for b in figures.bins:
        share = b.correct / b.answers if b.answers else None
        bracket = ")" if b.high <= 1 else "]"
        lines.append(f"              [{b.low:.2f}, {min(b.high, 1.0):.2f}{bracket}"
                     f" {b.answers:>9} {_pct(share):>7}")
    lines.append(f"{'condition':<24} {'items':>6} {'answered':>9} {'right':>7}")
    for c in figures.by_condition:
        lines.append(f"{c.condition + ' = ' + c.value:<24} {c.compared:>6} "
                     f"{_pct(c.answered / c.compared if c.compared else None):>9} "
                     f"{_pct(c.correct / c.answered if c.answered else None):>7}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--rubric", type=Path, default=RUBRIC)
    parser.add_argument("--scripts", action="store_true",
                        help="score the scripts instead of the transcripts (no speech errors)")
    parser.add_argument("--blend", action="store_true",
                        help="also the blend with the learned layer, trained on dev only")
    args = parser.parse_args(argv)
    calls, form = load_corpus(args.corpus, args.scripts), load_form(args.rubric)
    figures = evaluate(calls, form)
    print("# the rule engine alone")
    for split in SPLITS:
        print("\n".join(format_figures(figures[split])))
    if args.blend:
        from tools.corpus.blend import blended_scorer, dev_models  # blend imports this module
        models = dev_models(form, calls)
        blended = evaluate(calls, form, blended_scorer(models))
        print(f"# blended with the learned layer ({len(models.classifiers)} items' models, "
              "trained on the dev split: its dev figures are on its training data)")
        for split in SPLITS:
            print("\n".join(format_figures(blended[split])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
