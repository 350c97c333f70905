"""A search query: the words and quoted phrases typed, and the plan the index is asked.

``kode otp`` asks for turns holding both words (anywhere in the turn); ``"kode otp"`` asks
for the two words next to each other. A plan holds, per phrase and per word position, the
terms accepted there: the word itself when the search is exact, and its spelling variants
when it is fuzzy (qa_app.analytics.fuzzy). The plan is rendered for the database's
full-text index: an FTS5 MATCH expression on SQLite, a ``to_tsquery`` text on PostgreSQL.

Words are cut the way both indexes cut them (letters and digits; everything else, the
underscore too, separates), lower-cased, so a plan's terms are exactly the index's terms.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from qa_app.i18n.errors import MessageError

_TOKEN = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"')
MAX_WORDS = 12  # a longer query is refused: it is a paste, not a search
FTS5_ALTERNATIVES = 64  # FTS5 has no OR inside a phrase: a fuzzy phrase becomes ≤ 64 phrases


class QueryError(MessageError, ValueError):
    """The query cannot be searched (empty, or too long); the message says what to change."""


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the search index stores them."""
    return [token.lower() for token in _TOKEN.findall(text)]


@dataclass(frozen=True)
class SearchQuery:
    """Phrases that must all occur in one turn; a single word is a phrase of one word."""

    phrases: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for phrase in self.phrases for word in phrase)


def parse_query(text: str) -> SearchQuery:
    """Quoted parts are phrases, every other word is a word of its own."""
    phrases: list[tuple[str, ...]] = []
    for quoted in _QUOTED.findall(text):
        if words := tuple(tokens(quoted)):
            phrases.append(words)
    phrases.extend((word,) for word in tokens(_QUOTED.sub(" ", text).replace('"', " ")))
    unique = tuple(dict.fromkeys(phrases))
    count = sum(len(phrase) for phrase in unique)
    if count == 0:
        raise QueryError("search.error.no_words")
    if count > MAX_WORDS:
        raise QueryError("search.error.too_many_words", count=count, most=MAX_WORDS)
    return SearchQuery(unique)


@dataclass(frozen=True)
class MatchPlan:
    """Per phrase, per word position, the accepted terms (the typed word first)."""

    phrases: tuple[tuple[tuple[str, ...], ...], ...]

    @classmethod
    def exact(cls, query: SearchQuery) -> MatchPlan:
        return cls(tuple(tuple((word,) for word in phrase) for phrase in query.phrases))

    @property
    def terms(self) -> frozenset[str]:
        """Every accepted term: what highlighting marks."""
        return frozenset(term for phrase in self.phrases for position in phrase
                         for term in position)


def _fts5_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'


def _trimmed(positions: tuple[tuple[str, ...], ...], limit: int) -> list[tuple[str, ...]]:
    """Drop the last variants of the widest position until the combinations fit ``limit``."""
    kept = [list(position) for position in positions]
    while len(kept) > 0 and _product(kept) > limit:
        widest = max(kept, key=len)
        widest.pop()
    return [tuple(position) for position in kept]


def _product(positions: list[list[str]]) -> int:
    total = 1
    for position in positions:
        total *= len(position)
    return total


def fts5_match(plan: MatchPlan) -> str:
    """The FTS5 MATCH expression: phrases joined by AND, each phrase's variants by OR."""
    parts = []
    for phrase in plan.phrases:
        combos = itertools.product(*_trimmed(phrase, FTS5_ALTERNATIVES))
        alternatives = [_fts5_phrase(words) for words in combos]
        parts.append(alternatives[0] if len(alternatives) == 1
                     else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def pg_tsquery(plan: MatchPlan) -> str:
    """The ``to_tsquery('simple', …)`` text: ``&`` between phrases, ``<->`` inside one,
    ``|`` between a position's variants (PostgreSQL allows OR inside a phrase)."""

    def position(terms: tuple[str, ...]) -> str:
        quoted = [f"'{term}'" for term in terms]
        return quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"

    return " & ".join("(" + " <-> ".join(position(p) for p in phrase) + ")"
                      for phrase in plan.phrases)
