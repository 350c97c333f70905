"""Masking of personal identifiers in Indonesian text (transcripts, chat threads, exports).

Masked: e-mail addresses; the mother's maiden name (the words after "ibu kandung", or the
last clause of the answer to a question about it); dates of birth (a date near the word
"lahir", in this text or in its ``context``, e.g. the agent's question in the turn before);
and every number of six or more digits — written ("0812-3456-7890"), spoken digit by digit
("nol delapan satu dua …", "kosong" = 0) or mixed. A number is labelled by the word before it
(NIK, KK, NPWP, rekening, SBG, kartu) or by its shape (+62/08 → phone, Luhn-valid 13–19
digits → card, 16 → NIK, 15 → NPWP), else ``[NUMBER]``.

Kept: money amounts ("Rp 1.500.000", "500000 rupiah", thousand-grouped figures), clock times,
dates not near "lahir" (the call's own date, a due date), numbers under six digits, and ticket
numbers ("ARIANA-851241", "nomor tiket …"), which a reviewer must be able to read.

The rules run on the text as :mod:`heard` puts it right, so mis-heard number words count
("satu satu noloh dua, tiga dempat lima enam, 7 -8" is one ten-digit run) and mis-heard
months make dates ("tujuh belas agus tus, belapan puluh lima"). Rules that need the dialogue
(the answer to an agent's question) are in :mod:`dialogue`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from qa_app.transcribe.heard import DIGIT_WORDS, NUMBER_WORDS, heard

MIN_DIGITS = 6
_NUMBER_WORDS = "|".join([*DIGIT_WORDS, *NUMBER_WORDS])
_MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
           "november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|agt|agst|sep|okt|nov|des")
_SPOKEN_NUMBER = rf"(?:(?:{_NUMBER_WORDS})\s+)*(?:{_NUMBER_WORDS})"
_DATE = re.compile(rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})"
                   rf"|(?:\d{{1,2}}|{_SPOKEN_NUMBER})\s+(?:{_MONTHS})\.?"
                   rf"(?:,?\s+(?:\d{{2,4}}|{_SPOKEN_NUMBER}))?)\b", re.IGNORECASE)
_BIRTH = re.compile(r"lahir", re.IGNORECASE)
_MAIDEN_NAME_ASKED = re.compile(r"ibu\s+kandung", re.IGNORECASE)
_MAIDEN_NAME_SAID = re.compile(r"ibu\s+kandung(?:nya)?\s+(?:(?:saya|adalah|ya|yaitu)\s+)*"
                               r"(?!(?:bapak|ibu|pak|bu|anda|mbak|mas|kakak)\b)"
                               r"(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})", re.IGNORECASE)
#: Words of a reply that show its last clause is not a name.
_NOT_NAMES = frozenset("""baik terima kasih ya iya tidak sudah belum saya bapak ibu pak bu mbak
    mas sebentar dulu oke halo lupa maaf boleh bisa""".split())
#: The answer's last clause, when it is one to three words: "…, Siti Aminah."
_LAST_CLAUSE = re.compile(r"(?:^|[,.;:]\s*)(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})[.!?]?\s*$")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_MONEY = re.compile(r"\brp\.?\s*\d[\d.,]*"
                    r"|(?<![\d.\-/])\b[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?\b(?![.\-/]\d)"
                    r"|\b\d[\d.,]*\s*(?:rupiah|juta|ribu|miliar|gram|persen|%)", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
_DIGIT_TOKEN = rf"(?:\+?\d+|\b(?:{'|'.join(DIGIT_WORDS)})\b)"
_NUMBER_RUN = re.compile(rf"{_DIGIT_TOKEN}(?:[\s,.\-/]+{_DIGIT_TOKEN})*", re.IGNORECASE)
_TICKET_BEFORE = re.compile(r"(?:tiket|laporan|ariana|referensi)\w*[\s:#\-]*(?:nomor\s+)?$",
                            re.IGNORECASE)
#: The word before a number that names what it is; the first found (in this order) wins.
_KEYWORD_LABELS = (("npwp", "NPWP"), ("kartu keluarga", "KK"), ("kk", "KK"), ("nik", "NIK"),
                   ("ktp", "NIK"), ("rekening", "ACCOUNT"), ("rek", "ACCOUNT"),
                   ("tabungan emas", "ACCOUNT"), ("sbg", "SBG"), ("gadai", "SBG"),
                   ("kontrak", "SBG"), ("kartu", "CARD"), ("telepon", "PHONE"), ("hp", "PHONE"),
                   ("whatsapp", "PHONE"), ("wa", "PHONE"))
_KEYWORD_WINDOW = 40


@dataclass(frozen=True)
class Redaction:
    start: int
    end: int
    label: str


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _digits_of(run: str) -> str:
    """The digits a run spells; a "+" (of "+62") may stand before any token of the run."""
    return "".join(DIGIT_WORDS.get(token.lower(), token.lstrip("+"))
                   for token in re.findall(_DIGIT_TOKEN, run, re.IGNORECASE))


def number_label(digits: str, before: str) -> str:
    """The label of a number: by the word before it, else by its shape."""
    near = before[-_KEYWORD_WINDOW:].lower()
    for keyword, label in _KEYWORD_LABELS:
        if re.search(rf"\b{keyword}\b", near):
            return label
    if digits.startswith(("62", "08")) and 9 <= len(digits) <= 14:
        return "PHONE"
    if 13 <= len(digits) <= 19 and luhn_valid(digits):
        return "CARD"
    return {16: "NIK", 15: "NPWP"}.get(len(digits), "NUMBER")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "#" * (end - start) + text[end:]


def _maiden_names(text: str, context: str) -> list[Redaction]:
    said = [Redaction(m.start("name"), m.end("name"), "NAME")
            for m in _MAIDEN_NAME_SAID.finditer(text)]
    asked = _MAIDEN_NAME_ASKED.search(context[-120:]) and not _MAIDEN_NAME_SAID.search(context)
    if said or not asked:
        return said
    answer = _LAST_CLAUSE.search(text)
    if answer is None or set(answer["name"].lower().split()) & _NOT_NAMES:
        return []
    return [Redaction(answer.start("name"), answer.end("name"), "NAME")]


def find_redactions(text: str, context: str = "") -> list[Redaction]:
    """Spans of ``text`` to mask; ``context`` (e.g. the turn before) only helps to label."""
    copy = heard(text)
    return [Redaction(*copy.original_span(found.start, found.end), found.label)
            for found in _find_in(copy.text, heard(context).text)]


def _find_in(text: str, context: str) -> list[Redaction]:
    found: list[Redaction] = []
    scan = text  # kept spans are blanked in this copy, so number runs cannot reach into them
    for match in _EMAIL.finditer(text):
        found.append(Redaction(match.start(), match.end(), "EMAIL"))
        scan = _blank(scan, match.start(), match.end())
    found += _maiden_names(text, context)
    for match in _DATE.finditer(text):
        nearby = text[max(0, match.start() - 60):match.end() + 20]
        if _BIRTH.search(context[-120:] + " " + nearby):
            found.append(Redaction(match.start(), match.end(), "DOB"))
        scan = _blank(scan, match.start(), match.end())
    for pattern in (_MONEY, _TIME):
        for match in pattern.finditer(scan):
            scan = _blank(scan, match.start(), match.end())
    for match in _NUMBER_RUN.finditer(scan):
        digits = _digits_of(match.group())
        before = context[-_KEYWORD_WINDOW:] + " " + text[:match.start()]
        if len(digits) < MIN_DIGITS or _TICKET_BEFORE.search(text[:match.start()]):
            continue
        found.append(Redaction(match.start(), match.end(), number_label(digits, before)))
    return sorted(found, key=lambda redaction: redaction.start)


def apply_redactions(text: str, redactions: Iterable[Redaction]) -> str:
    """``text`` with each span (not overlapping) replaced by its label in brackets."""
    for redaction in sorted(redactions, key=lambda found: found.start, reverse=True):
        text = f"{text[:redaction.start]}[{redaction.label}]{text[redaction.end:]}"
    return text


def mask_text(text: str, context: str = "") -> str:
    """``text`` with each identifier replaced by its label in brackets, e.g. ``[PHONE]``."""
    return apply_redactions(text, find_redactions(text, context))
