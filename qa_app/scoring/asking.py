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
                   then: tuple[str, ...] = (), then_endings: tuple[str, ...] = ("",)
                   ) -> re.Pattern[str]:
    """Any of ``terms`` as whole words, written or by sound, with one of ``endings`` and, when
    ``then`` is given, followed by one of those words (with one of ``then_endings``). A form
    repeats the same few lists on every clause of every call: each is compiled once."""
    def alternatives(words: tuple[str, ...]) -> str:
        forms = {form for word in words
                 for form in (normalized_term(word), spoken_term(word)) if form}
        return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))

    def any_of(suffixes: tuple[str, ...]) -> str:
        return "|".join(re.escape(e) for e in suffixes)
    following = rf" (?:{alternatives(then)})(?:{any_of(then_endings)})" if then else ""
    return re.compile(
        rf"(?<!\S)(?:{alternatives(terms)})(?:{any_of(endings)}){following}(?!\S)")


#: Where a clause of a turn ends: punctuation, or a conjunction that turns the sentence.
_CLAUSE_END = re.compile(r"[.?!;]+|\b(?:tetapi|tapi|namun|sedangkan|sekarang)\b", re.IGNORECASE)
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
            request.what, _BEFORE_QUESTION, request.asks_after).search(text)) or (
            request.asks_before and _words_pattern(
                request.asks_before, ("",), request.what, _BEFORE_QUESTION).search(text)):
        return ClauseAct.ASKS
    return ClauseAct.NAMES


def asks_back(clause: str, request: Request) -> bool:
    """Whether ``clause`` only asks, naming nothing: an asking word with nothing beside it but
    ``request.asks_back_with`` ("Silakan disebutkan, Pak.", "Berapa?"). Right after a clause
    naming the thing, it asks for that; "Boleh disebutkan nomor SBG-nya?" asks for something
    else, and a warning ("jangan disebutkan") asks for nothing."""
    if not request.asks_back_with:
        return False
    written = normalize(clause)
    asking = _words_pattern(request.asks)
    beside = _words_pattern(request.asks_back_with, _SUFFIXES)
    for text in (written, sound_key(written)[0]):
        if request.warnings and _words_pattern(request.warnings).search(text):
            return False
        if asking.search(text) and not beside.sub(" ", asking.sub(" ", text)).strip():
            return True
    return False


def clauses(text: str) -> list[tuple[int, str]]:
    """(start character, clause) of each clause of ``text``."""
    found, start = [], 0
    for end in _CLAUSE_END.finditer(text):
        found.append((start, text[start:end.start()]))
        start = end.end()
    found.append((start, text[start:]))
    return [(at, clause) for at, clause in found if clause.strip()]


def clause_acts(text: str, request: Request) -> list[tuple[int, str, ClauseAct]]:
    """(start character, words, act) of each clause of a turn's ``text`` that does something
    with ``request.what``. A clause that only asks (:func:`asks_back`) right after one naming
    the thing asks for it: the two are one request, from the first clause's start."""
    acts: list[tuple[int, str, ClauseAct]] = []
    before: ClauseAct | None = None
    for start, clause in clauses(text):
        act = clause_act(clause, request)
        if act is None and before is ClauseAct.NAMES and asks_back(clause, request):
            named_at = acts.pop()[0]
            start, clause, act = named_at, text[named_at:start + len(clause)], ClauseAct.ASKS
        before = act
        if act is not None:
            acts.append((start, clause, act))
    return acts
