"""Fuzzy search: each typed word widened to the index's terms a recognizer may have written.

Why a vocabulary and rapidfuzz rather than trigrams: the speech recognizer's errors are
mostly a letter or two ("verifikasi" heard as "ferifikasi", "pinjaman" as "pinjamam"), and
Indonesian adds suffixes to a stem ("tagihan", "tagihannya"). An edit distance over the
index's own vocabulary (one row per distinct term, kept by the indexer) finds the first,
a prefix match the second, and it works the same on SQLite and PostgreSQL (pg_trgm is an
extension a site may not have, and FTS5 has no trigram index by default). The search then
stays an exact-term lookup in the full-text index, which is what keeps it fast; and the
accepted variants are known, so highlighting marks exactly them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from qa_app.analytics.query import MatchPlan, SearchQuery

MAX_VARIANTS = 12  # per word, the word itself included
MIN_PREFIX = 4  # shorter words are not widened by prefix ("ya" would match everything)


def max_distance(word: str) -> int:
    """Edits tolerated: none for short words (too many neighbours), one, then two."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 6 else 2


def variants(word: str, vocabulary: Sequence[str]) -> tuple[str, ...]:
    """``word`` first, then the vocabulary's nearest spellings, then words it begins."""
    found: dict[str, tuple[int, int]] = {}
    distance = max_distance(word)
    if distance:
        for term, edits, _ in process.extract(word, vocabulary, scorer=Levenshtein.distance,
                                              score_cutoff=distance, limit=MAX_VARIANTS * 4):
            found[term] = (int(edits), abs(len(term) - len(word)))
    if len(word) >= MIN_PREFIX:
        for term in vocabulary:
            if term.startswith(word) and term not in found:
                found[term] = (distance + 1, len(term) - len(word))
    found.pop(word, None)
    ranked = sorted(found, key=lambda term: (*found[term], term))
    return (word, *ranked[:MAX_VARIANTS - 1])


def expand(query: SearchQuery, vocabulary: Sequence[str]) -> MatchPlan:
    """The plan of a fuzzy search: every word of every phrase widened."""
    cache: dict[str, tuple[str, ...]] = {}
    phrases = []
    for phrase in query.phrases:
        positions = []
        for word in phrase:
            if word not in cache:
                cache[word] = variants(word, vocabulary)
            positions.append(cache[word])
        phrases.append(tuple(positions))
    return MatchPlan(tuple(phrases))
