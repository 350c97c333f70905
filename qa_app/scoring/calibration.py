"""How the fuzzy-match threshold was chosen: scores of phrases that are there, under
speech-recognition-like errors, against scores of phrases that are not.

Positives: every phrase of a form found verbatim in an agent turn of the demo scripts, with
one ASR-like error applied to the phrase's words in the turn (a synonym or near-homophone
swapped in, a letter dropped, doubled or changed, a voiced stop heard voiceless or the other
way round, two words run together). Negatives: every phrase
against every agent turn that holds none of the phrases of the same condition.
`python -m qa_app.scoring.calibration` prints the figures quoted in ``matching``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from qa_app.scoring.demo_truth import load_labelled
from qa_app.scoring.loader import RUBRIC_DIR, load_form
from qa_app.scoring.matching import match_phrase, normalize
from qa_app.scoring.schema import Condition

#: Word swaps heard from speech recognition on Indonesian telephone audio.
ASR_SWAPS = {"sudah": "telah", "telah": "sudah", "ditunggu": "di tunggu", "izin": "ijin",
             "menghubungi": "menghubungin", "bapak": "pak", "ibu": "bu", "kasih": "kasi",
             "bantu": "bantuk", "kendalanya": "kendala nya", "mohon": "muhon"}


#: Stops the model hears voiced for voiceless and back ("bapak" / "papak", "kandung" / "kantung").
_VOICING = {"b": "p", "p": "b", "d": "t", "t": "d"}


def asr_variants(text: str, rng: random.Random, count: int = 6) -> Iterator[str]:
    words = text.split()
    for _ in range(count):
        changed = list(words)
        spot = rng.randrange(len(changed))
        word = changed[spot]
        kind = rng.choice(("swap", "drop", "double", "change", "voice", "join"))
        if kind == "swap" and word in ASR_SWAPS:
            changed[spot] = ASR_SWAPS[word]
        elif kind == "drop" and len(word) > 3:
            cut = rng.randrange(1, len(word))
            changed[spot] = word[:cut] + word[cut + 1:]
        elif kind == "double":
            cut = rng.randrange(len(word))
            changed[spot] = word[:cut] + word[cut] + word[cut:]
        elif kind == "change" and len(word) > 3:
            cut = rng.randrange(1, len(word))
            changed[spot] = word[:cut] + rng.choice("aeiou") + word[cut + 1:]
        elif kind == "voice" and any(c in _VOICING for c in word):
            cut = next(i for i, c in enumerate(word) if c in _VOICING)
            changed[spot] = word[:cut] + _VOICING[word[cut]] + word[cut + 1:]
        elif kind == "join" and spot + 1 < len(changed):
            changed[spot:spot + 2] = [word + changed[spot + 1]]
        yield " ".join(changed)


def _phrase_lists(condition: Condition, default: float) -> Iterator[tuple[tuple[str, ...], float]]:
    """Each phrase list with the threshold it is matched at."""
    if condition.phrases:
        yield tuple(normalize(p) for p in condition.phrases), condition.threshold or default
    for child in (*(condition.all_of or ()), *(condition.any_of or ()), *(condition.of or ())):
        yield from _phrase_lists(child, default)
    if condition.not_ is not None:
        yield from _phrase_lists(condition.not_, default)


def score_samples(seed: int = 6) -> tuple[list[float], list[float]]:
    """(positive, negative) scores over the voice forms and the demo scripts, each minus the
    threshold its condition uses: a match counts when the margin is 0 or more."""
    rng = random.Random(seed)
    lists: set[tuple[tuple[str, ...], float]] = set()
    for name in ("voice_inbound.yaml", "voice_outbound.yaml"):
        form = load_form(RUBRIC_DIR / name)
        for condition in [*form.conditions.values(),
                          *(rule.when for item in form.items() for rule in item.decide)]:
            lists.update(_phrase_lists(condition, form.match_threshold))
    turns = [normalize(t.text) for call in load_labelled() for t in call.transcript.turns
             if t.speaker == "agent"]
    positives: list[float] = []
    negatives: list[float] = []
    for phrases, threshold in sorted(lists):  # sorted: the same samples on every run
        for turn in turns:
            present = [p for p in phrases if f" {p} " in f" {turn} "]
            for phrase in present:
                positives.extend(
                    match_phrase(phrase, normalize(turn.replace(phrase, v, 1))).score - threshold
                    for v in asr_variants(phrase, rng))
            if not present:
                negatives.extend(match_phrase(phrase, turn).score - threshold
                                 for phrase in phrases)
    return positives, negatives


if __name__ == "__main__":
    found, absent = score_samples()
    print(f"present with an ASR error: n={len(found)}, lowest margin {min(found):+.1f}, "
          f"missed {sum(m < 0 for m in found) / len(found):.2%}")
    print(f"absent: n={len(absent)}, highest margin {max(absent):+.1f}, "
          f"matched {sum(m >= 0 for m in absent) / len(absent):.2%}")
    for shift in range(-12, 13, 2):
        print(f"thresholds {shift:+d}: missed {sum(m < shift for m in found) / len(found):.2%}, "
              f"false {sum(m >= shift for m in absent) / len(absent):.2%}")
