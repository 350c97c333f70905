"""Masking that follows the dialogue: the answer to an agent's question is masked as a whole.

The span rules of :mod:`redact` find identifiers by their shape and by the words next to
them. They miss what the speech model mis-hears beyond recognition: "si tingaminah" for
"Siti Aminah", "12 juni sembilan pula dua marni" for a date of birth and a name. The agent's
question is usually heard well enough to be matched fuzzily ("namahibukan dong" for "nama
ibu kandung", scored like the pre-scorer scores phrases), and the customer's answer comes
right after it. So:

- After a question about a date of birth, a mother's maiden name or an e-mail address, every
  clause of the answer that begins within its first ``ANSWER_WORDS`` words is masked, unless
  it is only filler ("baik", "sebentar ya", "terima kasih"), up to the end of the sentence
  that holds as many masked clauses as things were asked. A clause with a number or a month
  in it is labelled ``[DOB]`` when a date of birth was asked, the rest ``[NAME]`` (or
  ``[EMAIL]``).
- After a question about a number (nomor, NIK/KTP, SBG, rekening, HP, kode OTP, or any
  "sebutkan"), the answer from its first to its last digit is masked when it says three
  digits or more, whatever mis-heard words stand between them.

The answer is the customer's turns up to the agent's next turn. Without speakers (a mono
recording) it is the next turn, and the rest of the asking turn after the clause of the
question. When in doubt this masks: a reviewer may lose a few words of an answer, a customer
never keeps a date of birth in a transcript.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from qa_app.transcribe.heard import digits_in, heard
from qa_app.transcribe.redact import (
    Redaction,
    apply_redactions,
    find_redactions,
    number_label,
)

#: Clauses of an answer that begin within this many words of its start are masked.
ANSWER_WORDS = 24
#: Of an answer to a number question, only this many words are searched for digits.
NUMBER_ANSWER_WORDS = 40
#: Digits an answer to a number question must say before it is masked.
MIN_ANSWER_DIGITS = 3
#: Only the end of an agent's turn is searched for the question (the part just answered).
QUESTION_TAIL = 120
#: An agent's turn this short ("Bapak?") keeps the question of the turn before open.
SHORT_TURN_WORDS = 3

#: (kind, phrase, least score): fuzzy for long phrases, whole words only for short ones.
QUESTION_PHRASES = (
    ("DOB", "tanggal lahir", 80), ("DOB", "tgl lahir", 80), ("DOB", "kelahiran", 85),
    ("NAME", "nama ibu kandung", 75), ("NAME", "ibu kandung", 80),
    ("NAME", "nama gadis ibu", 80),
    ("EMAIL", "alamat email", 80), ("EMAIL", "emailnya", 85), ("EMAIL", "alamat surel", 80),
    ("NUMBER", "nomor", 80), ("NUMBER", "nomer", 80), ("NUMBER", "sebutkan", 80),
    ("NUMBER", "kode otp", 75), ("NUMBER", "otp", 100), ("NUMBER", "kode", 100),
    ("NUMBER", "nik", 100), ("NUMBER", "ktp", 100), ("NUMBER", "sbg", 100),
    ("NUMBER", "npwp", 100), ("NUMBER", "rekening", 80), ("NUMBER", "kartu keluarga", 80),
    ("NUMBER", "telepon", 80), ("NUMBER", "whatsapp", 80), ("NUMBER", "hp", 100),
    ("NUMBER", "dihubungi", 85),
)
#: Words of an answer that say nothing personal; a clause of only these is kept.
FILLER = frozenset("""baik ya iya yah ok oke okay terima kasih terimakasih terimakasi kasi
    tidak nggak gak enggak ndak sudah belum saya bapak ibu pak bu mbak mas kak kakak sebentar
    dulu tunggu halo hallo lupa maaf boleh bisa betul benar siap sip hmm hm eh em ee oh ah
    apa gimana bagaimana ulang lagi yang mana itu ini dong nya udah dah min makasih thanks thx
    cukup mantap okey sama infonya gan kak ka aja saja juga deh kok jadi kalau kalo terus nah
    """.split())
_NOT_WORD = re.compile(r"[^\w]+")
_WORD = re.compile(r"[^\W_]+")
_CLAUSE = re.compile(r"[^,.;:!?]+")
_SENTENCE_END = re.compile(r"[.?!]")
_CLAUSE_END = re.compile(r"[,.;:!?]")
_JOINABLE = re.compile(r"[\s,.;:\-]*")


@dataclass(frozen=True)
class Question:
    """What an agent's turn asks for, the text that names it (for a number's label), and
    where in that turn the question's words end."""

    kinds: frozenset[str]
    wording: str
    end: int


