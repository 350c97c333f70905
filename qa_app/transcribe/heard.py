"""Number words as the speech model mis-hears them, put right so the masking rules see them.

On 8 kHz telephone audio "nol" comes out as "noloh", "empat" as "dempat", "delapan" as
"belapan", "tujuh" as "tuju", "agustus" as "agus tus" or "agus -tus", "oktober" as "tober",
"dua puluh" as "dua -puluh", "satu satu" as "satusatu", "belas agustus" as "belasagustus".
:func:`heard` gives the masking rules a canonical copy of a text, in which such forms read as
the digit word, number word or month they stand for, and maps each span found in the copy
back onto the original text.

A word is read as a mis-heard number word only next to another number-like word (a digit,
an exact number word or another such guess): "di tempat saya" keeps its "tempat", while
"tiga tempat lima" reads "tiga empat lima". The likeness is RapidFuzz's ``fuzz.ratio``
against the word list, as the pre-scorer matches phrases; 80 accepts one letter changed,
dropped or added in a word of four letters or more ("tuju", "belapan", "peril") and rejects
"lama" for "lima" (75) and "dia" for "dua" (67).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

DIGIT_WORDS = {"nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4",
               "lima": "5", "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9"}
NUMBER_WORDS = ("sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu")
MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
          "september", "oktober", "november", "desember")
_TARGETS = (*DIGIT_WORDS, *NUMBER_WORDS, *MONTHS)
_EXACT = frozenset(_TARGETS) | {"pebruari", "nopember"}
#: fuzz.ratio a word needs to be read as a number word or month (see the module docstring).
LIKENESS = 80
#: Two words joined ("agus" + "tus") must be this alike to one target.
JOINED_LIKENESS = 88
#: Letters the model adds before or after a digit word: "noloh" (nol), "dempat" (empat).
_AFFIX_LETTERS = 2
#: Words too common to be guessed as number words even next to a number ("ibu" ~ "ribu").
_NEVER = frozenset("ibu bu no nomor nama saya dia ada apa lama lagi".split())
_GLUABLE = sorted(_TARGETS, key=len, reverse=True)
_GLUED = re.compile(rf"(?:{'|'.join(_GLUABLE)})")
_TOKEN = re.compile(r"[^\W_]+")
_BRIDGE = re.compile(r"\s*-?\s*")  # what may stand between two halves of one word


@lru_cache(maxsize=8192)
def guess(word: str) -> str | None:
    """The number word or month ``word`` may stand for (canonical, lower case), or None.

    A word glued from several ("satusatu") gives them separated by spaces.
    """
    lower = word.lower()
    if lower in _EXACT or lower.isdigit():
        return lower
    if len(lower) < 3 or lower in _NEVER or not lower.isalpha():
        return None
    best = process.extractOne(lower, _TARGETS, scorer=fuzz.ratio, score_cutoff=LIKENESS)
    if best is not None:
        return str(best[0])
    for digit in DIGIT_WORDS:
        extra = len(lower) - len(digit)
        if len(digit) >= 3 and 0 < extra <= _AFFIX_LETTERS and digit in (
                lower[:len(digit)], lower[extra:]):
            return digit
    parts = _GLUED.findall(lower)
    if len(parts) >= 2 and "".join(parts) == lower:
        return " ".join(parts)
    return None


@lru_cache(maxsize=8192)
def _joined(first: str, second: str) -> str | None:
    """The one target that two words heard apart stand for ("agus tus" → "agustus")."""
    if first.lower() in _EXACT or second.lower() in _EXACT:
        return None
    best = process.extractOne((first + second).lower(), _TARGETS, scorer=fuzz.ratio,
                              score_cutoff=JOINED_LIKENESS)
    return None if best is None or len(best[0]) < 5 else str(best[0])


@dataclass(frozen=True)
class Heard:
    """A canonical copy of a text and the way back: ``pieces`` are (copy start, copy end,
    original start, original end, same) in order; a piece that is not ``same`` was replaced."""

    original: str
    text: str
    pieces: tuple[tuple[int, int, int, int, bool], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind ``text[start:end]``, widened to whole words."""
        starts = [piece[0] for piece in self.pieces]
        first = self.pieces[max(bisect.bisect_right(starts, start) - 1, 0)]
        last = self.pieces[max(bisect.bisect_right(starts, max(end - 1, start)) - 1, 0)]
        begin = first[2] + (start - first[0]) if first[4] else first[2]
        finish = last[2] + (end - last[0]) if last[4] else last[3]
        return begin, max(finish, begin)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    reading: str | None  # what the word stands for when it is a number word or month
    exact: bool


