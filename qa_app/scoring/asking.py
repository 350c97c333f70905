"""What one clause of an agent's turn does with a thing (a credential, for V2): asks for it,
warns about it, or only names it.

Words are compared whole, as written and by *sound key* (:func:`matching.sound_key`: b/p, d/t,
f/v, j/z alike, doubled letters once), so "seputkan" for "sebutkan" or "kote otp" for "kode otp"
still count, while "pin" stays out of "pinjaman". A thing may carry the possessive ("PIN-nya",
"sandinya"). Phrases in ``not_what`` are taken out of the clause before the thing is looked
for: "kode" names a credential, "kode pos" does not.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from qa_app.scoring.matching import normalize, normalized_term, sound_key, spoken_term
from qa_app.scoring.schema import Request


class ClauseAct(Enum):
    ASKS = "asks"
    WARNS = "warns"
    NAMES = "names"  # the thing named, neither asked for nor warned about


@lru_cache(maxsize=512)
def _words_pattern(terms: tuple[str, ...], endings: tuple[str, ...] = ("",),
                   then: tuple[str, ...] = ()) -> re.Pattern[str]:
    """Any of ``terms`` as whole words, written or by sound, with one of ``endings`` and, when
    ``then`` is given, followed by one of those words. A form repeats the same few lists on
    every clause of every call: each is compiled once."""
    def alternatives(words: tuple[str, ...]) -> str:
        forms = {form for word in words
                 for form in (normalized_term(word), spoken_term(word)) if form}
        return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    ending = "|".join(re.escape(e) for e in endings)
    following = rf" (?:{alternatives(then)})" if then else ""
    return re.compile(rf"(?<!\S)(?:{alternatives(terms)})(?:{ending}){following}(?!\S)")


_SUFFIXES = ("", "nya")
_BEFORE_QUESTION = ("", "nya", " nya")


def may_name(normalized: str, spoken: str, request: Request) -> bool:
    """Whether a turn (its normalized text and sound key) names ``request.what`` anywhere: most
    turns do not, and their clauses need no closer look."""
    pattern = _words_pattern(request.what, _SUFFIXES)
    return bool(pattern.search(normalized) or pattern.search(spoken))


def clause_act(clause: str, request: Request) -> ClauseAct | None:
    """What ``clause`` does with ``request.what``; None when it does not name it. A warning
    word makes any clause a warning ("jangan berikan PIN kepada siapa pun"); an asking word,
    or the thing followed by a question word ("sandinya apa?", "PIN-nya berapa?"), a request.
    The clause is searched as written and as its sound key, both at once."""
    written = normalize(clause)
    text = f"{written}  {sound_key(written)[0]}"
    if request.not_what:
        text = _words_pattern(request.not_what, _SUFFIXES).sub(" ", text)
    if not _words_pattern(request.what, _SUFFIXES).search(text):
        return None
    if request.warnings and _words_pattern(request.warnings).search(text):
        return ClauseAct.WARNS
    if _words_pattern(request.asks).search(text) or (request.asks_after and _words_pattern(
            request.what, _BEFORE_QUESTION, request.asks_after).search(text)):
        return ClauseAct.ASKS
    return ClauseAct.NAMES