def _normalized(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _phrase_end(phrase: str, text: str, least: float) -> int | None:
    """Where the best whole-word match of ``phrase`` in normalized ``text`` ends, if it
    scores ``least`` or more (``fuzz.ratio`` of the phrase and the words it lines up with)."""
    if not text:
        return None
    if len(phrase) >= len(text):
        return len(text) if fuzz.ratio(phrase, text) >= least else None
    alignment = fuzz.partial_ratio_alignment(phrase, text)
    if alignment is None:  # only with a score cutoff, which is not given
        return None
    start = text.rfind(" ", 0, alignment.dest_start + 1) + 1
    while start < len(text) and text[start] == " ":
        start += 1
    end = text.find(" ", max(alignment.dest_end - 1, start))
    end = len(text) if end < 0 else end
    return end if fuzz.ratio(phrase, text[start:end]) >= least else None


def question_in(text: str, tail_only: bool = True) -> Question | None:
    """The question about personal data at the end of a turn (anywhere in it when not
    ``tail_only``), if any."""
    offset = max(len(text) - QUESTION_TAIL, 0) if tail_only else 0
    tail = text[offset:]
    normalized = _normalized(tail)
    kinds: set[str] = set()
    last = 0
    for kind, phrase, least in QUESTION_PHRASES:
        end = _phrase_end(phrase, normalized, least)
        if end is not None:
            kinds.add(kind)
            last = max(last, _original_position(tail, end))
    if not kinds:
        return None
    return Question(frozenset(kinds), tail, offset + last)


def _original_position(text: str, normalized_end: int) -> int:
    """The position in ``text`` after the word that ends at ``normalized_end`` of its
    normalized form (both have the same words in the same order)."""
    words = len(_normalized(text)[:normalized_end].split())
    matches = list(re.finditer(r"\w+", text))
    return matches[words - 1].end() if 0 < words <= len(matches) else 0


def _is_filler(clause: str) -> bool:
    return all(word.lower() in FILLER for word in _WORD.findall(clause))


def _says_a_number(clause: str) -> bool:
    return bool(digits_in(clause)) or any(
        word in heard(clause).text.lower() for word in ("belas", "puluh"))


def answer_redactions(text: str, question: Question, words_before: int = 0,
                      offset: int = 0) -> tuple[list[Redaction], int]:
    """Spans of ``text`` (an answer, or its part from ``offset``) to mask, and the words of
    the answer so far: ``words_before`` were said in its earlier turns."""
    part = text[offset:]
    asked = question.kinds - {"NUMBER"}
    if asked:
        return _clauses(part, question, words_before, offset)
    return _number_span(part, question, words_before, offset)


def _clauses(part: str, question: Question, words_before: int,
             offset: int) -> tuple[list[Redaction], int]:
    """Every clause that is not filler, up to the sentence that completes the answer (as
    many masked clauses as things were asked: "…puluh lima, Siti Aminah." ends it)."""
    found: list[Redaction] = []
    said = words_before
    wanted = len(question.kinds - {"NUMBER"})
    for match in _CLAUSE.finditer(part):
        clause = match.group()
        words = _WORD.findall(clause)
        if not words:
            continue
        begins_at, said = said, said + len(words)
        if begins_at >= ANSWER_WORDS:
            break
        if not _is_filler(clause):
            start = match.start() + len(clause) - len(clause.lstrip())
            end = match.end() - (len(clause) - len(clause.rstrip()))
            found.append(Redaction(offset + start, offset + end,
                                   _clause_label(clause, question)))
        if len(found) >= wanted and _SENTENCE_END.match(part, match.end()):
            return found, ANSWER_WORDS  # answered: the rest of the answer is the customer's own
    return found, said


def _clause_label(clause: str, question: Question) -> str:
    if _says_a_number(clause):
        if "DOB" in question.kinds:
            return "DOB"
        digits = digits_in(clause)
        if "NUMBER" in question.kinds and len(digits) >= MIN_ANSWER_DIGITS:
            return number_label(digits, question.wording)
    if "NAME" in question.kinds:
        return "NAME"
    return "EMAIL" if "EMAIL" in question.kinds else "DOB"


def _number_span(part: str, question: Question, words_before: int,
                 offset: int) -> tuple[list[Redaction], int]:
    words = list(_WORD.finditer(part))
    room = max(NUMBER_ANSWER_WORDS - words_before, 0)
    numbered = [word for word in words[:room] if digits_in(word.group())]
    said = words_before + len(words)
    if not numbered:
        return [], said
    span = part[numbered[0].start():numbered[-1].end()]
    digits = digits_in(span)
    if len(digits) < MIN_ANSWER_DIGITS:
        return [], said
    return [Redaction(offset + numbered[0].start(), offset + numbered[-1].end(),
                      number_label(digits, question.wording))], said


def merge(redactions: Sequence[Redaction], text: str) -> list[Redaction]:
    """Overlapping spans as one (the longer one's label), and spans of the same label that
    only punctuation separates as one: "[DOB], [DOB], [NAME]" reads "[DOB], [NAME]"."""
    merged: list[Redaction] = []
    for redaction in sorted(redactions, key=lambda found: (found.start, -found.end)):
        if merged:
            last = merged[-1]
            overlaps = redaction.start < last.end
            joinable = (redaction.label == last.label
                        and _JOINABLE.fullmatch(text[last.end:redaction.start]) is not None)
            if overlaps or joinable:
                longer = max((last, redaction), key=lambda found: found.end - found.start)
                merged[-1] = Redaction(last.start, max(last.end, redaction.end), longer.label)
                continue
        merged.append(redaction)
    return merged


def _rest_of_asking_turn(text: str, question: Question) -> int | None:
    """Where the answer may begin inside the asking turn (no speakers known): after the
    sentence or clause that holds the question ("… ibu kandung Bapak. Tujuh belas …")."""
    boundary = _CLAUSE_END.search(text, question.end)
    if boundary is None:
        return None
    return boundary.end() if _WORD.search(text, boundary.end()) else None


def dialogue_redactions(turns: Sequence[tuple[str | None, str]]) -> list[list[Redaction]]:
    """For each (speaker, text) turn in order, the spans to mask.

    ``speaker`` is "agent", "customer" or None (unknown). Each turn gets the span rules of
    :func:`redact.find_redactions` with the turn before as context, and the answer rules of
    this module.
    """
    results: list[list[Redaction]] = []
    context = ""
    question: Question | None = None
    said = 0
    for speaker, text in turns:
        found = find_redactions(text, context)
        if question is not None and speaker != "agent":
            answer, said = answer_redactions(text, question, said)
            found += answer
        if speaker != "customer":
            asked = question_in(text, tail_only=speaker == "agent")
            if asked is None and speaker == "agent" and question is not None \
                    and len(_WORD.findall(text)) <= SHORT_TURN_WORDS:
                asked = question
            question, said = asked, 0
            if speaker is None and question is not None:
                start = _rest_of_asking_turn(text, question)
                if start is not None:
                    answer, said = answer_redactions(text, question, 0, start)
                    found += answer
        results.append(merge(found, text))
        context = text
    return results


def mask_dialogue(turns: Sequence[tuple[str | None, str]]) -> list[str]:
    """Each turn's text masked by :func:`dialogue_redactions`."""
    return [apply_redactions(text, redactions)
            for (_speaker, text), redactions in zip(turns, dialogue_redactions(turns),
                                                    strict=True)]