def _words(text: str) -> list[_Word]:
    """The words of ``text`` and what each stands for; two words heard apart are joined
    ("agus tus") only next to a number-like word, as a guess is accepted."""
    tokens = list(_TOKEN.finditer(text))
    readings = [guess(token.group()) for token in tokens]
    words: list[_Word] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index + 1 < len(tokens) and (
                (index > 0 and readings[index - 1] is not None)
                or (index + 2 < len(tokens) and readings[index + 2] is not None)):
            following = tokens[index + 1]
            between = text[token.end():following.start()]
            joined = _BRIDGE.fullmatch(between) and _joined(token.group(), following.group())
            if joined:
                words.append(_Word(token.start(), following.end(), joined, False))
                index += 2
                continue
        reading = readings[index]
        words.append(_Word(token.start(), token.end(), reading,
                           reading is not None and reading == token.group().lower()))
        index += 1
    return words


def _accepted(words: list[_Word]) -> list[bool]:
    """A guess counts only next to another number-like word."""
    return [word.reading is not None and (
        word.exact
        or (index > 0 and words[index - 1].reading is not None)
        or (index + 1 < len(words) and words[index + 1].reading is not None))
        for index, word in enumerate(words)]


def heard(text: str) -> Heard:
    """``text`` with mis-heard number words and months put right (see the module docstring).

    Between two number words read this way a stray hyphen becomes a space ("delapan -puluh"
    reads "delapan puluh"); between written digits it stays ("7 -8" is a digit run already).
    """
    words = _words(text)
    if all(word.exact or word.reading is None for word in words) and not any(
            first.reading and second.reading and "-" in text[first.end:second.start]
            for first, second in zip(words, words[1:], strict=False)):
        return Heard(text, text, ((0, len(text), 0, len(text), True),))  # nothing to put right
    accepted = _accepted(words)
    out: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    position = 0  # in the original
    length = 0  # of the copy

    def emit(piece: str, start: int, end: int, same: bool) -> None:
        nonlocal length
        if start == end and not piece:
            return
        out.append(piece)
        pieces.append((length, length + len(piece), start, end, same))
        length += len(piece)

    previous_number = False
    for word, number in zip(words, accepted, strict=True):
        between = text[position:word.start]
        spoken = number and not (word.reading or "").isdigit()
        if previous_number and spoken and between.strip(" -") == "" and "-" in between:
            emit(" ", position, word.start, False)
        else:
            emit(between, position, word.start, True)
        original = text[word.start:word.end]
        if number and word.reading != original.lower():
            emit(str(word.reading), word.start, word.end, False)
        else:
            emit(original, word.start, word.end, True)
        previous_number = spoken
        position = word.end
    emit(text[position:], position, len(text), True)
    if not pieces:
        pieces.append((0, 0, 0, 0, True))
    return Heard(text, "".join(out), tuple(pieces))


def digits_in(text: str) -> str:
    """The digits a text says, written or spoken (mis-heard forms included), in order."""
    found: list[str] = []
    for word in heard(text).text.split():
        for part in re.findall(r"\d+|[^\W\d_]+", word):
            found.append(part if part.isdigit() else DIGIT_WORDS.get(part.lower(), ""))
    return "".join(found)
