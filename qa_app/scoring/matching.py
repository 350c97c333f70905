"""Fuzzy phrase matching on transcript turns, tolerant of speech-recognition errors.

Text is only lower-cased and stripped of punctuation: no stemming and no stop-word removal,
because the small words carry the meaning ("terima kasih telah menunggu").

A phrase is located in a turn with rapidfuzz's ``partial_ratio_alignment`` (best window of
the phrase's length), the window is widened to whole words, and the phrase is scored against
those words with ``fuzz.ratio``. Snapping to whole words is what keeps a short phrase from
matching inside a longer word ("pin" in "pinjaman" scores 55, not 100).

The default threshold, 82 (``Form.match_threshold``; a condition may set its own), was chosen
from data with ``python -m qa_app.scoring.calibration``: every phrase list of the voice forms
against every agent turn of the 12 demo scripts. Phrases present in a turn, with one error of
the kinds speech recognition makes on telephone audio put into the phrase's words ("sudah" /
"telah", "ditunggu" / "di tunggu", a letter dropped, doubled or changed, words run together):
1,566 samples, 0.38% below their threshold. Phrases absent from a turn: 13,651 pairs, 0.10%
at or above it. Lowering every threshold by 6 misses none but matches 0.80% of absent
phrases; raising by 6 misses 4.98%. The pairs that decided it: "pengaduan" scores 78 against
"pegadaian", and "terima kasih telah menunggu" 88 against "terima kasih telah menghubungi";
so those long look-alike phrases use 92 (synonyms such as "sudah"/"telah" are listed as their
own phrases instead of being left to the tolerance), and look-alike words are kept out of
phrase lists (a comment in the form says why).

How the model mishears Indonesian goes beyond one letter in a long phrase: voiced and voiceless
stops swap ("bapak" heard as "papak", "kandung" as "kantung"), letters are doubled or dropped
("bapakk"), and words run together or split ("ibu kandung" / "ibukandung", "ru di"). A second
score compares *sound keys* (``sound_key``: b/p, d/t, f/v, j/z written alike, doubled letters
once) with the spaces taken out, and the better of the two scores counts. It only changes
what a short phrase tolerates (one stop swapped in "bapak" scores 80 plainly, 100 by sound);
whole-word snapping still keeps "pin" out of "pinjaman". On the calibration (now with voicing
swaps among its errors, and the v3 forms' phrases): 1,566 present, 0.38% missed by letters
alone, 0.19% with both scores; 15,436 absent pairs, 0.16% matched either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import ScoreAlignment

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
#: Below this written score the sound score is not computed: sounding alike lifts a score by
#: at most a few letters' worth (a three-letter word's stop swapped: 67 to 100; on the
#: calibration no pair below 60 reached 82 by sound), and skipping the rest saves a third of
#: the pre-scoring time.
SPOKEN_FLOOR = 60.0


def normalize(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


#: Letters the model confuses on telephone audio, each written as its look-alike.
_SOUND_ALIKE = str.maketrans({"b": "p", "d": "t", "v": "p", "f": "p", "z": "j", "q": "k"})


def sound_key(normalized: str) -> tuple[str, tuple[int, ...]]:
    """``normalized`` with look-alike letters written alike and doubled letters once, and for
    each of its characters the index of the character of ``normalized`` it comes from."""
    folded = normalized.translate(_SOUND_ALIKE)
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(folded):
        if chars and char == chars[-1] and char != " ":
            continue
        chars.append(char)
        origin.append(index)
    return "".join(chars), tuple(origin)


@lru_cache(maxsize=4096)
def _normalized_phrase(phrase: str) -> str:
    """Forms repeat the same few hundred phrases on every transcript: normalize each once."""
    return normalize(phrase)


def normalized_term(term: str) -> str:
    """A form's word or phrase, normalized once (forms repeat the same few hundred)."""
    return _normalized_phrase(term)


@lru_cache(maxsize=4096)
def _phrase_key(normalized: str) -> str:
    return sound_key(normalized)[0]


