"""Word errors between a reference script and a transcript (Levenshtein over words).

Shared by the transcription and pre-score accuracy benchmarks; not part of the product.
"""

from __future__ import annotations


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    """Substitutions + insertions + deletions turning ``reference`` into ``hypothesis``."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i] + [0] * len(hypothesis)
        for j, hyp_word in enumerate(hypothesis, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ref_word != hyp_word))
        previous = current
    return previous[-1]


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    return word_errors(reference, hypothesis) / max(len(reference), 1)
