"""How well a stretch of transcript was heard, and so how far an *absence* there can be trusted.

A "no" that rests on a phrase not being found is only as good as the text it was looked for
in: "terima kasih telah menunggu" heard as "dari makasi pelab menundu" is absent from the text
but was said. The speech model gives every word a probability; the *clarity* of a region is
the mean probability of its words (None when the input carries none: chat, typed scripts).

The bounds come from data: the 12 demo calls rendered five ways (espeak-ng and MBROLA voices,
several rates), 620 scripted utterances aligned with the real model's words. Utterances whose
words average below 0.60 had a word error rate of 50% or more (80% below 0.45); from 0.75 up,
27% or less. So an absence is capped: at clarity ≤ ``CLARITY_UNTRUSTED`` its confidence is at
most ``UNTRUSTED_CAP`` (below the pre-scorer's threshold, so the item goes to a human); at
≥ ``CLARITY_TRUSTED`` the cap is ``TRUSTED_CAP`` (the matcher's own confidence decides);
linear in between, crossing the default threshold 0.65 near clarity 0.66 (about 45% WER).
A phrase that *is* found keeps its confidence: fuzzy matching already tolerates the errors,
and a garbled region rarely produces a wrong phrase by chance.

The region is what the condition searched (a window, or every agent turn), weighted by word:
one garbled sentence among many clear ones does not make a whole-call absence doubtful. That
is a choice — the least clear turn would send nearly every call's absences to a human.
"""

from __future__ import annotations

from collections.abc import Iterable

CLARITY_UNTRUSTED = 0.55
CLARITY_TRUSTED = 0.80
UNTRUSTED_CAP = 0.4
TRUSTED_CAP = 0.95


def clarity(probabilities: Iterable[float]) -> float | None:
    """Mean word probability, or None when there are no probabilities to go by."""
    values = list(probabilities)
    return sum(values) / len(values) if values else None


def absence_cap(region_clarity: float | None) -> float:
    """The highest confidence an absence may have in a region this clear."""
    if region_clarity is None or region_clarity >= CLARITY_TRUSTED:
        return TRUSTED_CAP
    if region_clarity <= CLARITY_UNTRUSTED:
        return UNTRUSTED_CAP
    share = (region_clarity - CLARITY_UNTRUSTED) / (CLARITY_TRUSTED - CLARITY_UNTRUSTED)
    return UNTRUSTED_CAP + share * (TRUSTED_CAP - UNTRUSTED_CAP)


def trusted_absence(confidence: float, region_clarity: float | None) -> float:
    """``confidence`` of "not found", lowered to what the region's clarity allows."""
    return min(confidence, absence_cap(region_clarity))