def spoken_term(term: str) -> str:
    """A form's word or phrase as its sound key (cached like :func:`normalized_term`)."""
    return _phrase_key(_normalized_phrase(term))


@dataclass(frozen=True)
class PhraseMatch:
    score: float  # 0–100
    start_char: int  # within the normalized text
    text: str  # the words that matched, as normalized


def match_phrase(phrase: str, text: str,
                 text_key: tuple[str, tuple[int, ...]] | None = None) -> PhraseMatch:
    """The best whole-word match of a normalized phrase in a normalized text (any score): as
    written, or by sound (``text_key``: ``sound_key(text)``, when already computed)."""
    if not phrase or not text:
        return PhraseMatch(0.0, 0, "")
    written = _written_match(phrase, text)
    if written.score == 100 or written.score < SPOKEN_FLOOR:
        return written
    spoken = _spoken_match(phrase, text, text_key or sound_key(text))
    return spoken if spoken.score > written.score else written


def _written_match(phrase: str, text: str) -> PhraseMatch:
    """Scores under ``SPOKEN_FLOOR`` come back as 0: below it every score means the same
    (unrelated words; see ``conditions._miss_confidence``), and not computing them is faster."""
    if len(phrase) >= len(text):
        return PhraseMatch(fuzz.ratio(phrase, text), 0, text)
    alignment: ScoreAlignment | None = fuzz.partial_ratio_alignment(
        phrase, text, score_cutoff=SPOKEN_FLOOR)
    if alignment is None:
        return PhraseMatch(0.0, 0, "")
    start, end = _snap(text, alignment.dest_start, alignment.dest_end)
    window = text[start:end]
    return PhraseMatch(fuzz.ratio(phrase, window), start, window)


def _spoken_match(phrase: str, text: str, text_key: tuple[str, tuple[int, ...]]) -> PhraseMatch:
    """The match of the sound keys, spaces left out, placed back on the written words."""
    key, origin = text_key
    phrase_key = _phrase_key(phrase)
    if len(phrase_key) >= len(key):
        start, end = 0, len(text)
    else:
        alignment: ScoreAlignment | None = fuzz.partial_ratio_alignment(phrase_key, key)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return PhraseMatch(0.0, 0, "")
        start, end = _snap(text, origin[alignment.dest_start],
                           origin[alignment.dest_end - 1] + 1)
    window = text[start:end]
    score = fuzz.ratio(phrase_key.replace(" ", ""), _phrase_key(window).replace(" ", ""))
    return PhraseMatch(score, start, window)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, dropping a leading/trailing space."""
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    start = text.rfind(" ", 0, start) + 1
    next_space = text.find(" ", end)
    return start, len(text) if next_space < 0 else next_space


class TurnMatcher:
    """Matches phrases against the turns of one transcript, remembering each result."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = [normalize(text) for text in texts]
        self.keys = [sound_key(text) for text in self.texts]
        self._cache: dict[tuple[str, int], PhraseMatch] = {}

    def match(self, phrase: str, turn_index: int) -> PhraseMatch:
        key = (phrase, turn_index)
        found = self._cache.get(key)
        if found is None:
            found = match_phrase(_normalized_phrase(phrase), self.texts[turn_index],
                                 self.keys[turn_index])
            self._cache[key] = found
        return found

    def best(self, phrase: str, turn_indices: list[int]) -> tuple[PhraseMatch, int] | None:
        """The phrase's best match over ``turn_indices`` and its turn (the first of equals),
        or None without turns; a whole match ends the search. The cache is read here as in
        :meth:`match`, without a call per turn: this loop is the pre-scorer's busiest."""
        cache, normalized = self._cache, None
        best: tuple[PhraseMatch, int] | None = None
        for i in turn_indices:
            found = cache.get((phrase, i))
            if found is None:
                if normalized is None:
                    normalized = _normalized_phrase(phrase)
                found = cache[(phrase, i)] = match_phrase(normalized, self.texts[i],
                                                          self.keys[i])
            if best is None or found.score > best[0].score:
                best = (found, i)
                if found.score == 100:
                    break
        return best
